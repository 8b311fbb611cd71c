// DELETE /servers/{id}/os-volume_attachments/{volume}.

import type { Recognizer } from '../recognizer.js';

export const detachVolume: Recognizer = {
  type: 'detach-volume',
  api: [{ method: 'DELETE', path: 'volume-attachment' }],
  computeLocks: ['do_detach_volume'],
  computeMarkers: [/^Detaching volume \S+/],
  failed: [/^Failed to detach volume/],
};
