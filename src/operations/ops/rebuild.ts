// rebuild; catalog 7.10.

import type { Recognizer } from '../recognizer.js';

export const rebuild: Recognizer = {
  type: 'rebuild',
  api: [{ method: 'POST', path: 'action', actions: ['rebuild'] }],
  computeMarkers: [/^Rebuilding instance/],
  failed: [/^Rebuild failed/],
};
