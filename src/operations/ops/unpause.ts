// unpause; catalog 7.6.

import { CHECKING_STATE, recognizer } from '../recognizer.js';

export const unpause = recognizer({
  type: 'unpause',
  api: [{ method: 'POST', path: 'action', actions: ['unpause'] }],
  computeMarkers: [/^Unpausing$/],
  beginEvent: 'unpausing',
  completion: { done: [CHECKING_STATE] },
  placement: 'host',
});
