// resume; catalog 7.7.

import { CHECKING_STATE, doneLines, recognizer } from '../recognizer.js';

export const resume = recognizer({
  type: 'resume',
  api: [{ method: 'POST', path: 'action', actions: ['resume'] }],
  computeMarkers: [/^Resuming$/],
  beginEvent: 'resuming',
  completion: { done: [doneLines('libvirt', /^Instance running successfully/), CHECKING_STATE] },
  placement: 'host',
});
