// unpause; catalog 7.6.

import type { Recognizer } from '../recognizer.js';

export const unpause: Recognizer = {
  type: 'unpause',
  api: [{ method: 'POST', path: 'action', actions: ['unpause'] }],
  computeMarkers: [/^Unpausing$/],
  beginEvent: 'unpausing',
  powerStateLast: true,
};
