// The operations list: totals and span, active filters, one row per operation (only the visible ones are
// built), the keys.

import type { Operation } from '../../model/operation.js';
import type { LiveState } from '../../model/live.js';
import { OUTCOMES } from '../../model/operation.js';
import { hostsText } from '../../format/hosts.js';
import { operationDuration } from '../../format/duration.js';
import { frameColumns, frameRows, listBodyRows } from '../layout.js';
import type { Line, Segment } from '../line.js';
import { cut, fit, highlight, safe, selected } from '../line.js';
import { searchFor } from '../search.js';
import { requestIndex, visibleOperations } from '../model.js';
import type { UiModel } from '../model.js';
import { LIVE_MARK, OUTCOME_MARK, markOf } from '../theme.js';
import type { ViewState } from '../view-state.js';
import { activeFilters } from '../view-state.js';
import { footer, padTo, shortTime, spanText } from './common.js';

const OUTCOME_NAMES = { all: 'all', problems: 'failed + rejected', incomplete: 'incomplete' } as const;

function header(model: UiModel, columns: number): Line {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<(typeof OUTCOMES)[number], number>;
  const live = new Map<'in-progress' | 'stalled', number>(model.states === null ? [] : [['in-progress', 0], ['stalled', 0]]);
  for (const op of model.operations) {
    const state = model.states?.get(op.id);
    if (state === 'in-progress' || state === 'stalled') live.set(state, (live.get(state) ?? 0) + 1);
    else counts[op.outcome]++;
  }
  const build = (words: boolean): Segment[] => {
    const segments: Segment[] = [{ text: 'novatrace', bold: true }, { text: `  ${model.operations.length} operations ` }];
    for (const o of OUTCOMES) {
      const mark = OUTCOME_MARK[o];
      segments.push({ text: words ? ` ${mark.symbol} ${counts[o]} ${o}` : ` ${mark.symbol}${counts[o]}`, color: mark.color });
    }
    for (const [state, n] of live) {
      const mark = LIVE_MARK[state];
      segments.push({ text: words ? ` ${mark.symbol} ${n} ${mark.label}` : ` ${mark.symbol}${n}`, color: mark.color });
    }
    if (model.span !== null) segments.push({ text: `   ${spanText(model.span.start, model.span.end)}`, dim: true });
    return segments;
  };
  // The outcomes are named when the whole header fits; else their marks alone (the help names them). A notice of
  // the failed hosts comes first: whole, or short, after the outcomes named or else their marks; else none.
  const width = (segments: readonly Segment[]): number => segments.reduce((n, s) => n + s.text.length, 0);
  const notices = [hostNotice(model, true), hostNotice(model, false)].flatMap((n): Segment[] => (n === null ? [] : [{ text: `   ${n}`, color: 'yellow' }]));
  const named = build(true);
  const marks = build(false);
  const candidates = [
    ...[named, marks].flatMap((outcomes) => notices.map((notice) => [...outcomes, notice])),
    named,
  ];
  return clip(candidates.find((c) => width(c) <= columns) ?? marks, columns);
}

/** `1 host failure: compute2 (H on an operation of it)`, short `(H)`; null when the inputs hold none. */
export function hostNotice(model: UiModel, long: boolean): string | null {
  const hosts = [...new Set(model.hostIncidents.map((i) => safe(i.host)))];
  const n = model.hostIncidents.length;
  if (n === 0) return null;
  const how = long ? `H on an operation of ${hosts.length === 1 ? 'it' : 'one'}` : 'H';
  return `${n} host failure${n === 1 ? '' : 's'}: ${hosts.join(', ')} (${how})`;
}

/** Segments cut so that the line fits. */
export function clip(segments: readonly Segment[], columns: number): Line {
  const out: Segment[] = [];
  let left = columns;
  for (const s of segments) {
    if (left <= 0) break;
    out.push({ ...s, text: cut(s.text, left) });
    left -= s.text.length;
  }
  return out;
}

function filterLine(model: UiModel, state: ViewState, shown: number, columns: number): Line {
  const f = activeFilters(state);
  const text: Segment = state.editing !== null
    ? { text: `/${safe(state.editing)}▏`, bold: true }
    : { text: f.text === '' ? 'filter: -' : `filter: "${safe(f.text)}"` };
  return clip([
    text,
    { text: `  outcome: ${OUTCOME_NAMES[f.outcome]}  type: ${f.type ?? 'all'}  sort: ${f.sort}` },
    { text: `   ${shown} of ${model.operations.length} shown`, dim: true },
  ], columns);
}

/**
 * Widths of the list's columns (0: left out), from the terminal's width. The outcome (mark and word), type, instance,
 * duration and request ID always show; then the start time (its date dropped first), the hosts, and the reason a
 * failed or incomplete operation gives, in that order, as the width allows. A column gives way whole: none is cut to
 * make room for a less useful one.
 */
export interface Columns {
  readonly start: 0 | 8 | 14;
  readonly type: number;
  readonly request: number;
  readonly hosts: number;
  readonly reason: number;
}

// mark 2, instance 8+2, outcome 10+2, duration 8+2.
const FIXED = 2 + 10 + 12 + 10;
const TYPE = 16;
const MIN_HOSTS = 8;
const MIN_REASON = 20;
/** Hosts take no more than this when a reason column wants the rest. */
const MAX_HOSTS = 30;

export function columnsFor(width: number, request: number, hostsWanted: number, reasons: boolean): Columns {
  let left = width - FIXED;
  // Below what the five need, the type gives up its padding first (types are short), then the request ID.
  const type = Math.max(10, Math.min(TYPE, left - (request + 2)));
  left -= type;
  const req = left >= request + 2 ? request : 0;
  left -= req > 0 ? req + 2 : 0;
  const start = left >= 16 ? 14 : left >= 10 ? 8 : 0;
  left -= start > 0 ? start + 2 : 0;
  if (left < MIN_HOSTS + 2) return { start, type, request: req, hosts: 0, reason: 0 };
  if (!reasons || left < MIN_HOSTS + 2 + MIN_REASON + 2) return { start, type, request: req, hosts: left - 2, reason: 0 };
  const hosts = Math.max(MIN_HOSTS, Math.min(MAX_HOSTS, hostsWanted, left - 2 - MIN_REASON - 2));
  return { start, type, request: req, hosts, reason: left - 2 - hosts - 2 };
}

/** What a failed or incomplete operation's row says of why: its first failure evidence, its error, or the missing line. */
export function reasonOf(op: Operation): string {
  if (op.outcome === 'failed') return op.failureEvidence[0]?.message ?? op.error?.message ?? '';
  if (op.outcome === 'incomplete') return op.outcomeReason ?? '';
  return '';
}

function startText(op: Operation, width: 0 | 8 | 14): string {
  if (width === 0) return '';
  const t = op.timed ? shortTime(op.start) : '-';
  return `${fit(width === 8 ? t.slice(-8) : t, width)}  `;
}

function row(op: Operation, state: LiveState | null, c: Columns, shortId: (id: string) => string): Line {
  const mark = markOf(op.outcome, state);
  const type = op.variant ? `${op.type} (${op.variant})` : op.type;
  const cells: Segment[] = [
    { text: `${mark.symbol} `, color: mark.color },
    { text: startText(op, c.start) },
    { text: `${fit(safe(type), c.type - 1)} ` },
    { text: `${fit(op.instance ? op.instance.slice(0, 8) : '-', 8)}  ` },
    { text: fit(mark.label, 10), color: mark.color },
    { text: `  ${operationDuration(op).padStart(8)}` },
  ];
  if (c.request > 0) {
    const id = op.requestIds[0];
    cells.push({ text: `  ${fit(id === undefined ? '-' : safe(shortId(id)), c.request)}` });
  }
  if (c.hosts > 0) cells.push({ text: `  ${fit(safe(hostsText(op)), c.hosts)}` });
  if (c.reason > 0) {
    const reason = reasonOf(op);
    if (reason !== '') cells.push({ text: `  ${cut(safe(reason), c.reason)}`, color: op.outcome === 'failed' ? 'red' : 'yellow' });
  }
  return cells;
}

function titles(c: Columns): Line {
  let t = `  ${c.start > 0 ? `${fit('START', c.start)}  ` : ''}${fit('TYPE', c.type - 1)} ${fit('INSTANCE', 8)}  ${fit('OUTCOME', 10)}  ${'DURATION'.padStart(8)}`;
  if (c.request > 0) t += `  ${fit('REQUEST', c.request)}`;
  if (c.hosts > 0) t += `  ${fit('HOSTS', c.hosts)}`;
  if (c.reason > 0) t += '  WHY';
  return [{ text: t.trimEnd(), bold: true }];
}

export function listScreen(model: UiModel, state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const rows = visibleOperations(model, activeFilters(state));
  const height = listBodyRows(state.size, model.status !== null);
  const ids = requestIndex(model);
  const shown: Operation[] = [];
  for (let i = state.list.top; i < Math.min(rows.length, state.list.top + height); i++) shown.push(model.operations[rows[i] as number] as Operation);
  // The request column is as wide as the longest shortened ID on screen, so that it does not move while scrolling
  // through IDs of one length (the usual case: all of them at the minimum).
  const requestWidth = Math.max(8, ...shown.map((op) => (op.requestIds[0] === undefined ? 1 : ids.shorten(op.requestIds[0]).length)));
  const c = columnsFor(columns, requestWidth, Math.max(5, ...shown.map((op) => hostsText(op).length)), shown.some((op) => reasonOf(op) !== ''));
  const search = searchFor(activeFilters(state).text);
  const ranges = search === null ? null : search.ranges;
  const body: Line[] = [];
  for (let i = state.list.top; i < Math.min(rows.length, state.list.top + height); i++) {
    const op = model.operations[rows[i] as number] as Operation;
    const line = highlight(row(op, model.states?.get(op.id) ?? null, c, ids.shorten), ranges);
    body.push(i === state.list.selected && state.editing === null ? selected(line) : line);
  }
  if (rows.length === 0) {
    body.push([{ text: model.operations.length === 0 ? '(no operations in these logs)' : '(no operation matches the filters)', dim: true }]);
  }
  const status: Line[] = model.status === null ? [] : [[{ text: cut(safe(model.status), columns), dim: true }]];
  const lines = [header(model, columns), ...status, filterLine(model, state, rows.length, columns), titles(c), ...padTo(body, height), footer('list', columns, state.notice)];
  return lines.slice(0, frameRows(state.size));
}
