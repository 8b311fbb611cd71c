// Streaming k-way merge of per-file entry streams into one time-ordered stream, as os-log-merger does: only
// each open file's current batch and its reorder window (reorder.ts) are held, and a file whose first entry
// time is known is opened only as the merge nears that time (the next few such files in time order are asked for
// their first batch ahead, so that a parsing thread works on them while the merge is still on the files before).
// Ties go to the file named first, then to file order. An entry with no time (message-only) keeps its place after
// its file's previous entry.

import type { LogEntry } from '../model/entry.js';
import { MinHeap } from './heap.js';
import { reorderWithin, windowCap } from './reorder.js';

/**
 * Files not reached yet whose first batch is asked for ahead. A file opened when the merge reaches it left the merge
 * waiting for its first chunk from the parsing thread: on the bench's 248 files (each day's four files after the day
 * before), 1.6 s of a 4.8 s analysis. Each one asked ahead holds at most its file's chunks in flight.
 */
export const OPEN_AHEAD = 4;

interface Head {
  readonly source: number;
  /** Null until the file is opened. */
  iterator: AsyncIterator<LogEntry[]> | null;
  readonly open: () => AsyncIterator<LogEntry[]>;
  /** The first batch, asked for ahead before the merge reached the file. */
  ahead: Promise<IteratorResult<LogEntry[]>> | null;
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

/** Opens a file not reached yet and asks for its first batch (a failure is thrown when the merge reaches it). */
function askAhead(head: Head): void {
  const iterator = head.open();
  head.iterator = iterator;
  head.ahead = iterator.next();
  head.ahead.catch(() => undefined);
}

async function refill(head: Head): Promise<boolean> {
  head.iterator ??= head.open();
  while (head.index >= head.batch.length) {
    const asked = head.ahead;
    head.ahead = null;
    const next = await (asked ?? head.iterator.next());
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
  /**
   * Files not opened yet, in the order the merge reaches them; `asked` of them are asked ahead, and let go of here
   * then (a file read to its end is held by nothing, nor is its last batch: 992 files' were 30 MB of live heap).
   */
  const unopened: (Head | null)[] = [];
  let asked = 0;
  let reached = 0;
  const maxHeld = windowCap(files);
  for (const [source, stream] of streams.entries()) {
    const head: Head = {
      source, iterator: null, open: () => reorderWithin(stream, undefined, maxHeld)[Symbol.asyncIterator](),
      ahead: null, batch: [], index: -1, key: 0, lastTime: -Infinity,
    };
    const first = firstTimes[source];
    if (first !== undefined && first !== null) {
      // Waits unopened until the merge nears its first entry.
      head.key = first;
      heap.push(head);
      unopened.push(head);
    } else if (await advance(head)) {
      heap.push(head);
    }
  }
  unopened.sort((a, b) => (before(a as Head, b as Head) ? -1 : before(b as Head, a as Head) ? 1 : 0));
  let out: LogEntry[] = [];
  for (;;) {
    while (asked < unopened.length && asked - reached < OPEN_AHEAD) {
      askAhead(unopened[asked] as Head);
      unopened[asked++] = null;
    }
    const head = heap.pop();
    if (!head) break;
    if (head.index === -1) {
      // A file reached (unopened, or asked ahead): the unopened are reached in the order they were sorted in.
      reached++;
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
