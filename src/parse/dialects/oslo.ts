// oslo.log text, Havana to today: `2018-06-27 06:43:27.264 1705 ERROR nova.compute.manager [ctx] msg`.
// Grizzly wrote no pid; oslo's asctime may use `T` or a comma before the milliseconds.

import type { DialectModule, LineContext, ParsedLine } from '../dialect.js';
import { parseBody } from '../oslo-body.js';
import { readDateTime, readFraction } from '../time.js';

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

/** Reads `YYYY-MM-DD HH:MM:SS[.fff] [pid] ` at `at`; null when the line does not start so. */
export function readOsloHead(line: string, at: number, ctx: LineContext): OsloHead | null {
  if (line.charCodeAt(at + 4) !== 45 /* - */ || line.charCodeAt(at + 13) !== 58 /* : */) return null;
  const c10 = line.charCodeAt(at + 10);
  if (c10 !== 32 && c10 !== 84 /* T */) return null;
  const whole = readDateTime(line, at, ctx.zone);
  if (Number.isNaN(whole)) return null;
  const [fraction, precision] = readFraction(line, at + 19);
  let pos = at + 19 + (precision > 0 ? precision + 1 : 0);
  if (line.charCodeAt(pos) !== 32) return null;
  pos++;
  let pid: number | null = null;
  if (isDigit(line.charCodeAt(pos))) {
    const sp = line.indexOf(' ', pos);
    if (sp < 0) return null;
    const n = Number(line.slice(pos, sp));
    if (!Number.isInteger(n)) return null;
    pid = n;
    pos = sp + 1;
  }
  return { time: whole + fraction, precision, pid, bodyAt: pos };
}

export function parseOsloAt(line: string, at: number, ctx: LineContext): ParsedLine | null {
  const head = readOsloHead(line, at, ctx);
  if (!head) return null;
  const body = parseBody(line, head.bodyAt);
  if (!body) return null;
  return {
    dialect: 'oslo', time: head.time, precision: head.precision, pid: head.pid,
    host: null, ident: null, fileHint: null, body, text: body.message,
  };
}

export const oslo: DialectModule = {
  name: 'oslo',
  parse: (line, ctx) => (isDigit(line.charCodeAt(0)) ? parseOsloAt(line, 0, ctx) : null),
};
