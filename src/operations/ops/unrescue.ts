// unrescue; catalog 7.8.

import { CHECKING_STATE, recognizer } from '../recognizer.js';

export const unrescue = recognizer({
  type: 'unrescue',
  api: [{ method: 'POST', path: 'action', actions: ['unrescue'] }],
  computeMarkers: [/^Unrescuing$/],
  beginEvent: 'unrescuing',
  completion: { done: [CHECKING_STATE] },
  placement: 'host',
});
