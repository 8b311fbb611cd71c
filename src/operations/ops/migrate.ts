// cold migrate: prep_resize on the destination logs "Migrating"; catalog 7.15.

import type { Recognizer } from '../recognizer.js';

export const migrate: Recognizer = {
  type: 'migrate',
  api: [{ method: 'POST', path: 'action', actions: ['migrate'] }],
  computeMarkers: [/^Migrating$/],
  beginEvent: 'migrating',
  done: [/^finish_migration finished successfully/, /^Instance running successfully/],
  libvirtDone: true,
  failed: [/^Failed to compute_task_migrate_server/, /^Resize error/, /^Migration error/],
  move: true,
};
