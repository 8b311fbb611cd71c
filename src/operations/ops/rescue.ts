// rescue; catalog 7.8.

import { CHECKING_STATE, recognizer } from '../recognizer.js';

export const rescue = recognizer({
  type: 'rescue',
  api: [{ method: 'POST', path: 'action', actions: ['rescue'] }],
  computeMarkers: [/^Rescuing$/],
  beginEvent: 'rescuing',
  completion: { done: [CHECKING_STATE] },
  placement: 'host',
});
