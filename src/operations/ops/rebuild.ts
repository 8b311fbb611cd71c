// rebuild; catalog 7.10.

import type { Recognizer } from '../recognizer.js';

export const rebuild: Recognizer = {
  type: 'rebuild',
  api: [{ method: 'POST', path: 'action', actions: ['rebuild'] }],
  computeMarkers: [/^Rebuilding instance/],
  beginEvent: 'rebuilding',
  // The libvirt driver's spawn ends it (catalog 7.10, 7.11); the fake driver logs no such line.
  done: [/^Instance spawned successfully/],
  libvirtDone: true,
  failed: [/^Rebuild failed/],
};
