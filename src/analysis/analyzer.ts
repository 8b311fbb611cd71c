// The analysis engine, one for every command: entries in time order -> Nova operations. analyze, trace and check
// add every entry and call finish(); follow adds entries as they are written and calls tick() with the wall clock
// in between. Offline analysis is exactly live analysis whose input ended: what an operation *is* (its lines, its
// verdict) is decided by the entries alone, in log time; the wall clock only decides when a live view reports it.
//
// Entries are grouped by request ID (the request store). A request with no entry for `closeAfterMs` of log time is
// closed and recognized; entries about an instance under no request ID ([-]: lifecycle events, the live-migration
// monitor) or under a request that starts no operation are kept per instance as context (the instance store), and
// join the operation of that instance whose window holds them once its request has been closed for
// `contextWaitMs`. That is the operation's final form. Memory follows what is open, not the input size.
//
// Live (options.live), each tick also looks at the open requests as they stand (live.ts), and reports their
// operations started, finished as soon as they are settled, and revised when their final form differs.

import type { LogEntry } from '../model/entry.js';
import { detach } from '../model/detach.js';
import type { Operation } from '../model/operation.js';
import type { EntryPlace, UnattachedError } from '../model/unattached-error.js';
import { Deployment } from '../correlate/deployment.js';
import { InstanceStore } from '../correlate/instance-store.js';
import { readApiCall, readServerPath } from '../correlate/api-call.js';
import type { RequestGroup } from '../correlate/request-group.js';
import { addToGroup } from '../correlate/request-group.js';
import { RequestStore } from '../correlate/request-store.js';
import { UNATTACHED_SAMPLES } from '../model/unattached-error.js';
import { UnattachedErrors } from '../correlate/unattached-errors.js';
import { instanceLock } from '../operations/instance-lock.js';
import { dispatchedType, recognize, recognizeFromPowerSync } from '../operations/recognize.js';
import type { Draft } from '../operations/recognize.js';
import { moves } from '../operations/recognizer.js';
import { buildOperation } from '../timeline/build.js';
import { assemble } from './assemble.js';
import type { Stores } from './assemble.js';
import { LiveReports } from './live.js';
import type { LiveOptions, Look } from './live.js';
import type { OperationEvent } from '../model/live.js';
import { AnalysisNotes } from './notes.js';
import { KeptOperations } from './kept-operations.js';
import { BY_TYPE } from '../operations/registry.js';
import { restoreInto } from '../model/restore.js';

export interface AnalyzerOptions {
  /** A request with no entry for this long (log time) is closed. Default 10 minutes. */
  readonly closeAfterMs?: number;
  /** Context lines this long after an operation's last own line still belong to it (the delayed VM Stopped). */
  readonly graceMs?: number;
  /** How long a closed request waits for context lines before its operations are final (default closeAfterMs). */
  readonly contextWaitMs?: number;
  /** How long context lines are kept for operations to claim them (default 3 x closeAfterMs). */
  readonly contextKeepMs?: number;
  /**
   * At most this many entries held (open requests and context); beyond, requests are closed early (those that can
   * start no operation first, then the quiet longest) and counted (notes.evicted), and context lines and what is
   * remembered of closed requests are kept for less long. Default: no bound (bounded by the input's time span).
   */
  readonly maxHeldEntries?: number;
  /** Keep each final operation's entries (trace, the UI), for the operations this says yes to (live: live.keepEntries). */
  readonly keepEntries?: (op: Operation) => boolean;
  /**
   * Sees every final operation with all its entries, whether they are kept or not (the persistent cache notes where
   * each operation's lines are, to read them again on demand).
   */
  readonly noteEntries?: (op: Operation, entries: readonly LogEntry[]) => void;
  /**
   * Sees, at the end, the errors outside operations (in finish()'s order) and where each one's first entries are:
   * the persistent cache notes them, for the terminal UI to read those entries again.
   */
  readonly noteUnattached?: (errors: readonly UnattachedError[], placesOf: (error: UnattachedError) => readonly EntryPlace[]) => void;
  /** Live following: report operations as they happen (tick). */
  readonly live?: LiveOptions;
}

/** Why a request closed: quiet for closeAfterMs (`idle`), over the memory bound, or the input's end. */
export type CloseReason = 'idle' | 'memory' | 'end';

export interface AnalysisResult {
  /** Every final operation in start order (live: only those still kept). */
  readonly operations: Operation[];
  readonly unattached: UnattachedError[];
  /** Live: the events of the input's end (every operation's last word). */
  readonly events: OperationEvent[];
}

interface Pending {
  readonly group: RequestGroup;
  /** Its operations, recognized when it closed (nothing joins a closed request). */
  readonly drafts: readonly Draft[];
  closedAt: number;
  reason: CloseReason;
}

/**
 * The engine's state between two entries, as data (structured-clone-able: no function, no class that must keep its
 * prototype but those restore() refills): what a grown input's analysis goes on from (commands/analysis-resume.ts).
 */
export interface AnalyzerState {
  readonly requests: object;
  readonly instances: object;
  readonly deployment: object;
  readonly unattached: object;
  readonly ready: readonly (Omit<Pending, 'drafts'> & { readonly drafts: readonly (Omit<Draft, 'recognizer'> & { readonly recognizer: string })[] })[];
  readonly done: object;
  readonly notes: object;
  readonly now: number;
  readonly sinceSweep: number;
}

/** Entries between two sweeps: sweeps come at the same entries whatever reads them, so results do not depend on it. */
const SWEEP_EVERY = 4096;

export class Analyzer {
  private readonly requests = new RequestStore();
  private readonly instances = new InstanceStore();
  /** What the deployment is, noted from every entry added (host facts read it beside the engine). */
  readonly deployment = new Deployment();
  private readonly stores: Stores = { requests: this.requests, instances: this.instances, deployment: this.deployment };
  private readonly unattached: UnattachedErrors;
  /** Closed requests that start operations, waiting for their context to close too. */
  private ready: Pending[] = [];
  /** Offline: every final operation, kept compact to the end of the input. */
  private readonly done = new KeptOperations();
  readonly notes = new AnalysisNotes();
  private readonly live: LiveReports | null;
  private readonly recognition = new WeakMap<RequestGroup, { readonly version: number; readonly instances: number; readonly drafts: readonly Draft[] }>();
  /** Live: instance -> the open requests with lines about it (their lines are its context if they start nothing). */
  private readonly openAbout = new Map<string, Set<RequestGroup>>();
  /** Time of the newest entry: log time. */
  private now = -Infinity;
  private sinceSweep = 0;
  private readonly closeAfter: number;
  private readonly grace: number;
  private readonly contextWait: number;
  private readonly contextKeep: number;
  private readonly keepEntries: ((op: Operation) => boolean) | undefined;

  constructor(private readonly options: AnalyzerOptions = {}) {
    this.closeAfter = options.closeAfterMs ?? 10 * 60_000;
    this.grace = options.graceMs ?? 30_000;
    this.contextWait = options.contextWaitMs ?? this.closeAfter;
    this.contextKeep = options.contextKeepMs ?? 3 * this.closeAfter;
    this.keepEntries = options.keepEntries ?? (options.live?.keepEntries === true ? () => true : undefined);
    // Whoever keeps entries to show them (the UI, trace) keeps the first few of each error outside operations too.
    this.unattached = new UnattachedErrors(this.keepEntries === undefined ? 0 : UNATTACHED_SAMPLES, options.noteUnattached !== undefined);
    this.live = options.live === undefined ? null : new LiveReports(options.live, (group) => this.lookAt(group));
  }

  add(entry: LogEntry): void {
    this.live?.entryCame();
    this.deployment.note(entry);
    if (entry.service === 'compute' && entry.message.startsWith('Lock "')) this.noteLockTaken(entry);
    const time = entry.time ?? this.now;
    if (time > this.now) this.now = time;
    else if (this.now - time > this.closeAfter) this.notes.late++;
    if (entry.requestId !== null && this.joinedClosed(entry, time)) {
      // A late line of a request already closed, whose operations are not final yet: it is theirs.
    } else if (entry.requestId !== null) {
      const group = this.requests.groupFor(entry, time);
      if (entry.instance !== null && entry.service !== 'api' && !group.instances.has(entry.instance)) {
        this.instances.noteServiceStart(entry.instance, { time, id: detach(group.id), user: detach(entry.user) });
      }
      this.requests.addTo(group, entry, time);
      if (group.api !== null && !group.indexed) this.indexApiStart(group);
      if (group.periodic) {
        // Service start-up shares the periodic context: the old host's evacuation clean-up is logged there.
        if (entry.instance !== null) this.addContext(entry);
        else this.unattached.note(entry);
      } else if (this.live !== null) {
        this.live.changed(group);
        if (entry.instance !== null && entry.service !== 'api') {
          let about = this.openAbout.get(entry.instance);
          if (!about) this.openAbout.set(entry.instance, about = new Set());
          about.add(group);
          this.live.contextAdded(entry.instance);
        }
      }
    } else if (entry.instance !== null) {
      this.addContext(entry);
    } else {
      this.unattached.note(entry);
    }
    if (++this.sinceSweep >= SWEEP_EVERY) {
      this.sinceSweep = 0;
      this.sweep(false);
    }
  }

  /**
   * Live: what to report now. `wall` is the wall clock; when no entry came since the last tick, the quiet it has
   * measured stands in for log time, so that an operation settles although no later line advances the log clock.
   */
  tick(wall: number): OperationEvent[] {
    return this.live?.tick(wall, this.now) ?? [];
  }

  /** Closes everything: the end of the input. */
  finish(wall = Date.now()): AnalysisResult {
    this.sweep(true);
    const events = this.live?.end(wall) ?? [];
    const operations = this.live === null ? this.done.take().sort((a, b) => a.start - b.start) : this.live.finishedOperations();
    const unattached = this.unattached.list();
    this.options.noteUnattached?.(unattached, (error) => this.unattached.placesFor(error));
    return { operations, unattached, events };
  }

  /**
   * The state as it stands, to be serialized at once (its objects are the engine's own, not copies): offline, and
   * only while no entries are kept with operations (trace and the UI keep them; their analyses are not resumed).
   */
  checkpoint(): AnalyzerState {
    if (this.live !== null || this.keepEntries !== undefined) throw new Error('checkpoint() is for an offline analysis that keeps no entries');
    return {
      requests: this.requests, instances: this.instances, deployment: this.deployment, unattached: this.unattached,
      ready: this.ready.map((p) => ({ ...p, drafts: p.drafts.map((d) => ({ ...d, recognizer: d.recognizer.type })) })),
      done: this.done, notes: this.notes, now: this.now, sinceSweep: this.sinceSweep,
    };
  }

  /**
   * Goes on from a checkpoint() of an analyzer made with the same options (deserialized: its stores' fields are put
   * back into this analyzer's own). Throws on a state it cannot read (an operation type this build does not know).
   */
  restore(state: AnalyzerState): void {
    if (this.live !== null || this.keepEntries !== undefined) throw new Error('restore() is for an offline analysis that keeps no entries');
    const ready = state.ready.map((p) => ({
      ...p,
      drafts: p.drafts.map((d) => {
        const recognizer = BY_TYPE.get(d.recognizer);
        if (recognizer === undefined) throw new Error(`unknown operation type in a checkpoint: ${d.recognizer}`);
        return { ...d, recognizer };
      }),
    }));
    restoreInto(this.requests, state.requests);
    restoreInto(this.instances, state.instances);
    restoreInto(this.deployment, state.deployment);
    restoreInto(this.unattached, state.unattached);
    restoreInto(this.done, state.done);
    restoreInto(this.notes, state.notes);
    this.ready = ready;
    this.now = state.now;
    this.sinceSweep = state.sinceSweep;
  }

  /** Time of the newest entry added (log time; -Infinity before any). */
  get logTime(): number {
    return this.now;
  }

  /** Live: open operations, then finished ones, with their states: what the UI shows. */
  snapshot(): ReturnType<LiveReports['snapshot']> {
    if (this.live === null) throw new Error('snapshot() is for live analysis');
    return this.live.snapshot();
  }

  /** Live: how many operations were started, finished, are open, and were dropped beyond `keep`. */
  get counts(): { readonly started: number; readonly finished: number; readonly open: number; readonly dropped: number } {
    const live = this.live;
    if (live === null) return { started: 0, finished: this.done.length, open: 0, dropped: 0 };
    return { started: live.started, finished: live.finished, open: live.open, dropped: live.dropped };
  }

  /** Requests held (open, or waiting for their context): bounded by what is open, not by the input. */
  get held(): number {
    return this.requests.open.size + this.ready.length;
  }

  /**
   * A line under the ID of a request that closed with operations not final yet (waiting for their context) joins
   * it: followed files read unevenly (a folder written at once, a reader far behind) can give a service's line
   * after the request went quiet in the others' for longer than closeAfterMs. Offline, lines come in time order
   * and a closed request's ID comes back only in another request (a leaked context): those come long after.
   */
  private joinedClosed(entry: LogEntry, time: number): boolean {
    if (this.ready.length === 0 || this.requests.get(entry.requestId as string) !== undefined) return false;
    const p = this.ready.find((r) => r.group.id === entry.requestId);
    if (p === undefined || time >= p.group.last + this.closeAfter) return false;
    addToGroup(p.group, entry, time);
    return true;
  }

  private addContext(entry: LogEntry): void {
    this.instances.addContext(entry);
    this.live?.contextAdded(entry.instance as string);
  }

  private indexApiStart(group: RequestGroup): void {
    group.indexed = true;
    const api = group.api;
    const server = api === null ? null : readServerPath(api.path)?.server ?? null;
    // A refused request changed nothing: the lines after it still belong to the operation before it.
    if (server !== null && api !== null && api.method !== 'GET' && api.status < 400) this.instances.noteApiStart(server, group.first);
  }

  private noteLockTaken(entry: LogEntry): void {
    const lock = instanceLock(entry.message);
    if (lock?.taken === true && entry.time !== null) this.instances.noteLockTaken(lock.instance, entry.time);
  }

  /**
   * The operations a request starts. One named only by its lock's release is one whose lock was taken before the
   * input began, not one whose lock was taken here under another request (that request is the operation).
   */
  private recognized(group: RequestGroup): Draft[] {
    // A loop, not filter(): the drafts come as an empty literal or a full array, two shapes (see assemble.ts).
    const drafts: Draft[] = [];
    for (const d of this.recognizedAsItStands(group)) {
      const taken = d.releasedAt === undefined || d.instance === null ? undefined : this.instances.lockTakenAt(d.instance);
      if (!(taken !== undefined && (d.releasedAt === null || taken <= (d.releasedAt as number)))) drafts.push(d);
    }
    return drafts;
  }

  /**
   * recognize(group), made again only when the group has changed since (live looks at open requests over and over:
   * a new entry, API call or instance is what can change it).
   */
  private recognizedAsItStands(group: RequestGroup): readonly Draft[] {
    const version = group.entries.length * 8 + (group.api === null ? 0 : 4) + (group.action === null ? 0 : 2) + (group.periodic ? 1 : 0);
    const known = this.recognition.get(group);
    if (known !== undefined && known.version === version && known.instances === group.instances.size) return known.drafts;
    const drafts = recognize(group);
    this.recognition.set(group, { version, instances: group.instances.size, drafts });
    return drafts;
  }

  /** Live: the operations of an open request as they stand, built without moving or taking any line. */
  private lookAt(group: RequestGroup): Look[] {
    if (this.requests.get(group.id) !== group) return [];
    return this.recognized(group).map((draft) => {
      const input = assemble(this.stores, group, draft, this.grace, this.now, true, this.unclosedAbout(group, draft.instance));
      let lastLine = group.last;
      for (const e of input.context) if (e.time !== null && e.time > lastLine) lastLine = e.time;
      return { built: buildOperation(input), lastLine };
    });
  }

  /**
   * Lines about an instance of the other open requests that start no operation so far: the context they give it
   * when they close (a Neutron event's request ends a Queens boot on compute: its lock's release).
   */
  private unclosedAbout(group: RequestGroup, instance: string | null): LogEntry[] {
    const about = instance === null ? undefined : this.openAbout.get(instance);
    if (about === undefined) return [];
    const lines: LogEntry[] = [];
    for (const other of about) {
      if (other === group || group.globalIds.has(other.id) || this.recognized(other).length > 0) continue;
      for (const e of other.entries) if (e.instance === instance && e.service !== 'api') lines.push(e);
    }
    return lines;
  }

  /** Closes a request: one that starts operations waits for its context; another gives its lines to the context. */
  private close(group: RequestGroup, closedAt: number, reason: CloseReason): void {
    // Live: a request that closes before its newest lines were looked at is looked at now, while it is still open.
    if (this.live !== null && reason !== 'end' && this.live.unseen(group)) this.live.closed(group, this.lookAt(group));
    this.requests.remove(group);
    for (const instance of group.instances) {
      const about = this.openAbout.get(instance);
      about?.delete(group);
      if (about?.size === 0) this.openAbout.delete(instance);
    }
    let drafts = this.recognized(group);
    if (drafts.length === 0) {
      const hint = this.powerSyncHint(group);
      if (hint !== null) drafts = [hint];
    }
    if (drafts.length > 0) {
      this.requests.noteOperation(group.id, closedAt);
      this.ready.push({ group, drafts, closedAt, reason });
      return;
    }
    this.live?.closedWithout(group);
    if (group.api !== null && group.action === null && group.api.method === 'POST' && readServerPath(group.api.path)?.kind === 'action') {
      this.notes.unnamedActions.note(group.id);
    } else if (group.api === null && group.action !== null && dispatchedType(group.action) !== null) {
      this.notes.unanswered.note(group.id);
    } else if (group.user !== null && group.instances.size > 0 && !group.entries.some((e) => e.service === 'api')) {
      this.notes.withoutApi.unnamed.note(group.id);
    }
    const keepContext = reason !== 'memory';
    // nova-api answered a request about an instance with an error (a status poll answered 500 after its create):
    // part of the instance's story, an event of its current operation.
    const server = group.api !== null && group.api.status >= 500 ? readServerPath(group.api.path)?.server ?? null : null;
    const access = server === null ? undefined : group.entries.find((e) => e.service === 'api' && e.time === group.api?.time && readApiCall(e) !== null);
    if (server !== null && access !== undefined) this.instances.noteApiError(server, access);
    // Other API requests about the instance (status polls) are the user looking, not the operation working.
    for (const e of group.entries) {
      if (keepContext && e.instance !== null && e.service !== 'api') this.addContext(e);
      else this.unattached.note(e);
    }
  }

  /** A compute-only request that only checked its instance's power state: what the power-state sync around it says it was. */
  private powerSyncHint(group: RequestGroup): Draft | null {
    const instance = group.instances.size === 1 ? [...group.instances][0] as string : null;
    if (instance === null) return null;
    const near = this.instances.claim(instance, (e) => e.time !== null && e.time >= group.first - this.grace && e.time <= group.last + this.grace, false);
    return recognizeFromPowerSync(group, near);
  }

  private sweep(all: boolean): void {
    const now = this.now;
    // 1. Close idle requests. One that has been quiet for closeAfter is closed then, whenever the sweep sees it:
    // after a gap in the logs longer than contextKeep, its operations are due at once, before their context lines
    // are forgotten.
    for (const group of [...this.requests.open.values()]) {
      if (all) this.close(group, now, 'end');
      else if (now - group.last >= this.closeAfter) this.close(group, group.last + this.closeAfter, 'idle');
    }
    // 1b. Over the bound: the requests quiet the longest close now, their operations final as they stand.
    const max = this.options.maxHeldEntries;
    if (!all && max !== undefined) {
      let held = this.requests.heldEntries() + this.instances.heldEntries() + this.ready.reduce((n, p) => n + p.group.entries.length, 0);
      if (held > max) {
        // Requests that can start no operation go first (a status poll, a service's own work under a user-less
        // context that names no instance), then the quiet longest.
        const rank = (g: RequestGroup): number => (g.user !== null || g.instances.size > 0 || (g.api !== null && g.api.method !== 'GET') ? 1 : 0);
        const oldest = [...this.requests.open.values()].sort((a, b) => rank(a) - rank(b) || a.last - b.last);
        for (const group of oldest) {
          if (held <= max * 0.8) break;
          held -= group.entries.length;
          this.notes.evicted++;
          this.close(group, -Infinity, 'memory');
        }
        for (const p of this.ready) {
          if (held <= max * 0.8) break;
          held -= p.group.entries.length;
          p.closedAt = -Infinity;
          p.reason = 'memory';
        }
        // Still over: context lines are kept for less long, oldest first.
        for (let keep = this.contextKeep / 2; held > max * 0.8 && keep >= 1000; keep /= 2) {
          const before = this.instances.heldEntries();
          this.instances.forget(now, keep, (e) => this.unattached.note(e));
          held -= before - this.instances.heldEntries();
        }
      }
      // What is remembered of closed requests (their IDs, when requests began on each instance) is bounded alike:
      // at a hundred thousand lines a second, half an hour of request IDs is millions.
      for (let keep = this.contextKeep / 2; this.requests.remembered + this.instances.remembered > max && keep >= 1000; keep /= 2) {
        this.requests.forget(now, keep);
        this.instances.forget(now, keep, (e) => this.unattached.note(e));
      }
    }
    // 2. Operations whose context has had time to close as well are final.
    const due = all ? this.ready : this.ready.filter((p) => now - p.closedAt >= this.contextWait);
    this.ready = all ? [] : this.ready.filter((p) => now - p.closedAt < this.contextWait);
    due.sort((a, b) => a.group.first - b.group.first);
    for (const p of due) this.finalize(p, all && p.reason !== 'memory' ? 'end' : p.reason);
    // 3. Forget what nobody can use any more.
    const forgetBefore = all ? Infinity : now;
    this.requests.forget(forgetBefore, this.contextKeep);
    this.instances.forget(forgetBefore, this.contextKeep, (e) => this.unattached.note(e));
  }

  private finalize({ group, drafts }: Pending, reason: CloseReason): void {
    const finals: Operation[] = [];
    for (const draft of drafts) {
      const { operation: op, begunBefore } = buildOperation(assemble(this.stores, group, draft, this.grace, this.now, false));
      if (begunBefore) this.notes.begunBefore.note(group.id);
      else if (!draft.fromApi && !group.entries.some((e) => e.service === 'api')) this.notes.withoutApi.named.note(group.id);
      if (this.options.noteEntries !== undefined && op.entries !== null) this.options.noteEntries(op, op.entries);
      const entries = this.keepEntries?.(op) ? op.entries : null;
      // Final operations are kept to the end of the input, as copies (their strings must not pin the chunks they
      // came from) kept compact. (Live with nothing kept, NDJSON, they are written and let go: live.ts copies what it keeps.)
      if (this.live === null) this.done.add({ ...op, entries });
      else finals.push({ ...op, entries });
      if (op.instance !== null && draft.recognizer.placement !== 'host-left') {
        const host = op.destination ?? op.selected ?? op.hosts[op.hosts.length - 1] ?? null;
        if (host !== null && op.outcome !== 'rejected' && op.outcome !== 'failed') {
          this.instances.placed(op.instance, host, moves(draft.recognizer) ? op.source : null);
        }
      }
    }
    if (this.live !== null) this.live.final(group, finals, reason);
  }
}
