// revertResize: destroy on the destination, finish on the source; catalog 7.15.

import { doneLines, recognizer } from '../recognizer.js';

export const revertResize = recognizer({
  type: 'revert-resize',
  api: [{ method: 'POST', path: 'action', actions: ['revertResize'] }],
  computeMarkers: [/^Swapping old allocation on/],
  // The manager's _finish_revert_resize (catalog 7.15).
  completion: { done: [doneLines('always', /^Updating instance to original state/)] },
  placement: 'return',
});
