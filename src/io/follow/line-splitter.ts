// Bytes of one file generation -> complete, numbered lines. Pure: the follower feeds it what each read returned,
// whatever the cut, and it keeps the unfinished tail (and a multi-byte character cut in two) for the next read.

import { StringDecoder } from 'node:string_decoder';

/**
 * A line is cut here when no newline comes: a file of binary junk or one endless line must not grow a string
 * without bound. 32 Mi characters is three times the longest line seen in a Nova log (a 10 MB traceback).
 */
export const MAX_LINE_CHARS = 32 * 1024 * 1024;

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
  private readonly decoder = new StringDecoder('utf8');
  private held = '';
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
    return this.held.length > 0;
  }

  push(bytes: Buffer): SplitLines {
    const firstLine = this.next;
    const text = this.held + this.decoder.write(bytes);
    let start = 0;
    let end = text.indexOf('\n');
    if (end < 0) {
      this.held = text;
      if (text.length < MAX_LINE_CHARS) return { firstLine, lines: NO_LINES };
      this.held = '';
      this.next++;
      return { firstLine, lines: [text] };
    }
    const lines: string[] = [];
    while (end >= 0) {
      lines.push(trimCr(text.slice(start, end)));
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    this.held = text.slice(start);
    this.next += lines.length;
    return { firstLine, lines };
  }

  /** The unfinished last line, when the generation ends (rotated, truncated, deleted): it will get no more bytes. */
  end(): SplitLines {
    const firstLine = this.next;
    const rest = this.held + this.decoder.end();
    this.held = '';
    if (rest.length === 0) return { firstLine, lines: NO_LINES };
    this.next++;
    return { firstLine, lines: [trimCr(rest)] };
  }
}
