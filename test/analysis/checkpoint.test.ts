// The engine's checkpoint holds all it knows: an analysis stopped after any entry, its state (analyzer and host facts)
// written with V8's structured clone and read back into a fresh engine, and given the rest of the entries, ends with
// exactly what one engine given every entry ends with (the entries it holds written with the entry codec, as the
// cache's checkpoint writes them): operations, errors outside operations, host incidents, the
// deployment and the notes the warnings are made from. Split at several places of every fixture folder and of the
// shared real sets (a grown file's analysis goes on from such a checkpoint: commands/analysis-resume.ts).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { packEntries, unpackEntries } from '../../src/commands/analysis-resume.js';
import { firstTimes, readAll } from '../../src/commands/read-all.js';
import { HostFacts } from '../../src/hosts/host-facts.js';
import { hostIncidents } from '../../src/hosts/host-incident.js';
import { resolveInputs } from '../../src/io/inputs.js';
import { mergeByTime } from '../../src/merge/k-way.js';
import type { LogEntry } from '../../src/model/entry.js';
import { restoreInto } from '../../src/model/restore.js';
import { HAS_REALDATA, OPTIONS, REALDATA, ROOT } from '../helpers.js';

if (!HAS_REALDATA) console.warn(`checkpoint tests on the shared real sets skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);

async function mergedEntries(paths: readonly string[]): Promise<LogEntry[]> {
  const { sources } = await resolveInputs(paths);
  const reading = readAll(sources, OPTIONS, false);
  const entries: LogEntry[] = [];
  for await (const batch of mergeByTime(reading.streams, await firstTimes(sources, OPTIONS))) entries.push(...batch);
  return entries;
}

interface Engine {
  readonly analyzer: Analyzer;
  readonly facts: HostFacts;
}

function engine(): Engine {
  const analyzer = new Analyzer();
  return { analyzer, facts: new HostFacts(analyzer.deployment) };
}

function add({ analyzer, facts }: Engine, entries: readonly LogEntry[]): void {
  for (const e of entries) {
    analyzer.add(e);
    facts.note(e);
  }
}

/** What an analysis ends with, as JSON text (Sets and Maps as arrays): what analyze and host print is made of these. */
function ending({ analyzer, facts }: Engine): string {
  const { operations, unattached } = analyzer.finish(0);
  const replacer = (_: string, v: unknown): unknown => (v instanceof Set ? [...v] : v instanceof Map ? [...v] : v);
  return JSON.stringify({
    operations, unattached, incidents: hostIncidents(operations, facts), computeHosts: facts.computeHosts, notes: analyzer.notes,
    deployment: analyzer.deployment,
  }, replacer);
}

/** One engine over the entries up to `at`, checkpointed through V8's serializer into a fresh engine, then the rest. */
function splitAt(entries: readonly LogEntry[], at: number): string {
  const first = engine();
  add(first, entries.slice(0, at));
  // The held entries written with the entry codec, the rest by V8's serializer, as the cache's checkpoint does.
  const { state, held } = packEntries(first.analyzer.checkpoint());
  const bytes = serialize({ analyzer: state, facts: first.facts.checkpoint(), held });
  const saved = deserialize(bytes) as { analyzer: ReturnType<Analyzer['checkpoint']>; facts: object; held: Parameters<typeof unpackEntries>[1] };
  const second = engine();
  second.analyzer.restore(unpackEntries(saved.analyzer, saved.held));
  second.facts.restore(saved.facts);
  add(second, entries.slice(at));
  return ending(second);
}

function fixtureFolders(): string[] {
  const dirs = ['operations', 'hosts'].flatMap((kind) => readdirSync(join(ROOT, 'fixtures', kind), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => join('fixtures', kind, d.name)));
  return dirs.filter((d) => readdirSync(join(ROOT, d)).some((f) => f.endsWith('.log') || f.endsWith('.txt') || f.endsWith('.gz')));
}

/** The places an analysis is split at: its start, thirds, a sweep's boundary (entry 4096), the last entry. */
function places(n: number): number[] {
  return [...new Set([0, 1, Math.floor(n / 3), Math.floor((2 * n) / 3), 4095, 4096, n - 1, n].filter((k) => k >= 0 && k <= n))];
}

describe('an analysis checkpointed after any entry and gone on from ends as one analysis does', () => {
  for (const folder of fixtureFolders()) {
    it(folder, async () => {
      const entries = await mergedEntries([join(ROOT, folder)]);
      expect(entries.length).toBeGreaterThan(0);
      const whole = engine();
      add(whole, entries);
      const expected = ending(whole);
      for (const at of places(entries.length)) expect(splitAt(entries, at), `split after ${at} of ${entries.length} entries`).toBe(expected);
    });
  }
});

const REAL_SETS: readonly string[] = ['zed-rig/full', 'zed-rig-hostevac/full', 'devstack-ci-mitaka', 'devstack-journal-2023'];

describe.skipIf(!HAS_REALDATA)('on the shared real sets', () => {
  for (const set of REAL_SETS) {
    it(set, async () => {
      const entries = await mergedEntries([join(REALDATA, set)]);
      const whole = engine();
      add(whole, entries);
      const expected = ending(whole);
      expect(JSON.parse(expected).operations.length).toBeGreaterThan(0);
      for (const at of places(entries.length)) expect(splitAt(entries, at), `split after ${at} of ${entries.length} entries`).toBe(expected);
    }, 120_000);
  }
});

describe('restoreInto', () => {
  class Sample {
    count = 0;
    readonly ids: string[] = [];
    note(id: string): void {
      this.count++;
      this.ids.push(id);
    }
  }
  class Store {
    readonly byId = new Map<string, number>();
    readonly samples = { named: new Sample(), unnamed: new Sample() };
    last: number | null = null;
    constructor(readonly limit = 3) {}
  }

  it('puts saved fields back into the instance and the instances it holds, their methods kept', () => {
    const made = new Store(5);
    made.byId.set('a', 1);
    made.samples.named.note('x');
    made.last = 7;
    const fresh = new Store();
    const inner = fresh.samples.named;
    restoreInto(fresh, deserialize(serialize(made)) as object);
    expect(fresh.limit).toBe(5);
    expect(fresh.last).toBe(7);
    expect([...fresh.byId]).toEqual([['a', 1]]);
    // The fresh instance's own objects are filled in place, with their methods.
    expect(fresh.samples.named).toBe(inner);
    fresh.samples.named.note('y');
    expect(fresh.samples.named.ids).toEqual(['x', 'y']);
    expect(fresh.samples.unnamed.count).toBe(0);
  });

  it('refuses a state that lacks a field or gives data for a method', () => {
    const saved = deserialize(serialize(new Store())) as Record<string, unknown>;
    delete saved['last'];
    expect(() => restoreInto(new Store(), saved)).toThrow(/lacks the field last/);
    expect(() => restoreInto(new Sample(), { count: 1, ids: [], note: 1 })).toThrow(/method note/);
  });
});
