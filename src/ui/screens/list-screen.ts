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
import { visibleOperations } from '../model.js';
import type { UiModel } from '../model.js';
import { LIVE_MARK, OUTCOME_MARK, markOf } from '../theme.js';
import type { ViewState } from '../view-state.js';
import { activeFilters } from '../view-state.js';
import { footer, padTo, shortTime, spanText } from './common.js';

const OUTCOME_NAMES = { all: 'all', problems: 'failed + rejected', incomplete: 'incomplete' } as const;
/** Below this width the request ID column is left out. */
const WIDE = 140;

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
  // The outcomes are named when the whole header fits; else their marks alone (the help names them).
  const named = build(true);
  return clip(named.reduce((n, s) => n + s.text.length, 0) <= columns ? named : build(false), columns);
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

interface Columns {
  readonly type: number;
  readonly hosts: number;
  readonly request: number;
}

function columnsFor(width: number): Columns {
  // mark 2, time 14+2, type, instance 8+2, outcome 10+2, duration 8+2, hosts, request.
  const fixed = 2 + 16 + 10 + 12 + 10;
  const type = 16;
  const request = width >= WIDE ? 42 : 0;
  return { type, hosts: Math.max(8, width - fixed - type - request), request };
}

function row(op: Operation, state: LiveState | null, c: Columns): Line {
  const mark = markOf(op.outcome, state);
  const type = op.variant ? `${op.type} (${op.variant})` : op.type;
  const cells: Segment[] = [
    { text: `${mark.symbol} `, color: mark.color },
    { text: `${op.timed ? shortTime(op.start) : '-'.padEnd(shortTime(op.start).length)}  ` },
    { text: `${fit(safe(type), c.type - 1)} ` },
    { text: `${fit(op.instance ? op.instance.slice(0, 8) : '-', 8)}  ` },
    { text: fit(mark.label, 10), color: mark.color },
    { text: `  ${operationDuration(op).padStart(8)}  ` },
    { text: fit(safe(hostsText(op)), c.hosts - (c.request > 0 ? 2 : 0)) },
  ];
  if (c.request > 0) cells.push({ text: `  ${fit(safe(op.requestIds[0] ?? '-'), c.request - 2)}` });
  return cells;
}

function titles(c: Columns): Line {
  const t = `  ${fit('START', 14)}  ${fit('TYPE', c.type - 1)} ${fit('INSTANCE', 8)}  ${fit('OUTCOME', 10)}  ${'DURATION'.padStart(8)}  ${fit('HOSTS', c.hosts - (c.request > 0 ? 2 : 0))}`;
  return [{ text: c.request > 0 ? `${t}  REQUEST` : t, bold: true }];
}

export function listScreen(model: UiModel, state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const rows = visibleOperations(model, activeFilters(state));
  const height = listBodyRows(state.size, model.status !== null);
  const c = columnsFor(columns);
  const search = searchFor(activeFilters(state).text);
  const ranges = search === null ? null : search.ranges;
  const body: Line[] = [];
  for (let i = state.list.top; i < Math.min(rows.length, state.list.top + height); i++) {
    const op = model.operations[rows[i] as number] as Operation;
    const line = highlight(row(op, model.states?.get(op.id) ?? null, c), ranges);
    body.push(i === state.list.selected && state.editing === null ? selected(line) : line);
  }
  if (rows.length === 0) {
    body.push([{ text: model.operations.length === 0 ? '(no operations in these logs)' : '(no operation matches the filters)', dim: true }]);
  }
  const status: Line[] = model.status === null ? [] : [[{ text: cut(safe(model.status), columns), dim: true }]];
  const lines = [header(model, columns), ...status, filterLine(model, state, rows.length, columns), titles(c), ...padTo(body, height), footer('list', columns, state.notice)];
  return lines.slice(0, frameRows(state.size));
}
