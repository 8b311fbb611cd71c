// createImage (and createBackup); catalog 7.9.

import { doneLines, recognizer } from '../recognizer.js';

export const snapshot = recognizer({
  type: 'snapshot',
  api: [{ method: 'POST', path: 'action', actions: ['createImage', 'createBackup'] }],
  computeMarkers: [/^instance snapshotting/],
  beginEvent: 'snapshotting',
  failed: [/^Image not found during snapshot/, /^Failed to snapshot image/],
  completion: { done: [doneLines('maybe', /^Snapshot image upload complete/, /^Took [\d.]+ seconds to snapshot/)] },
  placement: 'host',
});
