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

export async function* reorderWithin(stream: AsyncIterable<LogEntry[]>, windowMs = REORDER_WINDOW_MS, maxHeld = REORDER_MAX_HELD): AsyncGenerator<LogEntry[]> {
  const heap = new MinHeap<Held>(before);
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
      heap.push({ entry, time, seq: seq++ });
      while (heap.size > 0 && ((heap.peek() as Held).time <= newest - windowMs || heap.size > maxHeld)) {
        out.push((heap.pop() as Held).entry);
      }
    }
    if (out.length > 0) yield out;
  }
  const rest: LogEntry[] = [];
  for (let held = heap.pop(); held; held = heap.pop()) rest.push(held.entry);
  if (rest.length > 0) yield rest;
}
