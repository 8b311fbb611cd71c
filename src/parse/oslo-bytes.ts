// Counting's fast path (stats): the head of an oslo line (time, pid, level, logger, whether a context bracket
// follows) read from its bytes, with no string made for the line. It answers only when it is sure to read the line as
// the oslo dialect reads its text in counting mode (dialects/oslo.ts, oslo-body.ts's lite body); on anything else
// it says null and the caller decodes the line and parses it as usual.

import type { Level } from '../model/entry.js';
import type { ParsedLine } from './dialect.js';
import { isAscii } from 'node:buffer';
import { HOST_LINE, HOST_LINE_STARTS } from './entry-parser.js';
import type { Body } from './oslo-body.js';
import { UUID } from './oslo-body.js';
import { FRACTION_SCALE } from './time.js';
import type { Zone } from './time.js';

type MutableLine = { -readonly [K in keyof ParsedLine]: ParsedLine[K] };
type MutableBody = { -readonly [K in keyof Body]: Body[K] };

const SPACE = 32;
const OPEN = 91; /* [ */
const CLOSE = 93; /* ] */
/** Bytes of `YYYY-MM-DD HH:MM`: the minute lines share. */
const MINUTE = 16;

/**
 * Loggers read so far in this thread, by a key of a few of their bytes: a line's logger becomes a string once per
 * thread, not per line nor per file (the bench's files share theirs: making them again in each file ran Buffer's
 * toString often enough for V8 to optimize it 80 to 160 MB into a thread's input). Bounded: cleared past MAX_LOGGERS
 * keys, and MAX_SAME_KEY loggers a key.
 */
const LOGGERS = new Map<number, string[]>();
const MAX_LOGGERS = 4096;
/** Loggers kept under one key at most (others are made again each time they are read). */
const MAX_SAME_KEY = 16;

/** What one reader remembers from line to line; one per parser, like the parser's own scratch. */
export class OsloBytes {
  private readonly line: MutableLine;
  private readonly body: MutableBody;
  /** The last minute read (its bytes) and its epoch in the zone; `minuteSet` false until one was. */
  private readonly minute = new Uint8Array(MINUTE);
  private minuteSet = false;
  private minuteEpoch = 0;
  private readonly loggers = LOGGERS;
  /** The bytes lines are read from (use()), and where the next `]` is at or after `closeFrom` in them (-1: none). */
  private b: Buffer = Buffer.alloc(0);
  private closeFrom = Infinity;
  private closeAt = -1;
  /** Where the text after the logger (and its space) begins in the line read last. */
  private restAt = 0;

  constructor(private readonly zone: Zone) {
    this.body = {
      level: 'INFO', logger: '', hasContext: false, globalRequestId: null, requestId: null, user: null, project: null,
      instance: null, message: '', location: null,
    };
    this.line = { dialect: 'oslo', time: 0, precision: 0, pid: null, host: null, ident: null, fileHint: null, body: this.body, text: '' };
  }

  /** The lines read next are in `b` (a new read: what was found in the last one is forgotten). */
  use(b: Buffer): void {
    this.b = b;
    this.closeFrom = Infinity;
    this.closeAt = -1;
  }

  /**
   * The line from `s` to `e` of use()'s bytes (no line ending, no ESC byte) as counting's oslo parse reads its text,
   * valid until the next call; null when it is not sure (the caller then parses the text).
   */
  read(s: number, e: number): ParsedLine | null {
    const b = this.b;
    if (e - s < 24) return null;
    // readOsloHead's separators; byte 7 is not looked at there, but a non-ASCII one would shift the text's indexes.
    if (b[s + 4] !== 45 /* - */ || b[s + 13] !== 58 /* : */ || b[s + 16] !== 58 || (b[s + 7] as number) > 127) return null;
    const c10 = b[s + 10];
    if (c10 !== SPACE && c10 !== 84 /* T */) return null;
    const sec = digit(b[s + 17] as number) * 10 + digit(b[s + 18] as number);
    if (!(sec <= 60)) return null;
    if (!this.sameMinute(b, s) && !this.readMinute(b, s)) return null;
    // The fraction: `.` or `,` and up to 9 digits.
    let pos = s + 19;
    let precision = 0;
    let fraction = 0;
    const sep = b[pos];
    if (sep === 46 /* . */ || sep === 44 /* , */) {
      for (let i = pos + 1; precision < 9 && i < e; i++) {
        const c = (b[i] as number) - 48;
        if (!(c >= 0 && c <= 9)) break;
        fraction = fraction * 10 + c;
        precision++;
      }
      if (precision > 0) pos += precision + 1;
    }
    if (pos >= e || b[pos] !== SPACE) return null;
    pos++;
    let pid: number | null = null;
    let c = (b[pos] as number) - 48;
    if (pos < e && c >= 0 && c <= 9) {
      let n = 0;
      while (pos < e && c >= 0 && c <= 9) {
        n = n * 10 + c;
        c = (b[++pos] as number) - 48;
      }
      if (pos >= e || b[pos] !== SPACE) return null;
      pid = n;
      pos++;
    }
    // The level: the word up to the next space.
    const level = levelAt(b, pos, e);
    if (level === null) return null;
    pos += level.length;
    if (pos >= e || b[pos] !== SPACE) return null;
    // The logger: up to the next space or the line's end, \w[\w.-]* (parseBody's LOGGER).
    const from = pos + 1;
    let end = b.indexOf(SPACE, from);
    if (end < 0 || end > e) end = e;
    if (end === from) return null;
    const logger = this.logger(b, from, end);
    if (logger === null) return null;
    // The context bracket: its `[`, the first `]` after it, and what is between read as parseBody reads it.
    pos = end + 1;
    this.restAt = pos;
    let hasContext = false;
    if (pos < e && b[pos] === OPEN) {
      const close = this.closeAfter(pos);
      if (close >= 0 && close < e) {
        const context = contextAt(b, pos, close);
        if (context === null) return null;
        hasContext = context;
      }
    }
    const whole = this.minuteEpoch + sec * 1000;
    const line = this.line;
    line.time = whole + fraction * (FRACTION_SCALE[precision] as number);
    line.precision = precision;
    line.pid = pid;
    const body = this.body;
    body.level = level;
    body.logger = logger;
    body.hasContext = hasContext;
    return line;
  }

  /**
   * The host the message of the line read() read last (up to the same `e`) names as the resource tracker's lines
   * name it (entry-parser.ts's HOST_LINE, on the message full parsing reads: after the context bracket and an
   * instance tag), null when it names none; undefined when the bytes cannot tell (a DEBUG message that begins as
   * such a line: full parsing may cut a code location off its end, where the host may end).
   */
  namedHost(e: number): string | null | undefined {
    const b = this.b;
    let pos = this.restAt;
    // read() found the bracket's `]` before `e` when it says there is a context.
    if (this.body.hasContext) {
      pos = this.closeAfter(pos) + 1;
      if (pos < e && b[pos] === SPACE) pos++;
    }
    if (startsWith(b, pos, e, '[instance: ')) {
      const close = b.indexOf(CLOSE, pos);
      // oslo-body.ts's own test of the tag's UUID (ASCII alone matches it: a byte past ASCII fails it either way).
      if (close >= 0 && close < e && UUID.test(b.toString('latin1', pos + 11, close))) {
        pos = close + 1;
        if (pos < e && b[pos] === SPACE) pos++;
      }
    }
    if (!HOST_LINE_STARTS.some((start) => startsWith(b, pos, e, start))) return null;
    if (this.body.level === 'DEBUG') return undefined;
    return HOST_LINE.exec(b.toString(isAscii(b.subarray(pos, e)) ? 'latin1' : 'utf8', pos, e))?.[1] ?? null;
  }

  private sameMinute(b: Buffer, s: number): boolean {
    if (!this.minuteSet) return false;
    const m = this.minute;
    // From the minute's last digit: where consecutive minutes differ.
    for (let i = MINUTE - 1; i >= 0; i--) if (b[s + i] !== m[i]) return false;
    return true;
  }

  /** readDateTime's checks and epoch for a new minute; false when they fail. */
  private readMinute(b: Buffer, s: number): boolean {
    const y = number(b, s, 4);
    const mo = number(b, s + 5, 2);
    const d = number(b, s + 8, 2);
    const h = number(b, s + 11, 2);
    const mi = number(b, s + 14, 2);
    if (Number.isNaN(y + mo + d + h + mi) || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return false;
    this.minuteEpoch = this.zone.toEpoch(y, mo, d, h, mi, 0);
    for (let i = 0; i < MINUTE; i++) this.minute[i] = b[s + i] as number;
    this.minuteSet = true;
    return true;
  }

  /** The logger between `from` and `end`, as the string it was the first time; null when it is not one. */
  private logger(b: Buffer, from: number, end: number): string | null {
    const length = end - from;
    // A small integer (a V8 Smi): the length and three bytes.
    const key = ((length & 0x3f) << 24) | ((b[end - 1] as number) << 16) | ((b[from + (length >> 1)] as number) << 8) | (b[end - 2] ?? 0);
    let same = this.loggers.get(key);
    if (same !== undefined) {
      for (const text of same) if (textIs(b, from, end, text)) return text;
    }
    for (let i = from; i < end; i++) {
      const k = b[i] as number;
      if (!(isWord(k) || ((k === 46 || k === 45) && i > from))) return null;
    }
    const text = b.toString('latin1', from, end);
    if (same === undefined) {
      if (this.loggers.size >= MAX_LOGGERS) this.loggers.clear();
      this.loggers.set(key, (same = []));
    }
    if (same.length < MAX_SAME_KEY) same.push(text);
    return text;
  }

  /** The first `]` at or after `open`, or -1: one search per `]` of the bytes, not one per line. */
  private closeAfter(open: number): number {
    if (open < this.closeFrom || (this.closeAt >= 0 && open > this.closeAt)) {
      this.closeFrom = open;
      this.closeAt = this.b.indexOf(CLOSE, open);
    }
    return this.closeAt;
  }
}

function digit(c: number): number {
  const d = c - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

function number(b: Buffer, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + digit(b[i] as number);
  return n;
}

function isWord(k: number): boolean {
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95;
}

function textIs(b: Buffer, from: number, end: number, text: string): boolean {
  if (text.length !== end - from) return false;
  // From the end: loggers share their first words (`nova.compute.`).
  for (let i = text.length - 1; i >= 0; i--) if (b[from + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The level word at `at` (followed by a space or the line's end), or null: LEVELS, as levelAt reads them. */
function levelAt(b: Buffer, at: number, e: number): Level | null {
  switch (b[at]) {
    case 68: return word(b, at, e, 'DEBUG') ? 'DEBUG' : null;
    case 73: return word(b, at, e, 'INFO') ? 'INFO' : null;
    case 87: return word(b, at, e, 'WARNING') ? 'WARNING' : null;
    case 69: return word(b, at, e, 'ERROR') ? 'ERROR' : null;
    case 84: return word(b, at, e, 'TRACE') ? 'TRACE' : null;
    case 65: return word(b, at, e, 'AUDIT') ? 'AUDIT' : null;
    case 67: return word(b, at, e, 'CRITICAL') ? 'CRITICAL' : null;
    default: return null;
  }
}

function word(b: Buffer, at: number, e: number, text: string): boolean {
  const end = at + text.length;
  if (end >= e || b[end] !== SPACE) return false;
  for (let i = 1; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function startsWith(b: Buffer, at: number, e: number, text: string): boolean {
  if (at + text.length > e) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function isAsciiSpace(c: number): boolean {
  return c === SPACE || (c >= 9 && c <= 13);
}

/**
 * oslo-body.ts's looksLikeContext over bytes: the bracket from `open` to `close`, its inner text trimmed. Null when
 * that text begins or ends with a non-ASCII byte (a character trim() may take for a space).
 */
function contextAt(b: Buffer, open: number, close: number): boolean | null {
  let from = open + 1;
  let to = close;
  while (from < to && isAsciiSpace(b[from] as number)) from++;
  while (to > from && isAsciiSpace(b[to - 1] as number)) to--;
  if (from < to && ((b[from] as number) > 127 || (b[to - 1] as number) > 127)) return null;
  if (to === from + 1 && b[from] === 45 /* - */) return true;
  if (startsWith(b, from, to, 'req-') || startsWith(b, from, to, 'None')) return true;
  for (let i = from; i + 5 <= to; i++) {
    if (b[i] === SPACE && b[i + 1] === 114 /* r */ && b[i + 2] === 101 && b[i + 3] === 113 && b[i + 4] === 45) return true;
  }
  return false;
}
