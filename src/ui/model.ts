// What the terminal UI shows, derived once from the analysis: the UI adds no parsing or correlation of its own.
// Read-only; the view reducer and the components only select from it.

import type { UnattachedError } from '../model/unattached-error.js';
import type { HostIncident } from '../model/host-incident.js';
import type { LogEntry } from '../model/entry.js';
import { levelRank } from '../model/entry.js';
import { OPERATION_TYPES } from '../operations/registry.js';
import type { Operation, Outcome } from '../model/operation.js';
import type { OperationType } from '../operations/registry.js';
import type { LiveState } from '../model/live.js';
import type { Totals } from '../model/file-stats.js';
import type { Search } from './search.js';
import type { ShortIdIndex } from '../format/short-id.js';
import { shortIdIndex } from '../format/short-id.js';
import { entryMatches, searchFor } from './search.js';

/** A raw line of a log file, for the entry detail. */
export interface RawLine {
  readonly line: number;
  readonly text: string;
}

export interface UiModel {
  readonly operations: readonly Operation[];
  /** Views name operations by ID: live, the list's order and length change under them. */
  readonly byId: ReadonlyMap<string, Operation>;
  /** Live following: each operation's state (null: a finished analysis). */
  readonly states: ReadonlyMap<string, LiveState> | null;
  /** Live following: the status line (files, lines per second, how far behind); an analysis: its warnings, if any. */
  readonly status: string | null;
  readonly unattached: readonly UnattachedError[];
  readonly parse: Totals;
  /** First and last time of the operations (null when there are none). */
  readonly span: { readonly start: number; readonly end: number } | null;
  /** Operation types present, in the registry's order: what `t` cycles through. */
  readonly types: readonly OperationType[];
  /** Reads an entry's raw lines from its file (io at the edge; tests give a stub). */
  readonly readRaw: (entry: LogEntry) => Promise<RawLine[] | null>;
  /** The failed compute hosts of the inputs (analyze; none live): H opens the one of an operation's host. */
  readonly hostIncidents: readonly HostIncident[];
  /** A kept analysis shown before its operations' lines are read again: they come in a model that replaces this one. */
  readonly linesPending: boolean;
  /**
   * While they are pending: asks for one operation's lines before the others' (a timeline opened meanwhile); they
   * come in a model that replaces this one, still pending, with that operation's entries.
   */
  readonly wantLines: (op: Operation) => void;
}

export function buildModel(
  operations: readonly Operation[],
  unattached: readonly UnattachedError[],
  parse: Totals,
  readRaw: (entry: LogEntry) => Promise<RawLine[] | null> = async () => null,
  live: { readonly states: ReadonlyMap<string, LiveState>; readonly status: string } | null = null,
  /** What the analysis warned about (printed on stderr, which the UI's screen hides until it closes). */
  warnings: readonly string[] = [],
  hostIncidents: readonly HostIncident[] = [],
  linesPending = false,
  wantLines: (op: Operation) => void = () => undefined,
): UiModel {
  const present = new Set(operations.map((op) => op.type));
  let span: UiModel['span'] = null;
  for (const op of operations) {
    span = span === null ? { start: op.start, end: op.end } : { start: Math.min(span.start, op.start), end: Math.max(span.end, op.end) };
  }
  return {
    operations, byId: new Map(operations.map((op) => [op.id, op])), states: live?.states ?? null,
    status: live?.status ?? statusLine(warnings, linesPending),
    unattached, parse, span, types: OPERATION_TYPES.filter((t) => present.has(t)), readRaw, hostIncidents, linesPending,
    wantLines,
  };
}

/** An analysis's status line: its lines still being read, and its warnings. */
function statusLine(warnings: readonly string[], linesPending: boolean): string | null {
  const parts = [linesPending ? LINES_PENDING : null, warningsLine(warnings)].filter((p) => p !== null);
  return parts.length === 0 ? null : parts.join(' · ');
}

/** Said while a kept analysis's lines are read again. */
export const LINES_PENDING = "reading the operations' lines…";

/** The count alone: warnings start with a path, which a line of the terminal cuts before it says anything. */
function warningsLine(warnings: readonly string[]): string | null {
  if (warnings.length === 0) return null;
  return `${warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`} about the inputs: printed when you quit`;
}

export type OutcomeFilter = 'all' | 'problems' | 'incomplete';
export const OUTCOME_FILTERS: readonly OutcomeFilter[] = ['all', 'problems', 'incomplete'];
export type SortKey = 'time' | 'duration' | 'type';
export const SORT_KEYS: readonly SortKey[] = ['time', 'duration', 'type'];

export interface Filters {
  readonly text: string;
  readonly outcome: OutcomeFilter;
  readonly type: OperationType | null;
  readonly sort: SortKey;
}

const PROBLEM_OUTCOMES: ReadonlySet<Outcome> = new Set(['failed', 'rejected']);

/** The operation's own fields, then any of its entries (the list narrows to the operations whose lines say it). */
function matchesText(op: Operation, search: Search | null): boolean {
  if (search === null) return true;
  const hay = [
    op.type, op.variant ?? '', op.instance ?? '', ...op.requestIds, ...op.hosts, op.source ?? '', op.destination ?? '',
    op.selected ?? '', op.error?.message ?? '',
  ];
  return hay.some((h) => search.test(h)) || entriesOf(op).some((e) => entryMatches(search, e));
}

const selections = new WeakMap<readonly Operation[], Map<string, readonly number[]>>();

/** Indexes into model.operations of the rows the list shows, filtered and sorted. Memoized per model and filters. */
export function visibleOperations(model: UiModel, filters: Filters): readonly number[] {
  const key = `${filters.text}\u0000${filters.outcome}\u0000${filters.type ?? ''}\u0000${filters.sort}`;
  let cache = selections.get(model.operations);
  if (!cache) {
    cache = new Map();
    selections.set(model.operations, cache);
  }
  const hit = cache.get(key);
  if (hit) return hit;
  const search = searchFor(filters.text);
  const rows: number[] = [];
  model.operations.forEach((op, i) => {
    if (filters.outcome === 'problems' && !PROBLEM_OUTCOMES.has(op.outcome)) return;
    if (filters.outcome === 'incomplete' && op.outcome !== 'incomplete') return;
    if (filters.type !== null && op.type !== filters.type) return;
    if (matchesText(op, search)) rows.push(i);
  });
  const ops = model.operations;
  const byTime = (a: number, b: number): number => (ops[a] as Operation).start - (ops[b] as Operation).start || a - b;
  if (filters.sort === 'duration') {
    const d = (i: number): number => (ops[i] as Operation).end - (ops[i] as Operation).start;
    rows.sort((a, b) => d(b) - d(a) || byTime(a, b));
  } else if (filters.sort === 'type') {
    rows.sort((a, b) => (ops[a] as Operation).type.localeCompare((ops[b] as Operation).type) || byTime(a, b));
  } else {
    rows.sort(byTime);
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, rows);
  return rows;
}

export function entriesOf(op: Operation): readonly LogEntry[] {
  return op.entries ?? [];
}

const WARNING_RANK = levelRank('WARNING');
const ERROR_RANK = levelRank('ERROR');

export function isProblem(entry: LogEntry): boolean {
  return levelRank(entry.level) >= WARNING_RANK;
}

/** The entry the operation's error is (by file and line), else its first ERROR entry; -1 if none. */
export function firstErrorIndex(op: Operation): number {
  const entries = entriesOf(op);
  const error = op.error;
  if (error !== null) {
    const i = entries.findIndex((e) => e.file === error.file && e.line === error.line);
    if (i >= 0) return i;
  }
  return entries.findIndex((e) => levelRank(e.level) >= ERROR_RANK);
}

/**
 * The entry a failed operation opens on: its first failure evidence (by file and line), else its error; -1 for an
 * operation that did not fail, or whose evidence is not among its entries.
 */
export function firstEvidenceIndex(op: Operation): number {
  const first = op.failureEvidence[0];
  if (first !== undefined) {
    const i = entriesOf(op).findIndex((e) => e.file === first.file && e.line === first.line);
    if (i >= 0) return i;
  }
  return op.outcome === 'failed' ? firstErrorIndex(op) : -1;
}

const indexes = new WeakMap<readonly Operation[], ShortIdIndex>();

/** Request IDs shortened to what is unique among the loaded operations' (src/format/short-id.ts). */
export function requestIndex(model: UiModel): ShortIdIndex {
  let index = indexes.get(model.operations);
  if (!index) {
    index = shortIdIndex(model.operations.flatMap((op) => op.requestIds));
    indexes.set(model.operations, index);
  }
  return index;
}
