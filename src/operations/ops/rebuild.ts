// rebuild; catalog 7.10.

import { doneLines, recognizer } from '../recognizer.js';

export const rebuild = recognizer({
  type: 'rebuild',
  api: [{ method: 'POST', path: 'action', actions: ['rebuild'] }],
  computeMarkers: [/^Rebuilding instance/],
  beginEvent: 'rebuilding',
  // The libvirt driver's spawn ends it (catalog 7.10, 7.11); the fake driver logs no such line.
  failed: [/^Rebuild failed/],
  completion: { done: [doneLines('libvirt', /^Instance spawned successfully/)] },
  placement: 'host',
});
