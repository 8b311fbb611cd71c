// terminate (DELETE /servers/{id}, and forceDelete of a soft-deleted instance); catalog 7.5.

import { doneLines, recognizer } from '../recognizer.js';

export const deleteServer = recognizer({
  type: 'delete',
  api: [{ method: 'DELETE', path: 'server' }, { method: 'POST', path: 'action', actions: ['forceDelete'] }],
  computeLocks: ['do_terminate_instance'],
  computeMarkers: [/^Terminating instance/],
  beginEvent: 'terminating',
  completion: {
    // The last steps (catalog 7.5: 7 and 9). The guest's destruction comes first: a delete whose logs end after it,
    // still holding the instance lock, is not done.
    // A host that logs the compute manager's timings (Mitaka on) logs the network's deallocation for every delete.
    done: [
      { lines: [/^Took [\d.]+ seconds to deallocate network/], logged: 'timings', missing: 'the network was deallocated ("Took N seconds to deallocate network for instance.")' },
      doneLines('maybe', /^Deleted allocations? for instance/),
    ],
    // The API deletes it itself when no compute host has it (catalog 7.5 a: never scheduled, host down, shelved
    // offloaded), or ignores a repeat: no compute line follows.
    apiDone: [
      /^Doing local delete in cell/, /^instance's host \S+ is down, deleting from database/,
      /^instance is in SHELVED_OFFLOADED state, cleanup the instance's info from database/,
      /^Instance deleted and does not have host field/, /^Instance is already in deleting state, ignoring this request/,
    ],
  },
  failed: [/^Setting instance vm_state to ERROR/, /^Failed to terminate instance/, /^Failed to deallocate network for instance/],
  placement: 'host',
});
