// POST /servers/{id}/os-volume_attachments.

import { recognizer } from '../recognizer.js';

export const attachVolume = recognizer({
  type: 'attach-volume',
  api: [{ method: 'POST', path: 'volume-attachments' }],
  computeLocks: ['do_attach_volume', 'do_reserve'],
  computeMarkers: [/^Attaching volume \S+ to /],
  beginEvent: 'attaching-volume',
  failed: [/^Failed to attach \S+ at/],
  completion: {},
  placement: 'host',
});
