// Year of year-less journald stamps (`Jan 25 09:30:44`): from --year or the file's modification time, moving to
// the next year when the month goes back (December -> January) inside a file.

/** The year the first year-less stamp of `month` takes in a file last modified at `modified` (no --year). */
export function yearFromModified(modified: Date, month: number): number {
  // A file last written in January that starts in December began the year before.
  return modified.getUTCFullYear() - (month > modified.getUTCMonth() + 1 ? 1 : 0);
}

/** A year-less stamp's month and the year it was given. */
export interface YearCall {
  readonly month: number;
  readonly year: number;
}

/** Where a tracker stands: the year it gives now (null: no stamp yet and no --year) and the last month it saw. */
export interface YearState {
  readonly year: number | null;
  readonly lastMonth: number;
}

export class YearTracker {
  private year: number | null;
  private lastMonth = 0;

  /**
   * @param fixedYear the user's --year: the year of the file's first stamp.
   * @param modified the file's modification time: the last stamp is no later than this.
   */
  constructor(
    private readonly fixedYear: number | null,
    private readonly modified: Date,
  ) {
    this.year = fixedYear;
  }

  yearFor(month: number): number {
    if (this.year === null) {
      this.year = yearFromModified(this.modified, month);
    } else if (month < this.lastMonth && this.lastMonth - month >= 6) {
      this.year += 1;
    }
    this.lastMonth = month;
    return this.year;
  }

  get usesFixedYear(): boolean {
    return this.fixedYear !== null;
  }

  /** See YearState (two fields, not an object: a parser that marks where it may resume reads them per entry). */
  get currentYear(): number | null {
    return this.year;
  }

  get currentMonth(): number {
    return this.lastMonth;
  }

  /** Goes on from `state` (a reading resumed mid-file, see resume-mark.ts). */
  restore(state: YearState): void {
    this.year = state.year;
    this.lastMonth = state.lastMonth;
  }
}
