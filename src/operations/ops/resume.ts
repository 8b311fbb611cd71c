// resume; catalog 7.7.

import type { Recognizer } from '../recognizer.js';

export const resume: Recognizer = {
  type: 'resume',
  api: [{ method: 'POST', path: 'action', actions: ['resume'] }],
  computeMarkers: [/^Resuming$/],
  beginEvent: 'resuming',
  done: [/^Instance running successfully/],
  libvirtDone: true,
  powerStateLast: true,
};
