// One recognized operation + its entries -> the Operation: outcome, hosts, phases per service and host with
// the waits between them, key events and the first error. Pure.

import type { LogEntry, Service } from '../model/entry.js';
import { levelRank, shortHost } from '../model/entry.js';
import type { KeyEvent, Operation, OperationError, Phase } from '../model/operation.js';
import { SPAN_GAP_MS } from '../model/operation.js';
import type { RequestGroup } from '../correlate/request-group.js';
import { readApiCall } from '../correlate/api-call.js';
import { gateOf } from '../correlate/message-gate.js';
import { instanceLock } from '../operations/instance-lock.js';
import { componentOf } from '../parse/origin.js';
import type { Draft } from '../operations/recognize.js';
import type { DoneSign } from '../operations/recognizer.js';
import { moves } from '../operations/recognizer.js';
import { EVACUATED_CLEANUP, eventName } from './events.js';
import { judgeLines, lineRef } from './evidence.js';
import { INCOMPLETE_WITHIN_MS, decideOutcome } from './outcome.js';
import type { Verdict } from './outcome.js';

const ERROR_RANK = levelRank('ERROR');

const SELECTED: readonly RegExp[] = [
  // Zed: `Selected host: (compute2, compute2) ram: ...`; Mitaka: `Selected host: WeighedHost [host: (h, n) ...]`.
  /^Selected host: (?:WeighedHost \[host: )?\(?'?([\w.-]+)/,
  /^Calling prep_resize with selected host: ([\w.-]+)/,
  /^Start binding ports on destination host: ([\w.-]+)/,
];
const BODY_HOST = /"host"\s*:\s*"([\w.-]+)"/;
const LIVE_SOURCE = /^(?:Migrating instance to \S+ finished successfully|Starting monitoring of live migration|Live migration monitoring is all done|_post_live_migration\(\) is started)/;

// Lines logged on the host an instance moves to: live migration's pre-checks on the destination, and a revert's
// finish on the host it goes back to.
const ARRIVAL = /^(?:pre_live_migration data is|Created live migration claim|destination check data is|Swapping old allocation on|Starting finish_revert_migration|Updating instance to original state)/;

// What follows an operation without being a step of it: it is the operation's lines and events, but does not
// stretch its end.
// - The hypervisor's lifecycle events and what Nova does on each (catalog 9): check the power state (`Checking
//   state`, Liberty+: the event may be late) and sync it. libvirt holds `VM Stopped` back 15 s
//   (`Host._event_emit_delayed`): after a stop, delete, shelve or suspend it comes long after the last step. Matched
//   on their untranslated parts: Queens' Italian log says `VM Di arresto (Lifecycle Event)`.
// - An evacuated host's clean-up, whenever its nova-compute starts again (minutes or hours later): Nova's own
//   instance action ends with the rebuild on the destination.
// - Lines about the instance that a service novatrace does not time logged under another request ID (or none):
//   nova-network answering the guest's metadata lookup seconds after a boot (the Mitaka CI job's folder: it made a
//   3.8 s boot last 7.9 s). Under the operation's own ID, that service's lines are steps (allocating the network);
//   a client's (tempest logs each response with its request ID) never are.
const LIFECYCLE_EVENT = /^(?:VM .+ \(Lifecycle Event\)$|Lifecycle event \d+ on VM )/;
const POWER_SYNC = /^(?:Synchronizing instance power state after lifecycle event |During (?:sync_power_state|_sync_instance_power_state) )/;
/** After a lifecycle event, besides the sync: the power-state check (a step of its own only under its own request). */
const CHECKING_STATE = 'Checking state';

/**
 * Time of the operation's last step: its last line, but for an evacuated host's clean-up (from its first line on,
 * on that host), other services' lines not under its own IDs, and lifecycle events with what Nova did on them when
 * nothing else follows them. Lines in time order; `fallback` when none has a time.
 */
function lastStep(entries: readonly LogEntry[], own: ReadonlySet<LogEntry>, fallback: number): number {
  const cleanup = entries.findIndex((e) => e.service === 'compute' && EVACUATED_CLEANUP.test(e.message));
  const cleanupHost = cleanup < 0 ? null : (entries[cleanup] as LogEntry).host;
  const counts = (i: number): boolean => {
    const e = entries[i] as LogEntry;
    return e.time !== null && (cleanup < 0 || i < cleanup || e.host !== cleanupHost)
      && (e.service !== 'other' || (own.has(e) && componentOf(e.file) !== null));
  };
  let firstEvent = -1;
  let firstSync = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (!counts(i)) continue;
    const message = (entries[i] as LogEntry).message;
    if (LIFECYCLE_EVENT.test(message)) firstEvent = i;
    else if (POWER_SYNC.test(message)) firstSync = i;
    else if (message !== CHECKING_STATE) break;
  }
  // The power-state sync on a lifecycle event is Nova's reaction to the hypervisor, never a step, even when the
  // event itself came before the operation's last steps (Queens: the sync of a boot's `VM Resumed` after its spawn).
  const cut = firstEvent >= 0 ? firstEvent : firstSync >= 0 ? firstSync : entries.length;
  for (let i = cut - 1; i >= 0; i--) {
    if (counts(i)) return (entries[i] as LogEntry).time as number;
  }
  // Nothing but what follows a step (an operation known only by its lifecycle events): it ends with its last line.
  for (let i = entries.length - 1; i >= 0; i--) {
    const time = (entries[i] as LogEntry).time;
    if (time !== null) return time;
  }
  return fallback;
}

export interface BuildInput {
  readonly draft: Draft;
  readonly groups: readonly RequestGroup[];
  /** This operation's own entries (its request IDs, filtered to its instance), time order. */
  readonly own: readonly LogEntry[];
  /** Entries about its instance logged under other or no request IDs, within its window. */
  readonly context: readonly LogEntry[];
  /** nova-api's error answers to requests about its instance that started nothing, until the next operation on it. */
  readonly apiErrors?: readonly LogEntry[];
  /** Time of the last entry of all input. */
  readonly logsEnd: number;
  /** Some compute log is among the inputs (an entry of compute was seen). */
  readonly computeLogged: boolean;
  /** Compute hosts seen logging from the libvirt driver (`nova.virt.libvirt.*`). */
  readonly libvirtHosts: ReadonlySet<string>;
  /** Compute hosts seen logging at DEBUG. */
  readonly debugHosts: ReadonlySet<string>;
  /** Compute hosts that log the compute manager's timings (absent in hand-made inputs: none known). */
  readonly timingHosts?: ReadonlySet<string>;
  /** Compute hosts whose logs are among the inputs (absent in hand-made inputs: none known). */
  readonly computeHosts?: ReadonlySet<string>;
  /** Where the instance was before, from earlier operations. */
  readonly previousHost: string | null;
  /** The host the instance's last move left, if known (a revert takes it back there). */
  readonly hostLeft: string | null;
  readonly keepEntries: boolean;
}

function timeOf(e: LogEntry, fallback: number): number {
  return e.time ?? fallback;
}

function toError(e: LogEntry): OperationError {
  return {
    time: e.time, service: e.service, host: e.host, message: e.message, traceback: e.continuation,
    location: e.location, file: e.file, line: e.line,
  };
}

/** Phases of the lines in time order; lines after `end` (hypervisor reports) are counted but stretch none. */
/** `received`: when nova-api received the request (its access line's time minus its `time:`); the API's phase starts there. */
function phasesOf(entries: readonly LogEntry[], start: number, end: number, received = Infinity): Phase[] {
  type Building = { service: Service; host: string | null; component: string | null; start: number; end: number; entries: number; spans: { start: number; end: number }[] };
  const byKey = new Map<string, Building>();
  let last = start;
  // The line before's phase: most lines are of the same service and host as the line before them (no key is built).
  let before: LogEntry | null = null;
  let p: Building | undefined;
  for (const e of entries) {
    const t = timeOf(e, last);
    last = t;
    const same = before !== null && e.service === before.service && e.host === before.host && (e.service !== 'other' || e.file === before.file);
    before = e;
    if (!same) {
      const component = e.service === 'other' ? componentOf(e.file) : null;
      const key = `${e.service}\u0000${e.host ?? ''}\u0000${component ?? ''}`;
      p = byKey.get(key);
      if (p === undefined) {
        p = { service: e.service, host: e.host, component, start: t, end: t, entries: 1, spans: [{ start: t, end: t }] };
        byKey.set(key, p);
        continue;
      }
    }
    if (p !== undefined) {
      if (t <= end) {
        p.end = Math.max(p.end, t);
        const span = p.spans[p.spans.length - 1] as { start: number; end: number };
        if (t - span.end > SPAN_GAP_MS) p.spans.push({ start: t, end: t });
        else span.end = Math.max(span.end, t);
      }
      p.entries++;
    }
  }
  const api = byKey.get('api\u0000\u0000');
  if (api !== undefined && received < api.start) {
    api.start = received;
    (api.spans[0] as { start: number }).start = received;
  }
  const sorted = [...byKey.values()].sort((a, b) => a.start - b.start);
  let reached = -Infinity;
  return sorted.map((p) => {
    const waitMs = reached === -Infinity ? null : p.start - reached;
    reached = Math.max(reached, p.end);
    return { ...p, waitMs };
  });
}

/**
 * The first global request ID, in time order, that a line under one of the operation's own request IDs carries beside
 * a different local one (lowercased, as trace IDs are read); null when none does.
 */
function callerRequestId(requestIds: readonly string[], entries: readonly LogEntry[]): string | null {
  const own = new Set<string>();
  for (const id of requestIds) own.add(id.toLowerCase());
  for (const e of entries) {
    const global = e.globalRequestId?.toLowerCase() ?? null;
    if (global !== null && e.requestId !== null && own.has(e.requestId.toLowerCase()) && global !== e.requestId.toLowerCase()) return global;
  }
  return null;
}

/** How the operation's own instance lock stands at the end (> 0: still held), and whether it was let go before it
 * was taken in these lines (the logs begin after the operation did). */
function lockBalance(entries: readonly LogEntry[], holders: readonly string[] | undefined): { held: number; releasedFirst: boolean } {
  let held = 0;
  let releasedFirst = false;
  if (!holders) return { held, releasedFirst };
  for (const e of entries) {
    const lock = instanceLock(e.message);
    if (lock === null || !holders.some((h) => lock.holder.endsWith(h))) continue;
    held += lock.taken ? 1 : -1;
    if (held < 0) releasedFirst = true;
  }
  return { held, releasedFirst };
}

export interface BuiltOperation {
  readonly operation: Operation;
  /** How its outcome was decided: whether its lines settle it, or it rests on where the logs end. */
  readonly verdict: Verdict;
  /** Its compute lock is released in these lines before it is taken: the logs begin after the operation did. */
  readonly begunBefore: boolean;
}

export function buildOperation(input: BuildInput): BuiltOperation {
  const { draft, own, context, groups } = input;
  const r = draft.recognizer;
  // concat, not a spread: `context` is empty (a literal's shape) or full, and a spread of both kinds made the
  // optimized build of this function wrong for one of them (--trace-deopt: "wrong map", compiled again).
  const all = own.concat(context).sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
  // nova-api writes its access line as the answer goes out: the request arrived `time:` seconds before it (catalog
  // 3.1), which may be before its first line (nova-api at INFO logs nothing else of it).
  const firstLine = all.find((e) => e.time !== null)?.time ?? groups[0]?.first ?? 0;
  const api = groups.find((g) => g.api !== null)?.api ?? null;
  const received = api !== null && api.time !== null && api.tookMs !== null ? api.time - api.tookMs : Infinity;
  const timed = all.some((e) => e.time !== null);
  // Lines without timestamps (message-only logs): the operation is in line order, its times unknown.
  const first = timed ? Math.min(firstLine, received) : 0;
  const ownSet = new Set(own);
  const end = timed ? lastStep(all, ownSet, first) : 0;
  const httpStatus = api?.status ?? null;

  const hosts = [...new Set(all.filter((e) => e.service === 'compute' && e.host !== null).map((e) => e.host as string))].sort();
  let selected: string | null = null;
  for (const e of own) {
    if (e.service !== 'scheduler' && e.service !== 'conductor') continue;
    for (const re of SELECTED) {
      const m = re.exec(e.message);
      if (m) selected = m[1] as string;
    }
  }
  let bodyHost: string | null = null;
  for (const g of groups) {
    const host = g.action === null ? undefined : BODY_HOST.exec(g.action.body)?.[1];
    if (host !== undefined) {
      bodyHost = host;
      break;
    }
  }

  let source: string | null = null;
  let destination: string | null = null;
  if (moves(r)) {
    const computeHosts = all.filter((e) => e.service === 'compute' && e.host !== null).map((e) => e.host as string);
    // The API body and the scheduler may name a host by FQDN where file paths give the short name.
    const known = (host: string | null): string | null =>
      host === null ? null : computeHosts.find((h) => shortHost(h) === shortHost(host)) ?? host;
    // The live-migration source is the host whose monitor thread reports the migration ([-] lines).
    const migratedFrom = all.find((e) => e.service === 'compute' && e.host !== null && LIVE_SOURCE.test(e.message))?.host ?? null;
    const cleanup = all.find((e) => e.service === 'compute' && EVACUATED_CLEANUP.test(e.message));
    // The live-migration destination logs the pre-checks and pre_live_migration.
    const migratedTo = all.find((e) => e.service === 'compute' && e.host !== null && ARRIVAL.test(e.message))?.host ?? null;
    // Context lines (a delayed VM Stopped on the host it left) must not decide where it went: own lines only.
    const ownHosts = own.filter((e) => e.service === 'compute' && e.host !== null).map((e) => e.host as string);
    destination = known(selected ?? bodyHost) ?? migratedTo ?? (r.placement === 'return' ? known(input.hostLeft) : null)
      ?? (r.placement === 'evacuate' ? computeHosts.find((h) => h !== cleanup?.host) ?? null : ownHosts[ownHosts.length - 1] ?? null);
    // A refused evacuation names the host it would have left: "Compute service of <host> is still in use."
    const refusedFrom = own.map((e) => /Compute service of ([\w.-]+) is still in use/.exec(e.message)?.[1]).find((h) => h !== undefined);
    source = cleanup?.host ?? refusedFrom ?? migratedFrom
      ?? (input.previousHost !== null && shortHost(input.previousHost) !== shortHost(destination) ? input.previousHost : null)
      ?? computeHosts.find((h) => shortHost(h) !== shortHost(destination)) ?? null;
  }

  const lock = lockBalance(all, r.computeLocks);
  const judged = judgeLines(all, ownSet, r.failed);
  const failure = judged.evidence;
  const ownCompute = own.filter((e) => e.service === 'compute');
  const completion = r.completion;
  const signs = completion.done ?? [];
  const shows = (sign: DoneSign): boolean => {
    const gate = gateOf(sign.lines);
    return (sign.ownCompute ? ownCompute : all).some((e) => gate.mayMatch(e.message) && sign.lines.some((re) => re.test(e.message)));
  };
  // Where compute is sure to log a sign: every host, a libvirt host among its hosts, or a DEBUG host for each of
  // its own compute lines (and it has some).
  const promised = (sign: DoneSign): boolean => sign.logged === 'always'
    || (sign.logged === 'libvirt' && hosts.some((h) => input.libvirtHosts.has(h)))
    || (sign.logged === 'timings' && hosts.some((h) => input.timingHosts?.has(h) === true))
    || (sign.logged === 'debug' && ownCompute.length > 0 && ownCompute.every((e) => e.host !== null && input.debugHosts.has(e.host)));
  const computeSilent = !all.some((e) => e.service === 'compute');
  // Without times, where the logs end says nothing of an operation.
  const logsEndSoon = timed && input.computeLogged && input.logsEnd - end < INCOMPLETE_WITHIN_MS;
  // Where it should have run: the host the scheduler picked, else where the instance was; a host whose log is not
  // among the inputs would say nothing of it.
  const expectedHost = selected ?? input.previousHost;
  /** The host it should run on is among these (any, when none is known). */
  const expectedAmong = (hosts: ReadonlySet<string> | undefined): boolean => (expectedHost === null
    ? (hosts?.size ?? 0) > 0
    : [...(hosts ?? [])].some((h) => shortHost(h) === shortHost(expectedHost)));
  // At DEBUG, compute logs every call it serves (its locks, its RPC): at INFO, a quiet action may log nothing.
  const hostLogged = expectedAmong(input.debugHosts);
  const begin = completion.begin;
  const beginGate = begin === undefined ? null : gateOf(begin.lines);
  const begun = begin === undefined || all.some((e) => e.service === 'compute' && beginGate?.mayMatch(e.message) === true && begin.lines.some((re) => re.test(e.message)));
  const doneByApi = completion.byApi === true || own.some((e) => e.service === 'api' && completion.apiDone?.some((re) => re.test(e.message)));
  const verdict = decideOutcome({
    httpStatus,
    failed: failure.length > 0,
    doneByApi,
    doneLine: signs.some(shows),
    unanswered: api === null && groups.some((g) => g.action !== null),
    lockHeld: lock.held > 0,
    // A compute log is among the inputs and it ends soon after the operation's last line: a missing line means something.
    logsEndSoon,
    missingDone: signs.find(promised)?.missing ?? null,
    computeSilent,
    // Only for operations compute is known to log an end of (a done sign): a quiet action (detach an interface in
    // Juno) may log nothing at all.
    computeNeverLogged: computeSilent && input.computeLogged && !logsEndSoon && r.placement !== 'api' && !doneByApi && hostLogged && signs.length > 0,
    missingBegin: begin !== undefined && !begun && input.computeLogged && !logsEndSoon && expectedAmong(input.computeHosts) ? begin.missing : null,
  });
  let error: OperationError | null = null;
  let evidence: readonly LogEntry[] = [];
  if (verdict.outcome === 'rejected') {
    const fault = own.find((e) => e.service === 'api' && /^(?:HTTP exception thrown|Fault thrown|Exception handling resource|Unexpected exception in API method|Caught error)/.test(e.message))
      ?? own.find((e) => e.service === 'api' && levelRank(e.level) >= ERROR_RANK);
    error = fault ? toError(fault) : null;
    evidence = fault ? [fault] : [];
  } else if (verdict.outcome === 'failed') {
    // The first entry that carries a traceback says most; else the first failure line.
    error = toError(failure.find((e) => e.continuation.length > 0 && levelRank(e.level) >= ERROR_RANK) ?? (failure[0] as LogEntry));
    evidence = failure;
  }
  const shownAsEvidence = new Set(evidence);
  const during = [...judged.during, ...(verdict.outcome === 'failed' ? [] : failure)]
    .filter((e) => !shownAsEvidence.has(e))
    .sort((a, b) => (a.time ?? 0) - (b.time ?? 0));

  const events: KeyEvent[] = [];
  for (const e of all) {
    const name = eventName(e);
    if (name !== null && e.time !== null) events.push({ time: e.time, service: e.service, host: e.host, name, message: e.message });
  }
  // Events, not steps: they neither stretch its end nor decide its verdict.
  for (const e of input.apiErrors ?? []) {
    const call = readApiCall(e);
    if (call !== null && e.time !== null) events.push({ time: e.time, service: 'api', host: e.host, name: 'api-error', message: `${call.method} ${call.path} answered ${call.status} (${e.requestId ?? '-'})` });
  }
  events.sort((a, b) => a.time - b.time);

  const requestIds: string[] = [];
  for (const g of groups) requestIds.push(g.id);
  for (const g of groups) {
    for (const id of g.aliases) if (!requestIds.includes(id)) requestIds.push(id);
    for (const id of g.globalIds) if (!requestIds.includes(id)) requestIds.push(id);
  }
  const apiGroup = groups.find((g) => g.api !== null) ?? groups[0];
  const operation: Operation = {
    id: `${requestIds[0] ?? 'no-request'}${draft.instance ? `:${draft.instance}` : ''}`,
    type: r.type,
    // The API body names it; else (no API log, or an INFO-only one) the operation's own lines may.
    variant: draft.variant ?? r.computeVariant?.(all) ?? null,
    instance: draft.instance,
    requestIds,
    globalRequestId: callerRequestId(requestIds, all),
    user: apiGroup?.user ?? null,
    project: apiGroup?.project ?? null,
    start: first,
    end,
    timed,
    outcome: verdict.outcome,
    outcomeReason: verdict.reason,
    httpStatus,
    hosts,
    selected,
    source,
    destination,
    phases: phasesOf(all, first, end, timed ? received : Infinity),
    events,
    error,
    failureEvidence: evidence.map(lineRef),
    errorsDuring: during.map(lineRef),
    entries: input.keepEntries ? all : null,
  };
  return { operation, verdict, begunBefore: lock.releasedFirst };
}
