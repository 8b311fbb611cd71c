// Counting's reader (stats): bytes -> a counting parser's lines, with no string made for a line whose bytes the parser
// reads as they are (EntryParser.pushBytes); any other line is decoded and pushed as its text. Lines are what the
// line splitter makes of the same bytes (line-splitter.ts): a line split between reads is joined, one \r before a
// \n dropped, a last line without \n given, and a line longer than `maxLine` cut there (one longer than a read is
// handed to a line splitter whole).

import { isAscii } from 'node:buffer';
import type { EntryParser, ParseOptions } from '../parse/entry-parser.js';
import { DEFAULT_MAX_LINE, XTRACE } from '../parse/entry-parser.js';
import { OsloBytes } from '../parse/oslo-bytes.js';
import { LineSplitter } from './line-splitter.js';

const NEWLINE = 0x0a;
const CR = 0x0d;
const ESC = 0x1b;
/** A line split between reads is joined here up to this many bytes; a longer one goes to a line splitter. */
const JOIN_BYTES = 1 << 16;
/** The join buffer's first size: from Node's pool of small buffers, no allocation of its own per file. */
const JOIN_FIRST = 1 << 10;

function decode(b: Buffer, s: number, e: number): string {
  return isAscii(b.subarray(s, e)) ? b.toString('latin1', s, e) : b.toString('utf8', s, e);
}

/**
 * For a line with no ESC byte (push() strips colours before it looks): false only when no dialect reads the line
 * from `s` to `e`, and the parser does not take it for a log line's start
 * (LOOKS_LIKE_START) or noise: its first byte other than a space or tab is printable ASCII, no digit, capital
 * letter or `{` (the dialects' first tests, message-only's after the indent), nor a `+` first (xtrace noise); and
 * its first word, when it may be a source-column's file name (4 bytes or more), holds no `.`.
 */
export function startsEntry(b: Buffer, s: number, e: number): boolean {
  let i = s;
  while (i < e && (b[i] === 32 || b[i] === 9)) i++;
  if (i === e) return true;
  const c = b[i] as number;
  if (c <= 32 || c >= 127 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 123 /* { */) return true;
  // A first space makes source-column's first word empty.
  if (b[s] === 32) return false;
  if (i === s && c === 43 /* + */) return true;
  let space = b.indexOf(32, s);
  if (space < 0 || space > e) space = e;
  if (space - s < 4) return false;
  for (let k = s; k < space; k++) if (b[k] === 46 /* . */) return true;
  return false;
}

export const NOT_NOISE = 0;
export const BLANK = 1;
export const XTRACE_LINE = 2;

/**
 * What push() tells of the line from `s` to `e` (no ESC byte, no \r left at its end) before it parses it, read from
 * its bytes: BLANK (nothing, or spaces and tabs only), XTRACE_LINE (devstack's xtrace preamble, entry-parser.ts's
 * XTRACE: `+ functions-common:_run_process:1440       :   ...`), else NOT_NOISE (or not sure: other blanks that
 * trim() drops, as a \v or a no-break space, are left to push()).
 */
export function noiseOf(b: Buffer, s: number, e: number): typeof NOT_NOISE | typeof BLANK | typeof XTRACE_LINE {
  let i = s;
  while (i < e && (b[i] === 32 || b[i] === 9)) i++;
  if (i === e) return BLANK;
  if (i > s || b[s] !== 43 /* + */) return NOT_NOISE;
  // XTRACE over the bytes as latin1: it matches ASCII alone, and a byte past ASCII fails it as the character(s)
  // UTF-8 makes of it would. (A native match, not a loop here: these lines come a few a file, and a loop over their
  // bytes would have V8 optimize this function 130 MB into a thread's input.)
  return XTRACE.test(b.toString('latin1', s, e)) ? XTRACE_LINE : NOT_NOISE;
}

export class CountLines {
  /** The unfinished line of the last push, when it is short; grown as lines need (most need a few hundred bytes). */
  private joined = Buffer.allocUnsafe(JOIN_FIRST);
  private joinedLength = 0;
  /** The unfinished line, when it is long: the splitter has its bytes so far. */
  private long: LineSplitter | null = null;
  /** The first ESC byte at or after where it was last looked for, in the buffer being read. */
  private escAt = -1;

  private readonly maxLine: number;
  private readonly oslo: OsloBytes;

  constructor(private readonly parser: EntryParser, options: ParseOptions) {
    this.maxLine = options.maxLine ?? DEFAULT_MAX_LINE;
    this.oslo = new OsloBytes(options.zone);
  }

  /** Takes the next bytes; nothing of them is kept once it returns (the caller may read into the same buffer). */
  push(b: Buffer): void {
    let pos = 0;
    if (this.long !== null || this.joinedLength > 0) {
      const newline = b.indexOf(NEWLINE);
      if (newline < 0) {
        this.hold(b, 0, b.length);
        return;
      }
      this.hold(b, 0, newline + 1);
      this.endHeld();
      pos = newline + 1;
    }
    const n = b.length;
    this.escAt = b.indexOf(ESC, pos);
    this.oslo.use(b);
    for (;;) {
      const newline = b.indexOf(NEWLINE, pos);
      if (newline < 0) break;
      this.line(b, pos, newline);
      pos = newline + 1;
    }
    if (pos < n) this.hold(b, pos, n);
  }

  /** The input ended: an unfinished last line is a line. */
  end(): void {
    if (this.long !== null || this.joinedLength > 0) this.endHeld();
  }

  /** The line from `s` to its \n (or its end) at `newline`. */
  private line(b: Buffer, s: number, newline: number): void {
    const e = newline > s && b[newline - 1] === CR ? newline - 1 : newline;
    const length = e - s;
    if (length > this.maxLine) {
      this.parser.push(this.cutText(b, s), length);
      return;
    }
    const parser = this.parser;
    let esc = this.escAt;
    if (esc >= 0 && esc < s) esc = this.escAt = b.indexOf(ESC, s);
    // push() strips colours from the text first: a line with an ESC byte is read from its text.
    if (esc < 0 || esc >= e) {
      if (!startsEntry(b, s, e)) {
        if (parser.pushContinuation()) return;
      } else {
        // push() drops a \r left at the end.
        const end = e > s && b[e - 1] === CR ? e - 1 : e;
        if (parser.readsOslo) {
          const parsed = this.oslo.read(s, end);
          // (A resource tracker's line may be wanted for the host it names.)
          if (parsed !== null && (parser.pushOslo(parsed) || parser.pushOslo(parsed, this.oslo.namedHost(end)))) return;
        }
        // push() tells noise first; no line that oslo.read() reads is noise.
        const noise = noiseOf(b, s, end);
        if (noise !== NOT_NOISE) {
          parser.pushNoise(noise === BLANK);
          return;
        }
      }
    }
    parser.push(decode(b, s, e), 0);
  }

  /** The line splitter's text of a cut line: its first maxLine bytes, less a character the cut would split. */
  private cutText(b: Buffer, s: number): string {
    let end = s + this.maxLine;
    for (let k = 0; k < 3 && ((b[end] as number) & 0xc0) === 0x80; k++) end--;
    return decode(b, s, end);
  }

  /** Bytes `from`..`to` of an unfinished line (`to` may include its \n). */
  private hold(b: Buffer, from: number, to: number): void {
    if (this.long === null && this.joinedLength + (to - from) > JOIN_BYTES) {
      this.long = new LineSplitter({ maxLine: this.maxLine });
      this.long.push(this.joined.subarray(0, this.joinedLength));
      this.joinedLength = 0;
    }
    if (this.long !== null) this.long.push(b.subarray(from, to));
    else {
      const need = this.joinedLength + (to - from);
      if (need > this.joined.length) {
        const grown = Buffer.allocUnsafe(Math.min(JOIN_BYTES, Math.max(need, 2 * this.joined.length)));
        this.joined.copy(grown, 0, 0, this.joinedLength);
        this.joined = grown;
      }
      b.copy(this.joined, this.joinedLength, from, to);
      this.joinedLength = need;
    }
  }

  /** The unfinished line got its \n (held with it) or the input ended. */
  private endHeld(): void {
    const long = this.long;
    if (long !== null) {
      long.end();
      for (let text = long.next(); text !== null; text = long.next()) this.parser.push(text, long.cutBytes);
      this.long = null;
      return;
    }
    const n = this.joinedLength;
    this.joinedLength = 0;
    const b = this.joined;
    this.escAt = b.subarray(0, n).indexOf(ESC);
    this.oslo.use(b);
    this.line(b, 0, n > 0 && b[n - 1] === NEWLINE ? n - 1 : n);
  }
}
