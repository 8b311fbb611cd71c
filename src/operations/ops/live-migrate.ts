// os-migrateLive; the source host's monitor thread logs under [-]; catalog 7.16.

import { doneLines, recognizer } from '../recognizer.js';

export const liveMigrate = recognizer({
  type: 'live-migrate',
  api: [{ method: 'POST', path: 'action', actions: ['os-migrateLive'] }],
  // The destination's 'Post operation of migration started' is logged under the request in every release (Juno's
  // destination logs nothing else that names the operation; its source's lines are under [-]).
  computeMarkers: [/^pre_live_migration data is/, /^Starting monitoring of live migration/, /^_post_live_migration\(\) is started/, /^Post operation of migration started/],
  // The manager's _post_live_migration and _do_post_live_migration_at_destination (catalog 7.16, all releases).
  completion: {
    done: [doneLines('always', /^Migrating instance to \S+ finished successfully/, /^Migration operation has completed/, /^Post operation of migration started/)],
  },
  failed: [/^Live Migration failure/, /^Live migration failed/, /^Migration of instance \S+ to host \S+ unexpectedly failed/],
  placement: 'move',
});
