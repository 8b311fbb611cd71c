// The request store's groups by ID: the group found last is remembered (a request logs its lines in runs), and
// what it remembers never outlives the group (closed, a request's ID opens a new one).

import { describe, expect, it } from 'vitest';
import { NO_IDS, withId } from '../../src/correlate/request-group.js';
import type { RequestGroup } from '../../src/correlate/request-group.js';
import type { LogEntry } from '../../src/model/entry.js';
import { RequestStore } from '../../src/correlate/request-store.js';
import { parseLines } from '../helpers.js';

const line = (id: string, second: number, message = 'Checking state') =>
  `2026-01-31 10:00:${String(second).padStart(2, '0')}.000 123 DEBUG nova.compute.manager [${id} u p - - -] [instance: 0f0e0d0c-0b0a-0908-0706-050403020100] ${message}`;

/** Each entry's group, as the analyzer files them: found (or opened), then the entry added. */
function groupsOf(store: RequestStore, entries: readonly LogEntry[]): RequestGroup[] {
  return entries.map((e) => {
    const g = store.groupFor(e, e.time as number);
    store.addTo(g, e, e.time as number);
    return g;
  });
}

describe('RequestStore.groupFor', () => {
  const { entries } = parseLines([
    line('req-aaaaaaaa-0000-0000-0000-000000000000', 1), line('req-aaaaaaaa-0000-0000-0000-000000000000', 2),
    line('req-bbbbbbbb-0000-0000-0000-000000000000', 3), line('req-aaaaaaaa-0000-0000-0000-000000000000', 4),
    line('req-aaaaaaaa-0000-0000-0000-000000000000', 5),
  ], 'n-cpu.log');

  it('gives each ID its group, in runs and between them', () => {
    const groups = groupsOf(new RequestStore(), entries);
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).not.toBe(groups[0]);
    expect(groups[3]).toBe(groups[0]);
    expect(groups[0]?.entries).toHaveLength(4);
    expect(groups[2]?.entries).toHaveLength(1);
  });

  it('opens a new group for an ID whose group was removed, though it was the last one found', () => {
    const store = new RequestStore();
    const [first, second] = entries;
    if (first === undefined || second === undefined) throw new Error('no entries');
    const closed = store.groupFor(first, first.time as number);
    store.addTo(closed, first, first.time as number);
    expect(store.get(first.requestId as string)).toBe(closed);
    store.remove(closed);
    expect(store.get(first.requestId as string)).toBeUndefined();
    const reopened = store.groupFor(second, second.time as number);
    expect(reopened).not.toBe(closed);
    expect(store.get(second.requestId as string)).toBe(reopened);
  });
});

describe('a group\'s rarely filled sets (NO_IDS until an ID comes)', () => {
  const global = (id: string, second: number, globalId: string) =>
    `2026-01-31 10:00:${String(second).padStart(2, '0')}.000 123 DEBUG nova.compute.manager [${globalId} ${id} u p - - -] [instance: 0f0e0d0c-0b0a-0908-0706-050403020100] Checking state`;
  const { entries } = parseLines([
    global('req-aaaaaaaa-0000-0000-0000-000000000000', 1, 'req-11111111-0000-0000-0000-000000000000'),
    line('req-bbbbbbbb-0000-0000-0000-000000000000', 2),
  ], 'n-cpu.log');

  it('gives a group its own set when its first global ID comes, and leaves the shared empty set empty', () => {
    const groups = groupsOf(new RequestStore(), entries);
    expect([...(groups[0]?.globalIds ?? [])]).toEqual(['req-11111111-0000-0000-0000-000000000000']);
    expect(groups[1]?.globalIds.size).toBe(0);
    expect(NO_IDS.size).toBe(0);
  });

  it('never adds to an empty set, so groups that share one (a checkpoint deserialized) stay apart', () => {
    const shared = new Set<string>();
    const a = withId(shared, 'x');
    const b = withId(shared, 'y');
    expect(shared.size).toBe(0);
    expect([...a]).toEqual(['x']);
    expect([...b]).toEqual(['y']);
    expect(withId(a, 'z')).toBe(a);
    expect([...a]).toEqual(['x', 'z']);
  });
});
