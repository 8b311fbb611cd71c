// terminate (DELETE /servers/{id}); catalog 7.5.

import type { Recognizer } from '../recognizer.js';

export const deleteServer: Recognizer = {
  type: 'delete',
  api: [{ method: 'DELETE', path: 'server' }],
  computeLocks: ['do_terminate_instance'],
  computeMarkers: [/^Terminating instance/],
  done: [/^Took [\d.]+ seconds to (?:destroy|deallocate network)/, /^Deleted allocations? for instance/, /^Instance destroyed successfully/],
  failed: [/^Setting instance vm_state to ERROR/, /^Failed to terminate instance/],
};
