// PUT /servers/{id}/os-volume_attachments/{volume}: swap the volume for another (Cinder's volume migration calls it
// too). ComputeManager.swap_volume; catalog strings `Swapping volume %(old_volume)s for %(new_volume)s`.

import { recognizer } from '../recognizer.js';

export const swapVolume = recognizer({
  type: 'swap-volume',
  api: [{ method: 'PUT', path: 'volume-attachment' }],
  computeMarkers: [/^Swapping volume \S+ for \S+/],
  failed: [/^Failed to swap volume/, /^Failure rebasing volume/],
  completion: {},
  placement: 'host',
});
