// Streaming k-way merge of per-file entry streams into one time-ordered stream, as os-log-merger does: only
// each open file's current batch and its reorder window (reorder.ts) are held, and a file whose first entry
// time is known is opened only when the merge reaches that time. Ties go to the file named first, then to file
// order. An entry with no time (message-only) keeps its place after its file's previous entry.

import type { LogEntry } from '../model/entry.js';
import { MinHeap } from './heap.js';
import { REORDER_MAX_HELD, reorderWithin } from './reorder.js';

/** Entries held in reorder windows, summed over all files: memory is bounded whatever the file count. */
const HELD_BUDGET = 16384;

interface Head {
  readonly source: number;
  /** Null until the file is opened. */
  iterator: AsyncIterator<LogEntry[]> | null;
  readonly open: () => AsyncIterator<LogEntry[]>;
  batch: LogEntry[];
  index: number;
  key: number;
  lastTime: number;
}

function keyOf(head: Head): number {
  const entry = head.batch[head.index] as LogEntry;
  if (entry.time !== null) head.lastTime = entry.time;
  return head.lastTime;
}

function before(a: Head, b: Head): boolean {
  return a.key < b.key || (a.key === b.key && a.source < b.source);
}


/** Moves a head to its file's next entry: false at the file's end. Synchronous while its batch lasts. */
function advance(head: Head): boolean | Promise<boolean> {
  head.index++;
  if (head.iterator !== null && head.index < head.batch.length) {
    head.key = keyOf(head);
    return true;
  }
  return refill(head);
}

async function refill(head: Head): Promise<boolean> {
  head.iterator ??= head.open();
  while (head.index >= head.batch.length) {
    const next = await head.iterator.next();
    if (next.done) return false;
    head.batch = next.value;
    head.index = 0;
  }
  head.key = keyOf(head);
  return true;
}

/**
 * `files`: how many files the reorder windows' budget is shared by (default, the streams given): a merge of some of
 * a reading's files (the appended part of the grown ones) reorders each as the whole reading's merge does.
 */
export async function* mergeByTime(
  streams: readonly AsyncIterable<LogEntry[]>[],
  firstTimes: readonly (number | null)[] = [],
  files = streams.length,
): AsyncGenerator<LogEntry[]> {
  const heap = new MinHeap<Head>(before);
  const maxHeld = Math.max(64, Math.min(REORDER_MAX_HELD, Math.floor(HELD_BUDGET / Math.max(1, files))));
  for (const [source, stream] of streams.entries()) {
    const head: Head = {
      source, iterator: null, open: () => reorderWithin(stream, undefined, maxHeld)[Symbol.asyncIterator](),
      batch: [], index: -1, key: 0, lastTime: -Infinity,
    };
    const first = firstTimes[source];
    if (first !== undefined && first !== null) {
      // Waits unopened until the merge gets to its first entry.
      head.key = first;
      heap.push(head);
    } else if (await advance(head)) {
      heap.push(head);
    }
  }
  let out: LogEntry[] = [];
  for (;;) {
    const head = heap.pop();
    if (!head) break;
    if (head.iterator === null) {
      if (await advance(head)) heap.push(head);
      continue;
    }
    out.push(head.batch[head.index] as LogEntry);
    // Drain this file while it stays first: most runs of a file are longer than one entry.
    let step = advance(head);
    let more = step === true || (step !== false && await step);
    while (more && (heap.size === 0 || !before(heap.peek() as Head, head))) {
      out.push(head.batch[head.index] as LogEntry);
      if (out.length >= 512) {
        yield out;
        out = [];
      }
      step = advance(head);
      more = step === true || (step !== false && await step);
    }
    if (more) heap.push(head);
    if (out.length >= 512) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
