// cold migrate: prep_resize on the destination logs "Migrating"; catalog 7.15.

import { doneLines, recognizer } from '../recognizer.js';

export const migrate = recognizer({
  type: 'migrate',
  api: [{ method: 'POST', path: 'action', actions: ['migrate'] }],
  computeMarkers: [/^Migrating$/],
  beginEvent: 'migrating',
  failed: [/^Failed to compute_task_migrate_server/, /^Resize error/, /^Migration error/],
  completion: { done: [doneLines('libvirt', /^finish_migration finished successfully/, /^Instance running successfully/)] },
  placement: 'move',
});
