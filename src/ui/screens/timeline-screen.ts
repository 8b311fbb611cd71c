// One operation: its phases as a waterfall drawn to the screen's width, the key events marked on the same
// scale, then its entries, one per row.

import type { LogEntry } from '../../model/entry.js';
import { headline } from '../../model/entry.js';
import type { Operation } from '../../model/operation.js';
import type { LiveState } from '../../model/live.js';
import { hostsText } from '../../format/hosts.js';
import { operationDuration } from '../../format/duration.js';
import { formatWaterfall, waterfallLabelWidth } from '../../format/waterfall.js';
import { where } from '../../format/hosts.js';
import { frameColumns, frameRows, timelineLayout } from '../layout.js';
import type { Line, Segment } from '../line.js';
import { cut, fit, highlight, safe, selected } from '../line.js';
import type { Search } from '../search.js';
import { LEVEL_FLOOR_NAMES, isNarrowed, matchingRows, shownEntries } from '../entries.js';
import { activeSearch } from '../view-state.js';
import { LINES_PENDING, entriesOf, requestIndex } from '../model.js';
import type { UiModel } from '../model.js';
import { levelColor, markOf } from '../theme.js';
import type { View, ViewState } from '../view-state.js';
import { clip } from './list-screen.js';
import { footer, gone, padTo, rule, searchInput, spanText } from './common.js';

/** Room the waterfall's text after the bar takes: duration, offset, wait. */
const AFTER_BAR = 34;
/** Below this width the code location column is left out. */
const WIDE = 120;

export function offsetText(op: Operation, time: number | null): string {
  return time === null ? '' : `+${((time - op.start) / 1000).toFixed(3)}s`;
}

/** `nova/compute/manager.py:2200` -> `manager.py:2200`. */
export function shortLocation(e: LogEntry): string {
  if (e.location === null) return '';
  return `${e.location.file.replace(/^.*\//, '')}:${e.location.line}`;
}

/**
 * The operation in one line: type, instance, outcome, HTTP status, duration and its request ID shortened (what a
 * narrow terminal keeps: the instance is cut to 8 characters before anything else gives way), then why an incomplete
 * one is so; under it the span, the hosts and every request ID whole.
 */
function title(op: Operation, state: LiveState | null, columns: number, shortId: (id: string) => string): Line[] {
  const mark = markOf(op.outcome, state);
  const type = op.variant ? `${op.type} (${op.variant})` : op.type;
  const request = op.requestIds[0] === undefined ? '' : `  ${safe(shortId(op.requestIds[0]))}`;
  const build = (instance: string): Segment[] => [
    { text: `${safe(type)} of ${instance}  `, bold: true },
    { text: `${mark.symbol} ${mark.label}`, color: mark.color, bold: true },
    { text: `${op.httpStatus === null ? '' : `  HTTP ${op.httpStatus}`}  ${operationDuration(op)}${request}` },
  ];
  const whole = build(op.instance ?? 'no instance');
  const essential = whole.reduce((n, seg) => n + seg.text.length, 0) <= columns ? whole : build(op.instance?.slice(0, 8) ?? 'no instance');
  return [
    clip([
      ...essential,
      // Why it is incomplete, last: a narrow terminal cuts it before the rest.
      ...(op.outcomeReason === null ? [] : [{ text: `  (${op.outcomeReason})`, dim: true }]),
    ], columns),
    [{ text: cut(safe(`${spanText(op.start, op.end, 3)}  hosts ${hostsText(op)}  ${op.requestIds.join(' ')}`), columns), dim: true }],
  ];
}

function barWidth(op: Operation, columns: number): number {
  return Math.max(10, columns - waterfallLabelWidth(op) - 4 - AFTER_BAR);
}

/**
 * `events  |  ▲     ▲▲   |` on the bars' scale, then the event names in order. Events after the operation's last
 * step (a delayed `VM Stopped`) show as `»` after the bars.
 */
function eventsLine(op: Operation, columns: number): Line {
  const width = barWidth(op, columns);
  const span = Math.max(1, op.end - op.start);
  const marks = Array.from({ length: width }, () => ' ');
  const after = op.events.some((ev) => ev.time > op.end);
  for (const ev of op.events) if (ev.time <= op.end) marks[Math.min(width - 1, Math.floor(((ev.time - op.start) / span) * width))] = '▲';
  const names = [...new Set(op.events.map((e) => e.name))].join(' ');
  return clip([
    { text: `  ${'events'.padEnd(waterfallLabelWidth(op))} |` },
    { text: marks.join(''), color: 'cyan' },
    { text: '|', dim: true },
    { text: after ? '» ' : ' ', color: 'cyan' },
    { text: safe(names), dim: true },
  ], columns);
}

function entryRow(op: Operation, e: LogEntry, columns: number): Line {
  const wide = columns >= WIDE;
  const color = levelColor(e.level);
  const cells: Segment[] = [
    { text: `${offsetText(op, e.time).padStart(10)}  ` },
    { text: `${fit(safe(where(e.service, e.host)), 20)} ` },
    { text: `${fit(e.level ?? '-', 8)}`, ...(color ? { color } : {}) },
  ];
  if (wide) cells.push({ text: `${fit(safe(shortLocation(e)), 26)} `, dim: true });
  const used = 10 + 2 + 21 + 8 + (wide ? 27 : 0);
  const { text, fromContinuation } = headline(e);
  const extra = e.continuation.length - (fromContinuation ? 1 : 0);
  const more = extra > 0 ? ` [+${extra}]` : '';
  cells.push({ text: cut(safe(text) + more, Math.max(1, columns - used)), ...(color === 'red' || color === 'yellow' ? { color } : {}) });
  return cells;
}

/**
 * What the verdict rests on, in one line: the first line that shows it failed (file:line, to check in the raw log),
 * and how many other errors and warnings were logged while it ran, which are not its verdict.
 */
function evidenceLine(op: Operation, columns: number): Line {
  const first = op.failureEvidence[0];
  const others = op.errorsDuring.length === 0 ? '' : `${op.errorsDuring.length} error${op.errorsDuring.length === 1 ? '' : 's'}/warnings during it, not its verdict`;
  if (first === undefined) return [{ text: cut(`  ${others}`, columns), dim: true }];
  const more = op.failureEvidence.length > 1 ? ` (+${op.failureEvidence.length - 1})` : '';
  return clip([
    { text: op.outcome === 'rejected' ? '  refused: ' : '  failed on ', color: 'red', bold: true },
    { text: safe(`${first.file.replace(/^.*\//, '')}:${first.line}${more} ${first.message}`) },
    ...(others === '' ? [] : [{ text: `  ${others}`, dim: true }]),
  ], columns);
}

/**
 * `entries 1-14 of 120 (85 hidden: INFO+, compute, cmp1) · "dns" 3 matches`: what the narrowing hides and how many,
 * and the search's count.
 */
function entriesTitle(op: Operation, view: View & { kind: 'timeline' }, shown: number, top: number, last: number, search: Search | null): string {
  const total = entriesOf(op).length;
  let text = `entries ${shown === 0 ? 0 : top + 1}-${last} of ${shown}`;
  if (isNarrowed(view.narrow)) {
    const what = [view.narrow.level === 'all' ? null : LEVEL_FLOOR_NAMES[view.narrow.level], view.narrow.service, view.narrow.host].filter((w) => w !== null);
    text += ` (${total - shown} of ${total} hidden: ${what.join(', ')})`;
  }
  if (search !== null) {
    const n = matchingRows(op, shownEntries(op, view.narrow), search).length;
    text += ` · ${safe(JSON.stringify(search.text))} ${n} match${n === 1 ? '' : 'es'}${search.regex ? ' (regex)' : ''}`;
  }
  return text;
}

export function timelineScreen(model: UiModel, view: View & { kind: 'timeline' }, state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const op = model.byId.get(view.op) ?? null;
  const live = model.states?.get(view.op) ?? null;
  if (op === null) return gone(state);
  const layout = timelineLayout(op, state.size);
  const lines: Line[] = title(op, live, columns, requestIndex(model).shorten);
  const bars = formatWaterfall(op, barWidth(op, columns)).slice(0, layout.phases);
  for (const bar of bars) lines.push([{ text: cut(bar, columns) }]);
  if (layout.hiddenPhases > 0) lines.push([{ text: `  … ${layout.hiddenPhases} more phases (novatrace trace shows all)`, dim: true }]);
  if (layout.eventsLine) lines.push(eventsLine(op, columns));
  if (layout.evidenceLine) lines.push(evidenceLine(op, columns));
  const entries = entriesOf(op);
  const rows = shownEntries(op, view.narrow);
  const search = activeSearch(state);
  const { top, selected: sel } = view.cursor;
  const last = Math.min(rows.length, top + layout.entries);
  lines.push(rule(entriesTitle(op, view, rows.length, top, last, search), columns));
  const body: Line[] = [];
  const ranges = search === null ? null : search.ranges;
  for (let r = top; r < last; r++) {
    const line = highlight(entryRow(op, entries[rows[r] as number] as LogEntry, columns), ranges);
    body.push(r === sel ? selected(line) : line);
  }
  if (entries.length === 0) body.push([{ text: op.entries === null && model.linesPending ? `(${LINES_PENDING})` : '(entries not kept for this operation)', dim: true }]);
  else if (rows.length === 0) body.push([{ text: '(no entry at this level, service and host: l, s and h widen it again; Esc clears)', dim: true }]);
  lines.push(...padTo(body, layout.entries), searchInput(state, columns) ?? footer('timeline', columns, state.notice));
  return lines.slice(0, frameRows(state.size));
}
