// evacuate: "Evacuating instance" since Rocky, "Rebuilding instance" before; catalog 7.11.

import { doneLines, recognizer } from '../recognizer.js';

export const evacuate = recognizer({
  type: 'evacuate',
  api: [{ method: 'POST', path: 'action', actions: ['evacuate'] }],
  computeMarkers: [/^Evacuating instance/],
  beginEvent: 'evacuating',
  // The libvirt driver's spawn ends it (catalog 7.10, 7.11); the fake driver logs no such line.
  failed: [/^Rebuild failed/, /^Failed to compute_task_rebuild_server/],
  completion: { done: [doneLines('libvirt', /^Instance spawned successfully/)] },
  placement: 'evacuate',
});
