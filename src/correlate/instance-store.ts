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

export class InstanceStore {
  private readonly context = new Map<string, LogEntry[]>();
  private readonly host = new Map<string, string>();
  private readonly hostLeft = new Map<string, string>();
  private readonly apiStarts = new Map<string, number[]>();
  private readonly serviceStarts = new Map<string, ServiceStart[]>();
  private readonly lockTaken = new Map<string, number>();

  /** A line about its instance that no operation has claimed yet. */
  addContext(entry: LogEntry): void {
    const instance = entry.instance as string;
    let list = this.context.get(instance);
    if (!list) {
      list = [];
      this.context.set(instance, list);
    }
    list.push(entry);
  }

  /** Its context lines whose time `wanted` says yes to; taken out of the store when `take`. */
  claim(instance: string, wanted: (e: LogEntry) => boolean, take: boolean): LogEntry[] {
    const list = this.context.get(instance);
    if (!list) return [];
    const mine = list.filter(wanted);
    if (take && mine.length > 0) {
      const taken = new Set(mine);
      this.context.set(instance, list.filter((e) => !taken.has(e)));
    }
    return mine;
  }

  /** An API request that changes the instance began at `time`. */
  noteApiStart(instance: string, time: number): void {
    const starts = this.apiStarts.get(instance);
    if (starts) starts.push(time);
    else this.apiStarts.set(detach(instance), [time]);
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
  forget(now: number, keepMs: number, dropped: (e: LogEntry) => void): void {
    for (const [instance, starts] of this.apiStarts) {
      const recent = starts.filter((t) => now - t < keepMs);
      if (recent.length === 0) this.apiStarts.delete(instance);
      else this.apiStarts.set(instance, recent);
    }
    for (const [instance, starts] of this.serviceStarts) {
      const recent = starts.filter((s) => now - s.time < keepMs);
      if (recent.length === 0) this.serviceStarts.delete(instance);
      else if (recent.length < starts.length) this.serviceStarts.set(instance, recent);
    }
    for (const [instance, taken] of this.lockTaken) if (now - taken >= keepMs) this.lockTaken.delete(instance);
    for (const [instance, list] of this.context) {
      const keep = list.filter((e) => now - (e.time ?? now) < keepMs);
      if (keep.length < list.length) {
        const kept = new Set(keep);
        for (const e of list) if (!kept.has(e)) dropped(e);
      }
      if (keep.length === 0) this.context.delete(instance);
      else this.context.set(instance, keep);
    }
  }

  /** Context lines held. */
  heldEntries(): number {
    let n = 0;
    for (const list of this.context.values()) n += list.length;
    return n;
  }
}
