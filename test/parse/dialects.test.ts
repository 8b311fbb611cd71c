// One fixture per log dialect (fixtures/dialects/, provenance in fixtures/README.md) through EntryParser, or
// StreamParser for `tail -f` output. Every expected value was read off the fixture text by hand; times are
// computed independently with Date.UTC (µs added as a fraction of a millisecond).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeLocation, Dialect, Level, LogEntry, Service } from '../../src/model/entry.js';
import { headline } from '../../src/model/entry.js';
import { EntryParser } from '../../src/parse/entry-parser.js';
import type { ParseOptions } from '../../src/parse/entry-parser.js';
import type { FileStats } from '../../src/model/file-stats.js';
import { StreamParser } from '../../src/parse/stream-parser.js';
import { UTC, resolveZone } from '../../src/parse/time.js';
import type { Zone } from '../../src/parse/time.js';
import { OPTIONS, ROOT, parseLines } from '../helpers.js';

const DIR = 'fixtures/dialects';
/** Modification time handed to every parser; only year-less journald stamps read it. */
const MODIFIED = new Date(Date.UTC(2026, 0, 31, 12, 0, 0));
// Juno's host wrote EDT wall-clock time: its neutron responses say `'date': 'Thu, 29 Oct 2015 14:52:55 GMT'`
// on lines stamped 10:52:55.
const JUNO_ZONE = resolveZone('America/New_York');

interface Setup {
  readonly zone?: Zone;
  readonly year?: number | null;
  readonly modified?: Date;
}

interface Parsed {
  readonly entries: LogEntry[];
  readonly stats: FileStats;
  readonly at: (line: number) => LogEntry;
}

function fixturePath(name: string): string {
  return `${DIR}/${name}`;
}

/** Physical lines as a line splitter hands them over: split on LF only, so CRLF lines keep their CR. */
function fixtureLines(name: string): string[] {
  const lines = readFileSync(join(ROOT, DIR, name), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function parse(name: string, setup: Setup = {}): Parsed {
  const options: ParseOptions = Object.freeze({ zone: setup.zone ?? UTC, year: setup.year ?? null, aliases: [] });
  const entries: LogEntry[] = [];
  const parser = new EntryParser(fixturePath(name), setup.modified ?? MODIFIED, options, (e) => entries.push(e));
  for (const line of fixtureLines(name)) parser.push(line);
  parser.flush();
  const at = (line: number): LogEntry => {
    const found = entries.find((e) => e.line === line);
    if (!found) throw new Error(`${name}: no entry starts on line ${line} (entries start on ${entries.map((e) => e.line).join(', ')})`);
    return found;
  };
  return { entries, stats: parser.stats, at };
}

interface Want {
  readonly time?: number | null;
  readonly precision?: number;
  readonly level?: Level | null;
  readonly logger?: string | null;
  readonly globalRequestId?: string | null;
  readonly requestId?: string | null;
  readonly user?: string | null;
  readonly project?: string | null;
  readonly instance?: string | null;
  readonly message?: string;
  readonly location?: CodeLocation | null;
  readonly pid?: number | null;
  readonly host?: string | null;
  readonly service?: Service;
  readonly dialect?: Dialect;
  readonly file?: string;
  /** The whole continuation list. */
  readonly continuation?: readonly string[];
  readonly continuationCount?: number;
  readonly firstContinuation?: string;
  readonly lastContinuation?: string;
}

function check(entry: LogEntry, want: Want): void {
  const { time, continuationCount, firstContinuation, lastContinuation, ...fields } = want;
  if (time === null) expect(entry.time).toBeNull();
  else if (time !== undefined) expect(entry.time).toBeCloseTo(time, 3);
  if (continuationCount !== undefined) expect(entry.continuation).toHaveLength(continuationCount);
  if (firstContinuation !== undefined) expect(entry.continuation[0]).toBe(firstContinuation);
  if (lastContinuation !== undefined) expect(entry.continuation[entry.continuation.length - 1]).toBe(lastContinuation);
  expect(entry).toMatchObject(fields);
}

/** Every string the entry carries, for "no ANSI / no CR left anywhere" checks. */
function strings(e: LogEntry): string[] {
  return [
    e.message, e.logger, e.requestId, e.globalRequestId, e.user, e.project, e.instance, e.host, e.file,
    e.location?.func, e.location?.file, ...e.continuation,
  ].filter((s): s is string => typeof s === 'string');
}

// ------------------------------------------------------------------------------------------------ counts

interface Counts {
  readonly lines: number;
  readonly entries: number;
  readonly continuations: number;
  readonly noise: number;
  readonly unparsed: number;
  readonly dialects: readonly Dialect[];
}

const COUNTS: ReadonlyArray<readonly [string, Setup, Counts]> = [
  // 56 stamped lines; the REQ: curl line and the two suffix lines below lines 55 and 58 are continuations.
  ['juno-nova-compute.log', { zone: JUNO_ZONE }, { lines: 59, entries: 56, continuations: 3, noise: 0, unparsed: 0, dialects: ['oslo'] }],
  // Lines 1, 4, 5, 65, 66, 67 start entries; 2-3 continue line 1, the 59 TRACE lines (6-64) fold into line 5.
  ['juno-nova-api-trace.log', { zone: JUNO_ZONE }, { lines: 67, entries: 6, continuations: 61, noise: 0, unparsed: 0, dialects: ['oslo'] }],
  // Line 1 + 7 non-blank prefix-less lines + 37 prefixed ERROR lines fold into one entry; 3 blank lines; lines 49-52.
  ['zed-n-cond-novalidhost.log', {}, { lines: 52, entries: 5, continuations: 44, noise: 3, unparsed: 0, dialects: ['oslo'] }],
  ['zed-n-cpu-compute2.log', {}, { lines: 18, entries: 18, continuations: 0, noise: 0, unparsed: 0, dialects: ['oslo'] }],
  ['devstack-journal-short.txt', { year: 2025 }, { lines: 16, entries: 16, continuations: 0, noise: 0, unparsed: 0, dialects: ['journald-short'] }],
  // Entries on lines 1, 2, 3, 10, 22, 23, 24; 4-9 (guest XML and its suffix) and 11-21 (traceback) fold.
  ['devstack-short-precise.txt', {}, { lines: 24, entries: 7, continuations: 17, noise: 0, unparsed: 0, dialects: ['journald-short'] }],
  ['journal-short-iso.txt', {}, { lines: 10, entries: 10, continuations: 0, noise: 0, unparsed: 0, dialects: ['journald-iso'] }],
  // 12 records: the 4 traceback records of the scheduler's stdout (8-11) fold into record 7.
  ['journal.json', {}, { lines: 12, entries: 8, continuations: 4, noise: 0, unparsed: 0, dialects: ['journald-json'] }],
  // A JSON record's traceback list is part of its one physical line: no continuation lines.
  ['oslo-json.log', {}, { lines: 5, entries: 5, continuations: 0, noise: 0, unparsed: 0, dialects: ['oslo-json'] }],
  ['source-column.log', {}, { lines: 14, entries: 14, continuations: 0, noise: 0, unparsed: 0, dialects: ['oslo-source-column'] }],
  // Lines 9-15 are the exception prefix of line 8's traceback.
  ['message-only.log', {}, { lines: 16, entries: 9, continuations: 7, noise: 0, unparsed: 0, dialects: ['message-only'] }],
  // Lines 7-13 are the exception prefix of line 6's traceback.
  ['devstack-ansi.log', {}, { lines: 14, entries: 7, continuations: 7, noise: 0, unparsed: 0, dialects: ['message-only'] }],
  ['havana-n-cpu.log', {}, { lines: 11, entries: 11, continuations: 0, noise: 0, unparsed: 0, dialects: ['oslo'] }],
  ['grizzly-nova-scheduler.log', {}, { lines: 10, entries: 10, continuations: 0, noise: 0, unparsed: 0, dialects: ['oslo'] }],
  ['kilo-mitaka-screen-n-sch.txt', {}, { lines: 17, entries: 14, continuations: 0, noise: 3, unparsed: 0, dialects: ['oslo'] }],
  // Lines 5-13 are pid 4211's traceback of line 4.
  ['newton-nova-conductor.log', {}, { lines: 14, entries: 5, continuations: 9, noise: 0, unparsed: 0, dialects: ['oslo'] }],
  ['cinder-two-ids.txt', { year: 2024 }, { lines: 10, entries: 10, continuations: 0, noise: 0, unparsed: 0, dialects: ['journald-short'] }],
  // Lines 6-10 are line 5's traceback, CRLF-terminated like every line.
  ['crlf.log', {}, { lines: 10, entries: 5, continuations: 5, noise: 0, unparsed: 0, dialects: ['oslo'] }],
  ['noise-only.txt', {}, { lines: 10, entries: 0, continuations: 0, noise: 10, unparsed: 0, dialects: [] }],
];

describe('fixture line accounting', () => {
  it.each(COUNTS)('%s: entries, continuations, noise, unparsed and dialect', (name, setup, want) => {
    const { entries, stats } = parse(name, setup);
    expect(fixtureLines(name)).toHaveLength(want.lines);
    expect({
      lines: stats.lines, entries: stats.entries, continuations: stats.continuations, noise: stats.noise,
      unparsed: stats.unparsed, dialects: [...stats.dialects].sort(),
    }).toEqual({ ...want, dialects: [...want.dialects].sort() });
    expect(entries).toHaveLength(want.entries);
    for (const e of entries) {
      expect(e.file).toBe(fixturePath(name));
      if (want.dialects.length === 1) expect(e.dialect).toBe(want.dialects[0]);
    }
  });
});

// ------------------------------------------------------------------------------------------------ Juno

describe('Juno oslo text (live-migration-juno excerpts)', () => {
  const REQ = 'req-5f2adc28-1772-480e-a35c-c12ec08b94d7';
  const VM = 'a18a5824-4215-4e24-bcfc-cb9f89f6bcbd';
  const LOCKUTILS = '/usr/lib/python2.7/site-packages/nova/openstack/common/lockutils.py';
  const PROCESSUTILS = '/usr/lib/python2.7/site-packages/nova/openstack/common/processutils.py';
  const NEUTRON_UTILS = '/usr/lib/python2.7/site-packages/neutronclient/common/utils.py';
  const compute = parse('juno-nova-compute.log', { zone: JUNO_ZONE });
  const api = parse('juno-nova-api-trace.log', { zone: JUNO_ZONE });

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2015, 9, 29, 14, 52, 59, 554), precision: 3, pid: 29022, level: 'AUDIT',
      logger: 'nova.compute.resource_tracker', requestId: null, globalRequestId: null, user: null, project: null,
      instance: null, message: 'Total physical ram (MB): 7807, total allocated virtual ram (MB): 512', location: null,
      continuation: [], host: null, dialect: 'oslo',
    }],
    [4, { level: 'AUDIT', message: 'PCI stats: []', time: Date.UTC(2015, 9, 29, 14, 52, 59, 565) }],
    [6, {
      level: 'DEBUG', logger: 'nova.openstack.common.lockutils', requestId: null,
      message: 'Releasing semaphore "compute_resources"', location: { func: 'lock', file: LOCKUTILS, line: 238 },
    }],
    // `[req-<uuid> ]`: a request ID and nothing else.
    [10, {
      level: 'DEBUG', logger: 'nova.openstack.common.processutils', requestId: REQ, user: null, project: null,
      globalRequestId: null, message: 'Result was 0', location: { func: 'execute', file: PROCESSUTILS, line: 210 },
    }],
    [15, {
      message: 'CONF.reclaim_instance_interval <= 0, skipping...',
      location: { func: '_reclaim_queued_deletes', file: '/usr/lib/python2.7/site-packages/nova/compute/manager.py', line: 6021 },
    }],
    // `[-]` then `[instance: ...]`: the migration's lifecycle line carries no request ID.
    [43, {
      time: Date.UTC(2015, 9, 29, 14, 53, 8, 147), level: 'INFO', logger: 'nova.compute.manager', requestId: null,
      instance: VM, message: 'VM Started (Lifecycle Event)', location: null,
    }],
    // `[req-<uuid> None]`: None is no user.
    [44, {
      level: 'DEBUG', requestId: 'req-f7376d4e-9c1c-4d54-be10-f02f8fe73049', user: null, project: null, instance: VM,
      message: 'Synchronizing instance power state after lifecycle event "Started"; current vm_state: active, current task_state: migrating, current DB power_state: 1, VM power_state: 1',
      location: { func: 'handle_lifecycle_event', file: '/usr/lib/python2.7/site-packages/nova/compute/manager.py', line: 1165 },
    }],
    [54, { level: 'INFO', requestId: REQ, instance: VM, message: 'Post operation of migration started', time: Date.UTC(2015, 9, 29, 14, 53, 17, 375) }],
    // neutronclient's REQ dump: empty first line, the dump on the next, the DEBUG suffix alone on the last.
    [55, {
      level: 'DEBUG', logger: 'neutronclient.client', requestId: REQ, message: '',
      continuation: ['REQ: curl -i http://10.12.27.29:9696/v2.0/extensions.json -X GET -H "X-Auth-Token: 72b57850306c40daa1cf775d03fc88ff" -H "User-Agent: python-neutronclient"'],
      location: { func: 'http_log_req', file: NEUTRON_UTILS, line: 140 },
    }],
    [58, { continuation: [], location: { func: 'http_log_resp', file: NEUTRON_UTILS, line: 149 } }],
  ])('nova-compute.log line %i', (line, want) => {
    check(compute.at(line), want);
  });

  it('keeps the RESP dump whole on the entry whose suffix sits on the next line', () => {
    const resp = compute.at(58);
    expect(resp.message.startsWith("RESP:200 {'date': 'Thu, 29 Oct 2015 14:53:17 GMT', 'connection': 'keep-alive'")).toBe(true);
    expect(resp.message.endsWith('"description": "Enables configuration of Distributed Virtual Routers."}]}')).toBe(true);
  });

  it('labels every line of the compute excerpt as compute', () => {
    expect(new Set(compute.entries.map((e) => e.service))).toEqual(new Set(['compute']));
  });

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2015, 9, 29, 14, 51, 12, 207), level: 'DEBUG', logger: 'neutronclient.client', pid: 4470,
      requestId: 'req-e4f91dbb-6b8f-4240-8a23-f424f1900e54', message: '',
      continuation: ['REQ: curl -i http://10.12.27.29:9696/v2.0/networks.json?router%3Aexternal=True -X GET -H "X-Auth-Token: 3dcf524a3d44496b8b3cd6b594c23f47" -H "User-Agent: python-neutronclient"'],
      location: { func: 'http_log_req', file: NEUTRON_UTILS, line: 140 },
    }],
    [4, {
      message: "throwing ConnectionFailed : ('Connection aborted.', BadStatusLine(\"''\",))",
      location: { func: '_cs_request', file: '/usr/lib/python2.7/site-packages/neutronclient/client.py', line: 132 },
    }],
    // The TRACE run (Kilo and older) folds into the ERROR line above it, its prefix removed.
    [5, {
      time: Date.UTC(2015, 9, 29, 14, 51, 13, 294), level: 'ERROR', logger: 'nova.api.openstack', service: 'api',
      requestId: 'req-e4f91dbb-6b8f-4240-8a23-f424f1900e54', user: null,
      message: "Caught error: Connection to neutron failed: ('Connection aborted.', BadStatusLine(\"''\",))",
      continuationCount: 59, firstContinuation: 'Traceback (most recent call last):', lastContinuation: '', location: null,
    }],
    [65, { level: 'INFO', service: 'api', message: 'http://10.12.27.29:8774/v2/e6ed98db2fbf4e8ea3642ca9b7e2ace1/os-floating-ips returned with HTTP 500', continuation: [] }],
    [66, {
      level: 'DEBUG', logger: 'nova.api.openstack.wsgi', service: 'api',
      message: 'Returning 500 to user: The server has either erred or is incapable of performing the requested operation.',
      location: { func: '__call__', file: '/usr/lib/python2.7/site-packages/nova/api/openstack/wsgi.py', line: 1201 },
    }],
    [67, {
      time: Date.UTC(2015, 9, 29, 14, 51, 13, 354), level: 'INFO', logger: 'nova.osapi_compute.wsgi.server', service: 'api',
      message: '10.12.27.29 "GET /v2/e6ed98db2fbf4e8ea3642ca9b7e2ace1/os-floating-ips HTTP/1.1" status: 500 len: 359 time: 2.1434112',
    }],
  ])('nova-api.log line %i', (line, want) => {
    check(api.at(line), want);
  });

  it('strips the TRACE prefix from every folded traceback line', () => {
    const trace = api.at(5).continuation;
    expect(trace[1]).toBe('  File "/usr/lib/python2.7/site-packages/nova/api/openstack/__init__.py", line 124, in __call__');
    expect(trace[2]).toBe('    return req.get_response(self.application)');
    expect(trace[57]).toBe("ConnectionFailed: Connection to neutron failed: ('Connection aborted.', BadStatusLine(\"''\",))");
    expect(trace.some((l) => l.includes('TRACE'))).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------ Zed

describe('Zed oslo text (zed-rig excerpts)', () => {
  const USER = 'cb86ecccd0b441d8b267a2911862f5fa';
  const PROJECT = '3934ffe1358d4db0b666a9f96e79859e';
  const LOCKUTILS = '/usr/lib/python3/dist-packages/oslo_concurrency/lockutils.py';
  const cond = parse('zed-n-cond-novalidhost.log');
  const cpu = parse('zed-n-cpu-compute2.log');

  it('folds the prefix-less remote traceback and the prefixed Traceback run into one entry', () => {
    check(cond.at(1), {
      time: Date.UTC(2026, 10, 22, 2, 40, 17, 228), precision: 3, pid: 22568, level: 'ERROR',
      logger: 'nova.conductor.manager', service: 'conductor', globalRequestId: null,
      requestId: 'req-72c28b3f-9e40-4e91-bddf-9dfeabc76904', user: USER, project: PROJECT, instance: null,
      message: 'Failed to schedule instances: nova.exception_Remote.NoValidHost_Remote: No valid host was found. ',
      location: null, continuationCount: 47, firstContinuation: 'Traceback (most recent call last):', lastContinuation: '',
    });
    const c = cond.at(1).continuation;
    // Lines 2 to 11 of the file as written: the blank lines 3, 7 and 10 inside the remote traceback are kept
    // (and still counted as noise), then line 12 onwards without the repeated prefix.
    expect(c[1]).toBe('');
    expect(c[2]).toBe('  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", line 244, in inner');
    expect(c[4]).toBe('           ^^^^^^^^^^^^^^^^^^^^^');
    expect(c[5]).toBe('');
    expect(c[9]).toBe('nova.exception.NoValidHost: No valid host was found.');
    expect(c[10]).toBe('Traceback (most recent call last):');
    expect(c[11]).toBe('  File "/usr/lib/python3/dist-packages/nova/conductor/manager.py", line 1587, in schedule_and_build_instances');
    expect(c[34]).toBe('nova.exception_Remote.NoValidHost_Remote: No valid host was found. ');
  });

  it.each<readonly [number, Want]>([
    [49, {
      time: Date.UTC(2026, 10, 22, 2, 40, 17, 236), level: 'DEBUG', logger: 'oslo_concurrency.lockutils', service: 'conductor',
      requestId: 'req-72c28b3f-9e40-4e91-bddf-9dfeabc76904',
      message: 'Acquiring lock "00000000-0000-0000-0000-000000000000" by "nova.context.set_target_cell.<locals>.get_or_set_cached_cell_and_set_connections"',
      location: { func: 'inner', file: LOCKUTILS, line: 404 }, continuation: [],
    }],
    [52, {
      level: 'DEBUG', logger: 'nova.conductor.manager', instance: 'e3b1516b-4a4f-46c2-aaab-3c70c4276416',
      location: { func: '_create_block_device_mapping', file: '/usr/lib/python3/dist-packages/nova/conductor/manager.py', line: 1439 },
    }],
  ])('n-cond.log line %i', (line, want) => {
    check(cond.at(line), want);
  });

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2026, 10, 22, 2, 40, 6, 449), pid: 22623, level: 'DEBUG', logger: 'oslo_concurrency.lockutils',
      globalRequestId: null, requestId: 'req-0947ca7b-8d96-4694-aa35-a8881188621d', user: USER, project: PROJECT, instance: null,
      message: 'Acquiring lock "2af41595-5a28-418d-8ca0-6fabdcf463c8" by "nova.compute.manager.ComputeManager.build_and_run_instance.<locals>._locked_do_build_and_run_instance"',
      location: { func: 'inner', file: LOCKUTILS, line: 404 },
    }],
    [3, {
      level: 'DEBUG', logger: 'nova.compute.manager', service: 'compute', instance: '2af41595-5a28-418d-8ca0-6fabdcf463c8',
      message: 'Starting instance...',
      location: { func: '_do_build_and_run_instance', file: '/usr/lib/python3/dist-packages/nova/compute/manager.py', line: 2314 },
    }],
    [6, {
      time: Date.UTC(2026, 10, 22, 2, 40, 6, 550), level: 'INFO', logger: 'nova.compute.claims', service: 'compute',
      instance: '2af41595-5a28-418d-8ca0-6fabdcf463c8', message: 'Claim successful on node compute2', location: null,
    }],
    [15, { level: 'INFO', message: 'Took 0.00 seconds to spawn the instance on the hypervisor.', location: null }],
    [17, { time: Date.UTC(2026, 10, 22, 2, 40, 6, 815), message: 'Took 0.28 seconds to build instance.' }],
    [18, { location: { func: 'inner', file: LOCKUTILS, line: 423 } }],
  ])('n-cpu-compute2.log line %i', (line, want) => {
    check(cpu.at(line), want);
  });
});

// ------------------------------------------------------------------------------------------------ journald text

describe('journald short (devstack journalctl)', () => {
  const BUILD = 'req-8c2f6b1e-4d7a-4f3e-b5c9-2e1d0a9b8c7f';
  const VM = '7d3c5f0e-2b1a-4c8e-9f6d-1a2b3c4d5e6f';
  const file = 'devstack-journal-short.txt';
  const fixed = parse(file, { year: 2025 });

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2025, 11, 31, 23, 59, 41), precision: 0, host: 'devstack02', pid: 100024, service: 'compute',
      level: 'DEBUG', logger: 'oslo_service.periodic_task', globalRequestId: null,
      requestId: 'req-d5e0a7c1-3b2f-4e6d-9a8c-7b1f0e2d4c6a', user: null, project: null, instance: null,
      message: 'Running periodic task ComputeManager._heal_instance_info_cache',
      location: { func: 'run_periodic_tasks', file: '/usr/local/lib/python3.10/dist-packages/oslo_service/periodic_task.py', line: 210 },
      dialect: 'journald-short',
    }],
    [5, {
      time: Date.UTC(2025, 11, 31, 23, 59, 59), level: 'INFO', logger: 'nova.compute.claims', requestId: BUILD,
      globalRequestId: null, instance: VM, message: 'Claim successful on node devstack02', location: null,
    }],
    // The stamp goes from Dec 31 to Jan 01: the year moves on with it.
    [6, {
      time: Date.UTC(2026, 0, 1, 0, 0, 0), level: 'DEBUG', instance: VM, message: 'Start building networks asynchronously for instance.',
      location: { func: '_build_resources', file: '/opt/stack/nova/nova/compute/manager.py', line: 2876 },
    }],
    [10, { time: Date.UTC(2026, 0, 1, 0, 0, 5), requestId: null, instance: VM, message: 'VM Started (Lifecycle Event)' }],
    [14, {
      time: Date.UTC(2026, 0, 1, 0, 0, 7), level: 'INFO', logger: 'nova.compute.manager', requestId: BUILD, instance: VM,
      message: 'Took 5.21 seconds to spawn the instance on the hypervisor.', host: 'devstack02', service: 'compute',
    }],
  ])('line %i (--year 2025)', (line, want) => {
    check(fixed.at(line), want);
  });

  it.each<readonly [string, Date, number]>([
    ['written minutes after midnight on Jan 1', new Date(Date.UTC(2026, 0, 1, 0, 10)), 2025],
    ['written in June', new Date(Date.UTC(2027, 5, 1)), 2026],
  ])('without --year takes the year from the modification time (%s)', (_label, modified, year) => {
    const { entries, at } = parse(file, { modified });
    expect(at(1).time).toBe(Date.UTC(year, 11, 31, 23, 59, 41));
    expect(at(5).time).toBe(Date.UTC(year, 11, 31, 23, 59, 59));
    expect(at(6).time).toBe(Date.UTC(year + 1, 0, 1, 0, 0, 0));
    expect(at(16).time).toBe(Date.UTC(year + 1, 0, 1, 0, 0, 7));
    const times = entries.map((e) => e.time as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('journald short-precise (devstack CI screen file)', () => {
  const REQ = 'req-2f4b9d6e-1c3a-4e5f-8a7b-9c0d1e2f3a4b';
  const VM = 'c2a9e4b7-5d1f-4e3a-8b6c-9f0e1d2c3b4a';
  const HOST = 'ubuntu-jammy-rax-dfw-0034521877';
  const { at } = parse('devstack-short-precise.txt', { modified: new Date(Date.UTC(2023, 4, 29, 9, 0)) });

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2023, 4, 29, 8, 46, 20, 512) + 0.233, precision: 6, host: HOST, pid: 108320, service: 'compute',
      level: 'DEBUG', logger: 'nova.compute.manager', globalRequestId: null, requestId: REQ, instance: VM,
      message: 'Start spawning the instance on the hypervisor.',
      location: { func: '_build_and_run_instance', file: '/opt/stack/nova/nova/compute/manager.py', line: 2684 },
      continuation: [],
    }],
    // journald gives each line of the guest XML its own prefix; the DEBUG suffix is alone on the last one.
    [3, {
      time: Date.UTC(2023, 4, 29, 8, 46, 21, 101) + 0.233, level: 'DEBUG', logger: 'nova.virt.libvirt.driver',
      instance: VM, message: 'End _get_guest_xml xml=<domain type="kvm">',
      continuation: [`  <uuid>${VM}</uuid>`, '  <name>instance-0000002a</name>', '  <memory>131072</memory>', '  <vcpu>1</vcpu>', '</domain>'],
      location: { func: '_get_guest_xml', file: '/opt/stack/nova/nova/virt/libvirt/driver.py', line: 8275 },
    }],
    // Every traceback line carries the journald prefix and devstack's exception prefix.
    [10, {
      time: Date.UTC(2023, 4, 29, 8, 46, 26, 211) + 0.445, precision: 6, level: 'ERROR', logger: 'nova.compute.manager',
      requestId: REQ, instance: VM,
      message: 'Instance failed to spawn: nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed',
      continuationCount: 11, firstContinuation: 'Traceback (most recent call last):', lastContinuation: '', location: null,
    }],
    [22, { time: Date.UTC(2023, 4, 29, 8, 46, 26, 215) + 0.773, level: 'INFO', requestId: REQ, message: 'Terminating instance', continuation: [] }],
    [23, { requestId: null, instance: VM, message: 'Instance destroyed successfully.' }],
  ])('line %i', (line, want) => {
    check(at(line), want);
  });

  it('removes both prefixes from the traceback lines', () => {
    const c = at(10).continuation;
    expect(c[1]).toBe('  File "/opt/stack/nova/nova/compute/manager.py", line 2945, in _build_resources');
    expect(c[4]).toBe('    self.driver.spawn(context, instance, image_meta,');
    expect(c[9]).toBe('nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed');
  });
});

describe('journald short-iso and short-iso-precise', () => {
  const REQ = 'req-6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const VM = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
  const SCHEDULER = '/opt/stack/nova/nova/scheduler/manager.py';
  const { at } = parse('journal-short-iso.txt');

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2017, 4, 29, 8, 46, 19), precision: 0, host: 'devstack01', pid: 107811, service: 'scheduler',
      level: 'DEBUG', logger: 'nova.scheduler.manager', globalRequestId: null, requestId: REQ, instance: null,
      message: `Starting to schedule for instances: ['${VM}']`, location: { func: 'select_destinations', file: SCHEDULER, line: 197 },
      dialect: 'journald-iso',
    }],
    [3, { logger: 'nova.filters', service: 'scheduler', message: 'Filter ComputeFilter returned 1 host(s)', location: { func: 'get_filtered_objects', file: '/opt/stack/nova/nova/filters.py', line: 102 } }],
    [5, {
      time: Date.UTC(2017, 4, 29, 8, 46, 20), instance: VM,
      message: 'Selected host: (devstack01, devstack01) ram: 7483MB disk: 37888MB io_ops: 0 instances: 1',
      location: { func: '_consume_selected_host', file: SCHEDULER, line: 612 },
    }],
    // `+00:00` with microseconds (newer systemd).
    [6, {
      time: Date.UTC(2017, 4, 29, 8, 46, 26, 211) + 0.445, precision: 6, requestId: 'req-3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
      user: null, project: null, message: 'Running periodic task SchedulerManager._discover_hosts_in_cells',
    }],
    [10, { time: Date.UTC(2017, 4, 29, 8, 48, 26, 213) + 0.39, precision: 6, host: 'devstack01', pid: 107811 }],
  ])('line %i', (line, want) => {
    check(at(line), want);
  });
});

describe('devstack bracket `[<global> <request> <user> <project>]`', () => {
  // log-formats.md section 2 quotes devstack's format with %(project_name)s first, but real devstack output
  // puts the user first: devstack-journal-2023/n-cpu.log has `[None req-106bbdd8-... tempest-TestVolumeBootPattern-1058923208
  // tempest-TestVolumeBootPattern-1058923208-project]` (tempest names the project `<user>-project`). The fixtures
  // follow the real order.
  it.each<readonly [string, number, string, string, Setup]>([
    ['devstack-journal-short.txt', 5, 'admin', 'demo', { year: 2025 }],
    ['devstack-short-precise.txt', 1, 'tempest-ServerActionsTestJSON-1571960326', 'tempest-ServerActionsTestJSON-1571960326-project', {}],
    ['journal-short-iso.txt', 1, 'admin', 'demo', {}],
    ['journal.json', 2, 'admin', 'demo', {}],
    ['devstack-ansi.log', 3, 'admin', 'demo', {}],
    ['cinder-two-ids.txt', 2, 'cinder', 'service', { year: 2024 }],
    ['cinder-two-ids.txt', 6, 'neutron', 'service', { year: 2024 }],
    // The journal handler's own USER_NAME / PROJECT_NAME fields.
    ['journal.json', 4, 'admin', 'demo', {}],
  ])('%s line %i: user %s, project %s', (name, line, user, project, setup) => {
    const e = parse(name, setup).at(line);
    expect({ user: e.user, project: e.project }).toEqual({ user, project });
  });
});

describe('two request IDs in one bracket (global then local)', () => {
  const VM = 'b4a3f2e1-d0c9-4b8a-9f7e-6d5c4b3a2f1e';
  const { entries, at } = parse('cinder-two-ids.txt', { year: 2024 });

  it.each<readonly [number, Want]>([
    [1, { globalRequestId: null, requestId: 'req-0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', user: null, project: null }],
    [2, {
      time: Date.UTC(2024, 0, 25, 9, 31, 2), host: 'devstack02', pid: 100024, service: 'compute', level: 'DEBUG',
      logger: 'nova.compute.manager', globalRequestId: 'req-7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
      requestId: 'req-3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a', instance: VM,
      message: 'Received event volume-extended-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
      location: { func: 'external_instance_event', file: '/opt/stack/nova/nova/compute/manager.py', line: 11974 },
    }],
    [6, { globalRequestId: null, requestId: 'req-8e9f0a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b3', instance: VM }],
  ])('line %i', (line, want) => {
    check(at(line), want);
  });

  it('gives the four lines of the cinder call the same pair of IDs', () => {
    const pairs = entries.filter((e) => e.line >= 2 && e.line <= 5).map((e) => [e.globalRequestId, e.requestId]);
    expect(pairs).toEqual(Array(4).fill(['req-7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f', 'req-3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a']));
  });
});

// ------------------------------------------------------------------------------------------------ JSON

describe('journalctl -o json', () => {
  const A = 'req-91c4e2a7-6b3d-4f8e-a5c1-7d2e9b0f3a6c';
  const U4 = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
  const U5 = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
  const MANAGER = '/opt/stack/nova/nova/compute/manager.py';
  const { entries, at } = parse('journal.json');

  it.each<readonly [number, Want]>([
    // A plain journal record (systemd's own): no oslo body.
    [1, {
      time: Date.UTC(2023, 4, 29, 8, 50, 0, 0) + 0.123, precision: 6, host: 'devstack01', pid: 1, level: null,
      logger: null, requestId: null, message: 'Started Devstack devstack@n-cpu.service.', location: null, continuation: [],
    }],
    // devstack's stdout captured by journald: MESSAGE is the oslo body with the `{{(pid=N) ...}}` suffix.
    [2, {
      time: Date.UTC(2023, 4, 29, 8, 50, 11, 402) + 0.311, host: 'devstack01', pid: 107811, service: 'scheduler',
      level: 'DEBUG', logger: 'nova.scheduler.manager', globalRequestId: null, requestId: A,
      message: `Starting to schedule for instances: ['${U4}']`,
      location: { func: 'select_destinations', file: '/opt/stack/nova/nova/scheduler/manager.py', line: 197 },
    }],
    // The same with LOG_COLOR=True: journalctl writes a MESSAGE with ESC bytes as an array of numbers.
    [3, {
      time: Date.UTC(2023, 4, 29, 8, 50, 11, 530) + 0.877, pid: 107811, service: 'scheduler', level: 'DEBUG',
      logger: 'nova.scheduler.manager', requestId: A, instance: U4,
      message: 'Selected host: (devstack01, devstack01) ram: 7483MB disk: 37888MB io_ops: 0 instances: 1',
      location: { func: '_consume_selected_host', file: '/opt/stack/nova/nova/scheduler/manager.py', line: 612 },
    }],
    // oslo.log's journal handler: MESSAGE is the formatted line; logger, level, code and request are fields.
    [4, {
      time: Date.UTC(2023, 4, 29, 8, 50, 12, 4) + 0.512, pid: 108320, host: 'devstack01', service: 'compute',
      level: 'DEBUG', logger: 'nova.compute.manager', globalRequestId: null, requestId: A, instance: U4,
      message: 'Starting instance...', location: { func: '_do_build_and_run_instance', file: MANAGER, line: 2478 },
    }],
    [5, { level: 'INFO', logger: 'nova.compute.claims', instance: U4, message: 'Claim successful on node devstack01' }],
    [6, {
      time: Date.UTC(2023, 4, 29, 8, 50, 17, 640) + 0.218, level: 'INFO', logger: 'nova.compute.manager', requestId: A,
      instance: U4, message: 'Took 5.21 seconds to spawn the instance on the hypervisor.',
      location: { func: '_build_and_run_instance', file: MANAGER, line: 2692 },
    }],
    // Traceback lines written to stdout arrive as one journal record each and fold like file lines.
    [7, {
      level: 'ERROR', logger: 'oslo_messaging.rpc.server', requestId: 'req-b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e',
      service: 'scheduler',
      message: 'Exception during message handling: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 6c0f2d9e8b7a4c3e9d1f0a2b3c4d5e6f',
      continuation: [
        'Traceback (most recent call last):',
        '  File "/usr/local/lib/python3.10/dist-packages/oslo_messaging/rpc/server.py", line 165, in _process_incoming',
        '    res = self.dispatcher.dispatch(message)',
        'oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 6c0f2d9e8b7a4c3e9d1f0a2b3c4d5e6f',
      ],
    }],
    // The journal handler's exception record: the traceback is in MESSAGE and again in EXCEPTION_TEXT.
    [12, {
      time: Date.UTC(2023, 4, 29, 8, 52, 30, 775) + 0.102, level: 'ERROR', logger: 'nova.compute.manager',
      requestId: 'req-4d8e1f2a-3b5c-4d6e-9f7a-8b0c1d2e3f4a', instance: U5,
      message: 'Instance failed to spawn: nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed',
      location: { func: '_build_resources', file: MANAGER, line: 2948 },
      continuation: [
        'Traceback (most recent call last):',
        `  File "${MANAGER}", line 2945, in _build_resources`,
        '    yield resources',
        `  File "${MANAGER}", line 2689, in _build_and_run_instance`,
        '    self.driver.spawn(context, instance, image_meta,',
        'nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed',
        '',
      ],
    }],
  ])('record on line %i', (line, want) => {
    check(at(line), want);
  });

  it('leaves no ANSI escape in any field', () => {
    for (const e of entries) for (const s of strings(e)) expect(s).not.toContain('\u001b');
  });
});

describe('oslo.log JSONFormatter and FluentFormatter', () => {
  const HOST = 'compute-0.example.org';
  const VM = '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d';
  const MANAGER = '/usr/lib/python3/dist-packages/nova/compute/manager.py';
  const { at } = parse('oslo-json.log');

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2023, 4, 29, 9, 10, 12, 211) + 0.445, precision: 6, host: HOST, pid: 24117, service: 'compute',
      level: 'INFO', logger: 'nova.compute.claims', globalRequestId: 'req-c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f',
      requestId: 'req-0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a', user: 'admin', project: 'demo', instance: VM,
      message: `Claim successful on node ${HOST}`,
      location: { func: '_claim_test', file: '/usr/lib/python3/dist-packages/nova/compute/claims.py', line: 121 },
      continuation: [], dialect: 'oslo-json',
    }],
    [2, {
      level: 'DEBUG', logger: 'nova.compute.manager', instance: VM, message: 'Start spawning the instance on the hypervisor.',
      location: { func: '_build_and_run_instance', file: MANAGER, line: 2684 },
    }],
    // `traceback` is a list of lines.
    [3, {
      time: Date.UTC(2023, 4, 29, 9, 10, 18, 905) + 0.124, level: 'ERROR', instance: VM, message: 'Instance failed to spawn',
      location: { func: '_build_resources', file: MANAGER, line: 2948 },
      continuation: [
        'Traceback (most recent call last):',
        `  File "${MANAGER}", line 2945, in _build_resources`,
        '    yield resources',
        `  File "${MANAGER}", line 2689, in _build_and_run_instance`,
        '    self.driver.spawn(context, instance, image_meta,',
        'nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed',
      ],
    }],
    // No context (a lifecycle event); the instance comes from extra.instance_uuid.
    [4, {
      time: Date.UTC(2023, 4, 29, 9, 10, 31, 7) + 0.641, level: 'INFO', globalRequestId: null, requestId: null,
      user: null, project: null, instance: VM, message: 'VM Paused (Lifecycle Event)',
      location: { func: 'handle_lifecycle_event', file: MANAGER, line: 1320 },
    }],
    // FluentFormatter: `time` is asctime (seconds), `level`, `filename` only, no process id.
    [5, {
      time: Date.UTC(2023, 4, 29, 9, 10, 41), precision: 0, pid: null, host: HOST, level: 'INFO',
      logger: 'nova.compute.manager', requestId: null, instance: VM, message: 'VM Resumed (Lifecycle Event)',
      location: { func: 'handle_lifecycle_event', file: 'manager.py', line: 1320 }, dialect: 'oslo-json',
    }],
  ])('record on line %i', (line, want) => {
    check(at(line), want);
  });
});

// ------------------------------------------------------------------------------------------------ other shapes

describe('source-file column first (loghub)', () => {
  const USER = '1c7e3a5b9d2f4e6a8c0b1d3f5e7a9c2b';
  const PROJECT = '6f2a4c8e0b1d3f5a7c9e2b4d6f8a0c1e';
  const VM = '3b2a1c0d-9e8f-4a7b-b6c5-d4e3f2a1b0c9';
  const { at } = parse('source-column.log');

  it.each<readonly [number, Want]>([
    [1, {
      time: Date.UTC(2017, 4, 16, 0, 0, 0, 8), precision: 3, pid: 25746, service: 'api', host: null, level: 'INFO',
      logger: 'nova.osapi_compute.wsgi.server', requestId: 'req-9d3c0a4e-6f2b-4b8e-a1d7-3e5f7c9b1a2d', user: USER,
      project: PROJECT, instance: null,
      message: `10.11.10.1 "GET /v2/${PROJECT}/servers/detail HTTP/1.1" status: 200 len: 1874 time: 0.2530150`,
      dialect: 'oslo-source-column', file: fixturePath('source-column.log'),
    }],
    [3, {
      time: Date.UTC(2017, 4, 16, 0, 0, 2, 271), pid: 2931, service: 'compute', logger: 'nova.compute.claims',
      requestId: 'req-b1e2d3c4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', instance: VM,
      message: 'Attempting claim: memory 2048 MB, disk 20 GB, vcpus 1 CPU',
    }],
    [8, { service: 'compute', requestId: 'req-44f1c9e2-7a3b-4d5c-9e8f-1b2a3c4d5e6f', user: null, project: null, instance: VM, message: 'VM Started (Lifecycle Event)' }],
    [11, { service: 'compute', requestId: null, instance: VM, message: 'Instance spawned successfully.' }],
    [14, { time: Date.UTC(2017, 4, 16, 0, 0, 24, 113), service: 'api', pid: 25746, message: `10.11.10.1 "GET /v2/${PROJECT}/servers/${VM} HTTP/1.1" status: 200 len: 1708 time: 0.1840231` }],
  ])('line %i', (line, want) => {
    check(at(line), want);
  });
});

describe('message-only lines', () => {
  const REQ = 'req-5a7c9e1b-3d2f-4a6b-8c0d-1e2f3a4b5c6d';
  const VM = '9c8b7a6d-5e4f-4321-a0b9-c8d7e6f5a4b3';
  const REASON = 'Failed to terminate instance: Connection to neutron failed: Maximum attempts reached';
  const { entries, at } = parse('message-only.log');

  it.each<readonly [number, Want]>([
    [1, {
      time: null, precision: 0, pid: null, host: null, service: 'compute', level: 'DEBUG', logger: 'nova.compute.manager',
      requestId: REQ, user: '2b8a4d6f0c1e3a5b7d9f1a3c5e7b9d0f', project: '8e6c4a2b0d9f7e5c3a1b8d6f4e2c0a9b', instance: VM,
      message: 'Events pending at deletion: network-vif-plugged-4f0c2a1e-8b3d-4e5f-9a7c-6d1b2e3f4a5c',
      location: { func: '_delete_instance', file: '/usr/lib/python2.7/site-packages/nova/compute/manager.py', line: 2422 },
      dialect: 'message-only',
    }],
    [3, { level: 'INFO', logger: 'nova.virt.libvirt.driver', requestId: null, instance: VM, message: 'Instance destroyed successfully.' }],
    [8, {
      time: null, level: 'ERROR', requestId: REQ, instance: VM,
      message: `Setting instance vm_state to ERROR: InstanceTerminationFailure: ${REASON}`,
      continuationCount: 7, firstContinuation: 'Traceback (most recent call last):', lastContinuation: '',
    }],
    [16, { level: 'INFO', logger: 'nova.scheduler.client.report', service: 'compute', requestId: REQ, instance: null, message: `Deleted allocation for instance ${VM}` }],
  ])('line %i', (line, want) => {
    check(at(line), want);
  });

  it('has no time on any entry', () => {
    expect(entries.map((e) => e.time)).toEqual(Array(entries.length).fill(null));
  });
});

describe('devstack colours (ESC bytes in the file)', () => {
  const REQ = 'req-7e6d5c4b-3a29-4187-b6f5-e4d3c2b1a0f9';
  const VM = 'e5d4c3b2-a1f0-4e9d-8c7b-6a5f4e3d2c1b';
  const REASON = 'Failed to power off instance: Instance failed to shutdown in 60 seconds.';
  const { entries, at } = parse('devstack-ansi.log');

  it('strips every ANSI code: no ESC in any field', () => {
    expect(entries).toHaveLength(7);
    for (const e of entries) for (const s of strings(e)) expect(s).not.toContain('\u001b');
  });

  it.each<readonly [number, Want]>([
    [1, {
      level: 'DEBUG', logger: 'oslo_service.periodic_task', requestId: null, instance: null,
      message: 'Running periodic task ComputeManager._sync_power_states',
      location: { func: 'run_periodic_tasks', file: '/usr/local/lib/python3.10/dist-packages/oslo_service/periodic_task.py', line: 210 },
    }],
    [3, {
      level: 'DEBUG', logger: 'nova.compute.manager', globalRequestId: null, requestId: REQ, instance: VM, message: 'Checking state',
      location: { func: '_get_power_state', file: '/opt/stack/nova/nova/compute/manager.py', line: 1794 },
    }],
    [5, { level: 'INFO', logger: 'nova.virt.libvirt.driver', instance: VM, message: 'Instance failed to shutdown in 60 seconds.', location: null }],
    [6, {
      level: 'ERROR', requestId: REQ, instance: VM,
      message: `Setting instance vm_state to ERROR: nova.exception.InstancePowerOffFailure: ${REASON}`,
      continuationCount: 7, firstContinuation: 'Traceback (most recent call last):', lastContinuation: '',
    }],
    [14, { level: 'INFO', requestId: null, instance: VM, message: 'VM Stopped (Lifecycle Event)' }],
  ])('line %i', (line, want) => {
    check(at(line), want);
  });

  it('keeps the traceback text after the coloured exception prefix', () => {
    const c = at(6).continuation;
    expect(c[1]).toBe('  File "/opt/stack/nova/nova/compute/manager.py", line 11718, in _error_out_instance_on_exception');
    expect(c[5]).toBe(`nova.exception.InstancePowerOffFailure: ${REASON}`);
  });
});

describe('older oslo brackets: Grizzly, Havana, Kilo-Mitaka, Newton', () => {
  it.each<readonly [string, number, Want]>([
    // Grizzly: no pid between the time and the level.
    ['grizzly-nova-scheduler.log', 1, {
      time: Date.UTC(2013, 4, 20, 14, 29, 58, 4), pid: null, level: 'DEBUG', logger: 'nova.openstack.common.periodic_task',
      requestId: 'req-6c5b4a39-2817-4f6e-9d5c-4b3a2918f7e6', user: null, project: null,
      message: 'Running periodic task SchedulerManager._expire_reservations',
      location: { func: 'run_periodic_tasks', file: '/usr/lib/python2.7/dist-packages/nova/openstack/common/periodic_task.py', line: 176 },
    }],
    ['grizzly-nova-scheduler.log', 2, {
      time: Date.UTC(2013, 4, 20, 14, 30, 12, 118), pid: null, service: 'scheduler', logger: 'nova.scheduler.filter_scheduler',
      requestId: 'req-a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', user: '5b7d9f1a3c5e7b9d0f2b8a4d6f0c1e3a',
      project: '9f7e5d3c1b0a8f6e4d2c0b9a7f5e3d1c',
      message: "Filtered [host 'compute-01': free_ram_mb:6801 free_disk_mb:35840, host 'compute-02': free_ram_mb:7313 free_disk_mb:47104]",
      location: { func: '_schedule', file: '/usr/lib/python2.7/dist-packages/nova/scheduler/filter_scheduler.py', line: 292 },
    }],
    ['grizzly-nova-scheduler.log', 8, { pid: null, level: 'WARNING', logger: 'nova.scheduler.manager', service: 'scheduler', message: 'Failed to schedule_run_instance: No valid host was found.', instance: null }],
    ['grizzly-nova-scheduler.log', 9, { level: 'WARNING', instance: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', message: 'Setting instance to ERROR state.' }],
    // Havana: `[req-<uuid> <user-id> <tenant-id>]`, AUDIT, and devstack's ` from (pid=N) func path:line` suffix.
    ['havana-n-cpu.log', 1, {
      time: Date.UTC(2013, 10, 5, 16, 2, 11, 873), pid: 3120, level: 'AUDIT', logger: 'nova.compute.manager', service: 'compute',
      requestId: 'req-2e8f0a1b-6c4d-4f3e-9b7a-5d1c3e2f4a6b', user: '8d0e7a3c5b1f4e2d9a6c8b0e1f3d5a7c',
      project: '4c2e0a8b6d4f2e0c8a6b4d2f0e8c6a4b', instance: '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', message: 'Starting instance...',
    }],
    ['havana-n-cpu.log', 2, {
      level: 'DEBUG', logger: 'nova.openstack.common.lockutils', message: 'Got semaphore "compute_resources" for method "instance_claim"...',
      location: { func: 'inner', file: '/opt/stack/nova/nova/openstack/common/lockutils.py', line: 248 },
    }],
    ['havana-n-cpu.log', 7, { level: 'AUDIT', logger: 'nova.compute.claims', message: 'Claim successful', location: null }],
    ['havana-n-cpu.log', 8, {
      level: 'DEBUG', instance: '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', message: 'Checking state',
      location: { func: '_get_power_state', file: '/opt/stack/nova/nova/compute/manager.py', line: 1084 },
    }],
    ['havana-n-cpu.log', 10, { requestId: null, instance: null, message: 'Lifecycle event 0 on VM 6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a' }],
    // Kilo-Mitaka: `[req-<uuid> <user> <project> - - -]`, periodic `[req-<uuid> - - - - -]`, after bash xtrace lines.
    ['kilo-mitaka-screen-n-sch.txt', 4, {
      time: Date.UTC(2016, 2, 14, 9, 12, 41, 502), pid: 30712, level: 'DEBUG', logger: 'oslo_service.periodic_task',
      requestId: 'req-0e1d2c3b-4a59-4687-b7a6-c5d4e3f2a1b0', user: null, project: null,
      message: 'Running periodic task SchedulerManager._expire_reservations',
      location: { func: 'run_periodic_tasks', file: '/usr/local/lib/python2.7/dist-packages/oslo_service/periodic_task.py', line: 215 },
    }],
    ['kilo-mitaka-screen-n-sch.txt', 5, {
      service: 'scheduler', logger: 'nova.filters', requestId: 'req-c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      user: '2c5e8a0b3d6f9a1c4e7b0d2f5a8c1e3b', project: '7a1f4c7e0b3d6a9c2f5e8b1d4a7c0f3e', message: 'Starting with 1 host(s)',
      location: { func: 'get_filtered_objects', file: '/opt/stack/nova/nova/filters.py', line: 70 },
    }],
    ['kilo-mitaka-screen-n-sch.txt', 12, {
      message: 'Selected host: WeighedHost [host: (devstack-1, devstack-1) ram:6943 disk:37888 io_ops:0 instances:1, weight: 0.0]',
      location: { func: '_schedule', file: '/opt/stack/nova/nova/scheduler/filter_scheduler.py', line: 127 },
    }],
    ['kilo-mitaka-screen-n-sch.txt', 13, {
      message: 'Lock "(u\'devstack-1\', u\'devstack-1\')" acquired by "nova.scheduler.host_manager._locked" :: waited 0.000s',
      location: { func: 'inner', file: '/usr/local/lib/python2.7/dist-packages/oslo_concurrency/lockutils.py', line: 273 },
    }],
    ['kilo-mitaka-screen-n-sch.txt', 17, {
      level: 'INFO', requestId: 'req-e7f8a9b0-c1d2-4e3f-9a4b-5c6d7e8f9a0b', instance: null, location: null,
      message: "Filtering removed all hosts for the request with instance ID '8f7e6d5c-4b3a-4291-a0f9-e8d7c6b5a4f3'. Filter results: ['RetryFilter: (start: 1, end: 1)', 'AvailabilityZoneFilter: (start: 1, end: 1)', 'RamFilter: (start: 1, end: 0)']",
    }],
    // Newton: `[req-<uuid> <user> <project> - <user-domain> <project-domain>]`.
    ['newton-nova-conductor.log', 2, {
      time: Date.UTC(2016, 9, 20, 14, 2, 9, 164), pid: 4210, level: 'WARNING', logger: 'nova.scheduler.utils',
      requestId: 'req-d2c1b0a9-f8e7-4d6c-b5a4-9382716f5e4d', user: '3f1d9b7e5c3a1f9d7b5e3c1a9f7d5b3e',
      project: '0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a', instance: null,
      message: 'Failed to compute_task_build_instances: Exceeded maximum number of retries. Exceeded max scheduling attempts 3 for instance 4e3d2c1b-0a9f-4e8d-b7c6-a5f4e3d2c1b0. Last exception: Virtual Interface creation failed',
    }],
    ['newton-nova-conductor.log', 3, { level: 'WARNING', instance: '4e3d2c1b-0a9f-4e8d-b7c6-a5f4e3d2c1b0', message: 'Setting instance to ERROR state.' }],
    ['newton-nova-conductor.log', 4, {
      time: Date.UTC(2016, 9, 20, 14, 5, 41, 207), pid: 4211, level: 'ERROR', logger: 'oslo_messaging.rpc.server',
      requestId: 'req-6b5a4f3e-2d1c-4b0a-9f8e-7d6c5b4a3f2e', message: 'Exception during message handling',
      continuationCount: 9, firstContinuation: 'Traceback (most recent call last):', lastContinuation: '',
    }],
    ['newton-nova-conductor.log', 14, {
      pid: 4210, level: 'DEBUG', requestId: 'req-a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d',
      message: 'Re-scheduling is disabled due to "max_attempts" config',
      location: { func: 'populate_retry', file: '/usr/lib/python2.7/site-packages/nova/scheduler/utils.py', line: 203 },
    }],
  ])('%s line %i', (name, line, want) => {
    check(parse(name).at(line), want);
  });

  it('keeps the escaped newlines of a logged traceback list on one line (Newton "Error from last host")', () => {
    const e = parse('newton-nova-conductor.log').at(1);
    expect(e.level).toBe('ERROR');
    expect(e.instance).toBe('4e3d2c1b-0a9f-4e8d-b7c6-a5f4e3d2c1b0');
    expect(e.message.startsWith("Error from last host: compute-2 (node compute-2.example.org): [u'Traceback (most recent call last):\\n', ")).toBe(true);
    expect(e.message.endsWith("was re-scheduled: Virtual Interface creation failed\\n']")).toBe(true);
    expect(e.continuation).toEqual([]);
  });

  it('folds the Newton ERROR-prefixed traceback without its prefix', () => {
    const c = parse('newton-nova-conductor.log').at(4).continuation;
    expect(c[1]).toBe('  File "/usr/lib/python2.7/site-packages/oslo_messaging/rpc/server.py", line 133, in _process_incoming');
    expect(c[7]).toBe('MessagingTimeout: Timed out waiting for a reply to message ID 0f3e2d1c4b5a49687f8e9d0c1b2a3f4e');
  });
});

// ------------------------------------------------------------------------------------------------ stream edges

describe('`tail -f n-api.log n-cpu.log` on stdin', () => {
  const VM = 'd8c7b6a5-f4e3-4d2c-b1a0-9f8e7d6c5b4a';
  const TIMEOUT = 'oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 9b8a7c6d5e4f43a2b1c0d9e8f7a6b5c4';
  const entries: LogEntry[] = [];
  const parser = new StreamParser('<stdin>', MODIFIED, Object.freeze({ zone: UTC, year: null, aliases: [] }), (e) => entries.push(e), true);
  for (const line of fixtureLines('tail-headers.txt')) parser.push(line);
  parser.flush();
  const byMessage = (text: string): LogEntry => {
    const found = entries.find((e) => e.message === text);
    if (!found) throw new Error(`no entry "${text}"`);
    return found;
  };

  it('switches the entry file at each `==>` header and counts per file', () => {
    expect(entries).toHaveLength(8);
    expect(entries.filter((e) => e.file === 'n-api.log')).toHaveLength(5);
    expect(entries.filter((e) => e.file === 'n-cpu.log')).toHaveLength(3);
    expect(parser.stats.map((s) => ({ path: s.path, lines: s.lines, entries: s.entries, continuations: s.continuations, noise: s.noise, unparsed: s.unparsed }))).toEqual([
      // 3 headers and 2 separator blank lines are noise.
      { path: 'n-api.log', lines: 15, entries: 5, continuations: 5, noise: 5, unparsed: 0 },
      { path: 'n-cpu.log', lines: 7, entries: 3, continuations: 0, noise: 4, unparsed: 0 },
    ]);
  });

  it.each<readonly [string, Want]>([
    ['Going to run 1 instances...', {
      file: 'n-api.log', service: 'api', time: Date.UTC(2026, 10, 22, 2, 50, 11, 420), pid: 20511, level: 'DEBUG',
      logger: 'nova.compute.api', requestId: 'req-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      location: { func: '_provision_instances', file: '/usr/lib/python3/dist-packages/nova/compute/api.py', line: 1480 },
    }],
    ['Claim successful on node compute1', {
      file: 'n-cpu.log', service: 'compute', time: Date.UTC(2026, 10, 22, 2, 50, 12, 402), pid: 20764, instance: VM,
      requestId: 'req-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
    }],
    ['Took 0.41 seconds to spawn the instance on the hypervisor.', { file: 'n-cpu.log', service: 'compute', instance: VM }],
    // Its traceback arrives in two chunks with an n-cpu.log chunk between them.
    [`Unexpected exception in API method: ${TIMEOUT}`, {
      file: 'n-api.log', service: 'api', time: Date.UTC(2026, 10, 22, 2, 50, 12, 950), pid: 20512, level: 'ERROR',
      logger: 'nova.api.openstack.wsgi', requestId: 'req-9a0b1c2d-3e4f-4a5b-b6c7-d8e9f0a1b2c3',
      continuation: [
        'Traceback (most recent call last):',
        '  File "/usr/lib/python3/dist-packages/nova/api/openstack/wsgi.py", line 658, in wrapped',
        '    return f(*args, **kwargs)',
        TIMEOUT,
        '',
      ],
    }],
  ])('%s', (message, want) => {
    check(byMessage(message), want);
  });
});

describe('CRLF line endings', () => {
  const VM = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
  const REASON = 'Failed to terminate instance: Connection to neutron failed: Maximum attempts reached';
  const { entries, at } = parse('crlf.log');

  it('every physical line really ends in CR LF', () => {
    const text = readFileSync(join(ROOT, DIR, 'crlf.log'), 'utf8');
    expect(text.split('\r\n')).toHaveLength(11);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('leaves no CR in any field', () => {
    for (const e of entries) for (const s of strings(e)) expect(s).not.toContain('\r');
  });

  it.each<readonly [number, Want]>([
    [1, { time: Date.UTC(2026, 10, 22, 2, 52, 30, 118), level: 'INFO', instance: VM, message: 'Terminating instance' }],
    [2, {
      level: 'DEBUG', message: 'Start destroying the instance on the hypervisor.',
      location: { func: '_shutdown_instance', file: '/usr/lib/python3/dist-packages/nova/compute/manager.py', line: 3205 },
    }],
    [5, {
      level: 'ERROR', requestId: 'req-4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f', instance: VM,
      message: `Setting instance vm_state to ERROR: nova.exception.InstanceTerminationFailure: ${REASON}`,
      continuation: [
        'Traceback (most recent call last):',
        '  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 3436, in do_terminate_instance',
        '    self._delete_instance(context, instance, bdms)',
        `nova.exception.InstanceTerminationFailure: ${REASON}`,
        '',
      ],
    }],
  ])('line %i', (line, want) => {
    check(at(line), want);
  });
});

describe('a file of noise only', () => {
  it('yields no entry: blank and xtrace lines are all noise', () => {
    const { entries, stats } = parse('noise-only.txt');
    expect(entries).toEqual([]);
    expect(stats.noise).toBe(stats.lines);
    expect(stats.lines).toBe(10);
    expect([stats.start, stats.end]).toEqual([null, null]);
  });
});

describe('tracebacks of two workers interleaved in one file (Juno neutron server.log)', () => {
  // Lines of live-migration-juno's neutron server.log, as its workers 3405 and 3404 wrote them at shutdown:
  // each writes its record in pieces, and the other's pieces land in between.
  const FILE = 'server.log';
  const W = 'AssertionError: Calling waitall() from within one of the GreenPool\'s greenthreads will never terminate.';
  const LINES = [
    '2015-10-29 10:51:12.480 3405 ERROR neutron.service [-] Unrecoverable error: please check log for details.',
    '2015-10-29 10:51:12.480 3405 TRACE neutron.service Traceback (most recent call last):',
    '2015-10-29 10:51:12.494 3404 ERROR neutron.service [-] Unrecoverable error: please check log for details.',
    '2015-10-29 10:51:12.480 3405 TRACE neutron.service   File "/usr/lib/python2.7/site-packages/neutron/service.py", line 102, in serve_wsgi',
    '2015-10-29 10:51:12.494 3404 TRACE neutron.service Traceback (most recent call last):',
    '2015-10-29 10:51:12.494 3404 TRACE neutron.service   File "/usr/lib/python2.7/site-packages/neutron/service.py", line 102, in serve_wsgi',
    `2015-10-29 10:51:12.480 3405 TRACE neutron.service ${W}`,
    '2015-10-29 10:51:12.495 3401 INFO neutron.openstack.common.service [-] Child caught SIGTERM, exiting',
    `2015-10-29 10:51:12.494 3404 TRACE neutron.service ${W}`,
    '2015-10-29 10:51:12.503 3405 CRITICAL neutron [-] ' + W,
    '2015-10-29 10:51:12.503 3405 TRACE neutron Traceback (most recent call last):',
  ];

  it('gives each worker its whole traceback, and keeps the entries in the order of their first lines', () => {
    const { entries, stats } = parseLines(LINES, FILE);
    expect(entries.map((e) => [e.line, e.pid, e.level, e.continuation])).toEqual([
      [1, 3405, 'ERROR', ['Traceback (most recent call last):', '  File "/usr/lib/python2.7/site-packages/neutron/service.py", line 102, in serve_wsgi', W]],
      [3, 3404, 'ERROR', ['Traceback (most recent call last):', '  File "/usr/lib/python2.7/site-packages/neutron/service.py", line 102, in serve_wsgi', W]],
      [8, 3401, 'INFO', []],
      // A new record of 3405 ends its earlier one: this traceback is the new record's.
      [10, 3405, 'CRITICAL', ['Traceback (most recent call last):']],
    ]);
    expect([stats.entries, stats.continuations]).toEqual([4, 7]);
  });

  it('counts the same in counting mode', () => {
    const { entries, stats } = parseLines(LINES, FILE, { ...OPTIONS, countOnly: true });
    expect(entries).toEqual([]);
    expect([stats.lines, stats.entries, stats.continuations]).toEqual([11, 4, 7]);
  });

  it('lets an error that another worker\'s lines follow for over a second go', () => {
    const { entries } = parseLines([
      LINES[0] as string,
      '2015-10-29 10:51:13.600 3404 INFO neutron.openstack.common.service [-] Child caught SIGTERM, exiting',
      '2015-10-29 10:51:13.600 3405 TRACE neutron.service Traceback (most recent call last):',
    ], FILE);
    expect(entries.map((e) => [e.line, e.level, e.continuation.length])).toEqual([[1, 'ERROR', 0], [2, 'INFO', 0], [3, 'TRACE', 0]]);
  });
});

describe('headline: an entry whose first line is empty (Juno neutronclient in nova-compute.log)', () => {
  const REQ = 'REQ: curl -i http://10.12.27.29:35357/v2.0/tokens -X POST -H "User-Agent: python-neutronclient"';
  const { entries } = parseLines([
    '2015-10-29 10:52:54.796 29022 DEBUG neutronclient.client [req-5f2adc28-1772-480e-a35c-c12ec08b94d7 ] ',
    REQ,
    ' http_log_req /usr/lib/python2.7/site-packages/neutronclient/common/utils.py:140',
    '2015-10-29 10:52:55.391 29022 DEBUG neutronclient.client [req-5f2adc28-1772-480e-a35c-c12ec08b94d7 ] RESP:200 {\'date\': \'Thu, 29 Oct 2015 14:52:55 GMT\'}',
  ], 'nova-compute.log');

  it('is the first continuation line that says something', () => {
    expect(entries[0]?.message).toBe('');
    expect(headline(entries[0] as LogEntry)).toEqual({ text: REQ, fromContinuation: true });
  });

  it('is the message itself otherwise', () => {
    expect(headline(entries[1] as LogEntry)).toEqual({ text: "RESP:200 {'date': 'Thu, 29 Oct 2015 14:52:55 GMT'}", fromContinuation: false });
  });
});
