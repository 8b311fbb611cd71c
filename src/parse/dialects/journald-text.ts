// journalctl text output, whose message is devstack's oslo body (or any program's plain text):
//   short / short-precise:         `Jan 25 09:30:44[.123456] devstack02 nova-compute[100024]: DEBUG ...`
//   short-iso / short-iso-precise: `2017-05-29T08:46:26[.211445]+0000 host nova-compute[108320]: ...`

import type { DialectModule, LineContext, ParsedLine } from '../dialect.js';
import { parseBody } from '../oslo-body.js';
import { UTC, monthNumber, readDateTime, readFraction } from '../time.js';

const TAIL = /^ (\S+) ([^\s[:]+)(?:\[(\d+)\])?: /;

function rest(line: string, pos: number, time: number, precision: number, dialect: 'journald-short' | 'journald-iso', ctx: LineContext): ParsedLine | null {
  const m = TAIL.exec(line.slice(pos, pos + 300));
  if (!m) return null;
  const at = pos + m[0].length;
  const body = parseBody(line, at, ctx.scratch.body, ctx.lite);
  return {
    dialect, time, precision,
    pid: m[3] ? Number(m[3]) : null,
    host: m[1] as string,
    ident: m[2] as string,
    fileHint: null,
    body,
    text: body ? body.message : line.slice(at),
  };
}

function parseShort(line: string, ctx: LineContext): ParsedLine | null {
  // `Jan 25 09:30:44` (day may be space-padded: `Jan  5`)
  const month = monthNumber(line.slice(0, 3));
  if (month === undefined || line.charCodeAt(3) !== 32) return null;
  const dayText = line.slice(4, 6).trim();
  const day = Number(dayText);
  if (!Number.isInteger(day) || day < 1 || day > 31 || line.charCodeAt(6) !== 32) return null;
  const clock = line.slice(7, 15);
  if (!/^\d\d:\d\d:\d\d$/.test(clock)) return null;
  const year = ctx.yearFor(month);
  const stamp = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${clock}`;
  const whole = readDateTime(stamp, 0, ctx.zone, ctx.scratch.minute);
  if (Number.isNaN(whole)) return null;
  const [fraction, precision] = readFraction(line, 15);
  return rest(line, 15 + (precision > 0 ? precision + 1 : 0), whole + fraction, precision, 'journald-short', ctx);
}

export const journaldShort: DialectModule = {
  name: 'journald-short',
  parse: (line, ctx) => {
    const c = line.charCodeAt(0);
    return c >= 65 && c <= 90 ? parseShort(line, ctx) : null;
  },
};

const ZONE = /^(Z|[+-]\d\d:?\d\d)/;

export const journaldIso: DialectModule = {
  name: 'journald-iso',
  parse(line, ctx) {
    const c = line.charCodeAt(0);
    if (c < 48 || c > 57 || line.charCodeAt(10) !== 84 /* T */) return null;
    const whole = readDateTime(line, 0, UTC, ctx.scratch.minute);
    if (Number.isNaN(whole)) return null;
    const [fraction, precision] = readFraction(line, 19);
    const zoneAt = 19 + (precision > 0 ? precision + 1 : 0);
    const z = ZONE.exec(line.slice(zoneAt, zoneAt + 6));
    if (!z) return null;
    const zoneText = z[1] as string;
    let offset = 0;
    if (zoneText !== 'Z') {
      const digits = zoneText.replace(':', '');
      offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === '-' ? -1 : 1);
    }
    return rest(line, zoneAt + zoneText.length, whole - offset * 60_000 + fraction, precision, 'journald-iso', ctx);
  },
};
