// DELETE /servers/{id}/os-volume_attachments/{volume}.

import { recognizer } from '../recognizer.js';

export const detachVolume = recognizer({
  type: 'detach-volume',
  api: [{ method: 'DELETE', path: 'volume-attachment' }],
  computeLocks: ['do_detach_volume'],
  // The older wording `Detach volume %s from mountpoint %s` is what Mitaka's CI job logs for each detach (and inside
  // a rebuild, after the rebuild's own marker).
  computeMarkers: [/^Detaching volume \S+/, /^Detach volume \S+ from mountpoint /],
  beginEvent: 'detaching-volume',
  failed: [/^Failed to detach volume/],
  completion: { begin: { lines: [/^Detaching volume \S+/, /^Detach volume \S+ from mountpoint /], missing: '"Detaching volume ..."' } },
  placement: 'host',
});
