// createImage (and createBackup); catalog 7.9.

import type { Recognizer } from '../recognizer.js';

export const snapshot: Recognizer = {
  type: 'snapshot',
  api: [{ method: 'POST', path: 'action', actions: ['createImage', 'createBackup'] }],
  computeMarkers: [/^instance snapshotting/],
  beginEvent: 'snapshotting',
  done: [/^Snapshot image upload complete/, /^Took [\d.]+ seconds to snapshot/],
  failed: [/^Image not found during snapshot/, /^Failed to snapshot image/],
};
