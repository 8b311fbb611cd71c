// rescue; catalog 7.8.

import type { Recognizer } from '../recognizer.js';

export const rescue: Recognizer = {
  type: 'rescue',
  api: [{ method: 'POST', path: 'action', actions: ['rescue'] }],
  computeMarkers: [/^Rescuing$/],
  beginEvent: 'rescuing',
  powerStateLast: true,
};
