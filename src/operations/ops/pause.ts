// pause; catalog 7.6.

import { CHECKING_STATE, recognizer } from '../recognizer.js';

export const pause = recognizer({
  type: 'pause',
  api: [{ method: 'POST', path: 'action', actions: ['pause'] }],
  computeMarkers: [/^Pausing$/],
  beginEvent: 'pausing',
  completion: { done: [CHECKING_STATE] },
  placement: 'host',
});
