// The terminal UI's view state and its pure reducer: selection, scroll, filters, the view stack, help. Every
// key becomes one action; tested action by action without React.

import type { OperationType } from '../operations/registry.js';
import type { Command, ViewKind } from './keys.js';
import { commandFor } from './keys.js';
import type { Size } from './layout.js';
import { errorsBodyRows, hostBodyRows, listBodyRows, pageBodyRows, timelineLayout } from './layout.js';
import type { Filters } from './model.js';
import { OUTCOME_FILTERS, SORT_KEYS, entriesOf, firstErrorIndex, firstEvidenceIndex, isProblem, visibleOperations } from './model.js';
import type { UiModel } from './model.js';
import type { LogEntry } from '../model/entry.js';
import type { Operation } from '../model/operation.js';
import type { Narrowing } from './entries.js';
import { LEVEL_FLOORS, NO_NARROWING, isNarrowed, matchingRows, presentIn, shownEntries } from './entries.js';
import type { Search } from './search.js';
import type { ErrorGroup } from './errors.js';
import { errorGroups } from './errors.js';
import { MAX_QUERY, searchFor } from './search.js';
import { hostLines, incidentFor, operationOfRequest } from './host-incidents.js';

export interface Cursor {
  readonly selected: number;
  readonly top: number;
}

export type View =
  | { readonly kind: 'list' }
  | {
    readonly kind: 'timeline'; readonly op: string; readonly cursor: Cursor;
    /** Level, service and host narrowing of its entries; the cursor moves over the rows it leaves. */
    readonly narrow: Narrowing;
  }
  | {
    /**
     * An operation's entry (`op`, its index), or an error of no operation: `op` null, `entry` its index among the
     * members of the error group `group`.
     */
    readonly kind: 'detail'; readonly op: string | null; readonly entry: number; readonly group: string | null; readonly cursor: Cursor;
    /**
     * G was the last move: the end stays in view as the detail grows. Its raw lines are read from the file after
     * it opens, so without this G would stop short of them, or not move at all, when pressed before they came.
     */
    readonly atEnd: boolean;
  }
  | { readonly kind: 'errors'; readonly cursor: Cursor }
  /** The errors of one group (by its template). */
  | { readonly kind: 'members'; readonly group: string; readonly cursor: Cursor }
  /** A failed host: `incident` indexes model.hostIncidents; the cursor moves over its lines. */
  | { readonly kind: 'host'; readonly incident: number; readonly cursor: Cursor };

export interface ViewState {
  readonly size: Size;
  /** The list is always at the bottom; the last view is the one shown. */
  readonly stack: readonly View[];
  readonly list: Cursor;
  readonly filters: Filters;
  /** The list's filter, or the search of a timeline or entry, being typed (null: not editing). */
  readonly editing: string | null;
  /** The search of the timelines and entries (`''`: none); opening an operation from a filtered list sets it to the filter. */
  readonly search: string;
  /** Lines of the entry detail that the search matches. */
  readonly detailMatches: readonly number[];
  readonly help: boolean;
  readonly quit: boolean;
  /** Lines of the entry detail being shown (it scrolls over them). */
  readonly detailLines: number;
  /** A word for the footer until the next key: what a key did not do, and why. */
  readonly notice: string | null;
}

export type Action =
  /** One key press, by its canonical name (keys.ts); `text` is what it types in the filter. */
  | { readonly type: 'key'; readonly name: string; readonly text: string }
  | { readonly type: 'command'; readonly command: Command }
  | { readonly type: 'resize'; readonly size: Size }
  | { readonly type: 'filterInput'; readonly text: string }
  | { readonly type: 'filterCommit' }
  | { readonly type: 'filterCancel' }
  /** The entry detail's line count, and which of its lines the search matches (the app builds the lines). */
  | { readonly type: 'detailLines'; readonly count: number; readonly matches?: readonly number[] }
  /**
   * The lines of the operation a timeline shows came (a kept analysis's, in a model that replaced the one without
   * them: UiModel.linesPending, wantLines): the timeline, opened on no entries, goes where it would have opened.
   */
  | { readonly type: 'linesArrived' };

const TOP: Cursor = { selected: 0, top: 0 };

export function initialState(size: Size): ViewState {
  return {
    size, stack: [{ kind: 'list' }], list: TOP, filters: { text: '', outcome: 'all', type: null, sort: 'time' },
    editing: null, search: '', detailMatches: [], help: false, quit: false, detailLines: 0, notice: null,
  };
}

export function currentView(state: ViewState): View {
  return state.stack[state.stack.length - 1] as View;
}

export function currentKind(state: ViewState): ViewKind {
  return currentView(state).kind;
}

/** The filters in effect: while typing in the list, the text typed so far. */
export function activeFilters(state: ViewState): Filters {
  return state.editing === null || currentKind(state) !== 'list' ? state.filters : { ...state.filters, text: state.editing };
}

/** The search in effect in a timeline or an entry: while typing there, the text typed so far. */
export function activeSearch(state: ViewState): Search | null {
  return searchFor(state.editing !== null && currentKind(state) !== 'list' ? state.editing : state.search);
}

/** The rows a timeline shows (indexes into its operation's entries). */
export function timelineRows(model: UiModel, view: View & { kind: 'timeline' }): readonly number[] {
  const op = model.byId.get(view.op);
  return op ? shownEntries(op, view.narrow) : [];
}

/** Selection moved to `selected` (clamped to the rows), scrolled so that it is in view. */
function place(cursor: Cursor, selected: number, count: number, height: number): Cursor {
  if (count <= 0) return TOP;
  const s = Math.max(0, Math.min(count - 1, selected));
  let top = Math.max(0, Math.min(cursor.top, count - 1));
  if (s < top) top = s;
  if (s >= top + height) top = s - height + 1;
  top = Math.max(0, Math.min(top, Math.max(0, count - height)));
  return { selected: s, top };
}

/** Scrolling without a selection (entry detail): top line only. */
function scroll(top: number, count: number, height: number): Cursor {
  const t = Math.max(0, Math.min(top, Math.max(0, count - height)));
  return { selected: t, top: t };
}

interface Extent {
  readonly count: number;
  readonly height: number;
}

function extentOf(model: UiModel, state: ViewState, view: View): Extent {
  switch (view.kind) {
    case 'list':
      return { count: visibleOperations(model, activeFilters(state)).length, height: listBodyRows(state.size, model.status !== null) };
    case 'timeline': {
      const op = model.byId.get(view.op);
      return op ? { count: timelineRows(model, view).length, height: timelineLayout(op, state.size).entries } : { count: 0, height: 1 };
    }
    case 'detail':
      return { count: state.detailLines, height: pageBodyRows(state.size) };
    case 'errors':
      return { count: errorGroups(model).length, height: errorsBodyRows(state.size) };
    case 'members':
      return { count: groupOf(model, view.group)?.members.length ?? 0, height: errorsBodyRows(state.size) };
    case 'host':
      return { count: incidentRows(model, view).length, height: hostBodyRows(state.size) };
  }
}

function cursorOf(state: ViewState, view: View): Cursor {
  return view.kind === 'list' ? state.list : view.cursor;
}

function withCursor(state: ViewState, cursor: Cursor): ViewState {
  const view = currentView(state);
  if (view.kind === 'list') return { ...state, list: cursor };
  return { ...state, stack: [...state.stack.slice(0, -1), { ...view, cursor }] };
}

/** `toEnd`: the move is G (the detail keeps its end in view). */
function moveTo(model: UiModel, state: ViewState, target: (c: Cursor, e: Extent) => number, toEnd = false): ViewState {
  const view = currentView(state);
  const extent = extentOf(model, state, view);
  const cursor = cursorOf(state, view);
  const next = target(cursor, extent);
  if (view.kind === 'detail') {
    return { ...state, stack: [...state.stack.slice(0, -1), { ...view, cursor: scroll(next, extent.count, extent.height), atEnd: toEnd }] };
  }
  return withCursor(state, place(cursor, next, extent.count, extent.height));
}

function push(state: ViewState, view: View): ViewState {
  return { ...state, stack: [...state.stack, view], help: false };
}

/** A timeline opened: the list's text filter becomes its search (the matches show why it was listed). */
export function openTimeline(model: UiModel, state: ViewState, op: Operation): ViewState {
  const search = state.filters.text !== '' && state.search === '' ? state.filters.text : state.search;
  const opened = push({ ...state, search }, { kind: 'timeline', op: op.id, cursor: TOP, narrow: NO_NARROWING });
  // A failed operation opens on what shows it failed, not on its first DEBUG line.
  const first = firstEvidenceIndex(op);
  return first < 0 ? opened : selectInTimeline(model, opened, op, first);
}

/** The just-opened timeline on its row `row`, a third of the page above it: what led to it shows with it. */
function selectInTimeline(model: UiModel, state: ViewState, op: Operation, row: number): ViewState {
  const height = timelineLayout(op, state.size).entries;
  const view = currentView(state) as View & { kind: 'timeline' };
  const ahead = { ...state, stack: [...state.stack.slice(0, -1), { ...view, cursor: { selected: row, top: Math.max(0, row - Math.floor(height / 3)) } }] };
  return moveTo(model, ahead, () => row);
}

/** A timeline's narrowing changed: the selected entry stays selected if it is still shown, else the next one that is. */
function renarrow(model: UiModel, state: ViewState, view: View & { kind: 'timeline' }, narrow: Narrowing): ViewState {
  const entry = timelineRows(model, view)[view.cursor.selected] ?? 0;
  const next: View & { kind: 'timeline' } = { ...view, narrow };
  const rows = timelineRows(model, next);
  let row = rows.findIndex((i) => i >= entry);
  if (row < 0) row = rows.length - 1;
  const replaced = { ...state, stack: [...state.stack.slice(0, -1), next] };
  return moveTo(model, replaced, () => row);
}

function cycleNarrowing(model: UiModel, state: ViewState, which: 'level' | 'service' | 'host'): ViewState {
  const view = currentView(state);
  if (view.kind !== 'timeline') return state;
  const op = model.byId.get(view.op);
  if (!op) return state;
  const n = view.narrow;
  if (which === 'level') return renarrow(model, state, view, { ...n, level: cycle(LEVEL_FLOORS, n.level) });
  const present = presentIn(op);
  if (which === 'service') return renarrow(model, state, view, { ...n, service: cycle([null, ...present.services], n.service) });
  if (present.hosts.length === 0) return { ...state, notice: 'no entry of this operation names a host' };
  return renarrow(model, state, view, { ...n, host: cycle([null, ...present.hosts], n.host) });
}

function open(model: UiModel, state: ViewState): ViewState {
  const view = currentView(state);
  if (view.kind === 'list') {
    const rows = visibleOperations(model, activeFilters(state));
    const op = model.operations[rows[state.list.selected] ?? -1];
    return op === undefined ? state : openTimeline(model, state, op);
  }
  if (view.kind === 'timeline') {
    const entry = timelineRows(model, view)[view.cursor.selected];
    if (entry === undefined) return state;
    return push({ ...state, detailLines: 0, detailMatches: [] }, { kind: 'detail', op: view.op, entry, group: null, cursor: TOP, atEnd: false });
  }
  if (view.kind === 'errors') {
    const group = errorGroups(model)[view.cursor.selected];
    return group === undefined ? state : push(state, { kind: 'members', group: group.template, cursor: TOP });
  }
  if (view.kind === 'members') {
    const member = groupOf(model, view.group)?.members[view.cursor.selected];
    if (member === undefined) return state;
    const detail = member.op === null
      ? { kind: 'detail' as const, op: null, entry: view.cursor.selected, group: view.group, cursor: TOP, atEnd: false }
      : { kind: 'detail' as const, op: member.op, entry: member.index, group: null, cursor: TOP, atEnd: false };
    return push({ ...state, detailLines: 0, detailMatches: [] }, detail);
  }
  if (view.kind === 'host') return openFromHost(model, state, view);
  return state;
}

/** The lines a host view scrolls over: the incident's, its title (the first) aside. */
export function incidentRows(model: UiModel, view: View & { kind: 'host' }): ReturnType<typeof hostLines> {
  const incident = model.hostIncidents[view.incident];
  return incident === undefined ? [] : hostLines(incident).slice(1);
}

/** The operation the list or the timeline has selected. */
function selectedOperation(model: UiModel, state: ViewState): Operation | undefined {
  const view = currentView(state);
  if (view.kind === 'timeline') return model.byId.get(view.op);
  if (view.kind !== 'list') return undefined;
  return model.operations[visibleOperations(model, activeFilters(state))[state.list.selected] ?? -1];
}

/** H: the failure of the selected operation's host, opened on its first instance; or a word that it has none. */
function openHost(model: UiModel, state: ViewState): ViewState {
  const op = selectedOperation(model, state);
  if (op === undefined) return { ...state, notice: 'no operation selected' };
  // Incidents are built from the final operations once the input ends (src/hosts/): follow has none to show.
  if (model.states !== null) return { ...state, notice: 'host failures are found once the logs end: novatrace host <host> <logs>' };
  const target = incidentFor(model, op);
  if ('notice' in target) return { ...state, notice: target.notice };
  const view: View = { kind: 'host', incident: target.incident, cursor: TOP };
  const first = incidentRows(model, view).findIndex((l) => l.instance !== undefined);
  return moveTo(model, push(state, view), () => Math.max(0, first));
}

/** Enter on an instance's row: its evacuation's timeline (or the refused one the row names). */
function openFromHost(model: UiModel, state: ViewState, view: View & { kind: 'host' }): ViewState {
  const row = incidentRows(model, view)[view.cursor.selected];
  if (row?.instance === undefined) return { ...state, notice: "Enter on an instance's row opens its evacuation" };
  if (row.requestId === undefined || row.requestId === null) return { ...state, notice: `no evacuation of ${row.instance.slice(0, 8)} was accepted` };
  const op = operationOfRequest(model, row.requestId);
  if (op === undefined) return { ...state, notice: `${row.requestId} is not in the list (filtered out?)` };
  return openTimeline(model, state, op);
}

export function groupOf(model: UiModel, template: string): ErrorGroup | undefined {
  return errorGroups(model).find((g) => g.template === template);
}

/** What an entry detail shows: the operation (null for an error of none) and the entry (null: no longer kept). */
export function detailTarget(model: UiModel, view: View & { kind: 'detail' }): { readonly op: Operation | null; readonly entry: LogEntry | null } {
  if (view.op !== null) {
    const op = model.byId.get(view.op) ?? null;
    return { op, entry: op?.entries?.[view.entry] ?? null };
  }
  return { op: null, entry: view.group === null ? null : groupOf(model, view.group)?.members[view.entry]?.entry ?? null };
}

/**
 * o: the operation the error (or entry) belongs to, its timeline opened on that entry; or a word in the footer that
 * it belongs to none.
 */
function jump(model: UiModel, state: ViewState): ViewState {
  const view = currentView(state);
  let target: { readonly op: string | null; readonly index: number } | undefined;
  if (view.kind === 'errors') target = errorGroups(model)[view.cursor.selected]?.members.find((m) => m.op !== null);
  else if (view.kind === 'members') target = groupOf(model, view.group)?.members[view.cursor.selected];
  else if (view.kind === 'detail') target = { op: view.op, index: view.entry };
  if (target === undefined) {
    return { ...state, notice: view.kind === 'errors' ? 'no error of this group belongs to an operation' : 'nothing selected' };
  }
  const op = target.op === null ? undefined : model.byId.get(target.op);
  if (op === undefined) return { ...state, notice: 'this error belongs to no operation (a periodic task, a service starting, ...)' };
  const opened = push(state, { kind: 'timeline', op: op.id, cursor: TOP, narrow: NO_NARROWING });
  return selectInTimeline(model, opened, op, target.index);
}

/** Row of the next (dir 1) or previous (-1) warning or error after the selected row, or the selection. */
function nextProblem(model: UiModel, view: View & { kind: 'timeline' }, dir: 1 | -1): number {
  const op = model.byId.get(view.op);
  const entries = op ? entriesOf(op) : [];
  const rows = timelineRows(model, view);
  for (let r = view.cursor.selected + dir; r >= 0 && r < rows.length; r += dir) {
    if (isProblem(entries[rows[r] as number] as LogEntry)) return r;
  }
  return view.cursor.selected;
}

/** The first of `matches` after `from` (dir 1) or before it (-1), wrapping around; null when there is none. */
function nextOf(matches: readonly number[], from: number, dir: 1 | -1, inclusive = false): { readonly at: number; readonly wrapped: boolean } | null {
  if (matches.length === 0) return null;
  if (dir === 1) {
    const at = matches.find((m) => (inclusive ? m >= from : m > from));
    return at === undefined ? { at: matches[0] as number, wrapped: true } : { at, wrapped: false };
  }
  const at = [...matches].reverse().find((m) => m < from);
  return at === undefined ? { at: matches[matches.length - 1] as number, wrapped: true } : { at, wrapped: false };
}

/** n / N (dir), or the search just typed (inclusive: from the selection itself): the next match in this view. */
function toMatch(model: UiModel, state: ViewState, dir: 1 | -1, inclusive = false): ViewState {
  const view = currentView(state);
  const search = activeSearch(state);
  if (view.kind === 'list') return moveTo(model, state, (c) => c.selected + dir);
  if (view.kind === 'errors') return state;
  if (search === null) {
    return view.kind === 'timeline' ? moveTo(model, state, () => nextProblem(model, view, dir)) : state;
  }
  const matches = view.kind === 'timeline' ? timelineMatches(model, view, search) : state.detailMatches;
  const from = view.cursor.selected;
  const next = nextOf(matches, from, dir, inclusive);
  if (next === null) return { ...state, notice: `nothing matches ${JSON.stringify(search.text)}${search.note === null ? '' : ` (${search.note})`}` };
  const moved = moveTo(model, state, () => next.at);
  const where = `match ${matches.indexOf(next.at) + 1} of ${matches.length}`;
  return { ...moved, notice: next.wrapped ? `${where} (wrapped around)` : search.note ?? null };
}

export function timelineMatches(model: UiModel, view: View & { kind: 'timeline' }, search: Search | null): readonly number[] {
  const op = model.byId.get(view.op);
  return op ? matchingRows(op, timelineRows(model, view), search) : [];
}

function cycle<T>(values: readonly T[], current: T): T {
  return values[(values.indexOf(current) + 1) % values.length] as T;
}

function setFilters(state: ViewState, filters: Filters): ViewState {
  return { ...state, filters, list: TOP };
}

const NO_FILTERS: Filters = { text: '', outcome: 'all', type: null, sort: 'time' };

function filtered(f: Filters): boolean {
  return f.text !== '' || f.outcome !== NO_FILTERS.outcome || f.type !== NO_FILTERS.type;
}

/**
 * Esc: one step back, and what narrows the view is cleared before anything else. On the list it never quits
 * (a person pressing Esc to get out of a filter must not lose the session): it clears the filters, the sort aside.
 */
function back(model: UiModel, state: ViewState): ViewState {
  const view = currentView(state);
  if (view.kind !== 'list' && view.kind !== 'errors' && view.kind !== 'host' && state.search !== '') return { ...state, search: '', detailMatches: [] };
  if (view.kind === 'timeline' && isNarrowed(view.narrow)) return renarrow(model, state, view, NO_NARROWING);
  if (state.stack.length > 1) return { ...state, stack: state.stack.slice(0, -1) };
  if (filtered(state.filters)) return setFilters(state, { ...NO_FILTERS, sort: state.filters.sort });
  return { ...state, notice: 'nothing to clear; q quits' };
}

function command(model: UiModel, state: ViewState, cmd: Command): ViewState {
  if (state.help) {
    // Any key closes the help; its own key and Esc do nothing else.
    return { ...state, help: false };
  }
  const view = currentView(state);
  switch (cmd) {
    case 'up':
      return moveTo(model, state, (c) => c.selected - 1);
    case 'down':
      return moveTo(model, state, (c) => c.selected + 1);
    case 'pageUp':
      return moveTo(model, state, (c, e) => c.selected - e.height);
    case 'pageDown':
      return moveTo(model, state, (c, e) => c.selected + e.height);
    case 'top':
      return moveTo(model, state, () => 0);
    case 'bottom':
      return moveTo(model, state, (_c, e) => e.count - 1, true);
    case 'open':
      return open(model, state);
    case 'back':
      return back(model, state);
    case 'quit':
      // q goes back from the other views without clearing what they show; from the list it quits, filtered or not.
      if (state.stack.length > 1) return { ...state, stack: state.stack.slice(0, -1) };
      return { ...state, quit: true };
    case 'help':
      return { ...state, help: true };
    case 'search':
      if (view.kind === 'list') return { ...state, editing: state.filters.text };
      return view.kind === 'errors' ? state : { ...state, editing: state.search };
    case 'cycleLevel':
      return cycleNarrowing(model, state, 'level');
    case 'cycleService':
      return cycleNarrowing(model, state, 'service');
    case 'cycleHost':
      return cycleNarrowing(model, state, 'host');
    case 'next':
      return toMatch(model, state, 1);
    case 'previous':
      return toMatch(model, state, -1);
    case 'cycleOutcome':
      return setFilters(state, { ...state.filters, outcome: cycle(OUTCOME_FILTERS, state.filters.outcome) });
    case 'cycleType': {
      const types: readonly (OperationType | null)[] = [null, ...model.types];
      return setFilters(state, { ...state.filters, type: cycle(types, state.filters.type) });
    }
    case 'cycleSort':
      return setFilters(state, { ...state.filters, sort: cycle(SORT_KEYS, state.filters.sort) });
    case 'errors':
      return view.kind === 'errors' ? state : push(state, { kind: 'errors', cursor: TOP });
    case 'jump':
      return jump(model, state);
    case 'hostIncident':
      return openHost(model, state);
    case 'firstError': {
      if (view.kind !== 'timeline') return state;
      const op = model.byId.get(view.op);
      const row = op ? timelineRows(model, view).indexOf(firstErrorIndex(op)) : -1;
      return row < 0 ? { ...state, notice: 'no error entry shown' } : moveTo(model, state, () => row);
    }
  }
}

/** Every view's cursor placed again for a new size (or new row counts). */
function refit(model: UiModel, state: ViewState): ViewState {
  const stack = state.stack.map((view) => {
    if (view.kind === 'list') return view;
    const e = extentOf(model, state, view);
    return view.kind === 'detail'
      ? { ...view, cursor: scroll(view.atEnd ? e.count : view.cursor.top, e.count, e.height) }
      : { ...view, cursor: place(view.cursor, view.cursor.selected, e.count, e.height) };
  });
  const listExtent = extentOf(model, state, { kind: 'list' });
  return { ...state, stack, list: place(state.list, state.list.selected, listExtent.count, listExtent.height) };
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A key press: text for the filter being typed, else the command the key table binds it to in this view. */
function key(model: UiModel, state: ViewState, name: string, text: string): ViewState {
  if (state.editing !== null) {
    if (name === 'return') return reduce(model, state, { type: 'filterCommit' });
    if (name === 'escape') return reduce(model, state, { type: 'filterCancel' });
    if (name === 'backspace') return reduce(model, state, { type: 'filterInput', text: state.editing.slice(0, -1) });
    if (text === '' || CONTROL.test(text) || name.startsWith('ctrl+')) return state;
    return reduce(model, state, { type: 'filterInput', text: state.editing + text });
  }
  const cmd = commandFor(name, currentKind(state));
  if (cmd !== null) return command(model, state, cmd);
  // With the help shown, any key closes it.
  return state.help ? { ...state, help: false } : state;
}

function noticeRead(state: ViewState): ViewState {
  return state.notice === null ? state : { ...state, notice: null };
}

export function reduce(model: UiModel, state: ViewState, action: Action): ViewState {
  switch (action.type) {
    case 'key':
      return key(model, noticeRead(state), action.name, action.text);
    case 'command':
      return command(model, noticeRead(state), action.command);
    case 'resize':
      return refit(model, { ...state, size: action.size });
    case 'filterInput': {
      if (state.editing === null) return state;
      const text = action.text.slice(0, MAX_QUERY);
      return currentKind(state) === 'list' ? { ...state, editing: text, list: TOP } : { ...state, editing: text };
    }
    case 'filterCommit': {
      if (state.editing === null) return state;
      if (currentKind(state) === 'list') return { ...state, filters: { ...state.filters, text: state.editing }, editing: null };
      const searched = { ...state, search: state.editing, editing: null };
      return searched.search.trim() === '' ? searched : toMatch(model, searched, 1, true);
    }
    case 'filterCancel':
      if (state.editing === null) return state;
      if (currentKind(state) === 'list') return { ...state, filters: { ...state.filters, text: '' }, editing: null, list: TOP };
      // The search being typed is dropped; the one before it stays.
      return { ...state, editing: null };
    case 'detailLines':
      return refit(model, { ...state, detailLines: action.count, detailMatches: action.matches ?? state.detailMatches });
    case 'linesArrived': {
      const view = currentView(state);
      if (view.kind !== 'timeline' || view.cursor.selected !== 0 || view.cursor.top !== 0) return state;
      const op = model.byId.get(view.op);
      const first = op === undefined ? -1 : firstEvidenceIndex(op);
      return op === undefined || first < 0 ? state : selectInTimeline(model, state, op, first);
    }
  }
}
