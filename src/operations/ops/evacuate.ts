// evacuate: "Evacuating instance" since Rocky, "Rebuilding instance" before; catalog 7.11.

import type { Recognizer } from '../recognizer.js';

export const evacuate: Recognizer = {
  type: 'evacuate',
  api: [{ method: 'POST', path: 'action', actions: ['evacuate'] }],
  computeMarkers: [/^Evacuating instance/],
  beginEvent: 'evacuating',
  // The libvirt driver's spawn ends it (catalog 7.10, 7.11); the fake driver logs no such line.
  done: [/^Instance spawned successfully/],
  libvirtDone: true,
  failed: [/^Rebuild failed/, /^Failed to compute_task_rebuild_server/],
  move: true,
};
