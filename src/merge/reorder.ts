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

/**
 * The window: entries that came in time order wait in a queue (no heap work: nearly all of them), the few that
 * came early in a heap. The next to leave is the first of either by (time, file order), so the output is what a
 * single heap would give. The queue is three arrays, not an object per entry: a merge passes a million through.
 */
class Window {
  /** Entries that came in order; slots before `head` have left (emptied, so they hold nothing). */
  private readonly entries: (LogEntry | undefined)[] = [];
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private head = 0;
  private readonly heap = new MinHeap<Held>(before);

  get size(): number {
    return this.entries.length - this.head + this.heap.size;
  }

  push(entry: LogEntry, time: number, seq: number): void {
    const n = this.times.length;
    if (n === this.head || (this.times[n - 1] as number) <= time) {
      this.entries.push(entry);
      this.times.push(time);
      this.seqs.push(seq);
    } else {
      this.heap.push({ entry, time, seq });
    }
  }

  /** Whether the next to leave is the queue's first (else the heap's top, or nothing). */
  private queueFirst(): boolean {
    if (this.head === this.times.length) return false;
    const top = this.heap.peek();
    if (top === undefined) return true;
    const time = this.times[this.head] as number;
    return !(top.time < time || (top.time === time && top.seq < (this.seqs[this.head] as number)));
  }

  /** The time of the next to leave; NaN when the window is empty. */
  nextTime(): number {
    return this.queueFirst() ? (this.times[this.head] as number) : this.heap.peek()?.time ?? Number.NaN;
  }

  pop(): LogEntry | undefined {
    if (!this.queueFirst()) return this.heap.pop()?.entry;
    const first = this.entries[this.head];
    this.entries[this.head] = undefined;
    this.head++;
    const n = this.times.length;
    if (this.head === n) {
      this.entries.length = 0;
      this.times.length = 0;
      this.seqs.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= n) {
      this.entries.splice(0, this.head);
      this.times.splice(0, this.head);
      this.seqs.splice(0, this.head);
      this.head = 0;
    }
    return first;
  }
}

export async function* reorderWithin(stream: AsyncIterable<LogEntry[]>, windowMs = REORDER_WINDOW_MS, maxHeld = REORDER_MAX_HELD): AsyncGenerator<LogEntry[]> {
  const window = new Window();
  let seq = 0;
  let lastTime = -Infinity;
  let newest = -Infinity;
  for await (const batch of stream) {
    const out: LogEntry[] = [];
    for (const entry of batch) {
      // An entry with no time stays right after its file's previous entry.
      const time = entry.time ?? lastTime;
      lastTime = time;
      if (time > newest) newest = time;
      window.push(entry, time, seq++);
      // NaN (an empty window) is never old enough.
      while (window.nextTime() <= newest - windowMs || window.size > maxHeld) out.push(window.pop() as LogEntry);
    }
    if (out.length > 0) yield out;
  }
  const rest: LogEntry[] = [];
  for (let entry = window.pop(); entry; entry = window.pop()) rest.push(entry);
  if (rest.length > 0) yield rest;
}
