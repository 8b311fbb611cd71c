// unrescue; catalog 7.8.

import type { Recognizer } from '../recognizer.js';

export const unrescue: Recognizer = {
  type: 'unrescue',
  api: [{ method: 'POST', path: 'action', actions: ['unrescue'] }],
  computeMarkers: [/^Unrescuing$/],
  beginEvent: 'unrescuing',
  powerStateLast: true,
};
