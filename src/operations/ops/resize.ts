// resize: as migrate, with a new flavor; catalog 7.15.

import { doneLines, recognizer } from '../recognizer.js';

export const resize = recognizer({
  type: 'resize',
  api: [{ method: 'POST', path: 'action', actions: ['resize'] }],
  failed: [/^Failed to compute_task_migrate_server/, /^Resize error/],
  completion: { done: [doneLines('libvirt', /^finish_migration finished successfully/, /^Instance running successfully/)] },
  placement: 'move',
});
