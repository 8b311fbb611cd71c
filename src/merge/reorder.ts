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
 * single heap would give.
 */
class Window {
  /** Entries that came in order; slots before `head` have left (emptied, so they hold nothing). */
  private readonly queue: (Held | undefined)[] = [];
  private head = 0;
  private readonly heap = new MinHeap<Held>(before);

  get size(): number {
    return this.queue.length - this.head + this.heap.size;
  }

  push(held: Held): void {
    const q = this.queue;
    if (q.length === this.head || (q[q.length - 1] as Held).time <= held.time) q.push(held);
    else this.heap.push(held);
  }

  /** Whether the next to leave is the queue's first (else the heap's top, or nothing). */
  private queueFirst(): boolean {
    const first = this.queue[this.head];
    const top = this.heap.peek();
    return first !== undefined && (top === undefined || !before(top, first));
  }

  peek(): Held | undefined {
    return this.queueFirst() ? this.queue[this.head] : this.heap.peek();
  }

  pop(): Held | undefined {
    if (!this.queueFirst()) return this.heap.pop();
    const first = this.queue[this.head];
    this.queue[this.head] = undefined;
    this.head++;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
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
      window.push({ entry, time, seq: seq++ });
      for (let held = window.peek(); held !== undefined && (held.time <= newest - windowMs || window.size > maxHeld); held = window.peek()) {
        out.push((window.pop() as Held).entry);
      }
    }
    if (out.length > 0) yield out;
  }
  const rest: LogEntry[] = [];
  for (let held = window.pop(); held; held = window.pop()) rest.push(held.entry);
  if (rest.length > 0) yield rest;
}
