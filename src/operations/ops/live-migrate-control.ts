// An admin's hand on a running live migration: force it to complete (POST /servers/{id}/migrations/{id}/action
// `force_complete`, 2.22+) or abort it (DELETE /servers/{id}/migrations/{id}, 2.24+). Both are cast to the source
// host, whose live migration then ends (the live-migrate operation says how).

import { recognizer } from '../recognizer.js';

export const liveMigrateForceComplete = recognizer({
  type: 'live-migrate-force-complete',
  api: [{ method: 'POST', path: 'migration-action', actions: ['force_complete'] }],
  completion: {},
  placement: 'host',
});

export const liveMigrateAbort = recognizer({
  type: 'live-migrate-abort',
  api: [{ method: 'DELETE', path: 'migration' }],
  failed: [/^Failed to cancel migration/],
  completion: {},
  placement: 'host',
});
