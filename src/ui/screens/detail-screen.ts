// One entry in full: where and when it was logged, its IDs, the whole message, the folded traceback, and the
// raw lines of its file with their numbers.

import type { LogEntry } from '../../model/entry.js';
import type { Operation } from '../../model/operation.js';
import { where } from '../../format/hosts.js';
import { formatIso } from '../../format/time.js';
import { frameColumns, frameRows, pageBodyRows } from '../layout.js';
import type { Line } from '../line.js';
import { cut, highlight, safe, wrap } from '../line.js';
import { activeSearch, detailTarget } from '../view-state.js';
import type { RawLine, UiModel } from '../model.js';
import { requestIndex } from '../model.js';
import { operationDuration } from '../../format/duration.js';
import { markOf } from '../theme.js';
import { levelColor } from '../theme.js';
import type { View, ViewState } from '../view-state.js';
import { footer, gone, padTo, searchInput } from './common.js';
import { offsetText } from './timeline-screen.js';

/** Raw lines: null while loading, 'none' when the source cannot be read again (stdin). */
export type RawState = readonly RawLine[] | null | 'none';

function field(name: string, value: string, columns: number): Line[] {
  return wrap(safe(value), columns - 12).map((text, i) => [{ text: (i === 0 ? name : '').padEnd(12), dim: true }, { text }]);
}

/** Every line of the detail, before scrolling (the reducer needs their count). */
export function detailLines(op: Operation | null, e: LogEntry, raw: RawState, columns: number): Line[] {
  const lines: Line[] = [];
  const loc = e.location === null ? '-' : `${e.location.file}:${e.location.line} in ${e.location.func}`;
  lines.push(...field('time', e.time === null ? '-' : `${formatIso(e.time, e.precision)}${op === null ? '' : ` (${offsetText(op, e.time)})`}`, columns));
  lines.push(...field('service', `${where(e.service, e.host)}${e.pid === null ? '' : `  pid ${e.pid}`}`, columns));
  const color = levelColor(e.level);
  lines.push([{ text: 'level'.padEnd(12), dim: true }, { text: e.level ?? '-', ...(color ? { color } : {}) }]);
  lines.push(...field('logger', e.logger ?? '-', columns));
  lines.push(...field('location', loc, columns));
  // Whole, wrapped if need be: the title line cuts a long path before its line number.
  lines.push(...field('file', `${e.file}:${e.line}`, columns));
  lines.push(...field('request', `${e.requestId ?? '-'}${e.globalRequestId ? `  (global ${e.globalRequestId})` : ''}`, columns));
  lines.push(...field('instance', e.instance ?? '-', columns));
  if (e.user !== null || e.project !== null) lines.push(...field('user', `${e.user ?? '-'}  project ${e.project ?? '-'}`, columns));
  lines.push([{ text: '' }], [{ text: 'message', bold: true }]);
  for (const l of wrap(safe(e.message), columns, '  ')) lines.push([{ text: l, ...(color === 'red' ? { color } : {}) }]);
  if (e.continuation.length > 0) {
    lines.push([{ text: '' }], [{ text: `traceback and continuation (${e.continuation.length} lines)`, bold: true }]);
    for (const c of e.continuation) for (const l of wrap(safe(c), columns, '  ')) lines.push([{ text: l }]);
  }
  lines.push([{ text: '' }], [{ text: cut(`raw lines: ${safe(e.file)}`, columns), bold: true }]);
  if (raw === null) lines.push([{ text: '  reading…', dim: true }]);
  else if (raw === 'none') lines.push([{ text: '  (not kept: this source cannot be read again)', dim: true }]);
  else {
    const width = String(raw[raw.length - 1]?.line ?? 0).length;
    for (const r of raw) {
      const prefix = `  ${String(r.line).padStart(width)}: `;
      wrap(safe(r.text), columns - prefix.length).forEach((l, i) => lines.push([{ text: i === 0 ? prefix : ' '.repeat(prefix.length), dim: true }, { text: l }]));
    }
  }
  return lines;
}

/**
 * What the entry is a line of, in the words of the list's row: outcome, type, instance, duration, request ID
 * shortened (o goes there). Errors of no operation say so.
 */
function operationLine(model: UiModel, op: Operation | null, columns: number): Line {
  if (op === null) return [{ text: cut('of no operation (a periodic task, a service starting, ...)', columns), dim: true }];
  const mark = markOf(op.outcome, model.states?.get(op.id) ?? null);
  const type = op.variant ? `${op.type} (${op.variant})` : op.type;
  const request = op.requestIds[0] === undefined ? '' : `  ${requestIndex(model).shorten(op.requestIds[0])}`;
  return [
    { text: `${mark.symbol} ${mark.label}  `, color: mark.color },
    { text: cut(safe(`${type} of ${op.instance?.slice(0, 8) ?? 'no instance'}  ${operationDuration(op)}${request}`), Math.max(1, columns - mark.label.length - 4)) },
  ];
}

/** `all`: the entry's detailLines, built once by the caller (the reducer scrolls over their count too). */
export function detailScreen(model: UiModel, view: View & { kind: 'detail' }, all: readonly Line[], state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const { op, entry: e } = detailTarget(model, view);
  if (e === null) return gone(state);
  const which = op === null ? 'error' : `entry ${view.entry + 1} of ${(op.entries ?? []).length}`;
  const titleText = `${which}  ${where(e.service, e.host)}  ${e.level ?? '-'}  ${safe(e.file)}:${e.line}`;
  const height = pageBodyRows(state.size);
  const search = activeSearch(state);
  const ranges = search === null ? null : search.ranges;
  const body = all.slice(view.cursor.top, view.cursor.top + height).map((l) => highlight(l, ranges));
  const found = search === null ? '' : `  · ${JSON.stringify(search.text)} ${state.detailMatches.length} line${state.detailMatches.length === 1 ? '' : 's'}`;
  return [
    operationLine(model, op, columns),
    [{ text: cut(safe(titleText + found), columns), bold: true }],
    ...padTo(body, height),
    searchInput(state, columns) ?? footer('detail', columns, state.notice),
  ].slice(0, frameRows(state.size));
}
