// Corpus test over ../shared/realdata/zed-rig: `analyze --json` on each recorded scenario reconstructs exactly the
// operations the rig drove. Expected values come only from the scenario's truth.json (the rig's record of each CLI
// call: request ID and HTTP status of the mutating call, start/end, hosts, final state, and Nova's own
// instance-action records), never from novatrace's output.
// Skipped, with the reason printed, only where ../shared/realdata is absent (a user's clone); CI has it.

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_REALDATA, NO_API_WARNING, REALDATA, cutLog, runCli } from '../helpers.js';
import type { AnalyzeJson, OperationJson, OutcomeJson } from '../analyze-json.js';

if (!HAS_REALDATA) {
  console.warn(`zed-rig corpus tests skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
}
if (!HAS_REALDATA && process.env['CI']) {
  throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);
}

const RIG = join(REALDATA, 'zed-rig');

// ---- truth.json, as the rig writes it (only the fields used here) ----

interface TruthApiCall {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly request_id: string;
}

interface TruthOperation {
  readonly operation: string;
  readonly server_uuid?: string | null;
  readonly start_utc: string;
  readonly end_utc: string;
  readonly source_host?: string | null;
  readonly dest_host?: string | null;
  readonly final?: { readonly host?: string | null; readonly fault?: { readonly message?: string } | null } | null;
  readonly outcome: string;
  readonly x_openstack_request_id?: string | null;
  readonly http_status?: number | null;
  readonly nova_api_calls?: readonly TruthApiCall[] | null;
}

interface TruthAction {
  readonly request_id: string;
  readonly user_id: string;
  readonly project_id: string;
  readonly events: ReadonlyArray<{ readonly event: string; readonly host: string | null }>;
}

interface Truth {
  readonly scenario: string;
  readonly slice_start_utc: string;
  readonly slice_end_utc: string;
  readonly operations: readonly TruthOperation[];
  readonly nova_records: Record<string, { readonly instance_actions: readonly TruthAction[] }>;
  readonly poll_request_ids: readonly string[];
}

type Outcome = OutcomeJson;
type Operation = OperationJson;
type Report = AnalyzeJson;

// ---- truth operation -> novatrace operation ----

const TYPE_OF: Readonly<Record<string, readonly [type: string, variant: string | null]>> = {
  'server-create': ['boot', null],
  'server-stop': ['stop', null],
  'server-start': ['start', null],
  'server-reboot-soft': ['reboot', 'soft'],
  'server-reboot-hard': ['reboot', 'hard'],
  'server-pause': ['pause', null],
  'server-unpause': ['unpause', null],
  'server-suspend': ['suspend', null],
  'server-resume': ['resume', null],
  'server-rescue': ['rescue', null],
  'server-unrescue': ['unrescue', null],
  'server-image-create': ['snapshot', null],
  'server-rebuild': ['rebuild', null],
  'server-shelve': ['shelve', null],
  'server-unshelve': ['unshelve', null],
  'server-migrate': ['migrate', null],
  'server-migrate-confirm': ['confirm-resize', null],
  'server-resize': ['resize', null],
  'server-resize-revert': ['revert-resize', null],
  'server-evacuate': ['evacuate', null],
  'server-evacuate-while-source-up': ['evacuate', null],
  'server-live-migrate': ['live-migrate', null],
  'server-lock': ['lock', null],
  'server-unlock': ['unlock', null],
  'server-stop-while-locked-by-member': ['stop', null],
  'server-delete': ['delete', null],
};

/** The rig's steps on services, not on a server (15-evacuate): never operations. */
const SERVICE_ACTIONS = new Set(['kill-source-nova-compute', 'compute-service-set-down', 'restart-source-nova-compute', 'compute-service-set-up']);

const MOVES = new Set(['migrate', 'resize', 'live-migrate', 'evacuate']);

/**
 * Time tolerance around the rig's [start_utc, end_utc]. start_utc is when the `openstack` CLI was started (the API
 * logs the request seconds later, after the CLI's start-up and keystone), so no operation starts before it; 1 s
 * covers clock rounding. end_utc is when the rig's status polling saw the final state, which for casts is after
 * compute finished, and the fake driver sends no late lifecycle events: nothing of an operation is logged after it,
 * so 1 s again. That holds for an accepted evacuation too: the restarted source host's "Cleaning up allocations ...
 * evacuated from this host" (~6.5 s after end_utc, under its own init_host request ID, see that truth.json's notes)
 * is among its lines and events, but follows its last step and does not end it (Nova's instance action ends with
 * the rebuild on the destination).
 * A refused request is finished when the API answers. That matters in 15-evacuate: the uwsgi worker logs the next
 * CLI's `GET /v2.1` (version discovery, a different HTTP request answered 200) ~4 s later under the refused
 * evacuate's stale request ID; it is not part of the operation, and neither is the restarted source host's
 * allocation clean-up (02:43:17.9, ~18 s later), which follows the accepted evacuation.
 */
const EARLY_MS = 1_000;
const LATE_MS = 1_000;

interface Expected {
  readonly requestId: string | null;
  readonly type: string;
  readonly variant: string | null;
  readonly instance: string;
  readonly outcome: Outcome;
  readonly window: readonly [number, number];
  /** Hosts the operation's `hosts` must include. */
  readonly hosts: readonly string[];
  /** For a failed operation: text its error message must contain (null: only that there is an error). */
  readonly fault: string | null;
  /** Field -> expected value, compared with the matched operation's projection. */
  readonly row: Record<string, unknown>;
}

function outcomeOf(op: TruthOperation): Outcome {
  if (op.outcome === 'success') return 'succeeded';
  if (op.outcome === 'expected-failure' && typeof op.http_status === 'number') {
    // 4xx/5xx: the API refused it. 2xx: accepted, then a service failed it (02-boot-novalidhost: NoValidHost).
    return op.http_status >= 400 ? 'rejected' : 'failed';
  }
  throw new Error(`${op.operation}: truth outcome ${op.outcome} with HTTP ${String(op.http_status)} has no novatrace outcome`);
}

/** When an operation of this truth operation may start and end (see EARLY_MS). */
function windowOf(op: TruthOperation): readonly [number, number] {
  return [Date.parse(op.start_utc) - EARLY_MS, Date.parse(op.end_utc) + LATE_MS];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const within = (w: readonly [number, number]): string => `within ${iso(w[0])} .. ${iso(w[1])}`;

/** Nova's own instance-action record of a request (absent for requests the API refused). */
function actionOf(truth: Truth, instance: string, requestId: string | null): TruthAction | undefined {
  return truth.nova_records[instance]?.instance_actions.find((a) => a.request_id === requestId);
}

function expectedOf(truth: Truth, op: TruthOperation): Expected {
  const mapped = TYPE_OF[op.operation];
  if (!mapped) throw new Error(`${truth.scenario}: truth operation ${op.operation} is not mapped to a novatrace type`);
  const [type, variant] = mapped;
  const instance = op.server_uuid;
  if (!instance) throw new Error(`${truth.scenario}: truth operation ${op.operation} has no server_uuid`);
  const requestId = op.x_openstack_request_id ?? null;
  const outcome = outcomeOf(op);
  const window = windowOf(op);

  const row: Record<string, unknown> = {
    truth: `${op.operation} ${requestId ?? '(no request id)'}`,
    matches: 1,
    type,
    instance,
    httpStatus: op.http_status ?? null,
    outcome,
    start: within(window),
    end: within(window),
  };
  // The API request's local ID comes first in requestIds (the x-openstack-request-id the CLI got back).
  if (requestId) row['firstRequestId'] = requestId;
  if (type === 'reboot') row['variant'] = variant;

  // Hosts: a boot's host is where it landed (dest_host, or final.host in 19-storm where dest_host is null), and
  // every compute host that Nova recorded an event for under this request ID logged for it.
  const hosts = new Set<string>();
  if (type === 'boot' && outcome === 'succeeded') {
    if (op.dest_host) hosts.add(op.dest_host);
    if (op.final?.host) hosts.add(op.final.host);
  }
  const action = actionOf(truth, instance, requestId);
  for (const event of action?.events ?? []) if (event.event.startsWith('compute_') && event.host) hosts.add(event.host);
  const mustHost = [...hosts].sort();
  row['hosts'] = `contains ${mustHost.join(', ') || '(nothing required)'}`;

  // Moves. For other types truth's source/dest only say where the server was, so they are not compared; for a
  // refused move (15-evacuate while the source is up, no --host) truth's dest_host is the host the server stayed
  // on, not a destination anyone chose, so neither is compared.
  if (MOVES.has(type) && outcome !== 'rejected') {
    if (op.source_host) row['source'] = op.source_host;
    if (op.dest_host) row['destination'] = op.dest_host;
  }
  if (type === 'unshelve' && op.dest_host) row['destination'] = op.dest_host;

  // Nova's instance-action record names the user and project of the request.
  if (action) {
    row['user'] = action.user_id;
    row['project'] = action.project_id;
  }

  // 02-boot-novalidhost: the server's fault is "No valid host was found. ".
  const fault = op.final?.fault?.message?.trim() || null;
  if (outcome === 'failed') row['error'] = fault ? `contains "${fault}"` : 'present';
  return { requestId, type, variant, instance, outcome, window, hosts: mustHost, fault, row };
}

/** The matched operation seen through the same fields as the expected row: equal exactly when it meets them. */
function projection(expected: Expected, candidates: readonly Operation[]): Record<string, unknown> {
  const e = expected.row;
  const op = candidates[0];
  if (!op) return { truth: e['truth'], matches: 0 };
  const inWindow = (t: string): string => {
    const ms = Date.parse(t);
    return ms >= expected.window[0] && ms <= expected.window[1] ? within(expected.window) : `${t}, not ${within(expected.window)}`;
  };
  const row: Record<string, unknown> = {
    truth: e['truth'],
    matches: candidates.length,
    type: op.type,
    instance: op.instance,
    httpStatus: op.httpStatus,
    outcome: op.outcome,
    start: inWindow(op.start),
    end: inWindow(op.end),
  };
  if ('firstRequestId' in e) row['firstRequestId'] = op.requestIds[0];
  if ('variant' in e) row['variant'] = op.variant;
  const missing = expected.hosts.filter((h) => !op.hosts.includes(h));
  row['hosts'] = missing.length === 0 ? e['hosts'] : `[${op.hosts.join(', ')}] lacks ${missing.join(', ')}`;
  if ('source' in e) row['source'] = op.source;
  if ('destination' in e) row['destination'] = op.destination;
  if ('user' in e) row['user'] = op.user;
  if ('project' in e) row['project'] = op.project;
  if ('error' in e) {
    if (!op.error) row['error'] = null;
    else if (expected.fault === null || op.error.message.includes(expected.fault)) row['error'] = e['error'];
    else row['error'] = op.error.message;
  }
  return row;
}

/** The novatrace operations a truth operation corresponds to: by request ID, else by type, instance and time. */
function candidatesFor(expected: Expected, ops: readonly Operation[]): Operation[] {
  if (expected.requestId !== null) return ops.filter((o) => o.requestIds.includes(expected.requestId as string));
  return ops.filter((o) => o.type === expected.type && o.instance === expected.instance
    && Date.parse(o.start) >= expected.window[0] && Date.parse(o.end) <= expected.window[1]);
}

const describeOp = (o: Operation): string => `${o.type} ${String(o.instance)} [${o.requestIds.join(', ')}] ${o.start}`;

// ---- scenarios ----

const SCENARIOS: string[] = HAS_REALDATA
  ? readdirSync(RIG, { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d\d-/.test(d.name)).map((d) => d.name).sort()
  : ['(realdata absent)'];

const readTruth = (scenario: string): Truth => JSON.parse(readFileSync(join(RIG, scenario, 'truth.json'), 'utf8')) as Truth;

const reports = new Map<string, Promise<Report>>();
function analyze(scenario: string): Promise<Report> {
  let report = reports.get(scenario);
  if (!report) {
    report = runCli(['analyze', '--json', join(RIG, scenario)]).then((r) => {
      expect(r.stderr, `${scenario}: stderr`).toBe('');
      expect([0, 1], `${scenario}: exit code ${String(r.code)}`).toContain(r.code);
      return JSON.parse(r.stdout) as Report;
    });
    reports.set(scenario, report);
  }
  return report;
}

describe.skipIf(!HAS_REALDATA)('analyze --json on zed-rig scenarios matches truth.json', () => {
  it('finds the 19 recorded scenarios', () => {
    expect(SCENARIOS).toHaveLength(19);
  });

  it.each(SCENARIOS)('%s', async (scenario) => {
    const truth = readTruth(scenario);
    expect(truth.scenario).toBe(scenario);
    const serverOps = truth.operations.filter((op) => !SERVICE_ACTIONS.has(op.operation));
    const serviceOps = truth.operations.filter((op) => SERVICE_ACTIONS.has(op.operation));
    for (const op of serviceOps) expect(op.server_uuid ?? null, `${op.operation} is a service action`).toBeNull();
    const expected = serverOps.map((op) => expectedOf(truth, op));

    const report = await analyze(scenario);
    const ops = report.operations;

    // Each truth operation is exactly one novatrace operation, with the truth's type, instance, status, outcome...
    const matched = new Set<Operation>();
    const actualRows = expected.map((e) => {
      const candidates = candidatesFor(e, ops);
      for (const c of candidates) matched.add(c);
      return projection(e, candidates);
    });
    expect(actualRows).toEqual(expected.map((e) => e.row));

    // ...and nothing else is one: not the polling GETs, the CLI's lookups, periodic tasks or the service actions.
    expect(ops.filter((o) => !matched.has(o)).map(describeOp), 'operations no truth operation accounts for').toEqual([]);
    const notOperations = new Map<string, string>();
    for (const id of truth.poll_request_ids) notOperations.set(id, 'the rig polling');
    for (const op of truth.operations) {
      for (const call of op.nova_api_calls ?? []) {
        if (call.request_id !== op.x_openstack_request_id || SERVICE_ACTIONS.has(op.operation)) {
          notOperations.set(call.request_id, `${op.operation}: ${call.method} ${call.url}`);
        }
      }
      if (SERVICE_ACTIONS.has(op.operation) && op.x_openstack_request_id) notOperations.set(op.x_openstack_request_id, op.operation);
    }
    const leaked = ops.flatMap((o) => o.requestIds.filter((id) => notOperations.has(id)).map((id) => `${id} (${notOperations.get(id) ?? ''}) in ${describeOp(o)}`));
    expect(leaked, 'request IDs that are not operations').toEqual([]);

    // Sorted by start time; the summary counts the same operations.
    const starts = ops.map((o) => Date.parse(o.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const zero = (): Record<Outcome, number> => ({ succeeded: 0, failed: 0, rejected: 0, incomplete: 0 });
    const byOutcome = zero();
    const byType: Record<string, Record<Outcome, number>> = {};
    for (const e of expected) {
      byOutcome[e.outcome] += 1;
      const counts = (byType[e.type] ??= zero());
      counts[e.outcome] += 1;
    }
    // No request of the rig was answered with a server error (the raw API log has no 5xx): no api-error event.
    const fiveHundreds = readFileSync(join(RIG, scenario, 'n-api.log'), 'utf8').split('\n').filter((l) => /" status: 5\d\d /.test(l)).length;
    expect(report.summary).toEqual({ total: expected.length, byOutcome, byType, apiErrors: fiveHundreds });
  });

  it('19-storm: 8 concurrent boots, then 8 concurrent deletes, all succeeded, each found by its request ID', async () => {
    const truth = readTruth('19-storm');
    const creates = truth.operations.filter((op) => op.operation === 'server-create');
    const deletes = truth.operations.filter((op) => op.operation === 'server-delete');
    expect([creates.length, deletes.length, truth.operations.length]).toEqual([8, 8, 16]);
    const ops = (await analyze('19-storm')).operations;
    const found = (op: TruthOperation): string => {
      const hits = ops.filter((o) => o.requestIds.includes(op.x_openstack_request_id ?? '(none)'));
      return hits.map((o) => `${o.type} ${String(o.instance)} ${o.outcome}`).join(' | ') || 'not found';
    };
    expect(creates.map(found)).toEqual(creates.map((op) => `boot ${String(op.server_uuid)} succeeded`));
    expect(deletes.map(found)).toEqual(deletes.map((op) => `delete ${String(op.server_uuid)} succeeded`));
  });
});

// ---- the compute logs alone ----

/**
 * What compute alone cannot show, per truth operation (scenario and operation): the rest must each be found, by
 * request ID. The boot refused by the scheduler never reached a compute host; the fake driver sends no lifecycle
 * events, so the power-state sync never names a start or a suspend; the refused requests and lock/unlock end in
 * the API.
 */
const NOT_ON_COMPUTE = [
  '02-boot-novalidhost server-create', '04-start server-start', '08-suspend-resume server-suspend',
  '15-evacuate server-evacuate-while-source-up', '17-lock-unlock server-lock', '17-lock-unlock server-stop-while-locked-by-member',
  '17-lock-unlock server-unlock',
];

/** Types compute names otherwise: a resize runs the cold migration's code with another flavor, which compute does not log. */
const COMPUTE_TYPE: Readonly<Record<string, string>> = { resize: 'migrate' };

describe.skipIf(!HAS_REALDATA)('analyze --json on zed-rig\'s compute logs alone (full/n-cpu-*.log)', () => {
  it('finds each operation that reached compute, of its type, within the rig\'s window (no line of the next one)', async () => {
    const full = join(RIG, 'full');
    const r = await runCli(['analyze', '--json', join(full, 'n-cpu-compute1.log'), join(full, 'n-cpu-compute2.log')]);
    expect([r.stderr, r.code]).toEqual([NO_API_WARNING, 0]);
    const ops = (JSON.parse(r.stdout) as Report).operations;
    const wanted = SCENARIOS.map(readTruth).flatMap((truth) => truth.operations
      .filter((op) => !SERVICE_ACTIONS.has(op.operation) && !NOT_ON_COMPUTE.includes(`${truth.scenario} ${op.operation}`))
      .map((op) => ({ truth, op })));
    expect(wanted).toHaveLength(SCENARIOS.length > 1 ? 36 : 0);
    const rows = (pick: (w: (typeof wanted)[number]) => Record<string, unknown>) => wanted.map(pick);
    const expectedRows = rows(({ truth, op }) => {
      const [type] = TYPE_OF[op.operation] ?? ['?'];
      const window = windowOf(op);
      return { truth: `${truth.scenario} ${op.operation}`, type: COMPUTE_TYPE[type as string] ?? type, instance: op.server_uuid, start: within(window), end: within(window) };
    });
    const actualRows = rows(({ truth, op }) => {
      const window = windowOf(op);
      const found = ops.filter((o) => o.requestIds.includes(op.x_openstack_request_id ?? '(none)'));
      const o = found[0];
      if (found.length !== 1 || o === undefined) return { truth: `${truth.scenario} ${op.operation}`, found: found.length };
      const inWindow = (t: string): string => (Date.parse(t) >= window[0] && Date.parse(t) <= window[1] ? within(window) : `${t}, not ${within(window)}`);
      return { truth: `${truth.scenario} ${op.operation}`, type: o.type, instance: o.instance, start: inWindow(o.start), end: inWindow(o.end) };
    });
    expect(actualRows).toEqual(expectedRows);
    expect(ops).toHaveLength(wanted.length);
  });
});

// ---- nova at INFO, its default: the same recording without its DEBUG lines ----

/** What INFO lines cannot name: the action's body is DEBUG, its refusal (409 locked) names no action, and compute
 * (the fake driver) logs nothing at INFO for these. */
const UNNAMED_AT_INFO = [
  '03-stop server-stop', '04-start server-start', '08-suspend-resume server-suspend', '17-lock-unlock server-lock',
  '17-lock-unlock server-stop-while-locked-by-member', '17-lock-unlock server-unlock',
];

describe.skipIf(!HAS_REALDATA)('analyze --json on zed-rig\'s full logs without their DEBUG lines (nova at INFO)', () => {
  it('names every other operation, confirm-resize by its 204 and the refused evacuate by its refusal, and warns of the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-info-'));
    const full = join(RIG, 'full');
    for (const name of readdirSync(full)) {
      const lines = readFileSync(join(full, name), 'utf8').split('\n');
      writeFileSync(join(dir, name), lines.filter((l) => !/^\S+ \S+ \d+ DEBUG /.test(l)).join('\n'));
    }
    const r = await runCli(['analyze', '--json', dir]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const truths = SCENARIOS.map(readTruth).flatMap((truth) => truth.operations
      .filter((op) => !SERVICE_ACTIONS.has(op.operation)).map((op) => ({ key: `${truth.scenario} ${op.operation}`, op })));
    const named = truths.filter((t) => !UNNAMED_AT_INFO.includes(t.key));
    const row = (key: string, type: string | undefined, id: string | null | undefined) => `${key}: ${type ?? 'not found'} ${id ?? ''}`;
    expect(named.map(({ key, op }) => {
      const found = report.operations.filter((o) => o.requestIds.includes(op.x_openstack_request_id ?? '(none)'));
      return row(key, found.length === 1 ? found[0]?.type : `${found.length} operations`, op.x_openstack_request_id);
    })).toEqual(named.map(({ key, op }) => {
      // Compute names the actions whose body the API did not log, and it tells no resize from a cold migration.
      const type = TYPE_OF[op.operation]?.[0] ?? '?';
      return row(key, COMPUTE_TYPE[type] ?? type, op.x_openstack_request_id);
    }));
    // Anything else is the rig's own work between scenarios (deleting 02's failed server), outside every slice.
    const truthIds = new Set(truths.map((t) => t.op.x_openstack_request_id));
    const slices = SCENARIOS.map(readTruth).map((t) => [Date.parse(t.slice_start_utc), Date.parse(t.slice_end_utc)] as const);
    const extra = report.operations.filter((o) => !o.requestIds.some((id) => truthIds.has(id)));
    expect(extra.filter((o) => slices.some(([a, b]) => Date.parse(o.start) >= a && Date.parse(o.start) <= b)).map(describeOp)).toEqual([]);
    // The warning counts the six and names the first of them (in the order their requests closed).
    const unnamedIds = truths.filter((t) => UNNAMED_AT_INFO.includes(t.key)).map((t) => t.op.x_openstack_request_id as string);
    const warning = report.warnings.find((w) => w.startsWith('6 server actions (POST /servers/<id>/action) named by no line'));
    expect(warning).toBeDefined();
    const cited = [...(warning ?? '').matchAll(/req-[0-9a-f-]{36}/g)].map((m) => m[0]);
    expect(cited).toHaveLength(3);
    for (const id of cited) expect(unnamedIds).toContain(id);
  });
});

// ---- one compute host's log missing ----

describe.skipIf(!HAS_REALDATA)('analyze --json on zed-rig\'s full logs with one compute host\'s log missing', () => {
  // Where the instance is comes from the operations before: a confirm-resize works on the host the instance left,
  // and a revert takes it back to the host the resize left. Expected hosts are truth.json's.
  it.each(['compute1', 'compute2'])('without %s, every accepted move has the truth\'s source and destination', async (missing) => {
    const full = join(RIG, 'full');
    const files = readdirSync(full).filter((n) => n !== `n-cpu-${missing}.log`).map((n) => join(full, n));
    const r = await runCli(['analyze', '--json', ...files]);
    expect(r.stderr).toBe('');
    const ops = (JSON.parse(r.stdout) as Report).operations;
    const moves = SCENARIOS.map(readTruth).flatMap((truth) => truth.operations
      .filter((op) => [...MOVES, 'revert-resize', 'unshelve'].includes(TYPE_OF[op.operation]?.[0] ?? '') && outcomeOf(op) === 'succeeded'));
    expect(moves).toHaveLength(6);
    const row = (id: string | null | undefined, source: string | null | undefined, destination: string | null | undefined) => `${id ?? '?'}: ${source ?? '-'} -> ${destination ?? '-'}`;
    expect(moves.map((op) => {
      const found = ops.find((o) => o.requestIds.includes(op.x_openstack_request_id ?? '(none)'));
      return row(op.x_openstack_request_id, found?.source, found?.destination);
    })).toEqual(moves.map((op) => row(op.x_openstack_request_id, op.source_host, op.dest_host)));
  });
});

// ---- zed-rig's full logs cut where a rotation or a copy would cut them ----

const FULL = join(RIG, 'full');
const FULL_TEXTS = HAS_REALDATA ? readdirSync(FULL).map((name) => ({ name, lines: readFileSync(join(FULL, name), 'utf8').split('\n') })) : [];

/** zed-rig's full logs, each cut by `keep` (see cutLog), in a temporary folder handed to `use`. */
async function withCutLogs(keep: (stamp: string) => boolean, use: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'novatrace-cut-'));
  try {
    for (const { name, lines } of FULL_TEXTS) writeFileSync(join(dir, name), cutLog(lines, keep));
    await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function operationsIn(dir: string): Promise<Report['operations']> {
  const r = await runCli(['analyze', '--json', dir]);
  return (JSON.parse(r.stdout) as Report).operations;
}

// ---- the logs begin in the middle of an operation ----

describe.skipIf(!HAS_REALDATA)('analyze --json on zed-rig\'s full logs that begin just after an operation\'s API answer', () => {
  // Every file cut at the instant after nova-api's access line of the mutating call (as if the earlier lines were in
  // a rotated file): what compute and the conductor logged afterwards has no API line. Each such request is either a
  // row named from compute's lines or counted unnamed, and a warning names it: none vanishes unsaid. Lock and
  // unlock are the API's alone: nothing of them is left. Expected types and request IDs are truth.json's.
  const API_ONLY = new Set(['lock', 'unlock']);
  const ACCESS_LINE = /^(\S+ \S+) \d+ INFO nova\.api\.openstack\.requestlog .*"(?:POST|PUT|DELETE) /;
  const cases = !HAS_REALDATA ? [] : SCENARIOS.filter((s) => s !== '19-storm').map(readTruth).flatMap((truth) => truth.operations
    .filter((op) => op.x_openstack_request_id && (op.http_status ?? 0) < 400 && !SERVICE_ACTIONS.has(op.operation))
    .map((op) => ({ name: `${truth.scenario} ${op.operation}`, op })));
  const apiLines = FULL_TEXTS.find((t) => t.name === 'n-api.log')?.lines ?? [];

  it('covers every accepted operation of the sequential scenarios', () => {
    expect(cases.length).toBe(25);
  });

  it.each(cases)('$name', async ({ op }) => {
    const id = op.x_openstack_request_id as string;
    const access = apiLines.filter((l) => l.includes(id) && ACCESS_LINE.test(l));
    expect(access).toHaveLength(1);
    const stamp = (ACCESS_LINE.exec(access[0] as string)?.[1] as string).slice(0, 23);
    await withCutLogs((at) => at > stamp, async (dir) => {
      const r = await runCli(['analyze', '--json', dir]);
      expect(r.stderr).not.toContain('Error');
      const report = JSON.parse(r.stdout) as Report;
      const type = TYPE_OF[op.operation]?.[0] as string;
      const rows = report.operations.filter((o) => o.requestIds.includes(id));
      const cited = report.warnings.filter((w) => w.includes(id));
      if (API_ONLY.has(type)) {
        expect({ rows: rows.length, cited }).toEqual({ rows: 0, cited: [] });
        return;
      }
      // Compute logs a resize as it logs a cold migration; the warning says so.
      expect(rows.map((o) => o.type)).toEqual(rows.length === 0 ? [] : [type === 'resize' ? 'migrate' : type]);
      expect(rows.map((o) => o.httpStatus)).toEqual(rows.map(() => null));
      expect(cited).toHaveLength(1);
      expect(cited[0]).toMatch(/^1 request that compute or the conductor logged about an instance has no line in the API log given \(an earlier, rotated file, or another nova-api served it\): /);
      expect(cited[0]).toContain(rows.length === 1 ? `1 named from compute's lines alone (a resize reads as a migrate) (${id})` : `1 naming no operation (${id}; merge --request <id> shows the lines)`);
    });
  });
});

// ---- the log of one nova-api of two ----

describe.skipIf(!HAS_REALDATA)('analyze --json on zed-rig\'s full logs with one of its two nova-api workers\' lines left out', () => {
  // uwsgi ran two nova-api workers (pids 22606 and 22607) into one file: without 22607's lines it reads as one
  // nova-api node's log of two. Every request 22607 took that compute or the conductor went on with (its ID in
  // their context brackets) has no API line then: it is a row named from compute's lines or counted unnamed, and
  // the warning counts exactly those. Expected values come from the raw logs.
  it('warns of exactly the requests the other worker took that compute or the conductor logged', async () => {
    const api = FULL_TEXTS.find((t) => t.name === 'n-api.log')?.lines ?? [];
    const services = FULL_TEXTS.filter((t) => t.name.startsWith('n-cpu') || t.name === 'n-cond.log').flatMap((t) => t.lines).join('\n');
    const taken = new Set(api.map((l) => /^\S+ \S+ 22607 INFO nova\.api\.openstack\.requestlog \[None (req-[0-9a-f-]{36}) .*"(?:POST|PUT|DELETE) /.exec(l)?.[1])
      .filter((id): id is string => id !== undefined));
    const reached = [...taken].filter((id) => services.includes(`[None ${id} `));
    expect(reached.length).toBeGreaterThan(0);
    await withCutLogs(() => true, async (dir) => {
      writeFileSync(join(dir, 'n-api.log'), (() => {
        let keep = true;
        return api.filter((l) => {
          const pid = /^\S+ \S+ (\d+) /.exec(l)?.[1];
          if (pid !== undefined) keep = pid !== '22607';
          return keep;
        }).join('\n');
      })());
      const r = await runCli(['analyze', '--json', dir]);
      const report = JSON.parse(r.stdout) as Report;
      const warning = report.warnings.find((w) => w.includes('no line in the API log given')) ?? '';
      const m = /^(\d+) requests .*?: (\d+) named from compute's lines alone .*; (\d+) naming no operation /.exec(warning);
      expect(m?.slice(1).map(Number)).toEqual([reached.length, expect.any(Number), expect.any(Number)]);
      // The rows without an API phase are those requests' operations.
      const rows = report.operations.filter((o) => !o.phases.some((p) => p.service === 'api'));
      expect(rows.length).toBe(Number(m?.[2]));
      expect(rows.filter((o) => !reached.includes(o.requestIds[0] ?? '')).map((o) => `${o.type} ${o.requestIds[0] ?? ''}`)).toEqual([]);
    });
  });
});

// ---- the logs end while nova-api is still working on a request ----

describe.skipIf(!HAS_REALDATA)('analyze --json on zed-rig\'s full logs that end just before an operation\'s API answer', () => {
  // Every file cut at the instant of nova-api's access line of the mutating call: the dispatch line (`Action: ...,
  // body: {...}`, or `Calling method '<bound method ServersController.delete ...>'`) and the API's lines about the
  // instance are there, the answer is not. Each accepted operation, storm included, is then one row of its truth
  // type on its truth instance, incomplete, with no HTTP status. Before, an action whose compute side had not begun
  // (stop, pause, snapshot, lock, delete...) was in no row at all.
  const ACCESS_LINE = /^(\S+ \S+) \d+ INFO nova\.api\.openstack\.requestlog .*"(?:POST|PUT|DELETE) /;
  const cases = !HAS_REALDATA ? [] : SCENARIOS.map(readTruth).flatMap((truth) => truth.operations
    .filter((op) => op.x_openstack_request_id && (op.http_status ?? 0) < 400 && !SERVICE_ACTIONS.has(op.operation))
    .map((op) => ({ name: `${truth.scenario} ${op.operation} ${op.server_uuid ?? ''}`, op })));
  const apiLines = FULL_TEXTS.find((t) => t.name === 'n-api.log')?.lines ?? [];
  const computeLines = (id: string): string[] => FULL_TEXTS.filter((t) => t.name.startsWith('n-cpu')).flatMap((t) => t.lines).filter((l) => l.includes(id)).sort();

  it('covers every accepted operation', () => {
    expect(cases.length).toBe(25 + 16);
  });
  // The rig deleted 02's server, which NoValidHost left on no host, between scenarios: nova-api deletes it
  // itself ("Doing local delete in cell ...", "instance's host None is down, deleting from database"; catalog 7.5)
  // and no compute line follows. Logs that end seconds after the API's 204 show it done, not waiting for compute.
  it('02-boot-novalidhost\'s server: a local delete is done when the API answers, even as the logs end', async () => {
    const server = readTruth('02-boot-novalidhost').operations[0]?.server_uuid as string;
    const access = apiLines.find((l) => ACCESS_LINE.test(l) && l.includes(`"DELETE /v2.1/servers/${server}" status: 204`)) as string;
    expect(access).toBeDefined();
    const id = /\[None (req-[0-9a-f-]{36}) /.exec(access)?.[1] as string;
    expect(apiLines.some((l) => l.includes(id) && l.includes('deleting from database'))).toBe(true);
    const end = new Date(Date.parse(`${access.slice(0, 23).replace(' ', 'T')}Z`) + 5_000).toISOString().replace('T', ' ').slice(0, 23);
    await withCutLogs((at) => at < end, async (dir) => {
      const found = (await operationsIn(dir)).filter((o) => o.requestIds.includes(id));
      expect(found.map((o) => [o.type, o.instance, o.outcome, o.httpStatus])).toEqual([['delete', server, 'succeeded', 204]]);
    });
  });

  // Logs that end a few milliseconds after the stop's dispatch line, before the API's next line names the instance:
  // no operation can be built (its ID names the instance), and a warning says so.
  it('03-stop: logs that end between the dispatch line and any line naming the instance warn of the request', async () => {
    const op = readTruth('03-stop').operations.find((o) => o.operation === 'server-stop') as TruthOperation;
    const id = op.x_openstack_request_id as string;
    const mine = apiLines.filter((l) => l.includes(`[None ${id} `));
    const dispatched = mine.find((l) => l.includes("Action: 'action'")) as string;
    const named = mine.find((l) => l.includes(`[instance: ${op.server_uuid ?? ''}]`)) as string;
    expect([dispatched, named].every((l) => l !== undefined)).toBe(true);
    expect(dispatched.slice(0, 23) < named.slice(0, 23)).toBe(true);
    await withCutLogs((at) => at <= dispatched.slice(0, 23), async (dir) => {
      const r = await runCli(['analyze', '--json', dir]);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.operations.filter((o) => o.requestIds.includes(id))).toEqual([]);
      expect(report.warnings).toContain(`1 request nova-api had taken and not answered when the logs end, before any line named its instance: in no row (${id}; merge --request <id> shows the lines)`);
    });
  });

  // A live migration and a revert-resize always end with a line of the compute manager's own (catalog 7.16, 7.15):
  // logs that end after the operation began on compute and before that line end mid-operation.
  it.each([
    ['16-live-migrate', 'server-live-migrate', 'pre_live_migration data is', 'Post operation of migration started'],
    ['14-resize-revert', 'server-resize-revert', 'Swapping old allocation on', 'Updating instance to original state'],
  ])('%s: logs that end after "%s"\'s "%s" and before "%s" give it incomplete', async (scenario, name, after, last) => {
    const op = readTruth(scenario).operations.find((o) => o.operation === name) as TruthOperation;
    const id = op.x_openstack_request_id as string;
    const compute = computeLines(id);
    const begun = compute.find((l) => l.includes(after)) as string;
    const ended = compute.find((l) => l.includes(last)) as string;
    expect([begun, ended].every((l) => l !== undefined)).toBe(true);
    expect(begun.slice(0, 23) < ended.slice(0, 23)).toBe(true);
    await withCutLogs((at) => at <= begun.slice(0, 23), async (dir) => {
      const found = (await operationsIn(dir)).filter((o) => o.requestIds.includes(id));
      expect(found.map((o) => [o.type, o.outcome, o.outcomeReason, o.httpStatus])).toEqual([[TYPE_OF[name]?.[0], 'incomplete', 'the logs end before the line compute always logs when it finishes', op.http_status]]);
    });
  });

  // Rescue, unrescue, pause, unpause and resume take no instance lock and log no line of their own when they finish:
  // their last step is to read the guest's power state, `Checking state` (DEBUG, under the request's ID; catalog 7.6
  // to 7.8, `_get_power_state`). This rig's compute logs at DEBUG: logs that end after the operation's first compute
  // line and before that one end mid-operation. Before, each read succeeded.
  const POWER_STATE_LAST: readonly (readonly [scenario: string, name: string, begin: string])[] = [
    ['09-rescue-unrescue', 'server-rescue', 'Rescuing'],
    ['09-rescue-unrescue', 'server-unrescue', 'Unrescuing'],
    ['07-pause-unpause', 'server-pause', 'Pausing'],
    ['07-pause-unpause', 'server-unpause', 'Unpausing'],
    ['08-suspend-resume', 'server-resume', 'Resuming'],
  ];
  const powerStateCut = (scenario: string, name: string, begin: string): { op: TruthOperation; id: string; begun: string; read: string } => {
    const op = readTruth(scenario).operations.find((o) => o.operation === name) as TruthOperation;
    const id = op.x_openstack_request_id as string;
    const compute = computeLines(id);
    const begun = compute.find((l) => l.endsWith(`] ${begin}`)) as string;
    const read = compute.find((l) => / DEBUG nova\.compute\.manager .*\] Checking state \{\{/.test(l)) as string;
    expect([begun, read].every((l) => l !== undefined)).toBe(true);
    expect(begun.slice(0, 23) < read.slice(0, 23)).toBe(true);
    return { op, id, begun, read };
  };
  it.each(POWER_STATE_LAST)('%s: logs that end after %s\'s "%s" and before its "Checking state" give it incomplete', async (scenario, name, begin) => {
    const { op, id, begun } = powerStateCut(scenario, name, begin);
    await withCutLogs((at) => at <= begun.slice(0, 23), async (dir) => {
      const found = (await operationsIn(dir)).filter((o) => o.requestIds.includes(id));
      expect(found.map((o) => [o.type, o.outcome, o.outcomeReason, o.httpStatus])).toEqual([[TYPE_OF[name]?.[0], 'incomplete',
        'the logs end before compute logged "Checking state", its last step', op.http_status]]);
    });
  });
  it.each(POWER_STATE_LAST)('%s: logs that end just after %s\'s "Checking state" give it succeeded', async (scenario, name, begin) => {
    const { op, id, read } = powerStateCut(scenario, name, begin);
    await withCutLogs((at) => at <= read.slice(0, 23), async (dir) => {
      const found = (await operationsIn(dir)).filter((o) => o.requestIds.includes(id));
      expect(found.map((o) => [o.type, o.outcome, o.outcomeReason, o.httpStatus])).toEqual([[TYPE_OF[name]?.[0], 'succeeded', null, op.http_status]]);
    });
  });
  // A compute log at INFO never has the line: its absence says nothing there, and the rule does not apply.
  it('09-rescue-unrescue: the same cut with compute logging at INFO does not call the rescue incomplete', async () => {
    const { id, begun } = powerStateCut('09-rescue-unrescue', 'server-rescue', 'Rescuing');
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-cut-info-'));
    try {
      for (const { name, lines } of FULL_TEXTS) {
        const cut = cutLog(lines, (at) => at <= begun.slice(0, 23)).split('\n');
        writeFileSync(join(dir, name), (name.startsWith('n-cpu') ? cut.filter((l) => !/^\S+ \S+ \d+ DEBUG /.test(l)) : cut).join('\n'));
      }
      const found = (await operationsIn(dir)).filter((o) => o.requestIds.includes(id));
      expect(found.map((o) => [o.type, o.outcome])).toEqual([['rescue', 'succeeded']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A delete destroys the guest first, then deallocates the network and deletes the allocations, all under the
  // instance lock (catalog 7.5): logs that end after the destruction, with the lock still held, end mid-delete.
  it('18-delete: logs that end after "Took N seconds to destroy the instance" but before the lock is released give it incomplete', async () => {
    const op = readTruth('18-delete').operations.find((o) => o.operation === 'server-delete') as TruthOperation;
    const id = op.x_openstack_request_id as string;
    const compute = computeLines(id);
    const destroyed = compute.find((l) => l.includes('seconds to destroy the instance on the hypervisor')) as string;
    const released = compute.find((l) => l.includes(`Lock "${op.server_uuid ?? ''}" "released" by`) && l.includes('do_terminate_instance')) as string;
    expect([destroyed, released].every((l) => l !== undefined)).toBe(true);
    expect(destroyed.slice(0, 23) < released.slice(0, 23)).toBe(true);
    await withCutLogs((at) => at <= destroyed.slice(0, 23), async (dir) => {
      const found = (await operationsIn(dir)).filter((o) => o.requestIds.includes(id));
      expect(found.map((o) => [o.type, o.outcome, o.outcomeReason, o.httpStatus])).toEqual([['delete', 'incomplete', 'compute took the instance lock and the logs end before it let go', op.http_status]]);
      // The table lists the incomplete ones and why, and trace says why in its first line.
      const table = (await runCli(['analyze', '--no-tui', dir])).stdout.split('\n');
      expect(table.slice(table.indexOf('incomplete:') + 1).filter((l) => l.includes(id)))
        .toEqual([expect.stringMatching(new RegExp(`^  \\S+Z  delete  ${id}  compute took the instance lock and the logs end before it let go$`))]);
      const t = await runCli(['trace', id, dir]);
      expect(t.stdout.split('\n')[0]).toMatch(new RegExp(`^delete of ${op.server_uuid ?? ''}: incomplete \\(compute took the instance lock and the logs end before it let go\\) \\(HTTP ${String(op.http_status)}\\), `));
    });
  });


  it.each(cases)('$name', async ({ op }) => {
    const id = op.x_openstack_request_id as string;
    const access = apiLines.filter((l) => l.includes(id) && ACCESS_LINE.test(l));
    expect(access).toHaveLength(1);
    const stamp = (ACCESS_LINE.exec(access[0] as string)?.[1] as string).slice(0, 23);
    await withCutLogs((at) => at < stamp, async (dir) => {
      const r = await runCli(['analyze', '--json', dir]);
      expect(r.stderr).toBe('');
      const found = (JSON.parse(r.stdout) as Report).operations.filter((o) => o.requestIds.includes(id));
      expect(found.map((o) => ({ type: o.type, instance: o.instance, outcome: o.outcome, why: o.outcomeReason, httpStatus: o.httpStatus })))
        .toEqual([{ type: TYPE_OF[op.operation]?.[0], instance: op.server_uuid, outcome: 'incomplete', why: 'nova-api took the request and the logs end before it answered', httpStatus: null }]);
    });
  });
});
