// revertResize: destroy on the destination, finish on the source; catalog 7.15.

import type { Recognizer } from '../recognizer.js';

export const revertResize: Recognizer = {
  type: 'revert-resize',
  api: [{ method: 'POST', path: 'action', actions: ['revertResize'] }],
  computeMarkers: [/^Swapping old allocation on/],
  done: [/^Updating instance to original state/],
  // The manager's _finish_revert_resize (catalog 7.15).
  alwaysDone: true,
  move: true,
  returns: true,
};
