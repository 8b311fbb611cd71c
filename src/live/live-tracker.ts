// Entries as they are written -> live operation events. An operation is `started` when its request is first
// recognized and a line names its instance (its ID, kept to the end, names it), `updated` as it grows (at most once
// per `updateEveryMs` each), `finished` as soon as its lines show how it ended (rejected, failed, its done line) or
// else when its request closes; with no new entry for the idle timeout it is marked `stalled`. Finished operations
// beyond `keep` are dropped oldest first, and counted.
// Pure: the caller passes the wall clock.

import type { LogEntry } from '../model/entry.js';
import type { Operation } from '../model/operation.js';
import type { LiveState } from '../model/live.js';
import { Correlator } from '../correlate/correlator.js';
import type { CloseReason } from '../correlate/correlator.js';
import { detachData } from '../model/detach.js';

export type LiveEventName = 'operation.started' | 'operation.updated' | 'operation.finished';

/** Why a live operation is finished: its lines show how it ended, or its request closed (quiet, memory bound, input end). */
export type FinishedBy = 'outcome' | CloseReason;

export interface LiveEvent {
  readonly event: LiveEventName;
  /** On operation.finished: why. */
  readonly by?: FinishedBy;
  /** Wall clock (epoch ms). */
  readonly time: number;
  readonly state: LiveState;
  readonly operation: Operation;
}

export interface LiveOptions {
  /** Wall time without a new entry before an operation is stalled; also the log time after which a quiet request closes. */
  readonly idleTimeoutMs: number;
  /** Finished operations kept (for the UI); older ones are dropped. */
  readonly keep: number;
  readonly updateEveryMs: number;
  /** Keep each operation's entries (the UI's timelines); NDJSON does not need them. */
  readonly keepEntries: boolean;
  /** Entries held by open requests at most; beyond, the longest-quiet requests are finished early (counted). */
  readonly maxHeldEntries: number;
}

interface Tracked {
  op: Operation;
  state: LiveState;
  /** Wall time of its last new entry. */
  changedAt: number;
  /** Wall time of its last started/updated event. */
  emittedAt: number;
  /** Changed since its last event. */
  dirty: boolean;
}

/** Context lines come within 30 s of an operation's own; live following does not wait the ten minutes a post-incident analysis does. */
const CONTEXT_WAIT_MS = 30_000;
/** A request quiet this long whose lines do not say it is still going is done: live following cannot hold every line for ten minutes. */
const SETTLE_QUIET_MS = 30_000;
/** Context lines are kept this long for an operation to claim them. */
const CONTEXT_KEEP_MS = 2 * 60_000;
/** Operations reported finished early whose requests are still to close: far more than are ever open at once. */
const MAX_EARLY = 65_536;

export class LiveTracker {
  private readonly correlator: Correlator;
  private readonly open = new Map<string, Tracked>();
  /** Finished, newest last. */
  private readonly done: Operation[] = [];
  /** Finished early (settled); their request's final close is still to come and replaces them quietly. */
  private readonly early = new Set<string>();
  private finals: { readonly op: Operation; readonly reason: CloseReason }[] = [];
  /** Finished operations dropped beyond `keep`. */
  dropped = 0;
  started = 0;
  finished = 0;

  constructor(private readonly options: LiveOptions) {
    this.correlator = new Correlator({
      closeAfterMs: options.idleTimeoutMs,
      contextWaitMs: Math.min(CONTEXT_WAIT_MS, options.idleTimeoutMs),
      settleQuietMs: Math.min(SETTLE_QUIET_MS, options.idleTimeoutMs),
      contextKeepMs: CONTEXT_KEEP_MS,
      maxHeldEntries: options.maxHeldEntries,
      keepFinished: false,
      keepEntries: () => options.keepEntries,
      onFinished: (op, reason) => this.finals.push({ op, reason }),
    });
  }

  add(entry: LogEntry): void {
    this.correlator.add(entry);
  }

  /** Events since the last tick. */
  tick(wall: number): LiveEvent[] {
    const events: LiveEvent[] = [];
    for (const { operation, settled } of this.correlator.changedOperations()) this.seen(operation, settled, wall, events);
    this.closeFinals(wall, events);
    for (const t of this.open.values()) {
      if (t.state === 'in-progress' && wall - t.changedAt >= this.options.idleTimeoutMs) {
        t.state = 'stalled';
        t.dirty = true;
        t.emittedAt = -Infinity;
      }
      if (t.dirty && wall - t.emittedAt >= this.options.updateEveryMs) {
        t.dirty = false;
        t.emittedAt = wall;
        events.push({ event: 'operation.updated', time: wall, state: t.state, operation: t.op });
      }
    }
    return events;
  }

  /** The input ended: every open request closes now. */
  end(wall: number): LiveEvent[] {
    const events = this.tick(wall);
    this.correlator.finish();
    this.closeFinals(wall, events);
    for (const [id, t] of this.open) {
      this.open.delete(id);
      events.push(this.finish(this.keep(t.op, false), wall, 'end'));
    }
    return events;
  }

  /** Open operations (oldest first), then finished ones, with their states: what the UI shows. */
  snapshot(): { readonly operations: Operation[]; readonly states: ReadonlyMap<string, LiveState> } {
    const states = new Map<string, LiveState>();
    const operations: Operation[] = [];
    for (const op of this.done) {
      operations.push(op);
      states.set(op.id, 'finished');
    }
    for (const t of this.open.values()) {
      operations.push(t.op);
      states.set(t.op.id, t.state);
    }
    return { operations, states };
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Requests finished early to stay within maxHeldEntries. */
  get evicted(): number {
    return this.correlator.evicted;
  }

  private strip(op: Operation): Operation {
    return this.options.keepEntries ? op : { ...op, entries: null };
  }

  /**
   * Finished operations are kept for long: copied out of the chunks their strings were cut from. The correlator's
   * final ones (`detached`) already are, but for their entries.
   */
  private keep(op: Operation, detached: boolean): Operation {
    const base = detached ? op : detachData({ ...op, entries: null });
    return { ...base, entries: this.options.keepEntries ? detachData(op.entries) : null };
  }

  private seen(raw: Operation, settled: boolean, wall: number, events: LiveEvent[]): void {
    if (this.early.has(raw.id)) return;
    const op = this.strip(raw);
    let t = this.open.get(op.id);
    // An operation is started under the ID it will finish with, which names its instance: a boot (or a request
    // nova-api has not answered) is not started before a line names the instance, unless it ended without one.
    if (!t && op.instance === null && !settled) return;
    if (!t) {
      t = { op, state: 'in-progress', changedAt: wall, emittedAt: wall, dirty: false };
      this.started++;
      events.push({ event: 'operation.started', time: wall, state: 'in-progress', operation: op });
    } else {
      t.op = op;
      t.state = 'in-progress';
      t.changedAt = wall;
      t.dirty = true;
    }
    this.open.set(op.id, t);
    if (settled) {
      this.open.delete(op.id);
      this.early.add(op.id);
      // A final close that comes under another ID (the instance named only later) leaves its mark: the oldest go.
      if (this.early.size > MAX_EARLY) this.early.delete(this.early.values().next().value as string);
      events.push(this.finish(this.keep(op, false), wall, 'outcome'));
    }
  }

  private closeFinals(wall: number, events: LiveEvent[]): void {
    const finals = this.finals;
    this.finals = [];
    for (const final of finals) {
      const op = this.keep(final.op, true);
      if (this.early.delete(op.id)) {
        // Already reported finished: its final form (with late context lines) replaces the early one.
        const i = this.done.findIndex((d) => d.id === op.id);
        if (i >= 0) this.done[i] = op;
        continue;
      }
      if (!this.open.delete(op.id)) {
        // Its request opened and closed between two ticks (a reader far behind): every finished operation
        // has been started first.
        this.started++;
        events.push({ event: 'operation.started', time: wall, state: 'in-progress', operation: this.strip(op) });
      }
      events.push(this.finish(op, wall, final.reason));
    }
  }

  /** `kept`: copied out already (keep). */
  private finish(kept: Operation, wall: number, by: FinishedBy): LiveEvent {
    this.done.push(kept);
    this.finished++;
    if (this.done.length > this.options.keep) {
      const gone = this.done.splice(0, this.done.length - this.options.keep);
      this.dropped += gone.length;
      // Their early marks stay until their requests close: else that close would report them anew.
    }
    return { event: 'operation.finished', time: wall, state: 'finished', operation: kept, by };
  }
}
