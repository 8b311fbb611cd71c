// Which followed files one turn of follow's loop reads, and how much of each. Each turn reads the files with bytes
// waiting; the others are stepped (a read, and at their end a look at their name for rotation, truncation and
// deletion) once a poll interval, as `tail -F` looks at its files. Two more rules hold when a backlog waits
// (`--from-start` on a folder, a folder written at once):
// - a turn reads at most TURN_BUDGET over the files with bytes waiting (each read at least MIN_READ): 248 files
//   read from their start in one turn of 1 MiB each would be the whole of a 300 MB folder at once;
// - the reader's consumer may say which of those files to read first (`readFirst`): a consumer that merges the
//   files by time holds every entry until no file that may give an older one is behind, so reading by bytes in
//   turns would make it hold nearly all of a backlog whose files cover different hours. It names the files the
//   others wait for, and only those are read, as a k-way merge pulls from the file that is behind; the others
//   wait their turn.

/** Bytes read from one file in one step at most: one batch of about 3,500 Nova lines. */
export const READ_BUDGET = 1024 * 1024;
/** Bytes one turn reads at most, shared among the files it reads (up to 8 files at READ_BUDGET each). */
export const TURN_BUDGET = 8 * READ_BUDGET;
/** The least a read of a file with bytes waiting asks for, however many share a turn. */
export const MIN_READ = 64 * 1024;
/** While `readFirst` chooses, files with nothing to read are stepped this often (or every poll, if longer). */
export const CHOOSING_POLL_MS = 1000;

export interface TurnFile {
  readonly path: string;
  /** Bytes were written to it that no read has reached yet. */
  bytesWaiting(): boolean;
}

/** Of the followed paths whose files have bytes waiting, those to read first; null when any order will do. */
export type ReadFirst = (waiting: readonly string[]) => ReadonlySet<string> | null;

export interface Turn<F> {
  /** The followers to step, in the order given. */
  readonly step: readonly F[];
  /** Bytes each read of this turn may take. */
  readonly budget: number;
}

/**
 * follow's turns, one after another. Each turn asks the files whether bytes wait in them (fstat, without waiting)
 * and reads those. A file with nothing to read is stepped on a full turn only, once a poll interval has passed
 * since the last: its step (a read and a stat of its name, each a trip to libuv's threads) is how a rotation, a
 * truncation or a deletion is noticed, and 248 files stepped at every turn cost 25-35 ms a turn.
 * While `readFirst` chooses (a backlog), only its files are read, the files with nothing to read are stepped at
 * most once a second, and the turns between ask only the files that had bytes waiting.
 */
export class ReadingTurns<F extends TurnFile> {
  private waiting: readonly F[] = [];
  private lastFull = -Infinity;
  private choosing = false;

  constructor(
    private readonly readFirst: ReadFirst | undefined,
    private readonly pollMs: number,
  ) {}

  next(followers: readonly F[], now: number): Turn<F> {
    const full = now - this.lastFull >= (this.choosing ? Math.max(CHOOSING_POLL_MS, this.pollMs) : this.pollMs);
    if (full) this.lastFull = now;
    let asked = followers;
    if (this.choosing && !full) {
      const known = new Set(followers);
      asked = this.waiting.filter((f) => known.has(f));
    }
    const waiting = asked.filter((f) => f.bytesWaiting());
    this.waiting = waiting;
    const first = this.readFirst === undefined || waiting.length < 2 ? null : this.readFirst(waiting.map((f) => f.path));
    const chosen = first === null ? [] : waiting.filter((f) => first.has(f.path));
    this.choosing = chosen.length > 0;
    const reading = this.choosing ? chosen : waiting;
    const budget = budgetFor(reading.length);
    if (!full) return { step: reading, budget };
    // A full turn: every file but those that wait their turn.
    const later = new Set(waiting.filter((f) => !reading.includes(f)));
    return { step: later.size === 0 ? followers : followers.filter((f) => !later.has(f)), budget };
  }
}

function budgetFor(reads: number): number {
  return Math.max(MIN_READ, Math.min(READ_BUDGET, Math.floor(TURN_BUDGET / Math.max(1, reads))));
}
