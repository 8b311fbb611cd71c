// POST /servers/{id}/os-volume_attachments.

import { recognizer } from '../recognizer.js';

export const attachVolume = recognizer({
  type: 'attach-volume',
  api: [{ method: 'POST', path: 'volume-attachments' }],
  computeLocks: ['do_attach_volume', 'do_reserve'],
  computeMarkers: [/^Attaching volume \S+ to /],
  beginEvent: 'attaching-volume',
  failed: [/^Failed to attach \S+ at/],
  // nova-api's reserve_block_device_name call already takes `do_reserve` on compute: only this line says the attach
  // itself began (catalog 7: ComputeManager.attach_volume, INFO).
  completion: { begin: { lines: [/^Attaching volume \S+ to /], missing: '"Attaching volume ... to ..."' } },
  placement: 'host',
});
