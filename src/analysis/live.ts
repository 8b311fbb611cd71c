// Live reporting of the analysis: what a follower is told, and when. It decides nothing about what an operation is
// (the analyzer's stores, recognizers and timeline builder do, from the entries alone); it decides when to say it.
//
// An operation is `started` when its request is first recognized and a line names its instance (the ID it is
// started under names it and is kept to the end), `updated` as it grows (at most once per updateEveryMs), and
// `finished`: at once (within DONE_QUIET_MS of its last line) when its lines settle its verdict (refused, failed,
// a line that says it finished); after the settle window of quiet when its verdict is not incomplete and nothing
// says it is still going; else when its request closes. Quiet is measured in log time, and while no line comes at
// all the wall clock stands in for it. A finished operation whose lines change afterwards (a late lifecycle event,
// an evacuated host's clean-up minutes later, its request's final close) is `revised` with the whole operation: the
// last word on each operation is the analyzer's final form, which is what offline analysis gives.
//
// An operation said finished is never said to start or finish again: the memory bound can close its request early
// (its form as it stands is final) and a later line under the same request ID opens another group, whose operation
// has the same ID (issue 19). Every ID said finished is kept (SaidOperations), however many: what comes of it later
// is a revision.

import { detachData } from '../model/detach.js';
import type { FinishedBy, LiveState, OperationEvent, RevisedBy } from '../model/live.js';
import type { Operation } from '../model/operation.js';
import type { RequestGroup } from '../correlate/request-group.js';
import type { BuiltOperation } from '../timeline/build.js';
import { INCOMPLETE_WITHIN_MS } from '../timeline/outcome.js';
import type { Verdict } from '../timeline/outcome.js';
import { SaidOperations, formHash } from './said-operations.js';

export interface LiveOptions {
  /** An operation whose lines do not settle it is reported finished after this much quiet (`--settle`, 5 s). */
  readonly settleMs: number;
  /** Wall time without a new line before an in-progress operation is shown stalled. */
  readonly idleTimeoutMs: number;
  /** At most one updated or revised event per operation this often. */
  readonly updateEveryMs: number;
  /** Finished operations kept for the snapshot (the UI); older ones are dropped and counted. 0: none kept (NDJSON). */
  readonly keep: number;
  /** Keep operations' entries (the UI's timelines); NDJSON does not need them. */
  readonly keepEntries: boolean;
}

/** A settled operation is reported once its lines have paused this long: the few lines after a done line come with it. */
export const DONE_QUIET_MS = 250;

/** What the analyzer gives for an open request: each operation as it stands, and the time of its newest line. */
export interface Look {
  readonly built: BuiltOperation;
  readonly lastLine: number;
}

interface Tracked {
  op: Operation;
  /** signature(op), made once per look. */
  sig: string;
  verdict: Verdict;
  lastLine: number;
  readonly group: RequestGroup;
  state: LiveState;
  /** Wall time of its last change. */
  changedAt: number;
  /** Wall time of its last event. */
  emittedAt: number;
  /** Changed since its last event. */
  dirty: boolean;
}

/** No form hashes to this: an operation said finished with it is revised by whatever comes of it later. */
const UNKNOWN_FORM = -1;

/** An operation without its entries, as text: two looks that give the same text say the same. */
function signature(op: Operation): string {
  return JSON.stringify({ ...op, entries: null });
}

export class LiveReports {
  private readonly tracked = new Map<string, Tracked>();
  /** The IDs tracked for each open request (a closed one's go with it). */
  private readonly idsOf = new Map<RequestGroup, Set<string>>();
  /** Wall time each open request was last looked at. */
  private readonly lookedAt = new Map<RequestGroup, number>();
  private readonly changedGroups = new Set<RequestGroup>();
  /** Instances -> open groups whose operations are about them: a context line about one changes those. */
  private readonly groupsOf = new Map<string, Set<RequestGroup>>();
  /** Finished operations, oldest first (by when they were first finished). */
  private readonly done = new Map<string, Operation>();
  /** Every operation said finished, and what was last said of it. */
  private readonly said = new SaidOperations();
  /** Events of final forms, made between ticks (a sweep closed requests). */
  private queued: OperationEvent[] = [];
  /** Operations of requests that closed before they were looked at as they last stood, to be seen at the next tick. */
  private closing: { readonly group: RequestGroup; readonly looks: readonly Look[] }[] = [];
  private arrived = false;
  /** Wall time of the last tick at which entries had come. */
  private quietSince = -Infinity;
  started = 0;
  finished = 0;
  dropped = 0;

  constructor(
    private readonly options: LiveOptions,
    private readonly look: (group: RequestGroup) => Look[],
  ) {}

  /** An entry came (any entry: the inputs are not quiet). */
  entryCame(): void {
    this.arrived = true;
  }

  /** A request's group got an entry. */
  changed(group: RequestGroup): void {
    this.changedGroups.add(group);
  }

  /** A context line about an instance came: the open operations about it may take it. */
  contextAdded(instance: string): void {
    for (const group of this.groupsOf.get(instance) ?? []) this.changedGroups.add(group);
  }

  /** Whether a request changed since it was last looked at (its newest lines not seen yet). */
  unseen(group: RequestGroup): boolean {
    return this.changedGroups.has(group);
  }

  /**
   * A request that starts operations closed before it was looked at as it last stood (a backlog, or files written
   * at once, read in one go: its lines came and went quiet between two ticks). Its operations as they stood are seen
   * at the next tick, as if looked at then: started, and finished by their lines or by quiet. Without this, they
   * were said only when final, ten minutes of log time later, or at the stop.
   */
  closed(group: RequestGroup, looks: readonly Look[]): void {
    this.changedGroups.delete(group);
    if (looks.length > 0) this.closing.push({ group, looks });
  }

  /** A request closed without starting an operation: what was tracked of it goes. */
  closedWithout(group: RequestGroup): void {
    this.changedGroups.delete(group);
    this.forgetGroup(group);
  }

  tick(wall: number, logNow: number): OperationEvent[] {
    if (this.arrived || this.quietSince === -Infinity) {
      this.arrived = false;
      this.quietSince = wall;
    }
    // Log time, with the wall clock standing in while no line comes.
    const now = logNow + Math.max(0, wall - this.quietSince);
    const events = this.takeQueued(wall);
    for (const { group, looks } of this.closing) for (const look of looks) this.seen(group, look, wall, events);
    this.closing = [];
    // An operation whose verdict rests on the logs ending soon after it is looked at again once they have gone on.
    for (const t of this.tracked.values()) {
      if (t.state !== 'finished' && t.verdict.untilLogsGoOn && logNow - t.op.end >= INCOMPLETE_WITHIN_MS) this.changedGroups.add(t.group);
    }
    for (const group of this.changedGroups) {
      // A request whose operations were all reported finished is looked at again at most once per updateEveryMs:
      // what its new lines change is said by a revision, itself at most that often.
      if (this.allFinished(group) && wall - (this.lookedAt.get(group) ?? -Infinity) < this.options.updateEveryMs) continue;
      this.changedGroups.delete(group);
      this.lookedAt.set(group, wall);
      for (const look of this.look(group)) this.seen(group, look, wall, events);
    }
    for (const t of this.tracked.values()) {
      if (t.state !== 'finished') {
        const quiet = now - t.lastLine;
        if (t.verdict.settled && quiet >= DONE_QUIET_MS) this.finish(t, wall, 'outcome', events);
        else if (!t.verdict.settled && t.verdict.outcome !== 'incomplete' && quiet >= this.options.settleMs) this.finish(t, wall, 'quiet', events);
      }
      if (t.state === 'finished') {
        if (t.dirty && wall - t.emittedAt >= this.options.updateEveryMs) this.revise(t, t.op, wall, 'lines', events);
        continue;
      }
      if (t.state === 'in-progress' && wall - t.changedAt >= this.options.idleTimeoutMs) {
        t.state = 'stalled';
        t.dirty = true;
        t.emittedAt = -Infinity;
      }
      if (t.dirty && wall - t.emittedAt >= this.options.updateEveryMs) {
        t.dirty = false;
        t.emittedAt = wall;
        events.push({ event: 'operation.updated', time: wall, state: t.state, operation: this.shown(t.op) });
      }
    }
    return events;
  }

  /** The final forms of a closed request's operations (their events go out with the next tick). */
  final(group: RequestGroup, finals: readonly Operation[], reason: FinishedBy & RevisedBy): void {
    // No wall clock here (a sweep runs as entries are added): takeQueued stamps these events.
    const wall = NaN;
    this.changedGroups.delete(group);
    // Final before the tick that would have seen it as it stood: the final form is what is said.
    if (this.closing.length > 0) this.closing = this.closing.filter((c) => c.group !== group);
    for (const op of finals) {
      const t = this.tracked.get(op.id);
      const ours = t !== undefined && t.group === group;
      if (ours) this.tracked.delete(op.id);
      if (this.said.has(op.id)) {
        // Said finished already (by its lines, or under an earlier group of the same request ID): a revision if changed.
        const event = this.revisedEvent(op, wall, reason, signature(op));
        if (event !== null) this.queued.push(event);
        continue;
      }
      if (!ours) {
        this.started++;
        this.queued.push({ event: 'operation.started', time: wall, state: 'in-progress', operation: this.shown(op) });
      }
      // Most operations finished here are never looked at again: their form is not hashed (a JSON text each).
      this.queued.push(this.finishedEvent(op, wall, reason, UNKNOWN_FORM));
    }
    this.forgetGroup(group);
  }

  /** The input ended: what final() did not reach (nothing, when the analyzer closed every request) goes. */
  end(wall: number): OperationEvent[] {
    const events = this.takeQueued(wall);
    this.closing = [];
    this.tracked.clear();
    this.idsOf.clear();
    this.lookedAt.clear();
    this.changedGroups.clear();
    this.groupsOf.clear();
    return events;
  }

  /** Finished operations kept, in start order. */
  finishedOperations(): Operation[] {
    return [...this.done.values()].sort((a, b) => a.start - b.start);
  }

  /** Finished operations (oldest first), then open ones, with their states: what the UI shows. */
  snapshot(): { readonly operations: Operation[]; readonly states: ReadonlyMap<string, LiveState> } {
    const states = new Map<string, LiveState>();
    const operations: Operation[] = [];
    for (const op of this.done.values()) {
      operations.push(op);
      states.set(op.id, 'finished');
    }
    for (const t of this.tracked.values()) {
      if (t.state === 'finished') continue;
      operations.push(this.shown(t.op));
      states.set(t.op.id, t.state);
    }
    return { operations, states };
  }

  get open(): number {
    let n = 0;
    for (const t of this.tracked.values()) if (t.state !== 'finished') n++;
    return n;
  }

  private seen(group: RequestGroup, { built, lastLine }: Look, wall: number, events: OperationEvent[]): void {
    const op = built.operation;
    let t = this.tracked.get(op.id);
    if (t !== undefined && t.group !== group) return;
    // An operation is started under the ID it will finish with, which names its instance: a boot (or a request
    // nova-api has not answered) is not started before a line names the instance, unless it ended without one.
    if (t === undefined && op.instance === null && !built.verdict.settled) return;
    if (t === undefined) {
      const sig = signature(op);
      // Said finished already, under an earlier group of its request ID: tracked as finished, a change is a revision.
      const said = this.said.get(op.id);
      t = {
        op, sig, verdict: built.verdict, lastLine, group, state: said === undefined ? 'in-progress' : 'finished', changedAt: wall, emittedAt: wall,
        dirty: said !== undefined && formHash(sig) !== said,
      };
      this.tracked.set(op.id, t);
      let ids = this.idsOf.get(group);
      if (!ids) this.idsOf.set(group, ids = new Set());
      ids.add(op.id);
      if (op.instance !== null) {
        let groups = this.groupsOf.get(op.instance);
        if (!groups) this.groupsOf.set(op.instance, groups = new Set());
        groups.add(group);
      }
      if (said !== undefined) return;
      this.started++;
      events.push({ event: 'operation.started', time: wall, state: 'in-progress', operation: this.shown(op) });
      return;
    }
    const sig = signature(op);
    const changed = sig !== t.sig;
    t.op = op;
    t.sig = sig;
    t.verdict = built.verdict;
    t.lastLine = Math.max(t.lastLine, lastLine);
    if (!changed) return;
    t.changedAt = wall;
    t.dirty = true;
    if (t.state === 'stalled') t.state = 'in-progress';
  }

  private finish(t: Tracked, wall: number, by: FinishedBy, events: OperationEvent[]): void {
    t.state = 'finished';
    if (this.said.has(t.op.id)) {
      this.revise(t, t.op, wall, 'lines', events);
      return;
    }
    t.dirty = false;
    t.emittedAt = wall;
    events.push({ ...this.finishedEvent(t.op, wall, by, formHash(t.sig)), lastLine: t.lastLine });
  }

  /** `form`: the hash of its form (UNKNOWN_FORM: not made; any later form is then said as a revision). */
  private finishedEvent(op: Operation, wall: number, by: FinishedBy, form: number): OperationEvent {
    this.said.set(op.id, form);
    const kept = this.kept(op);
    this.finished++;
    // keep 0: nothing shows the finished operations (NDJSON): they are said, not kept.
    if (this.options.keep === 0) return { event: 'operation.finished', by, time: wall, state: 'finished', operation: kept };
    this.done.set(op.id, kept);
    if (this.done.size > this.options.keep) {
      this.done.delete(this.done.keys().next().value as string);
      this.dropped++;
    }
    return { event: 'operation.finished', by, time: wall, state: 'finished', operation: kept };
  }

  private revise(t: Tracked, op: Operation, wall: number, by: RevisedBy, events: OperationEvent[]): void {
    t.dirty = false;
    t.emittedAt = wall;
    const event = this.revisedEvent(op, wall, by, op === t.op ? t.sig : signature(op));
    if (event !== null) events.push(event);
  }

  /** A revision of an operation said finished, or null when this form is the one last said. */
  private revisedEvent(op: Operation, wall: number, by: RevisedBy, sig: string): OperationEvent | null {
    const hash = formHash(sig);
    if (this.said.get(op.id) === hash) return null;
    this.said.set(op.id, hash);
    const kept = this.kept(op);
    // Dropped beyond --keep: still said, no longer shown.
    if (this.done.has(op.id)) this.done.set(op.id, kept);
    return { event: 'operation.revised', by, time: wall, state: 'finished', operation: kept };
  }

  /** Events of final forms made since the last tick, stamped now. */
  private takeQueued(wall: number): OperationEvent[] {
    const events = this.queued.map((e) => ({ ...e, time: wall }));
    this.queued = [];
    return events;
  }

  private allFinished(group: RequestGroup): boolean {
    const ids = this.idsOf.get(group);
    if (ids === undefined || ids.size === 0) return false;
    for (const id of ids) if (this.tracked.get(id)?.state !== 'finished') return false;
    return true;
  }

  private forgetGroup(group: RequestGroup): void {
    this.lookedAt.delete(group);
    for (const id of this.idsOf.get(group) ?? []) if (this.tracked.get(id)?.group === group) this.tracked.delete(id);
    this.idsOf.delete(group);
    for (const instance of group.instances) {
      const groups = this.groupsOf.get(instance);
      groups?.delete(group);
      if (groups?.size === 0) this.groupsOf.delete(instance);
    }
  }

  /** Without its entries unless the UI wants them. */
  private shown(op: Operation): Operation {
    return this.options.keepEntries || op.entries === null ? op : { ...op, entries: null };
  }

  /**
   * Kept for long (the UI keeps finished operations): copied out of the chunks its strings were cut from. NDJSON
   * keeps none: the event is written at once and let go.
   */
  private kept(op: Operation): Operation {
    if (this.options.keep === 0) return this.shown(op);
    return { ...detachData({ ...op, entries: null }), entries: this.options.keepEntries ? detachData(op.entries) : null };
  }
}
