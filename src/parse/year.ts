// Year of year-less journald stamps (`Jan 25 09:30:44`): from --year or the file's modification time, moving to
// the next year when the month goes back (December -> January) inside a file.

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
      // A file last written in January that starts in December began the year before.
      const modifiedMonth = this.modified.getUTCMonth() + 1;
      this.year = this.modified.getUTCFullYear() - (month > modifiedMonth ? 1 : 0);
    } else if (month < this.lastMonth && this.lastMonth - month >= 6) {
      this.year += 1;
    }
    this.lastMonth = month;
    return this.year;
  }

  get usesFixedYear(): boolean {
    return this.fixedYear !== null;
  }
}
