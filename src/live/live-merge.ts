// Followed files' entries -> one stream in time order, exactly as the offline merge gives it: the analysis must see
// the same entries in the same order whether it reads a folder or follows it being written. Each file's entries go
// through the offline merge's own reorder window (merge/reorder.ts: workers sharing a file write a line stamped .400
// after one stamped .401; an entry more than the window older than the file's newest keeps its place), then the
// files are merged by their next entry's time, ties to the file that sorts first, as in the offline merge. A file
// read in pieces (a large backlog, `--from-start`, a folder written at once) gives its entries long before another
// file gives those of the same moment: each entry waits until every file that may still give an older one has
// caught up. A file may (`pending`) while unread bytes are known to wait in it or its parser holds an unfinished
// entry; a file that is read to its end holds nothing back (its next lines are written after now). Entries leave a
// window as far as the others allow, as at a file's end offline: a line that comes later and is less than the
// window older than one let go goes after it here, before it offline. Pure: the caller says which files are pending.
// That rule trusts a file's end: a file whose writer was behind the others (a folder copied in file by file, a
// shipper that flushes one file late) can give entries older than some already let go. They still go to the
// engine, but they are counted as late (`late`), so that follow says its answer may differ from analyze's. Within
// the offline merge's reorder window (1 s), an entry out of order is not late: workers sharing a file write so.

import type { LogEntry } from '../model/entry.js';
import { MinHeap } from '../merge/heap.js';
import { REORDER_WINDOW_MS, ReorderWindow, windowCap } from '../merge/reorder.js';

/**
 * Entries held from which the reader is told which files to read first (readFirst). Below it, reading follows the
 * files in turn as it did: a live follow of busy logs holds about a tick's entries (11,000 at 110,000 lines a
 * second, npm run bench:follow) and no file waits on another's order.
 */
export const ORDERED_READING_FROM = 50_000;

interface Held {
  readonly entry: LogEntry;
  /** Its place in the merge: its time, or its file's time before it. */
  readonly time: number;
}

/** An entry that came after a newer one had been let go. */
export interface LateEntry {
  readonly path: string;
  readonly line: number;
  readonly time: number;
  /** The newest time already let go when it came. */
  readonly released: number;
}

interface Source {
  readonly path: string;
  rank: number;
  /** Time of its newest entry (an entry with no time keeps its place after the one before it). */
  newest: number;
  /** Its entries not out of its reorder window yet. */
  readonly window: ReorderWindow;
  /** Its entries out of the window and not let go yet, from `head` on, in the order the offline merge takes them. */
  queue: Held[];
  head: number;
  /** Time of the last entry out of its window: the place of one with no time (the offline merge's key). */
  lastOut: number;
}

function first(s: Source): Held {
  return s.queue[s.head] as Held;
}

/** Which source's next entry goes first: by time, then the file that sorts first (as the offline merge's ties). */
function before(a: Source, b: Source): boolean {
  const x = first(a);
  const y = first(b);
  return x.time < y.time || (x.time === y.time && a.rank < b.rank);
}

export class LiveMerge {
  private readonly sources = new Map<string, Source>();
  private count = 0;
  /** Time of the newest entry let go. */
  private released = -Infinity;
  private lateCount = 0;
  /** Files followed, as the caller counts them (filesFollowed). */
  private files = 0;
  /** Entries out of a window at one push (reused). */
  private readonly out: LogEntry[] = [];
  private firstLate: LateEntry | null = null;
  /** readFirst chose at its last call. */
  private ordering = false;

  /** `orderFrom`: entries held from which readFirst chooses (tests give a small one). */
  constructor(
    private readonly emit: (entry: LogEntry) => void,
    private readonly orderFrom = ORDERED_READING_FROM,
  ) {}

  get held(): number {
    return this.count;
  }

  /** Entries that came older than one already let go since `takeLate` was last asked, and the first of them. */
  takeLate(): { readonly count: number; readonly first: LateEntry | null } {
    const late = { count: this.lateCount, first: this.firstLate };
    this.lateCount = 0;
    this.firstLate = null;
    return late;
  }

  /**
   * Of these files, in which bytes wait unread, those every other file waits for: the ones whose newest entry is
   * the oldest (a file that gave none yet is oldest). Null while fewer than `orderFrom` entries are held (once it
   * chose, a tenth of that): then the reader reads them all in turn. Reading these first keeps what is held to
   * about one turn's reads, where reading a backlog in turns by bytes holds nearly all of it when its files cover
   * different hours (`follow --from-start` on the bench's 248 files of 62 days: 735-826 MB peak RSS, now 250-305).
   */
  readFirst(waiting: readonly string[]): ReadonlySet<string> | null {
    // Once it chose, it goes on choosing until most of what it held is let go: else each tick that let some go would
    // have every waiting file read once more in turn, and the backlog of later hours would pile up again.
    this.ordering = this.count >= (this.ordering ? this.orderFrom / 10 : this.orderFrom);
    if (!this.ordering) return null;
    let oldest = Infinity;
    for (const path of waiting) oldest = Math.min(oldest, this.sources.get(path)?.newest ?? -Infinity);
    return new Set(waiting.filter((path) => (this.sources.get(path)?.newest ?? -Infinity) <= oldest));
  }

  /**
   * A file that may give entries though none came from it yet (bytes wait in it): while pending, it holds every
   * entry back, since its first may be older than any.
   */
  know(path: string): void {
    if (!this.sources.has(path)) this.addSource(path);
  }

  push(path: string, entry: LogEntry): void {
    const source = this.sources.get(path) ?? this.addSource(path);
    const time = entry.time ?? source.newest;
    if (entry.time !== null && time < this.released - REORDER_WINDOW_MS) {
      this.lateCount++;
      this.firstLate ??= { path, line: entry.line, time, released: this.released };
    }
    if (time > source.newest) source.newest = time;
    this.count++;
    const out = this.out;
    source.window.admitOne(entry, REORDER_WINDOW_MS, windowCap(Math.max(this.files, this.sources.size)), out);
    for (const e of out) this.enqueue(source, e);
    out.length = 0;
  }

  /** An entry out of its file's window: its place in the merge is its time, or its file's last one. */
  private enqueue(source: Source, entry: LogEntry): void {
    if (entry.time !== null) source.lastOut = entry.time;
    source.queue.push({ entry, time: source.lastOut });
  }

  /**
   * How many files are followed, when more than have given entries: the offline merge of the same files caps each
   * file's reorder window by their count.
   */
  filesFollowed(files: number): void {
    this.files = files;
  }

  /**
   * Lets go of every entry no pending file can still precede. `pending` is asked once per known file: false when it
   * gives nothing more now, true when it may (unread bytes: it may give entries from its newest on), or the oldest
   * time of an entry its parser holds (a file's own lines out of order: the held entry may be older than its newest).
   */
  release(pending: (path: string) => boolean | number): void {
    let watermark = Infinity;
    for (const source of this.sources.values()) {
      const may = pending(source.path);
      if (may !== false) watermark = Math.min(watermark, source.newest, may === true ? Infinity : may);
    }
    const heads = new MinHeap<Source>(before);
    for (const source of this.sources.values()) if (this.refill(source, watermark)) heads.push(source);
    // A k-way merge of the files' queues, as far as the watermark: a file's run goes out while it stays first.
    for (let top = heads.pop(); top !== undefined; top = heads.pop()) {
      const next = heads.peek();
      while (this.refill(top, watermark)) {
        const held = first(top);
        if (held.time > watermark || (next !== undefined && before(next, top))) break;
        top.queue[top.head++] = undefined as unknown as Held;
        this.count--;
        if (held.time > this.released) this.released = held.time;
        this.emit(held.entry);
      }
      this.compact(top);
      if (this.refill(top, watermark) && first(top).time <= watermark) heads.push(top);
    }
  }

  /**
   * Whether the source has an entry to give: its queue's first, else its window's next if it may go now (taken one at
   * a time: what stays in the window is sorted with the lines that come next, as the offline merge sorts them).
   */
  private refill(source: Source, watermark: number): boolean {
    if (source.head < source.queue.length) return true;
    if (!source.window.nextAtOrBefore(watermark)) return false;
    const entry = source.window.pop();
    if (entry === undefined) return false;
    this.enqueue(source, entry);
    return true;
  }

  /** The input ended: everything goes, in order. */
  releaseAll(): void {
    this.release(() => false);
  }

  /** Slots before `head` have gone: drop them now and then, not at every release. */
  private compact(source: Source): void {
    if (source.head === source.queue.length) {
      source.queue = [];
      source.head = 0;
    } else if (source.head >= 1024 && source.head * 2 >= source.queue.length) {
      source.queue = source.queue.slice(source.head);
      source.head = 0;
    }
  }

  /** Ranks follow the paths' sorted order, as the offline merge's files do (a folder is read in name order). */
  private addSource(path: string): Source {
    const source: Source = { path, rank: 0, newest: -Infinity, window: new ReorderWindow(), queue: [], head: 0, lastOut: -Infinity };
    this.sources.set(path, source);
    const sorted = [...this.sources.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    sorted.forEach((s, i) => {
      s.rank = i;
    });
    return source;
  }
}
