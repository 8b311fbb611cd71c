// pause; catalog 7.6.

import type { Recognizer } from '../recognizer.js';

export const pause: Recognizer = {
  type: 'pause',
  api: [{ method: 'POST', path: 'action', actions: ['pause'] }],
  computeMarkers: [/^Pausing$/],
  beginEvent: 'pausing',
  powerStateLast: true,
};
