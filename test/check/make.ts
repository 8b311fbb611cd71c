// Builders of operations and error entries for the check unit tests: only the fields a test names differ.

import type { ErrorEntry } from '../../src/check/error-entries.js';
import type { Operation } from '../../src/model/operation.js';

export function operation(fields: Partial<Operation> & Pick<Operation, 'type'>): Operation {
  const start = fields.start ?? 0;
  return {
    id: `${fields.requestIds?.[0] ?? 'req-1'}:${fields.instance ?? '-'}`, variant: null, instance: null, requestIds: ['req-1'], globalRequestId: null,
    user: null, project: null, start, end: start + 1000, timed: true, outcome: 'succeeded', outcomeReason: null, httpStatus: 202, hosts: [], selected: null,
    source: null, destination: null, phases: [], events: [], error: null, failureEvidence: [], errorsDuring: [], entries: null,
    ...fields,
  };
}

export function errorEntry(fields: Partial<ErrorEntry>): ErrorEntry {
  return {
    time: 0, service: 'compute', host: 'node1', level: 'ERROR', logger: 'nova.compute.manager', requestId: null, globalRequestId: null,
    instance: null, message: 'something failed', traceback: [], hasTraceback: false, file: 'n-cpu.log', line: 1,
    ...fields,
  };
}
