// Pieces every screen uses: short times, the footer built from the key table, the frame's padding.

import { formatIso } from '../../parse/time.js';
import type { ViewKind } from '../keys.js';
import { bindingsFor } from '../keys.js';
import type { Line } from '../line.js';
import { cut } from '../line.js';

/** `05-10 12:00:01` (UTC): the list's time column; the header carries the year. */
export function shortTime(time: number): string {
  const iso = formatIso(time, 3);
  return `${iso.slice(5, 10)} ${iso.slice(11, 19)}`;
}

/** `2016-05-10 12:00:01.123` (UTC). */
export function longTime(time: number): string {
  const iso = formatIso(time, 3);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** `2016-06-28 13:56:12 → 14:05:33 UTC`; the second date only when it differs. */
export function spanText(start: number, end: number): string {
  const a = formatIso(start, 0);
  const b = formatIso(end, 0);
  const to = a.slice(0, 10) === b.slice(0, 10) ? b.slice(11, 19) : `${b.slice(0, 10)} ${b.slice(11, 19)}`;
  return `${a.slice(0, 10)} ${a.slice(11, 19)} → ${to} UTC`;
}

/** A dim rule across the screen with a title at its start. */
export function rule(title: string, columns: number): Line {
  const text = `── ${title} `;
  return [{ text: text.length >= columns ? text.slice(0, columns) : text + '─'.repeat(columns - text.length), dim: true }];
}

export function footer(view: ViewKind, columns: number): Line {
  const keys = bindingsFor(view).flatMap((b) => (b.footer === undefined ? [] : [b.footer]));
  if (view === 'list') keys[keys.length - 1] = 'q quit';
  return [{ text: cut(keys.join('  '), columns), dim: true }];
}

/** Body lines padded with blank lines to `rows`, so the footer stays at the bottom. */
export function padTo(lines: readonly Line[], rows: number): Line[] {
  const out = lines.slice(0, rows);
  while (out.length < rows) out.push([{ text: ' ' }]);
  return out;
}
