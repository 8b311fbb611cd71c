// Restores time order inside one file whose writers interleave: several API or neutron workers share a log,
// and a line stamped 10:51:12.400 can follow one stamped .401. Entries wait in a bounded window (by time) and
// leave in (time, file order); one later than the window leaves at once. The window is also capped in
// entries: devstack logs a thousand configuration lines in its first second, times hundreds of files.

import type { LogEntry } from '../model/entry.js';
import { MinHeap } from './heap.js';

interface Held {
  readonly entry: LogEntry;
  readonly time: number;
  readonly seq: number;
}

function before(a: Held, b: Held): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}


export const REORDER_WINDOW_MS = 1000;
export const REORDER_MAX_HELD = 4096;
/** Entries held in reorder windows, summed over all files of a merge: memory is bounded whatever the file count. */
const HELD_BUDGET = 16384;

/** Each file's window cap in a merge of `files` files (the offline merge's and follow's alike). */
export function windowCap(files: number): number {
  return Math.max(64, Math.min(REORDER_MAX_HELD, Math.floor(HELD_BUDGET / Math.max(1, files))));
}

/**
 * The window: entries that came in time order wait in a queue (no heap work: nearly all of them), the few that
 * came early in a heap. The next to leave is the first of either by (time, file order), so the output is what a
 * single heap would give. The queue is a ring of three arrays, not an object per entry, and keeps its room when it
 * empties: a merge passes a million entries through, and regrowing the arrays for each batch was a tenth of
 * the main thread's allocations.
 */
export class ReorderWindow {
  /** Slots from `head`, `count` of them, wrapping at the capacity (a power of two); emptied slots hold nothing. */
  private entries: (LogEntry | undefined)[] = new Array<LogEntry | undefined>(64).fill(undefined);
  private times: Float64Array = new Float64Array(64);
  private seqs: Float64Array = new Float64Array(64);
  private head = 0;
  private count = 0;
  private readonly heap = new MinHeap<Held>(before);
  /**
   * The reading's state, kept here rather than in the generator: a number the generator kept across its yields
   * lived in its context, boxed anew at every write (16 bytes an entry); a field is updated in place.
   */
  private seq = 0;
  private lastTime = -Infinity;
  private newest = -Infinity;

  /** Takes a file's next batch; gives the entries that may leave (older than the window, or over its cap). */
  admit(batch: readonly LogEntry[], windowMs: number, maxHeld: number): LogEntry[] {
    const out: LogEntry[] = [];
    for (const entry of batch) this.admitOne(entry, windowMs, maxHeld, out);
    return out;
  }

  /** Takes a file's next entry; the entries that may leave now go to `out`. */
  admitOne(entry: LogEntry, windowMs: number, maxHeld: number, out: LogEntry[]): void {
    // An entry with no time stays right after its file's previous entry.
    const time = entry.time ?? this.lastTime;
    this.lastTime = time;
    if (time > this.newest) this.newest = time;
    this.push(entry, time, this.seq++);
    const limit = this.newest - windowMs;
    while (this.nextAtOrBefore(limit) || this.size > maxHeld) out.push(this.pop() as LogEntry);
  }

  get size(): number {
    return this.count + this.heap.size;
  }

  private push(entry: LogEntry, time: number, seq: number): void {
    const mask = this.times.length - 1;
    if (this.count === 0 || (this.times[(this.head + this.count - 1) & mask] as number) <= time) {
      if (this.count === this.times.length) this.grow();
      const at = (this.head + this.count) & (this.times.length - 1);
      this.entries[at] = entry;
      this.times[at] = time;
      this.seqs[at] = seq;
      this.count++;
    } else {
      this.heap.push({ entry, time, seq });
    }
  }

  /** Twice the room, the queue's entries from slot 0. */
  private grow(): void {
    const capacity = this.times.length;
    const entries = new Array<LogEntry | undefined>(capacity * 2).fill(undefined);
    const times = new Float64Array(capacity * 2);
    const seqs = new Float64Array(capacity * 2);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & (capacity - 1);
      entries[i] = this.entries[from];
      times[i] = this.times[from] as number;
      seqs[i] = this.seqs[from] as number;
    }
    this.entries = entries;
    this.times = times;
    this.seqs = seqs;
    this.head = 0;
  }

  /** Whether the next to leave is the queue's first (else the heap's top, or nothing). */
  private queueFirst(): boolean {
    if (this.count === 0) return false;
    const top = this.heap.peek();
    if (top === undefined) return true;
    const time = this.times[this.head] as number;
    return !(top.time < time || (top.time === time && top.seq < (this.seqs[this.head] as number)));
  }

  /** Whether the next to leave came at or before `limit` (false when the window is empty). A boolean, not the time: a returned double is boxed. */
  nextAtOrBefore(limit: number): boolean {
    if (this.queueFirst()) return (this.times[this.head] as number) <= limit;
    const top = this.heap.peek();
    return top !== undefined && top.time <= limit;
  }

  pop(): LogEntry | undefined {
    if (!this.queueFirst()) return this.heap.pop()?.entry;
    const first = this.entries[this.head];
    this.entries[this.head] = undefined;
    this.head = (this.head + 1) & (this.times.length - 1);
    this.count--;
    return first;
  }
}

export async function* reorderWithin(stream: AsyncIterable<LogEntry[]>, windowMs = REORDER_WINDOW_MS, maxHeld = REORDER_MAX_HELD): AsyncGenerator<LogEntry[]> {
  const window = new ReorderWindow();
  for await (const batch of stream) {
    const out = window.admit(batch, windowMs, maxHeld);
    if (out.length > 0) yield out;
  }
  const rest: LogEntry[] = [];
  for (let entry = window.pop(); entry; entry = window.pop()) rest.push(entry);
  if (rest.length > 0) yield rest;
}
