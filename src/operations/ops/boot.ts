// launch (POST /servers), including multi-create; catalog 7.1.

import { doneLines, recognizer } from '../recognizer.js';

export const boot = recognizer({
  type: 'boot',
  api: [{ method: 'POST', path: 'servers' }],
  computeLocks: ['_locked_do_build_and_run_instance', 'do_run_instance'],
  computeMarkers: [/^Starting instance\.\.\./],
  // With no API log and compute at INFO (no lock lines; `Starting instance...` is DEBUG from Mitaka on), compute's
  // own evidence of a build (catalog 7.1, 8.1): its timing, its failure or abort, beside its claim under the same
  // request. A move also claims, and a rebuild or an unshelve also spawns (`Creating image`, `Instance spawned
  // successfully`): neither line alone names a boot.
  computeMarkersBeside: {
    lines: [/^Took [\d.]+ seconds to build instance/, /^Build of instance \S+ aborted/, /^Instance failed to spawn/],
    beside: [/^Claim successful/, /^Attempting claim/],
  },
  beginEvent: 'building',
  // `_do_build_and_run_instance` (catalog 8.1): spawn failed, the build aborted, or an unexpected error ended it;
  // the end of a build may be logged under Neutron's event request ID, so these count wherever they are logged.
  // Queens' Italian log (fault-injection-queens) says `La build dell'istanza <uuid> è stata interrotta: ...`.
  failed: [
    /^Instance failed to spawn/, /^Build of instance \S+ aborted/, /^La build dell'istanza \S+ è stata interrotta/,
    /^Unexpected build failure, not rescheduling build/, /^Failed to schedule instances/, /^Setting instance to ERROR state/,
    /^Failed to compute_task_build_instances/,
  ],
  completion: { done: [doneLines('maybe', /^Took [\d.]+ seconds to build instance/, /^Instance spawned successfully/)] },
  placement: 'host',
});
