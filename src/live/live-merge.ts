// Followed files' entries -> one stream in time order, as the offline merge gives it: the analysis must see the
// same entries in the same order whether it reads a folder or follows it being written. A file read in pieces (a
// large backlog, `--from-start`, a folder written at once) gives its entries long before another file gives those
// of the same moment: each entry waits until every file that may still give an older one has caught up. A file
// may (`pending`) while unread bytes are known to wait in it or its parser holds an unfinished entry; a file that
// is read to its end holds nothing back (its next lines are written after now). Ties go to the file that sorts
// first, then to file order, as in the offline merge. Pure: the caller says which files are pending.

import type { LogEntry } from '../model/entry.js';
import { MinHeap } from '../merge/heap.js';

interface Held {
  readonly entry: LogEntry;
  readonly time: number;
  readonly rank: number;
  readonly seq: number;
}

function before(a: Held, b: Held): boolean {
  return a.time < b.time || (a.time === b.time && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)));
}

interface Source {
  readonly path: string;
  rank: number;
  /** Time of its newest entry (an entry with no time keeps its place after the one before it). */
  newest: number;
}

export class LiveMerge {
  private readonly heap = new MinHeap<Held>(before);
  private readonly sources = new Map<string, Source>();
  private seq = 0;

  constructor(private readonly emit: (entry: LogEntry) => void) {}

  get held(): number {
    return this.heap.size;
  }

  push(path: string, entry: LogEntry): void {
    const source = this.sources.get(path) ?? this.addSource(path);
    const time = entry.time ?? source.newest;
    if (time > source.newest) source.newest = time;
    this.heap.push({ entry, time, rank: source.rank, seq: this.seq++ });
  }

  /** Lets go of every entry no pending file can still precede; `pending` is asked once per known file. */
  release(pending: (path: string) => boolean): void {
    let watermark = Infinity;
    for (const source of this.sources.values()) {
      if (pending(source.path) && source.newest < watermark) watermark = source.newest;
    }
    for (let top = this.heap.peek(); top !== undefined && top.time <= watermark; top = this.heap.peek()) {
      this.emit((this.heap.pop() as Held).entry);
    }
  }

  /** The input ended: everything goes, in order. */
  releaseAll(): void {
    this.release(() => false);
  }

  /** Ranks follow the paths' sorted order, as the offline merge's files do (a folder is read in name order). */
  private addSource(path: string): Source {
    const source: Source = { path, rank: 0, newest: -Infinity };
    this.sources.set(path, source);
    const sorted = [...this.sources.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    sorted.forEach((s, i) => {
      s.rank = i;
    });
    return source;
  }
}
