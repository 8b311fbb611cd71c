// launch (POST /servers), including multi-create; catalog 7.1.

import { doneLines, recognizer } from '../recognizer.js';

export const boot = recognizer({
  type: 'boot',
  api: [{ method: 'POST', path: 'servers' }],
  computeLocks: ['_locked_do_build_and_run_instance', 'do_run_instance'],
  computeMarkers: [/^Starting instance\.\.\./],
  beginEvent: 'building',
  failed: [/^Instance failed to spawn/, /^Build of instance \S+ aborted/, /^Failed to schedule instances/, /^Setting instance to ERROR state/, /^Failed to compute_task_build_instances/],
  completion: { done: [doneLines('maybe', /^Took [\d.]+ seconds to build instance/, /^Instance spawned successfully/)] },
  placement: 'host',
});
