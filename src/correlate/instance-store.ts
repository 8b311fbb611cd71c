// Per instance: its context (lines about it under no request ID or one that starts no operation, waiting for an
// operation to claim them), where it is and which host its last move left, and when requests acted on it (API
// requests by their path, other services' first lines). A plain store: what claims what is the analysis's call.

import type { LogEntry } from '../model/entry.js';
import { detach } from '../model/detach.js';

/** A request's first line about an instance outside the API; its strings are copies (it outlives its entries). */
export interface ServiceStart {
  readonly time: number;
  readonly id: string;
  readonly user: string | null;
}

/** An instance's context lines, and the time of the oldest (Infinity when none has one): forgetting skips a list none of whose lines is old. */
interface Context {
  lines: LogEntry[];
  oldest: number;
}

export class InstanceStore {
  private readonly context = new Map<string, Context>();
  /** Context lines held, and request starts remembered, kept as they come and go (the memory bound reads them at every sweep). */
  private held = 0;
  private starts = 0;
  private readonly host = new Map<string, string>();
  private readonly hostLeft = new Map<string, string>();
  private readonly apiStarts = new Map<string, number[]>();
  private readonly serviceStarts = new Map<string, ServiceStart[]>();
  /** The oldest request start remembered (Infinity: none): forgetting skips the starts while none is old. */
  private oldestStart = Infinity;
  private readonly lockTaken = new Map<string, number>();
  /** nova-api's error answers to requests that named the instance and started no operation (a GET answered 500). */
  private readonly apiErrors = new Map<string, LogEntry[]>();

  /** A line about its instance that no operation has claimed yet. */
  addContext(entry: LogEntry): void {
    const instance = entry.instance as string;
    let context = this.context.get(instance);
    if (!context) {
      context = { lines: [], oldest: Infinity };
      this.context.set(instance, context);
    }
    context.lines.push(entry);
    if (entry.time !== null && entry.time < context.oldest) context.oldest = entry.time;
    this.held++;
  }

  /** Its context lines whose time `wanted` says yes to; taken out of the store when `take`. */
  claim(instance: string, wanted: (e: LogEntry) => boolean, take: boolean): LogEntry[] {
    const context = this.context.get(instance);
    if (!context) return [];
    const mine = context.lines.filter(wanted);
    if (take && mine.length > 0) {
      const taken = new Set(mine);
      context.lines = context.lines.filter((e) => !taken.has(e));
      this.held -= mine.length;
    }
    return mine;
  }

  /** An API request that changes the instance began at `time`. */
  noteApiStart(instance: string, time: number): void {
    const starts = this.apiStarts.get(instance);
    if (starts) starts.push(time);
    else this.apiStarts.set(detach(instance), [time]);
    this.starts++;
    if (time < this.oldestStart) this.oldestStart = time;
  }

  /** Start of the first API request on this instance after `after`, if one is known. */
  nextApiStart(instance: string, after: number): number | undefined {
    let next: number | undefined;
    for (const start of this.apiStarts.get(instance) ?? []) {
      if (start > after && (next === undefined || start < next)) next = start;
    }
    return next;
  }

  noteServiceStart(instance: string, start: ServiceStart): void {
    const starts = this.serviceStarts.get(instance);
    if (starts === undefined) this.serviceStarts.set(detach(instance), [start]);
    else starts.push(start);
    this.starts++;
    if (start.time < this.oldestStart) this.oldestStart = start.time;
  }

  serviceStartsOf(instance: string): readonly ServiceStart[] {
    return this.serviceStarts.get(instance) ?? [];
  }

  /** Its lock was seen taken (`Lock "<uuid>" acquired by`): the first time is kept. */
  noteLockTaken(instance: string, time: number): void {
    if (!this.lockTaken.has(instance)) this.lockTaken.set(detach(instance), time);
  }

  lockTakenAt(instance: string): number | undefined {
    return this.lockTaken.get(instance);
  }

  /** An operation left it on `host`; a move also left `left`. */
  placed(instance: string, host: string, left: string | null): void {
    this.host.set(detach(instance), detach(host));
    if (left !== null) this.hostLeft.set(detach(instance), detach(left));
  }

  hostOf(instance: string): string | null {
    return this.host.get(instance) ?? null;
  }

  hostLeftOf(instance: string): string | null {
    return this.hostLeft.get(instance) ?? null;
  }

  /**
   * Forgets what is older than `keepMs` before `now`; context lines forgotten are handed to `dropped`. With `now`
   * Infinity, everything but where each instance is.
   */
  /** An error answer of nova-api to a request about the instance that started nothing: part of its story. */
  noteApiError(instance: string, access: LogEntry): void {
    let list = this.apiErrors.get(instance);
    if (!list) this.apiErrors.set(detach(instance), list = []);
    list.push(access);
  }

  /** The API errors about the instance answered in [from, until). */
  apiErrorsOf(instance: string, from: number, until: number): LogEntry[] {
    return (this.apiErrors.get(instance) ?? []).filter((e) => e.time !== null && e.time >= from && e.time < until);
  }

  forget(now: number, keepMs: number, dropped: (e: LogEntry) => void): void {
    for (const [instance, list] of this.apiErrors) {
      const keep = list.filter((e) => now - (e.time ?? now) < keepMs && now !== Infinity);
      if (keep.length === 0) this.apiErrors.delete(instance);
      else if (keep.length < list.length) this.apiErrors.set(instance, keep);
    }
    if (now - this.oldestStart >= keepMs) this.forgetStarts(now, keepMs);
    for (const [instance, taken] of this.lockTaken) if (now - taken >= keepMs) this.lockTaken.delete(instance);
    for (const [instance, context] of this.context) {
      // A line with no time is as old as now: it goes only with everything (now Infinity).
      if (now - context.oldest < keepMs && now !== Infinity && context.lines.length > 0) continue;
      const keep: LogEntry[] = [];
      let oldest = Infinity;
      for (const e of context.lines) {
        if (now - (e.time ?? now) < keepMs) {
          keep.push(e);
          if (e.time !== null && e.time < oldest) oldest = e.time;
        } else {
          dropped(e);
        }
      }
      this.held -= context.lines.length - keep.length;
      if (keep.length === 0) this.context.delete(instance);
      else this.context.set(instance, { lines: keep, oldest });
    }
  }

  /** Request starts remembered (API and other services'), over all instances. */
  get remembered(): number {
    return this.starts;
  }

  private forgetStarts(now: number, keepMs: number): void {
    let oldest = Infinity;
    for (const [instance, starts] of this.apiStarts) {
      const recent = starts.filter((t) => now - t < keepMs);
      this.starts -= starts.length - recent.length;
      if (recent.length === 0) this.apiStarts.delete(instance);
      else this.apiStarts.set(instance, recent);
      for (const t of recent) if (t < oldest) oldest = t;
    }
    for (const [instance, starts] of this.serviceStarts) {
      const recent = starts.filter((s) => now - s.time < keepMs);
      this.starts -= starts.length - recent.length;
      if (recent.length === 0) this.serviceStarts.delete(instance);
      else if (recent.length < starts.length) this.serviceStarts.set(instance, recent);
      for (const s of recent) if (s.time < oldest) oldest = s.time;
    }
    this.oldestStart = oldest;
  }

  /** Context lines held. */
  heldEntries(): number {
    return this.held;
  }
}
