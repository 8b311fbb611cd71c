// Bytes -> lines, for every way a log comes in: plain files (blocking reads), .gz and stdin (streams), followed
// files. Pure: the reader hands it whatever each read returned and takes the complete lines out. It joins a line
// (and a multi-byte character) cut between reads, drops the \r of CRLF, gives a last line that has no newline, and
// cuts a line longer than `maxLine` bytes: its first `maxLine` bytes are its text, the rest is counted and skipped,
// never held, so memory stays O(maxLine) whatever the line's length.

import { isAscii } from 'node:buffer';
import type { CutSample } from '../model/file-stats.js';

/**
 * Bytes decoded into one string, lines then sliced from it: one decode per window rather than one per line (a call
 * into C++ each) keeps reading as fast as it was before this splitter. But a line kept (by an entry, by what a
 * parser remembers of its last lines) keeps its whole window alive: on the bench corpus, 32 KB windows (a whole
 * read) cost analyze about 20 MB more peak RSS than 8 KB ones; the extra decodes cost no time we could measure.
 */
const WINDOW = 1 << 13;
/** A held partial line's buffer bigger than this is let go once its line ends: one long line leaves no megabyte behind. */
const KEEP_HOLD = 1 << 16;
const NEWLINE = 0x0a;
const CR = 0x0d;
/** `kinds` value of a window: whole lines, each ending with its \n. */
const WINDOW_TEXT = -1;

export interface SplitLines {
  /** 1-based number of `lines[0]` in its file. */
  readonly firstLine: number;
  readonly lines: readonly string[];
  /** The lines among these that were cut (longer than the maximum); nearly always none. */
  readonly cut: readonly CutSample[];
}

export interface SplitterOptions {
  /** Bytes a line may have (without its line ending); a longer one is cut there. */
  readonly maxLine: number;
  /** Number of the first line (greater than 1 when starting mid-file). Default 1. */
  readonly firstLine?: number;
  /**
   * Decode each line on its own: for a follower, whose lines may be held for minutes by an open request and must
   * not keep a whole window of other lines alive with them. Costs a call into C++ per line.
   */
  readonly ownStrings?: boolean;
}

const NO_CUTS: readonly CutSample[] = Object.freeze([]);

/** Logs are nearly all ASCII: read as latin1, the same characters come out without UTF-8 validation. */
function decode(bytes: Buffer, start: number, end: number, ascii: boolean): string {
  return ascii || isAscii(bytes.subarray(start, end)) ? bytes.toString('latin1', start, end) : bytes.toString('utf8', start, end);
}

export class LineSplitter {
  private readonly maxLine: number;
  private readonly windowBytes: number;
  /**
   * Decoded and waiting for next(): windows of whole lines, and lines decoded alone. `kinds` says which: WINDOW_TEXT,
   * 0 for a whole line, or the length in bytes of a line that was cut.
   */
  private readonly texts: string[] = [];
  private readonly kinds: number[] = [];
  private at = 0;
  /** The window next() is in (whole lines, each ending with its \n), and where its next line starts. */
  private window = '';
  private pos = 0;
  /** Bytes of the unfinished line (at most maxLine + 1: one more than a line may have, for its \r). */
  private held: Buffer | null = null;
  private heldLength = 0;
  /** Whether the bytes pushed last, and all the held bytes, are ASCII: then no window of them needs checking. */
  private ascii = false;
  private heldAscii = true;
  /** While skipping the rest of a cut line: its text, bytes seen so far, and the last of them (a \r?). */
  private cutText: string | null = null;
  private cutLength = 0;
  private lastByte = 0;
  private lines: number;
  private lastCut = 0;

  constructor(options: SplitterOptions) {
    if (!(options.maxLine >= 1)) throw new RangeError(`maxLine must be at least 1, not ${options.maxLine}`);
    this.maxLine = options.maxLine;
    // A window no longer than a line may be: a line inside a window is never too long, so no line is measured.
    this.windowBytes = options.ownStrings === true ? 1 : Math.min(WINDOW, options.maxLine);
    this.lines = (options.firstLine ?? 1) - 1;
  }

  /** Number the next line next() gives will have. */
  get nextLine(): number {
    return this.lines + 1;
  }

  /** True while part of a line waits for its end. */
  get holding(): boolean {
    return this.heldLength > 0 || this.cutText !== null;
  }

  /**
   * Bytes of the unfinished line held, when its start is known to be that many bytes before the end of what was
   * pushed; null while the rest of a cut line is skipped (its start is not kept).
   */
  get heldBytes(): number | null {
    return this.cutText === null ? this.heldLength : null;
  }

  /** For the line next() gave last: 0 when it is whole, else its length in bytes (it was cut to maxLine). */
  get cutBytes(): number {
    return this.lastCut;
  }

  /**
   * Takes the next bytes. What it needs of them is decoded or copied before it returns: the caller may read into
   * the same buffer at once.
   */
  push(bytes: Buffer): void {
    this.ascii = isAscii(bytes);
    let start = 0;
    if (this.holding) {
      const newline = bytes.indexOf(NEWLINE);
      this.hold(bytes, 0, newline < 0 ? bytes.length : newline);
      if (newline < 0) return;
      this.endHeld();
      start = newline + 1;
    }
    this.split(bytes, start);
  }

  /** The input ended: an unfinished last line is a line. */
  end(): void {
    if (this.holding) this.endHeld();
  }

  /** The next complete line, or null when what was pushed holds no more. */
  next(): string | null {
    // The hot path: the next line of the current window.
    const text = this.window;
    const start = this.pos;
    const end = text.indexOf('\n', start);
    if (end < 0) return this.nextText();
    this.pos = end + 1;
    this.lines++;
    // At an empty line, end - 1 is the \n before it (or -1): never a \r.
    return text.slice(start, text.charCodeAt(end - 1) === CR ? end - 1 : end);
  }

  /** The current window is used up: the next queued text, a line of its own or the next window. */
  private nextText(): string | null {
    this.window = '';
    this.pos = 0;
    const text = this.texts[this.at];
    if (text === undefined) {
      if (this.at > 0) {
        this.texts.length = 0;
        this.kinds.length = 0;
        this.at = 0;
      }
      return null;
    }
    const kind = this.kinds[this.at++] as number;
    if (kind === WINDOW_TEXT) {
      // No line of a window is cut (see windowBytes).
      this.lastCut = 0;
      this.window = text;
      return this.next();
    }
    this.lines++;
    this.lastCut = kind;
    return text;
  }

  /** Every complete line so far, in one batch (a follower hands lines on per read). */
  take(): SplitLines {
    const firstLine = this.nextLine;
    const lines: string[] = [];
    let cut: CutSample[] | null = null;
    for (let line = this.next(); line !== null; line = this.next()) {
      if (this.lastCut > 0) (cut ??= []).push({ line: firstLine + lines.length, bytes: this.lastCut });
      lines.push(line);
    }
    return { firstLine, lines, cut: cut ?? NO_CUTS };
  }

  /** Splits `bytes` from `start`, a line's start, into windows and lines; holds the unfinished last line. */
  private split(bytes: Buffer, start: number): void {
    const n = bytes.length;
    while (start < n) {
      const limit = start + this.windowBytes;
      const last = bytes.lastIndexOf(NEWLINE, Math.min(limit, n) - 1);
      if (last >= start) {
        this.queue(decode(bytes, start, last + 1, this.ascii), WINDOW_TEXT);
        start = last + 1;
        continue;
      }
      // No line ends within a window: a line longer than one, or the unfinished last line.
      const newline = limit >= n ? -1 : bytes.indexOf(NEWLINE, limit);
      if (newline < 0) {
        this.hold(bytes, start, n);
        return;
      }
      const end = bytes[newline - 1] === CR ? newline - 1 : newline;
      if (end - start > this.maxLine) this.queue(this.decodeCut(bytes, start), end - start);
      else this.queue(decode(bytes, start, end, this.ascii), 0);
      start = newline + 1;
    }
  }

  /** Adds bytes `from`..`to` to the unfinished line; once it is longer than any line may be, cuts it. */
  private hold(bytes: Buffer, from: number, to: number): void {
    if (to === from) return;
    this.lastByte = bytes[to - 1] as number;
    if (this.cutText !== null) {
      this.cutLength += to - from;
      return;
    }
    this.heldAscii &&= this.ascii;
    const take = Math.min(this.maxLine + 1 - this.heldLength, to - from);
    const need = this.heldLength + take;
    if (this.held === null || this.held.length < need) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxLine + 1, Math.max(need, 2 * (this.held?.length ?? 512))));
      this.held?.copy(grown, 0, 0, this.heldLength);
      this.held = grown;
    }
    bytes.copy(this.held, this.heldLength, from, from + take);
    this.heldLength = need;
    if (take < to - from) {
      this.cutText = this.decodeCut(this.held, 0);
      this.cutLength = this.heldLength + (to - from - take);
      this.letGo();
    }
  }

  /** The unfinished line got its end (a newline, or the end of the input). */
  private endHeld(): void {
    if (this.cutText !== null) {
      this.queue(this.cutText, this.cutLength - (this.lastByte === CR ? 1 : 0));
      this.cutText = null;
      this.cutLength = 0;
      return;
    }
    const held = this.held as Buffer;
    const length = held[this.heldLength - 1] === CR ? this.heldLength - 1 : this.heldLength;
    // At most maxLine + 1 bytes were held: one too many unless the last was a \r.
    this.queue(length > this.maxLine ? this.decodeCut(held, 0) : decode(held, 0, length, this.heldAscii), length > this.maxLine ? length : 0);
    this.letGo();
  }

  private letGo(): void {
    this.heldLength = 0;
    this.heldAscii = true;
    if (this.held !== null && this.held.length > KEEP_HOLD) this.held = null;
  }

  /** The first maxLine bytes of the line at `start`, less a multi-byte character the cut would split. */
  private decodeCut(bytes: Buffer, start: number): string {
    let end = start + this.maxLine;
    for (let k = 0; k < 3 && ((bytes[end] as number) & 0xc0) === 0x80; k++) end--;
    return decode(bytes, start, end, false);
  }

  private queue(text: string, kind: number): void {
    this.texts.push(text);
    this.kinds.push(kind);
  }
}
