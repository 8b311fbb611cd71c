// oslo.log text, Havana to today: `2018-06-27 06:43:27.264 1705 ERROR nova.compute.manager [ctx] msg`.
// Grizzly wrote no pid; oslo's asctime may use `T` or a comma before the milliseconds.

import type { DialectModule, LineContext, ParsedLine } from '../dialect.js';
import { parseBody } from '../oslo-body.js';
import { readDateTime, readFractionInto } from '../time.js';

export interface OsloHead {
  readonly time: number;
  readonly precision: number;
  readonly pid: number | null;
  /** Index where the body (LEVEL logger ...) starts. */
  readonly bodyAt: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

type MutableHead = { -readonly [K in keyof OsloHead]: OsloHead[K] };
type MutableLine = { -readonly [K in keyof ParsedLine]: ParsedLine[K] };

/** Objects this dialect overwrites on each line, one set per parser: callers copy what they keep before the next line. */
export interface OsloScratch {
  readonly head: MutableHead;
  /** Counting mode's one parsed line. */
  readonly liteLine: MutableLine;
}

export function newOsloScratch(): OsloScratch {
  return {
    head: { time: 0, precision: 0, pid: null, bodyAt: 0 },
    liteLine: { dialect: 'oslo', time: 0, precision: 0, pid: null, host: null, ident: null, fileHint: null, body: null, text: '' },
  };
}

/**
 * Reads `YYYY-MM-DD HH:MM:SS[.fff] [pid] ` at `at`; null when the line does not start so. The result is valid
 * until the next call.
 */
export function readOsloHead(line: string, at: number, ctx: LineContext): OsloHead | null {
  if (line.charCodeAt(at + 4) !== 45 /* - */ || line.charCodeAt(at + 13) !== 58 /* : */) return null;
  const c10 = line.charCodeAt(at + 10);
  if (c10 !== 32 && c10 !== 84 /* T */) return null;
  const scratch = ctx.scratch;
  const whole = readDateTime(line, at, ctx.zone, scratch.minute);
  if (Number.isNaN(whole)) return null;
  const fraction = scratch.fraction;
  readFractionInto(line, at + 19, fraction);
  const precision = fraction.digits;
  let pos = at + 19 + (precision > 0 ? precision + 1 : 0);
  if (line.charCodeAt(pos) !== 32) return null;
  pos++;
  let pid: number | null = null;
  if (isDigit(line.charCodeAt(pos))) {
    let n = 0;
    while (isDigit(line.charCodeAt(pos))) n = n * 10 + line.charCodeAt(pos++) - 48;
    if (line.charCodeAt(pos) !== 32) return null;
    pid = n;
    pos++;
  }
  const head = scratch.oslo.head;
  head.time = whole + fraction.ms;
  head.precision = precision;
  head.pid = pid;
  head.bodyAt = pos;
  return head;
}

export function parseOsloAt(line: string, at: number, ctx: LineContext): ParsedLine | null {
  const head = readOsloHead(line, at, ctx);
  if (!head) return null;
  const body = parseBody(line, head.bodyAt, ctx.scratch.body, ctx.lite);
  if (!body) return null;
  if (ctx.lite) {
    // Counting: the caller reads the line before the next one, so one record serves all.
    const lite = ctx.scratch.oslo.liteLine;
    lite.time = head.time;
    lite.precision = head.precision;
    lite.pid = head.pid;
    lite.body = body;
    return lite;
  }
  return {
    dialect: 'oslo', time: head.time, precision: head.precision, pid: head.pid,
    host: null, ident: null, fileHint: null, body, text: body.message,
  };
}

export const oslo: DialectModule = {
  name: 'oslo',
  parse: (line, ctx) => (isDigit(line.charCodeAt(0)) ? parseOsloAt(line, 0, ctx) : null),
};
