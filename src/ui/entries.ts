// Which of an operation's entries a timeline shows (narrowed by level, service and host) and which of those the
// search matches. The reducer moves over these rows and the screen draws them, so both read them here. Memoized
// per operation: a key press must not scan 100,000 entries twice.

import type { LogEntry } from '../model/entry.js';
import { levelRank } from '../model/entry.js';
import type { Operation } from '../model/operation.js';
import { entriesOf } from './model.js';
import type { Search } from './search.js';
import { entryMatches } from './search.js';

export type LevelFloor = 'all' | 'info' | 'warning';
/** What the level key cycles through, from the default. */
export const LEVEL_FLOORS: readonly LevelFloor[] = ['all', 'info', 'warning'];
export const LEVEL_FLOOR_NAMES: Readonly<Record<LevelFloor, string>> = { all: 'all levels', info: 'INFO+', warning: 'WARNING+' };
const FLOOR_RANK: Readonly<Record<LevelFloor, number>> = { all: -Infinity, info: levelRank('INFO'), warning: levelRank('WARNING') };

export interface Narrowing {
  readonly level: LevelFloor;
  /** A service (`compute`, `api`, ...) or null for all. */
  readonly service: string | null;
  /** A host or null for all. */
  readonly host: string | null;
}

export const NO_NARROWING: Narrowing = { level: 'all', service: null, host: null };

export function isNarrowed(n: Narrowing): boolean {
  return n.level !== 'all' || n.service !== null || n.host !== null;
}

function keyOf(n: Narrowing): string {
  return `${n.level}\u0000${n.service ?? ''}\u0000${n.host ?? ''}`;
}

const shown = new WeakMap<Operation, Map<string, readonly number[]>>();

/** Indexes into the operation's entries that the timeline shows, in order. */
export function shownEntries(op: Operation, n: Narrowing): readonly number[] {
  let cache = shown.get(op);
  if (!cache) {
    cache = new Map();
    shown.set(op, cache);
  }
  const key = keyOf(n);
  const hit = cache.get(key);
  if (hit) return hit;
  const floor = FLOOR_RANK[n.level];
  const rows: number[] = [];
  entriesOf(op).forEach((e, i) => {
    // An entry without a level (a line of another dialect) is kept: nothing says it is below the floor.
    if (e.level !== null && levelRank(e.level) < floor) return;
    if (n.service !== null && e.service !== n.service) return;
    if (n.host !== null && e.host !== n.host) return;
    rows.push(i);
  });
  if (cache.size > 16) cache.clear();
  cache.set(key, rows);
  return rows;
}

const matching = new WeakMap<readonly number[], Map<string, readonly number[]>>();

/** Rows (positions in `rows`) whose entry the search matches. */
export function matchingRows(op: Operation, rows: readonly number[], search: Search | null): readonly number[] {
  if (search === null) return [];
  let cache = matching.get(rows);
  if (!cache) {
    cache = new Map();
    matching.set(rows, cache);
  }
  const hit = cache.get(search.text);
  if (hit) return hit;
  const entries = entriesOf(op);
  const out: number[] = [];
  rows.forEach((i, row) => {
    if (entryMatches(search, entries[i] as LogEntry)) out.push(row);
  });
  if (cache.size > 8) cache.clear();
  cache.set(search.text, out);
  return out;
}

/** The services and hosts present among the operation's entries, sorted: what the service and host keys cycle. */
export function presentIn(op: Operation): { readonly services: readonly string[]; readonly hosts: readonly string[] } {
  const services = new Set<string>();
  const hosts = new Set<string>();
  for (const e of entriesOf(op)) {
    services.add(e.service);
    if (e.host !== null) hosts.add(e.host);
  }
  return { services: [...services].sort(), hosts: [...hosts].sort() };
}
