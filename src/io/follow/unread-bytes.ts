// Which followed files hold bytes that were written but not read yet, asked between two reads (follow's tick):
// their size is past where reading reached. A file read to its end gives nothing older than what it gave, unless
// its writer got ahead of the reader: the bytes a look has not reached yet (a folder written at once, a read
// that came in the middle of a large write) then hold the other files' entries back until they are read.

const NONE: ReadonlySet<string> = new Set();

export class UnreadBytes {
  private probe: () => ReadonlySet<string> = () => NONE;

  /** followPaths says how its followed files are asked. */
  attach(probe: () => ReadonlySet<string>): void {
    this.probe = probe;
  }

  /** The followed paths (as events name them) whose files hold bytes not read yet. */
  paths(): ReadonlySet<string> {
    return this.probe();
  }
}
