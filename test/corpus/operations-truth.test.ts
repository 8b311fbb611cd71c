// Operations against ground truth: what three real deployments did, read only from raw files (the fault-injection
// workload's own log, the raw nova-api access lines, tempest's log, the live-migration playbook's inventory and its
// ansible marks in os-log-merger's output), never from novatrace's output; `analyze --json` must report exactly that.
// Skipped, with the reason printed, only where ../shared/realdata is absent (a user's clone); CI has it.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HAS_REALDATA, REALDATA, cutLog, runCli } from '../helpers.js';
import type { AnalyzeJson, OperationJson, TraceJson } from '../analyze-json.js';

if (!HAS_REALDATA) {
  console.warn(`operation ground-truth tests skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
}
if (!HAS_REALDATA && process.env['CI']) {
  throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);
}

// ---- the analyze --json contract, as far as these tests read it ----


// One CLI run per distinct argument list, shared by every test that reads it.
const runs = new Map<string, Promise<unknown>>();

function cliJson<T>(args: readonly string[]): Promise<T> {
  const key = args.join('\0');
  let result = runs.get(key);
  if (result === undefined) {
    result = runCli(args).then((r) => {
      // 0 clean, 1 findings (failed or rejected operations); anything else is bad usage or a crash.
      if (r.code !== 0 && r.code !== 1) throw new Error(`novatrace ${args.slice(0, 3).join(' ')} ... exited ${r.code}: ${r.stderr.trim()}`);
      return JSON.parse(r.stdout) as unknown;
    });
    runs.set(key, result);
  }
  return result as Promise<T>;
}

const analyze = (args: readonly string[]): Promise<AnalyzeJson> => cliJson<AnalyzeJson>(['analyze', '--json', ...args]);

// ---- raw-file helpers ----

function readText(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Epoch ms of a zone-less `YYYY-MM-DD HH:MM:SS.ffffff` stamp read at the given UTC offset; microseconds kept as the fraction. */
function epochMs(stamp: string, offset: string): number {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{3})(\d*)$/.exec(stamp);
  if (!m) throw new Error(`not a time stamp: ${stamp}`);
  const ms = Date.parse(`${m[1]}T${m[2]}.${m[3]}${offset}`);
  return m[4] ? ms + Number(`0.${m[4]}`) : ms;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const shortHost = (host: string | null): string | null => (host === null ? null : host.split('.')[0] ?? host);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const REQ = `req-${UUID}`;

/** A nova-api access line: `<time> <pid> INFO nova.osapi_compute.wsgi.server [req-... ...] <ip> "<METHOD> <path> HTTP/1.1" status: NNN`. */
interface Access {
  readonly stamp: string;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

const ACCESS = new RegExp(`^(\\S+ \\S+) \\d+ INFO nova\\.osapi_compute\\.wsgi\\.server \\[(${REQ}) [^\\]]*\\] \\S+ "(POST|PUT|DELETE) (\\S+) HTTP/1\\.1" status: (\\d{3})`);

function accessLines(text: string): Access[] {
  const out: Access[] = [];
  for (const line of text.split('\n')) {
    const m = ACCESS.exec(line);
    if (m) out.push({ stamp: m[1] as string, requestId: m[2] as string, method: m[3] as string, path: m[4] as string, status: Number(m[5]) });
  }
  return out;
}

type RequestKind = 'boot' | 'delete' | 'attach-volume' | 'detach-volume' | 'action';

// Servers URLs of API v2 and v2.1, with or without the project in the path.
const SERVERS = '^/v2(?:\\.1)?(?:/[0-9a-f]{32})?/servers';
const REQUEST_KINDS: ReadonlyArray<readonly [string, RegExp, RequestKind]> = [
  ['POST', new RegExp(`${SERVERS}$`), 'boot'],
  ['DELETE', new RegExp(`${SERVERS}/(${UUID})$`), 'delete'],
  ['POST', new RegExp(`${SERVERS}/(${UUID})/os-volume_attachments$`), 'attach-volume'],
  ['DELETE', new RegExp(`${SERVERS}/(${UUID})/os-volume_attachments/${UUID}$`), 'detach-volume'],
  ['POST', new RegExp(`${SERVERS}/(${UUID})/action$`), 'action'],
];

/** What an API request was, from its method and path alone; null for requests that start no server operation. */
function classify(method: string, path: string): { kind: RequestKind; instance: string | null } | null {
  for (const [m, re, kind] of REQUEST_KINDS) {
    const hit = method === m ? re.exec(path) : null;
    if (hit) return { kind, instance: hit[1] ?? null };
  }
  return null;
}

// Server action bodies ({"<key>": ...}) that are operation types of the contract.
const ACTION_TYPES: Readonly<Record<string, string>> = {
  reboot: 'reboot', 'os-start': 'start', 'os-stop': 'stop', pause: 'pause', unpause: 'unpause', suspend: 'suspend',
  resume: 'resume', rescue: 'rescue', unrescue: 'unrescue', createImage: 'snapshot', rebuild: 'rebuild',
  evacuate: 'evacuate', shelve: 'shelve', shelveOffload: 'shelve-offload', unshelve: 'unshelve', migrate: 'migrate',
  resize: 'resize', confirmResize: 'confirm-resize', revertResize: 'revert-resize', 'os-migrateLive': 'live-migrate',
  lock: 'lock', unlock: 'unlock',
};

/** Request ID -> first key of the action body, from the API's DEBUG `Action: 'action', calling method: ..., body: {"<key>"` lines (Italian in Queens). */
function actionBodies(text: string): Map<string, string> {
  const re = new RegExp(`\\[(${REQ}) [^\\]]*\\] (?:Action|Azione): 'action', (?:calling method|metodo chiamata): .*?, (?:body|corpo): \\{"([^"]+)"`);
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

// =====================================================================================================
// 1. fault-injection-queens: the workload script's own log says which CLI calls ran, and when.
// =====================================================================================================

const QUEENS = join(REALDATA, 'fault-injection-queens', 'Nova');
// The workload's clock is the service logs' local clock, UTC+2: the server create's `created` field (UTC, "Z")
// falls between the [START] and [END] of that call only when they are read as +02:00 (checked below).
const QUEENS_TZ = '+02:00';
const QUEENS_SERVICES = ['nova-api', 'nova-conductor', 'nova-scheduler', 'nova-compute', 'nova-placement-api'];

function queensFiles(run: string): string[] {
  // Test_3 has no nova-conductor log (the boot never got past the API): pass the service logs the run has.
  return QUEENS_SERVICES.map((s) => join(QUEENS, run, 'nova', `${s}.log.bzip2.out`)).filter((p) => existsSync(p));
}

interface WorkloadCall {
  readonly command: string;
  readonly start: number;
  readonly end: number;
  /** The lines it printed; where the script logged no [END] (the call failed), up to the next [START]. */
  readonly output: readonly string[];
  /** What the client was told when the API refused the call (err log or the output): status and Request-ID. */
  readonly apiError: { readonly status: number; readonly requestId: string; readonly message: string } | null;
}

const STAMPED = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}) INFO \[sample_workload\.sh\]: (.*)$/;
const API_ERROR = new RegExp(`^API ERROR:\\s+(.*?) ; (.*) \\(HTTP (\\d{3})\\) \\(Request-ID: (${REQ})\\)$`);
const HTTP_ERROR = new RegExp(`^(.*) \\(HTTP (\\d{3})\\) \\(Request-ID: (${REQ})\\)$`);

function workloadLog(run: string, kind: 'out' | 'err'): string[] {
  const dir = join(QUEENS, run, 'foreground_wl');
  const name = readdirSync(dir).find((f) => f.endsWith(`.${kind}.log.bzip2.out`));
  return name === undefined ? [] : readText(join(dir, name)).split('\n');
}

function parseWorkload(run: string): WorkloadCall[] {
  const lines = workloadLog(run, 'out');
  const stamped: Array<{ time: number; text: string; index: number }> = [];
  lines.forEach((line, index) => {
    const m = STAMPED.exec(line);
    if (m) stamped.push({ time: epochMs(m[1] as string, QUEENS_TZ), text: m[2] as string, index });
  });

  interface Open { command: string; start: number; startIndex: number; end: number | null; endIndex: number | null; apiError: WorkloadCall['apiError'] }
  const calls: Open[] = [];
  let lastEnd: { time: number; index: number } | null = null;
  for (const s of stamped) {
    if (s.text.startsWith('[START] ')) {
      calls.push({ command: s.text.slice(8), start: s.time, startIndex: s.index, end: null, endIndex: null, apiError: null });
    } else if (s.text.startsWith('[END] ')) {
      const open = [...calls].reverse().find((c) => c.end === null && c.command === s.text.slice(6));
      if (open === undefined) throw new Error(`${run}: [END] without [START]: ${s.text}`);
      open.end = s.time;
      open.endIndex = s.index;
      lastEnd = { time: s.time, index: s.index };
    } else if (s.text.startsWith('Cleaned tempest created instance') && lastEnd !== null) {
      // The cleanup deletes the server with a call it does not wrap in [START]/[END]; it runs after the last
      // [END] and before this line.
      calls.push({ command: '(cleanup) server delete', start: lastEnd.time, startIndex: lastEnd.index, end: s.time, endIndex: s.index, apiError: null });
    }
  }

  // The err log: `API ERROR:  <command> ; <message> (HTTP NNN) (Request-ID: req-...)`.
  for (const line of workloadLog(run, 'err')) {
    const m = STAMPED.exec(line);
    const e = m ? API_ERROR.exec(m[2] as string) : null;
    if (!m || !e) continue;
    const time = epochMs(m[1] as string, QUEENS_TZ);
    const call = [...calls].reverse().find((c) => c.command === e[1] && c.start <= time);
    if (call === undefined) throw new Error(`${run}: API ERROR for a command that never started: ${e[1]}`);
    call.apiError = { status: Number(e[3]), requestId: e[4] as string, message: e[2] as string };
    if (call.end === null) call.end = time;
  }

  return calls.map((c) => {
    // A call with no [END] ends at its API ERROR line, else at the next line the script logged.
    const next = stamped.find((s) => s.index > c.startIndex);
    const end = c.end ?? next?.time;
    if (end === undefined) throw new Error(`${run}: ${c.command} never ends`);
    const nextStart = stamped.find((s) => s.index > c.startIndex && s.text.startsWith('[START] '));
    const output = lines.slice(c.startIndex + 1, c.endIndex ?? nextStart?.index ?? lines.length);
    let apiError = c.apiError;
    if (apiError === null) {
      // The out log also echoes the API's refusal: `<message> (HTTP NNN) (Request-ID: req-...)`.
      for (const line of output) {
        const m = STAMPED.exec(line);
        const e = m ? HTTP_ERROR.exec(m[2] as string) : null;
        if (e) apiError = { status: Number(e[2]), requestId: e[3] as string, message: e[1] as string };
      }
    }
    return { command: c.command, start: c.start, end, output, apiError };
  });
}

interface QueensOp {
  readonly call: WorkloadCall;
  readonly type: string;
  readonly variant: string | null;
  /** From the server create's output table, null where the create was refused. */
  readonly instance: string | null;
  /** The one API access line for it inside the call's window. */
  readonly access: Access;
}

function queensTruth(run: string): QueensOp[] {
  const calls = parseWorkload(run);
  const api = accessLines(readText(join(QUEENS, run, 'nova', 'nova-api.log.bzip2.out')));
  let instance: string | null = null;
  const ops: QueensOp[] = [];
  for (const call of calls) {
    let type: string;
    let kind: RequestKind;
    let variant: string | null = null;
    if (/^openstack server create\b/.test(call.command)) [type, kind] = ['boot', 'boot'];
    else if (/^openstack server add volume\b/.test(call.command)) [type, kind] = ['attach-volume', 'attach-volume'];
    // Queens' client adds a floating IP through nova-api's addFloatingIp server action (removed in 2.44).
    else if (/^openstack ip floating add\b/.test(call.command)) [type, kind] = ['add-floating-ip', 'action'];
    else if (/^openstack server remove volume\b/.test(call.command)) [type, kind] = ['detach-volume', 'detach-volume'];
    else if (/^openstack server reboot\b/.test(call.command)) {
      [type, kind] = ['reboot', 'action'];
      variant = /\s--hard\b/.test(call.command) ? 'hard' : 'soft';
    } else if (/^(?:openstack server delete|nova delete)\b|^\(cleanup\) server delete$/.test(call.command)) [type, kind] = ['delete', 'delete'];
    else continue;
    if (type === 'boot') {
      const id = call.output.map((l) => new RegExp(`^\\| id\\s+\\| (${UUID})\\s+\\|$`).exec(l)).find((m) => m !== null);
      instance = id ? (id[1] as string) : null;
    }
    const lo = call.start - 1000;
    const hi = call.end + 1000;
    const hits = api.filter((a) => {
      const t = epochMs(a.stamp, QUEENS_TZ);
      return t >= lo && t <= hi && classify(a.method, a.path)?.kind === kind;
    });
    if (hits.length !== 1) throw new Error(`${run}: ${hits.length} nova-api ${kind} requests answered during ${call.command}`);
    ops.push({ call, type, variant, instance, access: hits[0] as Access });
  }
  return ops;
}

const queensCache = new Map<string, QueensOp[]>();
function queens(run: string): QueensOp[] {
  let ops = queensCache.get(run);
  if (ops === undefined) {
    ops = queensTruth(run);
    queensCache.set(run, ops);
  }
  return ops;
}

interface QueensRow {
  readonly run: string;
  readonly index: number;
  readonly type: string;
  readonly variant: string | null;
  readonly httpStatus: number;
  readonly outcome: OperationJson['outcome'];
  readonly traceback?: RegExp;
}

// What the raw files show for each run (checked against them below before anything is asked of novatrace):
// Test_2 is the fault-free reference; the workload never runs `openstack server delete`, its cleanup deletes the
// server unwrapped (DELETE ... 204 between `nova list --all-tenant` and "Cleaned tempest created instance").
// Test_3's create is refused by the API: the client got HTTP 403 "Numero massimo di porte superato" and the API
// log answers that POST with 403 (under another request ID than the client's); the workload stops there.
// Test_12's build fails on compute with KeyError: 'dns'; its `ip floating add` is refused with HTTP 400 (`Instance
// network is not ready yet`, which the client does not print as an API ERROR), its `server add volume` with HTTP 409
// (the instance is in vm_state error), and the workload stops there.
const QUEENS_ROWS: readonly QueensRow[] = [
  { run: 'Test_2/logs/round_2', index: 0, type: 'boot', variant: null, httpStatus: 202, outcome: 'succeeded' },
  { run: 'Test_2/logs/round_2', index: 1, type: 'add-floating-ip', variant: null, httpStatus: 202, outcome: 'succeeded' },
  { run: 'Test_2/logs/round_2', index: 2, type: 'attach-volume', variant: null, httpStatus: 200, outcome: 'succeeded' },
  { run: 'Test_2/logs/round_2', index: 3, type: 'reboot', variant: 'hard', httpStatus: 202, outcome: 'succeeded' },
  { run: 'Test_2/logs/round_2', index: 4, type: 'delete', variant: null, httpStatus: 204, outcome: 'succeeded' },
  { run: 'Test_3/logs/round_1', index: 0, type: 'boot', variant: null, httpStatus: 403, outcome: 'rejected' },
  { run: 'Test_12/logs/round_1', index: 0, type: 'boot', variant: null, httpStatus: 202, outcome: 'failed', traceback: /KeyError: 'dns'/ },
  { run: 'Test_12/logs/round_1', index: 1, type: 'add-floating-ip', variant: null, httpStatus: 400, outcome: 'rejected' },
  { run: 'Test_12/logs/round_1', index: 2, type: 'attach-volume', variant: null, httpStatus: 409, outcome: 'rejected' },
];
const QUEENS_RUNS = [...new Set(QUEENS_ROWS.map((r) => r.run))];

describe.skipIf(!HAS_REALDATA)('fault-injection-queens: the workload log against analyze --json --tz +02:00', () => {
  it.each(QUEENS_RUNS)('%s: the workload log and the API log give the expected calls', (run) => {
    const truth = queens(run);
    const rows = QUEENS_ROWS.filter((r) => r.run === run);
    expect(truth.map((o) => ({ type: o.type, variant: o.variant, httpStatus: o.access.status })))
      .toEqual(rows.map((r) => ({ type: r.type, variant: r.variant, httpStatus: r.httpStatus })));
    for (const op of truth) {
      // Where the client was refused, it was told the status the API log shows.
      if (op.call.apiError !== null) expect(op.call.apiError.status).toBe(op.access.status);
      // The request's URL names the instance the create reported.
      const named = classify(op.access.method, op.access.path)?.instance ?? null;
      if (named !== null) expect(named).toBe(op.instance);
    }
    // The workload's clock is UTC+2: the create's `created` (UTC) lies inside [START, END] read as +02:00.
    const boot = truth.find((o) => o.type === 'boot');
    const created = boot?.call.output.map((l) => /^\| created\s+\| (\S+Z)\s+\|$/.exec(l)).find((m) => m !== null);
    if (boot !== undefined && created) {
      const t = Date.parse(created[1] as string);
      expect(t).toBeGreaterThanOrEqual(boot.call.start - 1000);
      expect(t).toBeLessThanOrEqual(boot.call.end + 1000);
    }
  });

  it.each(QUEENS_ROWS)('$run: the workload\'s $type call is a $type operation ($outcome, HTTP $httpStatus) starting inside [START - 1 s, END + 1 s]', async (row) => {
    const truth = queens(row.run)[row.index];
    expect(truth).toBeDefined();
    const { call, instance, access } = truth as QueensOp;
    const report = await analyze(['--tz', QUEENS_TZ, ...queensFiles(row.run)]);
    const lo = call.start - 1000;
    const hi = call.end + 1000;
    const found = report.operations.filter((o) => o.type === row.type && Date.parse(o.start) >= lo && Date.parse(o.start) <= hi);
    expect(found, `${row.type} operations starting in [${iso(lo)}, ${iso(hi)}] (${call.command})`).toHaveLength(1);
    const op = found[0] as OperationJson;
    expect(op.variant).toBe(row.variant);
    expect(op.outcome).toBe(row.outcome);
    expect(op.httpStatus).toBe(access.status);
    expect(op.instance).toBe(instance);
    if (row.outcome === 'rejected') {
      expect(op.httpStatus).toBeGreaterThanOrEqual(400);
      expect(op.httpStatus).toBeLessThan(500);
    }
    if (row.traceback !== undefined) {
      expect(op.error).not.toBeNull();
      expect(op.error?.traceback.some((l) => (row.traceback as RegExp).test(l)), `traceback: ${JSON.stringify(op.error?.traceback)}`).toBe(true);
    }
  });

  it.each(QUEENS_RUNS)('%s: analyze reports no operation the workload did not drive', async (run) => {
    const report = await analyze(['--tz', QUEENS_TZ, ...queensFiles(run)]);
    expect(report.operations.map((o) => o.type).sort()).toEqual(queens(run).map((o) => o.type).sort());
  });

  // With nova-compute.log alone, the accepted calls are still found: Queens logs the power-state sync under the
  // request's leaked ID, which must not make the request a periodic one (it did, and compute-only found only the
  // delete). Only the calls the API refused are missing; the reboot is hard, as the workload asked, by libvirt's
  // `Instance rebooted successfully.`. Compute works after the client got its answer (a create
  // returns on 202), so each starts after its call's [START] and before the workload's next call's.
  it.each(QUEENS_RUNS)('%s: nova-compute.log alone gives every accepted call, with its request ID, starting in its turn', async (run) => {
    const compute = queensFiles(run).find((f) => f.includes('nova-compute')) as string;
    const report = await analyze(['--tz', QUEENS_TZ, compute]);
    const calls = queens(run);
    // nova-api adds a floating IP by itself: compute logs nothing of it.
    const accepted = calls.filter((o) => o.access.status < 400 && o.type !== 'add-floating-ip');
    const expected = accepted.map((o) => ({ type: o.type, variant: o.variant, instance: o.instance, requestId: o.access.requestId, starts: 'in its turn' }));
    expect(report.operations.map((op) => {
      const i = calls.findIndex((o) => o.access.status < 400 && op.requestIds.includes(o.access.requestId));
      const truth = calls[i];
      const until = calls[i + 1]?.call.start ?? Infinity;
      const inTurn = truth !== undefined && Date.parse(op.start) >= truth.call.start - 1000 && Date.parse(op.start) < until;
      return { type: op.type, variant: op.variant, instance: op.instance, requestId: truth?.access.requestId ?? op.requestIds[0], starts: inTurn ? 'in its turn' : op.start };
    })).toEqual(expected);
    const failed = QUEENS_ROWS.filter((r) => r.run === run && r.outcome === 'failed');
    for (const row of failed) {
      const op = report.operations.find((o) => o.type === row.type);
      expect(op?.outcome).toBe('failed');
      expect(op?.error?.traceback.some((l) => (row.traceback as RegExp).test(l))).toBe(true);
    }
  });

  // A compute log that begins in the middle of the attach (the boot and the attach's first 10 s rotated away): the
  // attach is named by its lock's release and said to have begun before the logs. The delete's last lines, lock
  // release included, run under Neutron's network-vif-deleted event request: that is no second delete.
  it('Test_2: nova-compute.log from 06:24:10 on gives the attach (begun before), the reboot and one delete', async () => {
    const run = 'Test_2/logs/round_2';
    const compute = queensFiles(run).find((f) => f.includes('nova-compute')) as string;
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-queens-rotated-'));
    try {
      const cut = join(dir, 'nova-compute.log');
      writeFileSync(cut, readText(compute).split('\n').filter((l) => !/^\d{4}-/.test(l) || l.slice(0, 23) >= '2018-06-26 06:24:10.000').join('\n'));
      const r = await runCli(['analyze', '--json', '--tz', QUEENS_TZ, cut]);
      const report = JSON.parse(r.stdout) as AnalyzeJson;
      const calls = queens(run).filter((o) => o.type !== 'boot' && o.type !== 'add-floating-ip');
      expect(report.operations.map((o) => `${o.type} ${o.requestIds[0] ?? ''}`)).toEqual(calls.map((o) => `${o.type} ${o.access.requestId}`));
      const attach = calls.find((o) => o.type === 'attach-volume') as QueensOp;
      expect(report.warnings.filter((w) => w.includes('began before the logs'))).toEqual([
        `1 operation began before the logs do (compute releases the instance's lock it never took here: an earlier, rotated file?); start and duration count from the first line given (${attach.access.requestId})`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Queens' reboot takes no instance lock: with the libvirt driver, only its `Instance rebooted successfully.` says it
  // finished (catalog 7.4). Logs that end between the reboot's first compute line and that one end mid-reboot.
  it('Test_2: logs that end before libvirt says the instance rebooted give the reboot incomplete', async () => {
    const run = 'Test_2/logs/round_2';
    const { access, instance } = queens(run).find((o) => o.type === 'reboot') as QueensOp;
    const files = queensFiles(run);
    const compute = readText(files.find((f) => f.includes('nova-compute')) as string).split('\n');
    const begun = compute.find((l) => l.includes(access.requestId)) as string;
    // Logged under the attach's leaked request ID (see above): found by the instance.
    const rebooted = compute.find((l) => l.includes(`[instance: ${instance ?? ''}] Instance rebooted successfully.`)) as string;
    expect([begun, rebooted].every((l) => l !== undefined)).toBe(true);
    expect(begun.slice(0, 23) < rebooted.slice(0, 23)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-queens-cut-'));
    try {
      const cut = files.map((file) => {
        const out = join(dir, basename(file));
        writeFileSync(out, cutLog(readText(file), (at) => at < rebooted.slice(0, 23)));
        return out;
      });
      const found = (await analyze(['--tz', QUEENS_TZ, ...cut])).operations.filter((o) => o.requestIds.includes(access.requestId));
      expect(found.map((o) => [o.type, o.outcome, o.outcomeReason])).toEqual([['reboot', 'incomplete', 'the logs end before the line compute always logs when it finishes']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Test_2: the attach ends where compute released its lock, not at the periodic power sync under its leaked ID', async () => {
    const run = 'Test_2/logs/round_2';
    const { access } = queens(run).find((o) => o.type === 'attach-volume') as QueensOp;
    // The raw compute log: the attach's request releases do_attach_volume's lock, then (19 s later) the same ID
    // leaked into the power-state sync ("Triggering sync for uuid ...") of that worker.
    const compute = queensFiles(run).find((f) => f.includes('nova-compute')) as string;
    const released = readFileSync(compute, 'utf8').split('\n')
      .find((l) => l.includes(access.requestId) && l.includes('released by "nova.compute.manager.do_attach_volume"'));
    expect(released).toBeDefined();
    const end = Date.parse(`${(released as string).slice(0, 10)}T${(released as string).slice(11, 23)}+02:00`);
    const report = await analyze(['--tz', QUEENS_TZ, ...queensFiles(run)]);
    const attach = report.operations.find((o) => o.type === 'attach-volume');
    expect(attach?.requestIds).toContain(access.requestId);
    expect(Date.parse(attach?.end ?? '')).toBe(end);
  });

  it.each(QUEENS_ROWS.filter((r) => r.outcome === 'rejected'))('$run: the refused $type carries the Request-ID the client was given', async (row) => {
    const { call } = queens(row.run)[row.index] as QueensOp;
    expect(call.apiError).not.toBeNull();
    const report = await analyze(['--tz', QUEENS_TZ, ...queensFiles(row.run)]);
    const op = report.operations.find((o) => o.type === row.type && Date.parse(o.start) >= call.start - 1000 && Date.parse(o.start) <= call.end + 1000);
    expect(op?.requestIds).toContain(call.apiError?.requestId);
  });
});

// =====================================================================================================
// 2. devstack-ci-mitaka: the raw n-api access lines (and tempest's own record of each request).
// =====================================================================================================

const MITAKA = join(REALDATA, 'devstack-ci-mitaka');
const MITAKA_FILES = ['n-api', 'n-cond', 'n-sch', 'n-cpu'].map((s) => join(MITAKA, `screen-${s}.txt.gz`));

interface MitakaOp {
  readonly type: string;
  readonly instance: string | null;
  readonly httpStatus: number;
  readonly requestId: string;
}

function mitakaTruth(): MitakaOp[] {
  const api = readText(join(MITAKA, 'screen-n-api.txt.gz'));
  const bodies = actionBodies(api);
  // A boot's instance: the first `[instance: <uuid>]` its request logs in n-api (the response is not logged there).
  const bootInstance = new Map<string, string>();
  const re = new RegExp(`\\[(${REQ}) [^\\]]*\\] \\[instance: (${UUID})\\]`);
  for (const line of api.split('\n')) {
    const m = re.exec(line);
    if (m && !bootInstance.has(m[1] as string)) bootInstance.set(m[1] as string, m[2] as string);
  }
  const ops: MitakaOp[] = [];
  for (const a of accessLines(api)) {
    const c = classify(a.method, a.path);
    if (c === null) continue;
    let type: string = c.kind;
    if (c.kind === 'action') {
      const key = bodies.get(a.requestId);
      type = key === undefined ? 'action:?' : ACTION_TYPES[key] ?? `action:${key}`;
    }
    const instance = c.kind === 'boot' ? bootInstance.get(a.requestId) ?? null : c.instance;
    ops.push({ type, instance, httpStatus: a.status, requestId: a.requestId });
  }
  return ops;
}

const MITAKA_TRUTH: readonly MitakaOp[] = HAS_REALDATA ? mitakaTruth() : [];

const byKey = (o: { type: string; instance: string | null; httpStatus: number | null }): string => `${o.type} ${o.instance} ${o.httpStatus}`;
const project = (ops: ReadonlyArray<{ type: string; instance: string | null; httpStatus: number | null }>): Array<{ type: string; instance: string | null; httpStatus: number | null }> =>
  ops.map((o) => ({ type: o.type, instance: o.instance, httpStatus: o.httpStatus })).sort((a, b) => byKey(a).localeCompare(byKey(b)));

describe.skipIf(!HAS_REALDATA)('devstack-ci-mitaka: the raw n-api requests against analyze --json', () => {
  it('finds in the raw n-api log what SOURCES.md says tempest drove, as tempest itself recorded it', () => {
    const count = (pred: (o: MitakaOp) => boolean): number => MITAKA_TRUTH.filter(pred).length;
    const byType: Record<string, number> = {};
    for (const o of MITAKA_TRUTH) byType[o.type] = (byType[o.type] ?? 0) + 1;
    expect(byType).toEqual({ boot: 12, delete: 13, rescue: 3, unrescue: 2, rebuild: 1, 'attach-volume': 8, 'detach-volume': 7 });
    expect(count((o) => o.type === 'delete' && o.httpStatus === 404)).toBe(1);
    expect(count((o) => o.type === 'attach-volume' && o.httpStatus === 409)).toBe(1);
    expect(count((o) => o.type === 'detach-volume' && o.httpStatus === 409)).toBe(1);
    expect(count((o) => o.httpStatus >= 400)).toBe(3);
    expect(new Set(MITAKA_TRUTH.filter((o) => o.type === 'boot').map((o) => o.instance)).size).toBe(12);

    // tempest's log: `[req-...] Request (<test>): <status> <METHOD> http://127.0.0.1:8774<path>`, and for a boot the
    // response's location header names the instance.
    const tempest = readText(join(MITAKA, 'tempest.txt.gz'));
    const told = new Map<string, { status: number; method: string; path: string }>();
    for (const m of tempest.matchAll(new RegExp(`\\[(${REQ}) \\] Request \\([^)]*\\): (\\d{3}) (\\w+) http://[^/\\s]+:8774(\\S+)`, 'g'))) {
      told.set(m[1] as string, { status: Number(m[2]), method: m[3] as string, path: m[4] as string });
    }
    const location = new Map<string, string>();
    for (const m of tempest.matchAll(new RegExp(`'location': 'http://[^']*/servers/(${UUID})'[^\\n]*'x-compute-request-id': '(${REQ})'`, 'g'))) {
      location.set(m[2] as string, m[1] as string);
    }
    for (const o of MITAKA_TRUTH) {
      const t = told.get(o.requestId);
      expect(t, o.requestId).toBeDefined();
      expect(t?.status, o.requestId).toBe(o.httpStatus);
      expect(classify(t?.method ?? '', t?.path ?? '')?.instance ?? null, o.requestId).toBe(o.type === 'boot' ? null : o.instance);
      if (o.type === 'boot') expect(location.get(o.requestId), o.requestId).toBe(o.instance);
    }
  });

  it('reports exactly those operations (type, instance, HTTP status)', async () => {
    const report = await analyze(MITAKA_FILES);
    expect(project(report.operations)).toEqual(project(MITAKA_TRUTH));
  });

  it.each(MITAKA_TRUTH)('$requestId: $type of $instance answered $httpStatus', async (truth) => {
    const report = await analyze(MITAKA_FILES);
    const found = report.operations.filter((o) => o.requestIds.includes(truth.requestId));
    expect(found, `operations carrying ${truth.requestId}`).toHaveLength(1);
    const op = found[0] as OperationJson;
    expect(op.requestIds[0]).toBe(truth.requestId);
    expect({ type: op.type, instance: op.instance, httpStatus: op.httpStatus }).toEqual({ type: truth.type, instance: truth.instance, httpStatus: truth.httpStatus });
    // Refused requests are rejected; no service logged an ERROR for any accepted one, and every build and
    // termination completes in n-cpu before the logs end, so the others succeeded.
    expect(op.outcome).toBe(truth.httpStatus >= 400 ? 'rejected' : 'succeeded');
  });

  // A refused request never left nova-api: it ends at its access line, on no host, and the instance's lines under
  // other request IDs are not its. The second delete of 4f1713a9 (404) came 8 s before libvirt's delayed
  // `VM Stopped` of the first: that line had made it a 7.5 s delete on the compute host, and left the first without it.
  const refused = MITAKA_TRUTH.filter((o) => o.httpStatus >= 400);
  it.each(refused)('$requestId, refused ($httpStatus), ends at its access line, on no host, with no event', async (truth) => {
    const access = accessLines(readText(join(MITAKA, 'screen-n-api.txt.gz'))).find((a) => a.requestId === truth.requestId) as Access;
    const op = (await analyze(MITAKA_FILES)).operations.find((o) => o.requestIds.includes(truth.requestId)) as OperationJson;
    expect({ end: op.end, hosts: op.hosts, services: op.phases.map((p) => p.service), events: op.events })
      .toEqual({ end: iso(epochMs(access.stamp, 'Z')), hosts: [], services: ['api'], events: [] });
  });

  it("every `VM Stopped` line of screen-n-cpu.txt is an event of one accepted operation of its instance, begun before it", async () => {
    const ops = (await analyze(MITAKA_FILES)).operations;
    const stops = readText(join(MITAKA, 'screen-n-cpu.txt.gz')).split('\n')
      .map((l) => new RegExp(`^(\\S+ \\S+) \\d+ INFO nova\\.compute\\.manager \\[-\\] \\[instance: (${UUID})\\] VM Stopped \\(Lifecycle Event\\)$`).exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ time: iso(epochMs(m[1] as string, 'Z')), instance: m[2] as string }));
    expect(stops.length).toBeGreaterThan(10);
    for (const stop of stops) {
      const holders = ops.filter((o) => o.events.some((e) => e.name === 'lifecycle' && e.time === stop.time));
      expect(holders.map((o) => ({ instance: o.instance, accepted: (o.httpStatus ?? 0) < 400, begunBefore: o.start < stop.time })), stop.time)
        .toEqual([{ instance: stop.instance, accepted: true, begunBefore: true }]);
    }
  });

  // libvirt sends `VM Stopped` 15 s after the guest stopped (catalog 9): it had made 11 of the 12 deletes here last
  // 16 s, of 2 to 7 s of work. A delete ends with the last line its request logged, before that event.
  const deletes = MITAKA_TRUTH.filter((o) => o.type === 'delete' && o.httpStatus < 400);
  it.each(deletes)('$requestId: the delete of $instance ends with its own last line, before its VM Stopped', async (truth) => {
    const texts = MITAKA_FILES.map(readText);
    const stamp = (l: string): string => iso(epochMs(l.slice(0, 23), 'Z'));
    const own = texts.flatMap((t) => t.split('\n').filter((l) => l.includes(`[${truth.requestId} `))).map(stamp).sort();
    const ownLast = own[own.length - 1] as string;
    // The first after the delete began (8661f614 was rebuilt before: its rebuild has one too).
    const stopped = texts[3]?.split('\n').find((l) => l.includes(`[instance: ${truth.instance ?? ''}] VM Stopped (Lifecycle Event)`) && stamp(l) > (own[0] as string));
    expect(stopped, 'its VM Stopped line').toBeDefined();
    const op = (await analyze(MITAKA_FILES)).operations.find((o) => o.requestIds[0] === truth.requestId) as OperationJson;
    expect(op.end >= ownLast && op.end < stamp(stopped as string), `${op.end} in [${ownLast}, ${stamp(stopped as string)})`).toBe(true);
    expect(op.events.some((e) => e.time === stamp(stopped as string)), 'the VM Stopped is still among its events').toBe(true);
  });

  // Nova at INFO (debug off, the default): no request body, no lock line; the access lines' paths and statuses,
  // the refusals and compute's INFO markers still give every one of the 46.
  it('the four logs without their DEBUG lines give the same operations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-mitaka-info-'));
    try {
      const files = MITAKA_FILES.map((file) => {
        const out = join(dir, basename(file, '.gz'));
        writeFileSync(out, readText(file).split('\n').filter((l) => !/^\S+ \S+ \d+ DEBUG /.test(l)).join('\n'));
        return out;
      });
      const report = await analyze(files);
      expect(project(report.operations)).toEqual(project(MITAKA_TRUTH));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Compute names each operation by its lock or marker line; Mitaka's detach says `Detach volume <id> from
  // mountpoint <dev>` (all six detaches were missing before that wording was matched).
  it('screen-n-cpu.txt alone gives every accepted request, by its request ID, with its type and instance', async () => {
    const report = await analyze([join(MITAKA, 'screen-n-cpu.txt.gz')]);
    const accepted = MITAKA_TRUTH.filter((o) => o.httpStatus < 400);
    const row = (o: { type: string; instance: string | null; requestId: string | undefined }) => `${o.requestId ?? '?'} ${o.type} ${o.instance ?? '-'}`;
    expect(report.operations.map((o) => row({ ...o, requestId: o.requestIds[0] })).sort()).toEqual(accepted.map(row).sort());
  });

  // The logs end while nova-api is still working on a request (copied in the middle of an incident, or its worker
  // hung on an RPC call): the dispatch line is there, the access line is not. The request is still its operation,
  // incomplete, with no HTTP status: by its body's action, or by the controller method of a body-less DELETE.
  const firstOfEachType = [...new Map(MITAKA_TRUTH.filter((o) => o.httpStatus < 400).map((o) => [o.type, o] as const)).values()].reverse();
  it.each(firstOfEachType)('logs that end just before $requestId\'s access line give its $type of $instance, incomplete', async (truth) => {
    const access = accessLines(readText(join(MITAKA, 'screen-n-api.txt.gz'))).find((a) => a.requestId === truth.requestId) as Access;
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-mitaka-cut-'));
    try {
      const files = MITAKA_FILES.map((file) => {
        const out = join(dir, basename(file, '.gz'));
        writeFileSync(out, cutLog(readText(file), (at) => at < access.stamp.slice(0, 23)));
        return out;
      });
      const report = await analyze(files);
      const found = report.operations.filter((o) => o.requestIds.includes(truth.requestId));
      expect(found.map((o) => ({ type: o.type, instance: o.instance, outcome: o.outcome, httpStatus: o.httpStatus })))
        .toEqual([{ type: truth.type, instance: truth.instance, outcome: 'incomplete', httpStatus: null }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The rebuild's libvirt spawn ends it (`Instance spawned successfully.`, logged under [-]; catalog 7.10): logs that
  // end between `Rebuilding instance` and that line end mid-rebuild.
  it('logs that end before libvirt spawned the rebuilt instance give the rebuild incomplete', async () => {
    const truth = MITAKA_TRUTH.find((o) => o.type === 'rebuild') as MitakaOp;
    const cpu = readText(join(MITAKA, 'screen-n-cpu.txt.gz')).split('\n');
    const begun = cpu.find((l) => l.includes(truth.requestId) && l.includes('Rebuilding instance')) as string;
    const spawned = cpu.find((l) => l.slice(0, 23) > begun.slice(0, 23) && l.includes(`[instance: ${truth.instance ?? ''}] Instance spawned successfully.`)) as string;
    expect([begun, spawned].every((l) => l !== undefined)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-mitaka-cut-'));
    try {
      const files = MITAKA_FILES.map((file) => {
        const out = join(dir, basename(file, '.gz'));
        writeFileSync(out, cutLog(readText(file), (at) => at < spawned.slice(0, 23)));
        return out;
      });
      const found = (await analyze(files)).operations.filter((o) => o.requestIds.includes(truth.requestId));
      expect(found.map((o) => [o.type, o.outcome, o.outcomeReason])).toEqual([['rebuild', 'incomplete', 'the logs end before the line compute always logs when it finishes']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A rescue and an unrescue end with compute reading the power state (`Checking state`, DEBUG, under the request's
  // own ID; catalog 7.8), with libvirt as with zed-rig's fake driver: this job's compute logs at DEBUG, so logs that
  // end after `Rescuing` / `Unrescuing` and before that line end mid-operation; logs that end just after it do not.
  it.each(['rescue', 'unrescue'])('every %s: logs that end before its "Checking state" give it incomplete, just after it succeeded', async (type) => {
    const cpu = readText(join(MITAKA, 'screen-n-cpu.txt.gz')).split('\n');
    const ops = MITAKA_TRUTH.filter((o) => o.type === type);
    expect(ops.length).toBe(type === 'rescue' ? 3 : 2);
    for (const truth of ops) {
      const mine = cpu.filter((l) => l.includes(`[${truth.requestId} `));
      const begun = mine.find((l) => l.endsWith(`] ${type === 'rescue' ? 'Rescuing' : 'Unrescuing'}`)) as string;
      const read = mine.find((l) => / DEBUG nova\.compute\.manager .*\] Checking state _get_power_state /.test(l)) as string;
      expect([begun, read].every((l) => l !== undefined)).toBe(true);
      expect(begun.slice(0, 23) < read.slice(0, 23)).toBe(true);
      for (const [keep, outcome, reason] of [
        [(at: string) => at <= begun.slice(0, 23), 'incomplete', 'the logs end before compute logged "Checking state", its last step'],
        [(at: string) => at <= read.slice(0, 23), 'succeeded', null],
      ] as const) {
        const dir = mkdtempSync(join(tmpdir(), 'novatrace-mitaka-cut-'));
        try {
          const files = MITAKA_FILES.map((file) => {
            const out = join(dir, basename(file, '.gz'));
            writeFileSync(out, cutLog(readText(file), keep));
            return out;
          });
          const found = (await analyze(files)).operations.filter((o) => o.requestIds.includes(truth.requestId));
          expect(found.map((o) => [o.type, o.outcome, o.outcomeReason])).toEqual([[type, outcome, reason]]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  });

  // screen-n-cpu.txt names no host: it is learned from the resource tracker's periodic lines (`Auditing locally
  // available compute resources for <node>`, `Compute_service record updated for <host>`). A log that begins just
  // after one of them (a rotated file) has a minute of lines before the next: their operations keep their host.
  it('a compute log that begins between two resource audits still gives every operation its host', async () => {
    const cpu = readText(join(MITAKA, 'screen-n-cpu.txt.gz')).split('\n');
    // Each audit ends with `Compute_service record updated for <host>:<node>`: the log begins after the fourth.
    const updates = cpu.filter((l) => l.includes('Compute_service record updated for'));
    const host = /Compute_service record updated for ([\w.-]+):/.exec(updates[0] ?? '')?.[1];
    expect(host).toBeDefined();
    const next = cpu.find((l) => l.includes('Auditing locally available compute resources for') && l.slice(0, 23) > (updates[3] as string).slice(0, 23))?.slice(0, 23) as string;
    const from = (updates[3] as string).slice(0, 23);
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-mitaka-rotated-'));
    try {
      const files = MITAKA_FILES.map((file) => {
        const out = join(dir, basename(file, '.gz'));
        writeFileSync(out, cutLog(readText(file), (at) => at > from));
        return out;
      });
      const ops = (await analyze(files)).operations.filter((o) => o.phases.some((p) => p.service === 'compute'));
      // Not vacuous: operations worked on compute before the next audit named the host.
      expect(ops.filter((o) => o.start.replace('T', ' ') < next).length).toBeGreaterThan(0);
      expect(ops.filter((o) => o.hosts.join(',') !== host).map((o) => `${o.type} ${o.requestIds[0] ?? ''} [${o.hosts.join(',')}]`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(MITAKA_TRUTH.filter((o) => o.type === 'boot'))('boot $instance ($requestId) has api, conductor, scheduler and compute phases', async (truth) => {
    // The raw logs: the boot's request ID is in n-cond, n-sch and n-cpu as well as n-api.
    for (const file of MITAKA_FILES) expect(readText(file).includes(truth.requestId), file).toBe(true);
    const report = await analyze(MITAKA_FILES);
    const op = report.operations.find((o) => o.requestIds.includes(truth.requestId));
    expect(op?.type).toBe('boot');
    const services = new Set<string>(op?.phases.map((p) => p.service));
    for (const s of ['api', 'conductor', 'scheduler', 'compute']) expect(services.has(s), `phase ${s} in ${JSON.stringify([...services])}`).toBe(true);
  });

  // The scheduler picks a host in milliseconds, then hears of the instance again when compute has built it
  // (`update_instance_info`, under the boot's ID); the conductor serves compute's calls now and then. A phase's
  // spans are the runs of its lines no more than 1 s apart: read here straight off n-sch's and n-cond's lines that
  // carry the boot's request ID.
  it('every boot\'s scheduler and conductor phases are the runs of their own lines, 1 s apart at most', async () => {
    const report = await analyze(MITAKA_FILES);
    const boots = MITAKA_TRUTH.filter((o) => o.type === 'boot');
    expect(boots.length).toBe(12);
    const runsIn = (file: string, requestId: string): { start: string; end: string }[] => {
      const stamps = readText(join(MITAKA, file)).split('\n').filter((l) => l.includes(`[${requestId} `)).map((l) => l.slice(0, 23));
      const runs: { start: string; end: string }[] = [];
      for (const s of stamps) {
        const last = runs[runs.length - 1];
        if (last !== undefined && epochMs(s, 'Z') - epochMs(last.end, 'Z') <= 1000) last.end = s;
        else runs.push({ start: s, end: s });
      }
      return runs.map((r) => ({ start: `${r.start.replace(' ', 'T')}Z`, end: `${r.end.replace(' ', 'T')}Z` }));
    };
    let split = 0;
    for (const truth of boots) {
      const op = report.operations.find((o) => o.requestIds.includes(truth.requestId));
      for (const [service, file] of [['scheduler', 'screen-n-sch.txt.gz'], ['conductor', 'screen-n-cond.txt.gz']] as const) {
        const expected = runsIn(file, truth.requestId);
        const phase = op?.phases.find((p) => p.service === service);
        expect(phase?.spans.map((s) => ({ start: s.start, end: s.end })), `${truth.requestId} ${service}`).toEqual(expected);
        if (expected.length > 1) split++;
      }
    }
    // Not vacuous: most phases are split.
    expect(split).toBeGreaterThan(12);
  });

  // The whole job's folder also holds nova-network's log (screen-n-net) and tempest's: both are `other`, but
  // nova-network's lines of a boot (allocating its fixed IP) are a phase of their own, named by the file, not
  // merged with the tempest client's line into one bar from the first to the last.
  // Seconds after a boot, the guest asks the metadata service for its network, and nova-network answers under a
  // request ID of no user, naming the instance (`Get instance network info`, `Built network info`). That is not a
  // step of the boot: it ended when compute let go of the instance. Given the whole folder, the boot of 8661f614
  // once ended there, 7.9 s long instead of 3.8 s.
  it('the whole folder (nova-network, cert, dhcp and tempest logs besides) changes no operation\'s start or end', async () => {
    const [whole, nova] = await Promise.all([analyze([MITAKA]), analyze(MITAKA_FILES)]);
    const cpu = readText(join(MITAKA, 'screen-n-cpu.txt.gz')).split('\n');
    const net = readText(join(MITAKA, 'screen-n-net.txt.gz')).split('\n');
    const id = 'req-09e5342c-b43f-4ff9-8477-9bda5e169939';
    const lastCpu = `${(cpu.filter((l) => l.includes(`[${id} `)).pop() as string).slice(0, 23).replace(' ', 'T')}Z`;
    const instance = MITAKA_TRUTH.find((o) => o.requestId === id)?.instance as string;
    // Not vacuous: nova-network logs about the instance under another ID after compute's last line of the boot.
    expect(net.some((l) => l.includes(`[instance: ${instance}]`) && !l.includes(id) && `${l.slice(0, 23).replace(' ', 'T')}Z` > lastCpu)).toBe(true);
    expect(whole.operations.find((o) => o.requestIds.includes(id))?.end).toBe(lastCpu);
    const span = (o: { id: string; start: string; end: string }): string => `${o.id} ${o.start} ${o.end}`;
    expect(whole.operations.map(span)).toEqual(nova.operations.map(span));
  });

  it('every boot read with the whole folder has an n-net phase made of nova-network\'s lines under its ID', async () => {
    const report = await analyze([MITAKA]);
    const net = readText(join(MITAKA, 'screen-n-net.txt.gz')).split('\n');
    const boots = MITAKA_TRUTH.filter((o) => o.type === 'boot');
    for (const truth of boots) {
      const op = report.operations.find((o) => o.requestIds.includes(truth.requestId));
      const stamps = net.filter((l) => l.includes(`[${truth.requestId} `)).map((l) => `${l.slice(0, 23).replace(' ', 'T')}Z`);
      expect(stamps.length, truth.requestId).toBeGreaterThan(0);
      const phase = op?.phases.find((p) => p.component === 'n-net');
      // Its lines about the instance under other IDs (the guest's metadata lookup) are counted, but stretch it not.
      expect([phase?.service, phase?.host, phase?.start, phase?.end], truth.requestId).toEqual(['other', null, stamps[0], stamps[stamps.length - 1]]);
      expect(phase?.entries).toBeGreaterThanOrEqual(stamps.length);
      // Nothing else of the folder is named n-net; tempest's line, if any, stays `other` with no component.
      expect(op?.phases.filter((p) => p.service === 'other').every((p) => p.component === 'n-net' || p.component === null)).toBe(true);
    }
  });
});

// =====================================================================================================
// 3. live-migration-juno: the playbook migrates one VM to c29, then back to c30.
// =====================================================================================================

const JUNO = join(REALDATA, 'live-migration-juno');
const JUNO_NOVA = (host: string, service: string): string => join(JUNO, 'logs', host, 'var', 'log', 'nova', `${service}.log`);
const JUNO_FILES = [
  ...['nova-api', 'nova-conductor', 'nova-scheduler', 'nova-compute'].map((s) => JUNO_NOVA('hp-ms-01-c29', s)),
  JUNO_NOVA('hp-ms-01-c30', 'nova-compute'),
];
const VM = 'a18a5824-4215-4e24-bcfc-cb9f89f6bcbd';

interface Migration {
  readonly requestId: string;
  readonly source: string;
  readonly destination: string;
}

// The playbook's "Migrate to c29" then "Migrate to c30"; the VM started on c30.
const MIGRATIONS: readonly Migration[] = [
  { requestId: 'req-5f2adc28-1772-480e-a35c-c12ec08b94d7', source: 'hp-ms-01-c30', destination: 'hp-ms-01-c29' },
  { requestId: 'req-4b3cdd21-f6ba-4b00-be58-07a1414717ea', source: 'hp-ms-01-c29', destination: 'hp-ms-01-c30' },
];

interface MigrationTruth extends Migration {
  readonly instance: string;
  readonly httpStatus: number;
  /** The playbook's `starting migration to cNN` mark (ansible-debug.log, as os-log-merger merged it). */
  readonly marked: number;
  /** The API's answer to the os-migrateLive request. */
  readonly answered: number;
  /** `[-]` entries about the VM that the source host logged between the request and the end of the migration. */
  readonly sourceMonitorEntries: number;
}

function junoTruth(): MigrationTruth[] {
  const inventory = readText(join(JUNO, 'inventory'));
  const vm = /^vm_id\s*=\s*(\S+)/m.exec(inventory)?.[1];
  const marks = [...readText(join(JUNO, 'logs', 'mergedlogs.log')).matchAll(/^(\S+ \S+) \[ANSIBLE\d+\] \S+ DEBUG starting migration to (c\d+)/gm)]
    .map((m) => ({ time: epochMs(m[1] as string, 'Z'), destination: `hp-ms-01-${m[2]}` }));
  const apiText = readText(JUNO_NOVA('hp-ms-01-c29', 'nova-api'));
  const access = accessLines(apiText);
  const requests = [...apiText.matchAll(new RegExp(`^(\\S+ \\S+) \\d+ DEBUG \\S+ \\[(${REQ}) [^\\]]*\\] Action: 'action', .*?body: \\{"os-migrateLive": \\{[^}]*"host": "([^"]+)"`, 'gm'))]
    .map((m) => ({ time: epochMs(m[1] as string, 'Z'), requestId: m[2] as string, host: m[3] as string }));
  const computes = ['hp-ms-01-c29', 'hp-ms-01-c30'].map((host) => ({ host, lines: readText(JUNO_NOVA(host, 'nova-compute')).split('\n') }));
  return requests.map((r, i) => {
    const until = requests[i + 1]?.time ?? Number.POSITIVE_INFINITY;
    const mark = [...marks].reverse().find((m) => m.time <= r.time);
    const answer = access.find((a) => a.requestId === r.requestId);
    const c = answer ? classify(answer.method, answer.path) : null;
    // The source is the host whose compute log says the migration to the requested host finished.
    const finished = new RegExp(`^(\\S+ \\S+) .*\\[instance: ${vm}\\] Migrating instance to (\\S+) finished successfully`);
    let source = '';
    let done = Number.NaN;
    for (const { host, lines } of computes) {
      for (const line of lines) {
        const m = finished.exec(line);
        const t = m ? epochMs(m[1] as string, 'Z') : Number.NaN;
        if (m && t > r.time && t < until && m[2] === r.host) [source, done] = [host, t];
      }
    }
    const monitor = new RegExp(`^(\\S+ \\S+) \\d+ \\w+ \\S+ \\[-\\] \\[instance: ${vm}\\]`);
    const sourceLines = computes.find((h) => h.host === source)?.lines ?? [];
    const sourceMonitorEntries = sourceLines.filter((l) => {
      const m = monitor.exec(l);
      const t = m ? epochMs(m[1] as string, 'Z') : Number.NaN;
      return t >= r.time && t <= done;
    }).length;
    return {
      requestId: r.requestId,
      source,
      destination: shortHost(r.host) as string,
      instance: c?.instance ?? '',
      httpStatus: answer?.status ?? 0,
      marked: mark?.destination === shortHost(r.host) ? mark.time : Number.NaN,
      answered: answer ? epochMs(answer.stamp, 'Z') : Number.NaN,
      sourceMonitorEntries,
    };
  });
}

describe.skipIf(!HAS_REALDATA)('live-migration-juno: the playbook and raw logs against analyze --json and trace --json', () => {
  it('finds the two migrations of the playbook in the raw logs', () => {
    const truth = junoTruth();
    expect(truth.map((t) => ({ requestId: t.requestId, source: t.source, destination: t.destination }))).toEqual(MIGRATIONS);
    for (const t of truth) {
      expect(t.instance).toBe(VM);
      expect(t.httpStatus).toBe(202);
      expect(Number.isFinite(t.marked), `${t.requestId}: a "starting migration to ${t.destination}" mark before it`).toBe(true);
      expect(t.answered).toBeGreaterThan(t.marked);
      // Juno's source host runs the migration in a thread without the request's context: its entries say [-].
      expect(t.sourceMonitorEntries).toBeGreaterThan(5);
    }
  });

  it('reports exactly two live migrations', async () => {
    const report = await analyze(JUNO_FILES);
    expect(report.operations.filter((o) => o.type === 'live-migrate')).toHaveLength(2);
  });

  // Errors outside operations in logs of services novatrace does not time are named by the file (and, for a
  // packaged `server.log`, its project folder), not `other`: neutron's server crashed on c29 minutes before the
  // migrations (`Unrecoverable error: please check log for details.`, 4 ERROR lines in its server.log).
  it('errors outside operations from neutron\'s server.log are neutron-server\'s, from nova-cert\'s log nova-cert\'s', async () => {
    const host = join(JUNO, 'logs', 'hp-ms-01-c29');
    const server = readText(join(host, 'var', 'log', 'neutron', 'server.log')).split('\n');
    const crashes = server.filter((l) => / ERROR .*Unrecoverable error: please check log for details\.$/.test(l)).length;
    expect(crashes).toBeGreaterThan(0);
    const cert = readText(JUNO_NOVA('hp-ms-01-c29', 'nova-cert')).split('\n').filter((l) => / ERROR /.test(l)).length;
    expect(cert).toBeGreaterThan(0);
    const report = await analyze([host]);
    const of = (component: string): number => report.unattached.filter((u) => u.component === component).reduce((n, u) => n + u.count, 0);
    expect(report.unattached.filter((u) => u.component === 'neutron-server' && u.message === 'Unrecoverable error: please check log for details.')
      .map((u) => [u.service, u.count])).toEqual([['other', crashes]]);
    expect(of('nova-cert')).toBe(cert);
    expect(report.unattached.filter((u) => u.service === 'other' && u.component === null)).toEqual([]);
  });

  it.each(MIGRATIONS)('$requestId: live-migrate of the VM from $source to $destination, succeeded, compute phases on both hosts', async (m) => {
    const truth = junoTruth().find((t) => t.requestId === m.requestId) as MigrationTruth;
    const report = await analyze(JUNO_FILES);
    const found = report.operations.filter((o) => o.requestIds.includes(m.requestId));
    expect(found, `operations carrying ${m.requestId}`).toHaveLength(1);
    const op = found[0] as OperationJson;
    expect(op.type).toBe('live-migrate');
    expect(op.instance).toBe(VM);
    // Nova names the hosts by FQDN in the request, the paths by short name: either names the same host.
    expect(shortHost(op.source)).toBe(m.source);
    expect(shortHost(op.destination)).toBe(m.destination);
    expect(op.outcome).toBe('succeeded');
    expect(op.httpStatus).toBe(202);
    expect(Date.parse(op.start)).toBeGreaterThanOrEqual(truth.marked);
    expect(Date.parse(op.start)).toBeLessThanOrEqual(truth.answered);
    const computeHosts = new Set(op.phases.filter((p) => p.service === 'compute').map((p) => shortHost(p.host)));
    expect(computeHosts.has('hp-ms-01-c29') && computeHosts.has('hp-ms-01-c30'), `compute phases on ${JSON.stringify([...computeHosts])}`).toBe(true);
  });

  // The paths name the hosts by short name, Nova's requests by FQDN: --host takes either.
  it('--host takes a host by its FQDN as well as by the short name the paths give', async () => {
    const fqdn = 'hp-ms-01-c29.moonshot1.lab.eng.rdu.redhat.com';
    expect(readText(JUNO_NOVA('hp-ms-01-c29', 'nova-api')).includes(fqdn)).toBe(true);
    for (const host of [fqdn, 'hp-ms-01-c29']) {
      const report = await analyze(['--host', host, ...JUNO_FILES]);
      expect(report.operations.map((o) => o.requestIds[0]).sort(), host).toEqual(MIGRATIONS.map((m) => m.requestId).sort());
    }
  });

  // Juno's destination names the operation under its request only by `Post operation of migration started`; the
  // source's markers are under [-]. From the two compute logs alone, both migrations were missing.
  it('the two compute logs alone give both migrations, source and destination', async () => {
    const truth = junoTruth();
    const report = await analyze(['hp-ms-01-c29', 'hp-ms-01-c30'].map((h) => JUNO_NOVA(h, 'nova-compute')));
    expect(report.operations.map((o) => ({
      type: o.type, instance: o.instance, requestId: o.requestIds[0], source: shortHost(o.source), destination: shortHost(o.destination),
      outcome: o.outcome, startsAfterMark: Date.parse(o.start) >= (truth.find((t) => t.requestId === o.requestIds[0])?.marked ?? Infinity),
    }))).toEqual(MIGRATIONS.map((m) => ({ type: 'live-migrate', instance: VM, ...m, outcome: 'succeeded', startsAfterMark: true })));
  });

  it.each(MIGRATIONS)('trace $requestId attaches the source host $source [-] monitor entries', async (m) => {
    const traced = await cliJson<TraceJson>(['trace', m.requestId, '--json', ...JUNO_FILES]);
    const op = traced.operations.find((o) => o.type === 'live-migrate' && o.requestIds.includes(m.requestId));
    expect(op).toBeDefined();
    const monitor = op?.entries?.filter((e) => shortHost(e.host) === m.source && e.requestId === null && e.instance === VM) ?? [];
    expect(monitor.length).toBeGreaterThan(0);
  });
});
