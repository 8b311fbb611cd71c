// Pieces every screen uses: short times, the footer built from the key table, the frame's padding.

import { formatIso } from '../../format/time.js';
import type { ViewKind } from '../keys.js';
import { bindingsFor } from '../keys.js';
import type { Size } from '../layout.js';
import { frameColumns, frameRows } from '../layout.js';
import type { Line } from '../line.js';
import { cut, safe } from '../line.js';

/** `05-10 12:00:01` (UTC): the list's time column; the header carries the year. */
export function shortTime(time: number): string {
  const iso = formatIso(time, 3);
  return `${iso.slice(5, 10)} ${iso.slice(11, 19)}`;
}

/** `2016-06-28 13:56:12 → 14:05:33 UTC` (precision 3: with milliseconds); the second date only when it differs. */
export function spanText(start: number, end: number, precision: 0 | 3 = 0): string {
  const a = formatIso(start, precision);
  const b = formatIso(end, precision);
  const time = (iso: string): string => iso.slice(11, precision === 0 ? 19 : 23);
  const to = a.slice(0, 10) === b.slice(0, 10) ? time(b) : `${b.slice(0, 10)} ${time(b)}`;
  return `${a.slice(0, 10)} ${time(a)} → ${to} UTC`;
}

/** A dim rule across the screen with a title at its start. */
export function rule(title: string, columns: number): Line {
  const text = `── ${title} `;
  return [{ text: text.length >= columns ? text.slice(0, columns) : text + '─'.repeat(columns - text.length), dim: true }];
}

/** The keys of the view; a notice (what a key could not do, where an error belongs) takes its place until the next key. */
export function footer(view: ViewKind, columns: number, notice: string | null = null): Line {
  if (notice !== null) return [{ text: cut(notice, columns), bold: true }];
  // The list says q quits (Esc there only clears a filter); the other views say Esc goes back (q does too).
  const hidden = view === 'list' ? 'back' : 'quit';
  const keys = bindingsFor(view).flatMap((b) => (b.footer === undefined || b.command === hidden ? [] : [b.footer]));
  // Too narrow for all: drop the ones before help and quit, which always show (help lists every key).
  while (keys.join('  ').length > columns && keys.length > 2) keys.splice(keys.length - 3, 1);
  return [{ text: cut(keys.join('  '), columns), dim: true }];
}

/** The search being typed, in place of the footer (timeline and entry: the list types in its filter line). */
export function searchInput(state: { readonly editing: string | null }, columns: number): Line | null {
  if (state.editing === null) return null;
  return [{ text: cut(`/${safe(state.editing)}▏`, columns), bold: true }, { text: cut('  Enter search  Esc cancel  /re/ regex', Math.max(0, columns - state.editing.length - 2)), dim: true }];
}

/** Live, an operation can be dropped (beyond --keep) while it is shown. */
export function gone(state: { readonly size: Size }): Line[] {
  const body = [[{ text: 'this operation is no longer kept (see --keep); q goes back', dim: true }]];
  return [...padTo(body, frameRows(state.size) - 1), footer('timeline', frameColumns(state.size))];
}

/** Body lines padded with blank lines to `rows`, so the footer stays at the bottom. */
export function padTo(lines: readonly Line[], rows: number): Line[] {
  const out = lines.slice(0, rows);
  while (out.length < rows) out.push([{ text: ' ' }]);
  return out;
}
