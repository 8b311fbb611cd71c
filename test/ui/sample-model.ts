// A small operations model for the UI tests, built by hand from Nova's real message strings (catalog sections
// 2, 5 and 8): a boot that succeeds, a boot that fails in spawn, a delete the API rejects, and a live migration
// the logs end in the middle of. Times are fixed UTC instants.

import type { Level, LogEntry, Service } from '../../src/model/entry.js';
import type { Operation, Outcome, Phase } from '../../src/model/operation.js';
import type { OperationType } from '../../src/operations/registry.js';
import type { UnattachedError } from '../../src/model/unattached-error.js';
import { buildModel } from '../../src/ui/model.js';
import type { RawLine, UiModel } from '../../src/ui/model.js';

export const T0 = Date.UTC(2016, 5, 28, 13, 56, 12);

let line = 100;

export function entry(at: number, service: Service, host: string | null, level: Level, message: string, more: Partial<LogEntry> = {}): LogEntry {
  line += 1;
  return {
    time: T0 + at, precision: 3, service, host, pid: 4242, level, logger: `nova.${service}.manager`, globalRequestId: null,
    requestId: 'req-11111111-2222-3333-4444-555555555555', user: 'demo', project: 'demo', instance: null, message,
    location: level === 'DEBUG' ? { func: '_build_resources', file: '/opt/stack/nova/nova/compute/manager.py', line: 2200 } : null,
    continuation: [], file: `/logs/n-${service}.log`, line, dialect: 'oslo', ...more,
  };
}

function phase(service: Service, host: string | null, start: number, end: number, waitMs: number | null): Phase {
  return { service, host, component: null, start: T0 + start, end: T0 + end, waitMs, entries: 1, spans: [{ start: T0 + start, end: T0 + end }] };
}

interface OpInput {
  readonly type: OperationType;
  readonly instance: string;
  readonly request: string;
  readonly outcome: Outcome;
  readonly start: number;
  readonly end: number;
  readonly httpStatus?: number;
  readonly hosts?: readonly string[];
  readonly source?: string;
  readonly destination?: string;
  readonly phases?: readonly Phase[];
  readonly entries?: readonly LogEntry[];
  readonly error?: Operation['error'];
  readonly events?: Operation['events'];
}

export function operation(o: OpInput): Operation {
  return {
    id: `${o.request}:${o.instance}`, type: o.type, variant: null, instance: o.instance, requestIds: [o.request], globalRequestId: null, user: 'demo', project: 'demo',
    start: T0 + o.start, end: T0 + o.end, timed: true, outcome: o.outcome, outcomeReason: o.outcome === 'incomplete' ? 'the logs end before it finished' : null,
    httpStatus: o.httpStatus ?? null, hosts: o.hosts ?? [],
    selected: null, source: o.source ?? null, destination: o.destination ?? null, phases: o.phases ?? [], events: o.events ?? [],
    error: o.error ?? null, failureEvidence: [], errorsDuring: [], entries: o.entries ?? [],
  };
}

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/opt/stack/nova/nova/compute/manager.py", line 2218, in _build_resources',
  '    yield resources',
  "KeyError: 'dns'",
];

export const BOOT_ENTRIES: readonly LogEntry[] = [
  entry(0, 'api', null, 'INFO', '10.0.0.1 "POST /v2.1/servers HTTP/1.1" status: 202 len: 1234 time: 0.5'),
  entry(600, 'conductor', null, 'DEBUG', 'Selected host: WeighedHost [host: (cmp1, cmp1) ram: 7000 disk: 20 io_ops: 0 instances: 0]'),
  entry(900, 'compute', 'cmp1', 'INFO', 'Claim successful'),
  entry(1500, 'compute', 'cmp1', 'WARNING', 'Timeout waiting for vif plugging callback for instance'),
  entry(9000, 'compute', 'cmp1', 'INFO', 'Took 8.10 seconds to spawn the instance on the hypervisor.'),
  entry(9230, 'compute', 'cmp1', 'INFO', 'Took 9.23 seconds to build instance.'),
];

const FAILED_ERROR = entry(33000, 'compute', 'cmp2', 'ERROR', 'Instance failed to spawn', { continuation: TRACEBACK });

export const FAILED_ENTRIES: readonly LogEntry[] = [
  entry(30000, 'api', null, 'INFO', '10.0.0.1 "POST /v2.1/servers HTTP/1.1" status: 202 len: 1234 time: 0.4'),
  entry(31000, 'compute', 'cmp2', 'INFO', 'Claim successful'),
  FAILED_ERROR,
  entry(33100, 'compute', 'cmp2', 'WARNING', 'Setting instance vm_state to ERROR'),
];

export const BOOT = operation({
  type: 'boot', instance: '4f1713a9-2ad0-4dce-8b3d-30dea178e0a5', request: 'req-c354514b-0c97-415e-ba7f-18750569f103',
  outcome: 'succeeded', start: 0, end: 9230, httpStatus: 202, hosts: ['cmp1'],
  phases: [phase('api', null, 0, 500, null), phase('conductor', null, 600, 700, 100), phase('compute', 'cmp1', 900, 9230, 200)],
  events: [{ time: T0 + 900, service: 'compute', host: 'cmp1', name: 'claim', message: 'Claim successful' }],
  entries: BOOT_ENTRIES,
});

export const FAILED = operation({
  type: 'boot', instance: '8661f614-1111-2222-3333-444444444444', request: 'req-0b6f73c9-3ccc-4c38-81ae-c8a4bd8b6952',
  outcome: 'failed', start: 30000, end: 33100, httpStatus: 202, hosts: ['cmp2'],
  phases: [phase('api', null, 30000, 30400, null), phase('compute', 'cmp2', 31000, 33100, 600)],
  error: {
    time: FAILED_ERROR.time, service: 'compute', host: 'cmp2', message: 'Instance failed to spawn', traceback: TRACEBACK,
    location: null, file: FAILED_ERROR.file, line: FAILED_ERROR.line,
  },
  entries: FAILED_ENTRIES,
});

export const REJECTED = operation({
  type: 'delete', instance: '4c45d1e7-aaaa-bbbb-cccc-dddddddddddd', request: 'req-04a5fab4-917b-40f4-a46a-92525267fcd1',
  outcome: 'rejected', start: 60000, end: 60049, httpStatus: 404,
  phases: [phase('api', null, 60000, 60049, null)],
  entries: [entry(60049, 'api', null, 'INFO', '10.0.0.1 "DELETE /v2.1/servers/4c45d1e7-aaaa-bbbb-cccc-dddddddddddd HTTP/1.1" status: 404 len: 0 time: 0.04')],
});

export const MIGRATING = operation({
  type: 'live-migrate', instance: 'bf3695c6-0000-1111-2222-333333333333', request: 'req-a2b6e763-3865-4f0d-b179-d3ca1324434b',
  outcome: 'incomplete', start: 120000, end: 185000, httpStatus: 202, hosts: ['cmp1', 'cmp2'], source: 'cmp1', destination: 'cmp2',
  phases: [phase('api', null, 120000, 120300, null), phase('compute', 'cmp1', 121000, 185000, 700)],
  entries: [entry(121000, 'compute', 'cmp1', 'INFO', 'Starting monitoring of live migration')],
});

export const UNATTACHED: readonly UnattachedError[] = [
  {
    time: T0 - 124000, service: 'compute', host: 'cmp1', component: null, message: 'No compute node record for host cmp1', count: 3,
    // Two of the three kept, as if the rest were beyond UNATTACHED_SAMPLES.
    samples: [
      entry(-124000, 'compute', 'cmp1', 'ERROR', 'No compute node record for host cmp1', { requestId: null, user: null, project: null, continuation: ['ComputeHostNotFound_Remote: Compute host cmp1 could not be found.'] }),
      entry(-64000, 'compute', 'cmp1', 'ERROR', 'No compute node record for host cmp1', { requestId: null, user: null, project: null }),
    ],
  },
];

export const PARSE = { files: 4, lines: 100, entries: 90, continuations: 10, noise: 0, unparsed: 0 };

export function sampleModel(readRaw?: (e: LogEntry) => Promise<RawLine[] | null>): UiModel {
  return buildModel([BOOT, FAILED, REJECTED, MIGRATING], UNATTACHED, PARSE, readRaw);
}
