// Bytes of one file generation -> complete, numbered lines. Pure: the follower feeds it what each read returned,
// whatever the cut, and it keeps the unfinished tail (a multi-byte character cut in two with it) for the next read.

/**
 * A line is cut here when no newline comes: a file of binary junk or one endless line must not grow without
 * bound. 32 MiB is three times the longest line seen in a Nova log (a 10 MB traceback).
 */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

export interface SplitLines {
  /** 1-based number of `lines[0]` in this generation of the file. */
  readonly firstLine: number;
  readonly lines: readonly string[];
}

const NO_LINES: readonly string[] = Object.freeze([]);

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export class LineSplitter {
  /** Bytes of the unfinished line, in the pieces they came in. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private next: number;

  /** `firstLine`: number of the first line this splitter will produce (greater than 1 when starting mid-file). */
  constructor(firstLine = 1) {
    this.next = firstLine;
  }

  /** Number the next complete line will get. */
  get nextLine(): number {
    return this.next;
  }

  /** True while part of a line waits for its end. */
  get holding(): boolean {
    return this.heldBytes > 0;
  }

  /**
   * Lines are cut from the bytes and decoded one by one: each is a string of its own. Decoding the whole read and
   * slicing it would make every line share the read's string (V8 sliced strings), and one line kept for minutes by
   * an open request would keep its whole megabyte read alive with it. A multi-byte character cut by a read is whole
   * again once its line is.
   */
  push(bytes: Buffer): SplitLines {
    const firstLine = this.next;
    let end = bytes.indexOf(10);
    if (end < 0) {
      this.hold(bytes);
      if (this.heldBytes < MAX_LINE_BYTES) return { firstLine, lines: NO_LINES };
      this.next++;
      return { firstLine, lines: [this.takeHeld()] };
    }
    const lines: string[] = [];
    let start = 0;
    if (this.heldBytes > 0) {
      this.held.push(bytes.subarray(0, end));
      this.heldBytes += end;
      lines.push(trimCr(this.takeHeld()));
      start = end + 1;
      end = bytes.indexOf(10, start);
    }
    while (end >= 0) {
      lines.push(trimCr(bytes.toString('utf8', start, end)));
      start = end + 1;
      end = bytes.indexOf(10, start);
    }
    if (start < bytes.length) this.hold(bytes.subarray(start));
    this.next += lines.length;
    return { firstLine, lines };
  }

  /** The unfinished last line, when the generation ends (rotated, truncated, deleted): it will get no more bytes. */
  end(): SplitLines {
    const firstLine = this.next;
    if (this.heldBytes === 0) return { firstLine, lines: NO_LINES };
    this.next++;
    return { firstLine, lines: [trimCr(this.takeHeld())] };
  }

  private hold(bytes: Buffer): void {
    // A copy: the caller may read into the same buffer again.
    this.held.push(Buffer.from(bytes));
    this.heldBytes += bytes.length;
  }

  private takeHeld(): string {
    const text = Buffer.concat(this.held, this.heldBytes).toString('utf8');
    this.held = [];
    this.heldBytes = 0;
    return text;
  }
}
