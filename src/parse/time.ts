// Timestamps: wall-clock fields read from a line -> epoch milliseconds, in the zone the user says the logs were
// written in (oslo text carries no zone). Hot path: called once per line, so offsets are cached per hour.

import { ownCopy } from './own-copy.js';
import { textAt } from './text-at.js';

export interface Zone {
  readonly name: string;
  /** Epoch ms of the given local wall-clock time in this zone. */
  toEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number): number;
}

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

export function monthNumber(abbrev: string): number | undefined {
  return MONTHS[abbrev];
}

function fixedZone(name: string, offsetMinutes: number): Zone {
  const offsetMs = offsetMinutes * 60_000;
  return {
    name,
    toEpoch: (y, mo, d, h, mi, s) => Date.UTC(y, mo - 1, d, h, mi, s) - offsetMs,
  };
}

function ianaZone(name: string): Zone {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const offsetAt = (epoch: number): number => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(epoch)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1,
      parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
    return asUtc - Math.floor(epoch / 1000) * 1000;
  };
  const cache = new Map<number, number>();
  return {
    name,
    toEpoch(y, mo, d, h, mi, s) {
      const wall = Date.UTC(y, mo - 1, d, h, mi, s);
      const hourKey = Math.floor(wall / 3_600_000);
      let offset = cache.get(hourKey);
      if (offset === undefined) {
        // Two passes settle the offset across a DST change.
        offset = offsetAt(wall);
        offset = offsetAt(wall - offset);
        if (cache.size > 10_000) cache.clear();
        cache.set(hourKey, offset);
      }
      return wall - offset;
    },
  };
}

/** `UTC`, `Z`, `+02:00`, `-0530`, or an IANA name such as `Europe/Rome`. Throws on anything else. */
export function resolveZone(text: string): Zone {
  const t = text.trim();
  if (t === '' || /^(utc|z|gmt)$/i.test(t)) return fixedZone('UTC', 0);
  const m = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t);
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
    if (minutes > 14 * 60) throw new Error(`time zone offset out of range: ${text}`);
    return fixedZone(t, m[1] === '-' ? -minutes : minutes);
  }
  try {
    return ianaZone(new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone);
  } catch {
    throw new Error(`unknown time zone "${text}" (use UTC, an offset like +02:00, or a name like Europe/Rome)`);
  }
}

export const UTC: Zone = fixedZone('UTC', 0);

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** A fraction of a second as read: milliseconds (with a µs part) and the digits written. */
export interface Fraction {
  ms: number;
  digits: number;
}

// Milliseconds per unit of an n-digit fraction: 1000 / 10^n.
export const FRACTION_SCALE: readonly number[] = [0, 100, 10, 1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001];

/** Reads `.fff` or `.ffffff` (or none) at `at` into `into`, a parser's scratch: the hot path allocates nothing per line. */
export function readFractionInto(s: string, at: number, into: Fraction): void {
  into.ms = 0;
  into.digits = 0;
  const sep = s.charCodeAt(at);
  if (sep !== 46 /* . */ && sep !== 44 /* , */) return;
  let n = 0;
  let count = 0;
  for (let i = at + 1; count < 9; i++) {
    const c = s.charCodeAt(i) - 48; // NaN past the end: not a digit
    if (!(c >= 0 && c <= 9)) break;
    n = n * 10 + c;
    count++;
  }
  if (count === 0) return;
  into.ms = n * (FRACTION_SCALE[count] as number);
  into.digits = count;
}

/** Reads `.fff` or `.ffffff` (or none) at `at`: [milliseconds with µs fraction, digits read]. */
export function readFraction(s: string, at: number): [number, number] {
  const into = { ms: 0, digits: 0 };
  readFractionInto(s, at, into);
  return [into.ms, into.digits];
}

/** Consecutive lines share their minute: a parser remembers its last `YYYY-MM-DD HH:MM`, its zone and its epoch. */
export interface MinuteCache {
  zone: Zone | null;
  minute: string;
  epoch: number;
}

export function newMinuteCache(): MinuteCache {
  return { zone: null, minute: '', epoch: 0 };
}

/**
 * `YYYY-MM-DD HH:MM:SS` (or with `T`) at `at`, read in `zone`. Returns epoch ms of the whole second, or NaN.
 * Callers add the fraction.
 */
export function readDateTime(s: string, at: number, zone: Zone, cache: MinuteCache): number {
  const sec = digits(s, at + 17, 2);
  if (Number.isNaN(sec) || sec > 60 || s.charCodeAt(at + 16) !== 58 /* : */) return NaN;
  if (zone === cache.zone && textAt(s, cache.minute, at) && s.charCodeAt(at + 10) === cache.minute.charCodeAt(10)) {
    return cache.epoch + sec * 1000;
  }
  const y = digits(s, at, 4);
  const mo = digits(s, at + 5, 2);
  const d = digits(s, at + 8, 2);
  const h = digits(s, at + 11, 2);
  const mi = digits(s, at + 14, 2);
  // oslo.log writes the system clock, which cannot be before the epoch: a year before 1970 (`0001-01-01`, which
  // Date.UTC would read as 1901) is not a timestamp it wrote, and the line is left unparsed, counted and shown.
  if (Number.isNaN(y + mo + d + h + mi) || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) {
    return NaN;
  }
  const minuteEpoch = zone.toEpoch(y, mo, d, h, mi, 0);
  cache.zone = zone;
  // A copy: a parser keeps it for a minute of log, which a slice would keep the lines it was read from alive for.
  cache.minute = ownCopy(s.slice(at, at + 16));
  cache.epoch = minuteEpoch;
  return minuteEpoch + sec * 1000;
}

/** Parses a user-given `--since`/`--until`: ISO 8601 (zone-less read in `zone`) or epoch seconds. */
export function parseUserTime(text: string, zone: Zone): number {
  const t = text.trim();
  if (/^\d{9,11}(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const m = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?)(\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)?$/.exec(t);
  if (!m) throw new Error(`cannot read time "${text}" (use 2015-10-29T10:52:54, with .fff and a zone if needed)`);
  const clock = (m[2] ?? '00:00:00').padEnd(8, ':00').slice(0, 8);
  const frac = m[3] ? Number(m[3]) * 1000 : 0;
  if (m[4]) {
    const zoneText = m[4] === 'Z' ? 'Z' : m[4].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2');
    const ms = Date.parse(`${m[1]}T${clock}${zoneText}`);
    if (Number.isNaN(ms)) throw new Error(`cannot read time "${text}"`);
    return ms + frac;
  }
  const ms = readDateTime(`${m[1]} ${clock}`, 0, zone, newMinuteCache());
  if (Number.isNaN(ms)) throw new Error(`cannot read time "${text}"`);
  return ms + frac;
}
