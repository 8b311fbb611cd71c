// resize: as migrate, with a new flavor; catalog 7.15.

import type { Recognizer } from '../recognizer.js';

export const resize: Recognizer = {
  type: 'resize',
  api: [{ method: 'POST', path: 'action', actions: ['resize'] }],
  done: [/^finish_migration finished successfully/, /^Instance running successfully/],
  libvirtDone: true,
  failed: [/^Failed to compute_task_migrate_server/, /^Resize error/],
  move: true,
};
