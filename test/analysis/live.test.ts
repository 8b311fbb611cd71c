// Live operation events on fixture log sets fed entry by entry, with a simulated wall clock. Expected outcomes
// are the fixtures' ground truth (test/operations/eras.test.ts read them off the fixture text).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstTimes, readAll } from '../../src/commands/read-all.js';
import { resolveInputs } from '../../src/io/inputs.js';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { DONE_QUIET_MS } from '../../src/analysis/live.js';
import type { LiveOptions } from '../../src/analysis/live.js';
import type { Operation } from '../../src/model/operation.js';
import type { OperationEvent } from '../../src/model/live.js';
import { mergeByTime } from '../../src/merge/k-way.js';
import type { LogEntry } from '../../src/model/entry.js';
import { OPTIONS, ROOT } from '../helpers.js';

async function entriesOf(...sets: string[]): Promise<LogEntry[]> {
  const { sources } = await resolveInputs(sets.map((s) => join(ROOT, 'fixtures', 'operations', s)));
  const reading = readAll(sources, OPTIONS, false);
  const out: LogEntry[] = [];
  for await (const batch of mergeByTime(reading.streams, await firstTimes(sources, OPTIONS))) out.push(...batch);
  return out;
}

const OPTIONS_LIVE: LiveOptions = { settleMs: 5000, idleTimeoutMs: 60_000, keep: 100, updateEveryMs: 1000, keepEntries: false };

interface Run {
  /** Events of the ticks while entries were fed, in order. */
  readonly during: OperationEvent[];
  /** Events of the input's end. */
  readonly atEnd: OperationEvent[];
  readonly analyzer: Analyzer;
}

/** One entry per 100 ms of wall clock, a tick after each; then `quietMs` of ticks with no entry; then the end. */
function feed(entries: readonly LogEntry[], options: LiveOptions = OPTIONS_LIVE, quietMs = 0): Run {
  const analyzer = new Analyzer({ live: options, maxHeldEntries: 100_000 });
  const during: OperationEvent[] = [];
  let wall = 1_000_000;
  for (const e of entries) {
    analyzer.add(e);
    wall += 100;
    during.push(...analyzer.tick(wall));
  }
  for (let t = 0; t < quietMs; t += 1000) {
    wall += 1000;
    during.push(...analyzer.tick(wall));
  }
  return { during, atEnd: analyzer.finish(wall + 1000).events, analyzer };
}

const names = (events: readonly OperationEvent[]): string[] => events.map((e) => `${e.event} ${e.state}`);

describe('live operation IDs', () => {
  // Fed one entry at a time, a tick after each (the finest batches a reader can hand over), every operation of every
  // fixture is started under the ID it finishes with: an NDJSON consumer pairs them by it. (A request nova-api had
  // dispatched but not answered was once started before its instance was known, as `req-...` alone.)
  const sets = readdirSync(join(ROOT, 'fixtures', 'operations')).sort();
  it.each(sets)('%s', async (set) => {
    const run = feed(await entriesOf(set), OPTIONS_LIVE, 120_000);
    const events = [...run.during, ...run.atEnd];
    const started = events.filter((e) => e.event === 'operation.started').map((e) => e.operation.id);
    const finished = events.filter((e) => e.event === 'operation.finished').map((e) => e.operation.id);
    expect(finished.length).toBeGreaterThan(0);
    expect(started.sort()).toEqual([...finished].sort());
  });
});

describe('live operation events', () => {
  it('a boot that succeeds: started, then finished at its done line, before the input ends', async () => {
    // A second of quiet after the last line: a settled operation is finished once its lines pause (DONE_QUIET_MS).
    const run = feed(await entriesOf('boot-zed'), OPTIONS_LIVE, 1000);
    const started = run.during.filter((e) => e.event === 'operation.started');
    const finished = run.during.filter((e) => e.event === 'operation.finished');
    expect(started).toHaveLength(1);
    expect(finished).toHaveLength(1);
    expect(finished[0]?.operation).toMatchObject({ type: 'boot', instance: 'b554c560-5582-4f45-b5ad-abeb396ca152', outcome: 'succeeded' });
    expect(finished[0]?.by).toBe('outcome');
    expect(run.during.indexOf(started[0] as OperationEvent)).toBeLessThan(run.during.indexOf(finished[0] as OperationEvent));
    expect(run.atEnd.filter((e) => e.event === 'operation.finished')).toEqual([]);
  });

  it('a boot whose request closes before any tick (a backlog read in one go) is started and finished at the next tick', async () => {
    // Its lines, then 4,096 lines 11 minutes later that name no request (a sweep closes the boot's request, quiet
    // for 10 minutes of log time), all added before the first tick.
    const entries = await entriesOf('boot-zed');
    const last = entries.reduce((t, e) => Math.max(t, e.time ?? -Infinity), -Infinity);
    const later = Array.from({ length: 4096 }, (_, i): LogEntry => ({
      ...(entries[0] as LogEntry), time: last + 11 * 60_000 + i, requestId: null, globalRequestId: null, instance: null, message: `periodic ${i}`,
    }));
    const analyzer = new Analyzer({ live: OPTIONS_LIVE, maxHeldEntries: 100_000 });
    for (const e of [...entries, ...later]) analyzer.add(e);
    const tick = analyzer.tick(1_000_000);
    expect(tick.map((e) => `${e.event} ${e.operation?.type} ${e.operation?.outcome}`)).toEqual(['operation.started boot succeeded', 'operation.finished boot succeeded']);
    expect(tick[1]?.by).toBe('outcome');
    // Its final form at the end is the same: nothing more is said of it.
    expect(analyzer.finish(1_001_000).events).toEqual([]);
  });

  it('a boot that fails: finished as failed as soon as the failure is logged', async () => {
    const run = feed(await entriesOf('boot-failed-zed'));
    const finished = run.during.filter((e) => e.event === 'operation.finished');
    expect(finished.map((e) => [e.operation.type, e.operation.outcome])).toEqual([['boot', 'failed']]);
    expect(finished[0]?.operation.error?.message).toMatch(/^Instance failed to spawn/);
  });

  it('a boot the logs stop in the middle of: stalled after the idle timeout, incomplete at the end', async () => {
    const run = feed(await entriesOf('boot-incomplete-zed'), OPTIONS_LIVE, 90_000);
    expect(run.during.filter((e) => e.event === 'operation.finished')).toEqual([]);
    const stalled = run.during.filter((e) => e.state === 'stalled');
    expect(names(stalled)).toEqual(['operation.updated stalled']);
    expect(run.atEnd.map((e) => [e.event, e.operation.outcome, e.by])).toEqual([['operation.finished', 'incomplete', 'end']]);
  });

  it('updates each operation at most once a second', async () => {
    const entries = await entriesOf('boot-zed');
    const run = feed(entries);
    const updates = run.during.filter((e) => e.event === 'operation.updated');
    // Entries come 100 ms apart: at most one update per 10 entries.
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(entries.length / 10));
    const times = updates.map((e) => e.time);
    for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(1000);
  });

  // All four settle early (by their done lines and `Checking state`): the first two are dropped before their requests
  // close. Their closing must not report them again (it once did, started and finished a second time).
  it('keeps the last --keep finished operations and counts the dropped ones', async () => {
    const run = feed(await entriesOf('stop-zed', 'start-zed', 'pause-zed', 'unpause-zed'), { ...OPTIONS_LIVE, keep: 2 });
    const events = [...run.during, ...run.atEnd];
    const finished = events.filter((e) => e.event === 'operation.finished');
    expect(finished).toHaveLength(4);
    expect(new Set(finished.map((e) => e.operation.id)).size).toBe(4);
    expect(events.filter((e) => e.event === 'operation.started')).toHaveLength(4);
    expect(run.analyzer.counts.dropped).toBe(2);
    const snapshot = run.analyzer.snapshot();
    expect(snapshot.operations.map((op) => op.type)).toEqual(finished.slice(2).map((e) => e.operation.type));
  });

  it('keeps no entries for NDJSON, and each operation\'s entries for the UI', async () => {
    const entries = await entriesOf('boot-zed');
    expect(feed(entries, OPTIONS_LIVE, 1000).during.every((e) => e.operation.entries === null)).toBe(true);
    const ui = feed(entries, { ...OPTIONS_LIVE, keepEntries: true }, 1000);
    const done = ui.during.find((e) => e.event === 'operation.finished');
    expect(done?.operation.entries?.length).toBeGreaterThan(10);
  });
});

/**
 * Entries fed as they were written: the wall clock moves as their times do (gaps cut to `maxGapMs`), a tick every
 * 100 ms of wall time; then `quietMs` of ticks with no entry; then the end.
 */
function feedAtPace(entries: readonly LogEntry[], options: LiveOptions, quietMs: number, maxGapMs = Infinity): Run & { readonly wallOf: (time: number) => number } {
  const analyzer = new Analyzer({ live: options });
  const during: OperationEvent[] = [];
  const firstTime = entries.find((e) => e.time !== null)?.time ?? 0;
  let wall = 1_000_000;
  let last = firstTime;
  let nextTick = wall;
  const fedAt = new Map<number, number>();
  const tickUntil = (until: number): void => {
    for (; nextTick <= until; nextTick += 100) during.push(...analyzer.tick(nextTick));
  };
  for (const e of entries) {
    const t = e.time ?? last;
    wall += Math.min(maxGapMs, Math.max(0, t - last));
    last = t;
    tickUntil(wall);
    analyzer.add(e);
    if (!fedAt.has(t)) fedAt.set(t, wall);
  }
  tickUntil(wall + quietMs);
  const atEnd = analyzer.finish(nextTick).events;
  return { during, atEnd, analyzer, wallOf: (time) => fedAt.get(time) ?? NaN };
}

/** Each operation's last word (its last finished or revised event), by ID. */
function lastWords(events: readonly OperationEvent[]): Map<string, Operation> {
  const words = new Map<string, Operation>();
  for (const e of events) if (e.event === 'operation.finished' || e.event === 'operation.revised') words.set(e.operation.id, e.operation);
  return words;
}

const lastLineOf = (op: Operation): number => Math.max(...(op.entries ?? []).map((e) => e.time ?? -Infinity));

describe('live: when an operation is reported finished', () => {
  const UI: LiveOptions = { ...OPTIONS_LIVE, keepEntries: true };

  it('a shelve (no line says a shelve is done) is finished by quiet, the settle window after its last line', async () => {
    const run = feedAtPace(await entriesOf('shelve-zed'), UI, 20_000);
    const finished = run.during.filter((e) => e.event === 'operation.finished' && e.operation.type === 'shelve');
    expect(finished.map((e) => e.by)).toEqual(['quiet']);
    const op = finished[0]?.operation as Operation;
    const after = (finished[0]?.time as number) - run.wallOf(lastLineOf(op));
    expect(after).toBeGreaterThanOrEqual(UI.settleMs);
    expect(after).toBeLessThanOrEqual(UI.settleMs + 200);
  });

  it('with --settle 1s, one second after its last line', async () => {
    const run = feedAtPace(await entriesOf('shelve-zed'), { ...UI, settleMs: 1000 }, 20_000);
    const finished = run.during.find((e) => e.event === 'operation.finished' && e.operation.type === 'shelve');
    const after = (finished?.time as number) - run.wallOf(lastLineOf(finished?.operation as Operation));
    expect([finished?.by, after >= 1000 && after <= 1200]).toEqual(['quiet', true]);
  });

  it('a libvirt stop is finished by its done line, within a second of its last line', async () => {
    const run = feedAtPace(await entriesOf('stop-zed'), UI, 30_000);
    const finished = run.during.find((e) => e.event === 'operation.finished' && e.operation.type === 'stop');
    expect(finished?.by).toBe('outcome');
    const op = finished?.operation as Operation;
    expect(op.outcome).toBe('succeeded');
    // Its last line when it was finished: the lock's release after `Instance destroyed successfully`.
    const after = (finished?.time as number) - run.wallOf(lastLineOf(op));
    expect(after).toBeGreaterThanOrEqual(DONE_QUIET_MS);
    expect(after).toBeLessThan(1000);
  });

  it('the VM Stopped libvirt sends 15 s after that stop revises it (a lifecycle event more, the same end), and nothing more comes at the end', async () => {
    const run = feedAtPace(await entriesOf('stop-zed'), UI, 30_000);
    const stop = (e: OperationEvent): boolean => e.operation.type === 'stop';
    const finished = run.during.find((e) => e.event === 'operation.finished' && stop(e));
    const revised = run.during.filter((e) => e.event === 'operation.revised' && stop(e));
    expect(revised.map((e) => e.by)).toEqual(['lines']);
    expect(revised[0]?.operation.events.map((e) => e.message)).toContain('VM Stopped (Lifecycle Event)');
    expect(finished?.operation.events.map((e) => e.message)).not.toContain('VM Stopped (Lifecycle Event)');
    expect(revised[0]?.operation.end).toBe(finished?.operation.end);
    // Its request's final form (at the input's end) is what the revision said: no third word.
    expect(run.atEnd.filter(stop)).toEqual([]);
  });
});

describe('live: the last word on each operation is what offline analysis says', () => {
  // Every fixture set, fed at the pace it was written (gaps cut to 20 s: what the window logic reads is log time,
  // not the gaps' wall length) with a tick every 100 ms, and one fed an entry per tick: each operation's last
  // finished or revised event equals the operation the same entries give offline, and no other is said.
  const sets = readdirSync(join(ROOT, 'fixtures', 'operations')).sort();
  it.each(sets)('%s', async (set) => {
    const entries = await entriesOf(set);
    const offline = new Analyzer();
    for (const e of entries) offline.add(e);
    const expected = offline.finish().operations.map((op) => [op.id, { ...op, entries: null }] as const);
    for (const run of [feedAtPace(entries, OPTIONS_LIVE, 10_000, 20_000), feed(entries, OPTIONS_LIVE, 10_000)]) {
      const words = lastWords([...run.during, ...run.atEnd]);
      expect([...words].sort((a, b) => a[0].localeCompare(b[0]))).toEqual([...expected].sort((a, b) => a[0].localeCompare(b[0])));
    }
  });
});

describe('live: an operation finished once is never reported as a new one again (issue 19)', () => {
  // Under sustained load the memory bound closes the requests quiet the longest, their operations final as they
  // stand, and live reporting lets go of what it tracked of them. A later line under the same request ID (a
  // compute line after a pause longer than what the bound leaves) opens a new group with the same ID: its operation
  // was reported started and finished a second time (issue 19: 36,017 at 1,000 operations a second) instead of
  // revised. Fillers of other requests push the analyzer over a small bound at the 4096th entry (a sweep).
  const MAX_HELD = 100;
  const fillers = (from: number, count: number, time: number): LogEntry[] => Array.from({ length: count }, (_, k) => ({
    time: time + k, service: 'conductor', host: 'ctl', level: 'INFO', logger: 'nova.conductor.manager', pid: 1,
    requestId: `req-filler-${from + k}`, user: 'u', project: 'p', instance: null, message: 'filler', continuation: [],
    file: 'n-cond.log', line: from + k,
  } as unknown as LogEntry));

  it.each([
    ['NDJSON (nothing kept)', 0],
    ['the UI (--keep 100)', 100],
  ])('a boot whose request the memory bound closed while it waited for compute, its compute lines a minute later: %s', async (_, keep) => {
    const boot = await entriesOf('boot-zed');
    // The boot waits for its compute host past what the bound leaves; compute's lines come a minute later.
    const pause = boot.findIndex((e) => e.service === 'compute') - 1;
    expect(pause).toBeGreaterThan(0);
    const analyzer = new Analyzer({ live: { ...OPTIONS_LIVE, keep, keepEntries: keep > 0 }, maxHeldEntries: MAX_HELD });
    const events: OperationEvent[] = [];
    let wall = 1_000_000;
    const step = (e: LogEntry | null, ms: number): void => {
      if (e !== null) analyzer.add(e);
      wall += ms;
      events.push(...analyzer.tick(wall));
    };
    for (const e of boot.slice(0, pause + 1)) step(e, 100);
    const paused = boot[pause]?.time ?? 0;
    // Over the bound at the sweep: the boot's request, quiet the longest, is closed, its operation final as it stands.
    for (const e of fillers(0, 4096, paused + 1000)) step(e, 0);
    for (let k = 0; k < 20; k++) step(null, 100);
    expect(analyzer.notes.evicted).toBeGreaterThan(0);
    const first = events.filter((e) => e.event === 'operation.finished');
    expect(first.map((e) => e.operation.type)).toEqual(['boot']);
    const id = first[0]?.operation.id;
    for (const e of boot.slice(pause + 1)) step({ ...e, time: (e.time ?? paused) + 60_000 }, 100);
    for (let k = 0; k < 100; k++) step(null, 100);
    events.push(...analyzer.finish(wall + 1000).events);
    const about = events.filter((e) => e.operation.id === id).map((e) => e.event);
    // Started once, finished once; what its last lines change is a revision.
    expect(about.filter((e) => e === 'operation.started' || e === 'operation.finished')).toEqual(['operation.started', 'operation.finished']);
    expect(about.at(-1)).toBe('operation.revised');
    expect(events.filter((e) => e.event === 'operation.revised' && e.operation.id === id).at(-1)?.operation.outcome).toBe('succeeded');
    expect(analyzer.counts).toMatchObject({ started: 1, finished: 1 });
  });
});
