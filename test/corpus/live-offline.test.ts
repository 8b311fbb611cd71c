// Live equals offline on every shared real set: the set's log files are written into a folder that
// `novatrace follow --no-tui` follows (all at once, while follow is stopped, so that no file is read before the
// others are written; ten times faster than they were written; or there before
// follow starts, with --from-start), follow is stopped once it has read every line, and the last word it said on
// each operation (its last operation.finished or operation.revised event) must be exactly what `analyze --json` of
// the same files says: type, variant, instance, request IDs, outcome and reason, start, end, hosts, source and
// destination. Written at once or read from the start, every operation analyze gives a verdict (not incomplete)
// must also be finished by its lines or by quiet, not only at the stop. Ten times faster, each operation's first
// finished event must also come within 1 s of its last line
// when its lines settle it, and within the settle window + 1 s otherwise. The writing and the comparison are
// bench/live-replay.mjs's (`node bench/live-replay.mjs --speed 1 ...` runs the same at the logs' own pace).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { differences, replaySet } from '../../bench/live-replay.mjs';
import type { ReplayResult } from '../../bench/live-replay.mjs';
import { HAS_REALDATA, REALDATA } from '../helpers.js';

if (!HAS_REALDATA && process.env['CI']) throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);
if (!HAS_REALDATA) console.warn(`live-offline corpus tests skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);

const at = (...parts: string[]): string => join(REALDATA, ...parts);
const SETTLE_MS = 1000;

/** Every shared set, as analyze is given it. */
function sets(): [string, string[]][] {
  if (!HAS_REALDATA) return [];
  const zed = readdirSync(at('zed-rig')).filter((d) => /^\d\d-/.test(d)).map((d): [string, string[]] => [`zed-rig/${d}`, [at('zed-rig', d)]]);
  const queens = [['Test_2', 'round_2'], ['Test_3', 'round_1'], ['Test_12', 'round_1']]
    .map(([t, r]): [string, string[]] => [`fault-injection-queens/${t}`, [at('fault-injection-queens', 'Nova', t as string, 'logs', r as string, 'nova')]]);
  return [
    ['zed-rig/full', [at('zed-rig', 'full')]],
    ...zed,
    ['zed-rig-hostevac/full', [at('zed-rig-hostevac', 'full')]],
    ['zed-rig-hostevac/31-host-evacuate', [at('zed-rig-hostevac', '31-host-evacuate')]],
    ['devstack-ci-mitaka', [at('devstack-ci-mitaka')]],
    ...queens,
    ['live-migration-juno', [at('live-migration-juno', 'logs', 'hp-ms-01-c29'), at('live-migration-juno', 'logs', 'hp-ms-01-c30')]],
    ['devstack-journal-2023', [at('devstack-journal-2023')]],
  ];
}

function expectSame(r: ReplayResult): void {
  expect(r.code, r.stderr).toBe(0);
  // Every line written was read: else the comparison would say nothing.
  expect(r.stopped.lines).toBe(r.written);
  expect(r.expected.length).toBeGreaterThan(0);
  // The engine saw the entries in the offline merge's order: follow said none came late.
  expect(r.late).toEqual([]);
  expect(differences(r.live, r.expected)).toEqual([]);
}

/**
 * Operations follow finished only when its request closed or at the stop, though analyze gives them a verdict: read
 * in one go, every operation is still said as it would be at the logs' pace, by its lines or by quiet (one whose
 * logs end in the middle of it, incomplete, waits for the stop).
 */
function finishedLate(r: ReplayResult): string[] {
  const incomplete = new Set(r.expected.filter((o) => o.outcome === 'incomplete').map((o) => o.id));
  return r.lags.other.map((l) => l.id).filter((id) => !incomplete.has(id));
}

describe.skipIf(!HAS_REALDATA)('follow against analyze on every shared set, the files written at once', () => {
  it.concurrent.each(sets())('%s', async (_name, inputs) => {
    const r = await replaySet(inputs, { speed: 0, settleMs: SETTLE_MS });
    expectSame(r);
    expect(finishedLate(r)).toEqual([]);
  }, 300_000);
});

describe.skipIf(!HAS_REALDATA)('follow --from-start against analyze', () => {
  it.concurrent.each(sets().filter(([name]) => ['zed-rig/full', 'devstack-ci-mitaka', 'live-migration-juno'].includes(name)))('%s', async (_name, inputs) => {
    const r = await replaySet(inputs, { speed: 0, settleMs: SETTLE_MS, fromStart: true });
    expectSame(r);
    expect(finishedLate(r)).toEqual([]);
  }, 300_000);
});

describe.skipIf(!HAS_REALDATA)('follow against analyze, the files written ten times faster than Nova wrote them', () => {
  // Sets whose logs span minutes, not days (Juno's controller logs begin nine days before its migrations; the
  // paced run of every set, gaps cut, is bench/live-replay.mjs's: bench/README.md).
  const paced = sets().filter(([name]) => ['zed-rig/full', 'fault-injection-queens/Test_12', 'zed-rig-hostevac/full', 'zed-rig-hostevac/31-host-evacuate'].includes(name));
  it.concurrent.each(paced)('%s', async (_name, inputs) => {
    const r = await replaySet(inputs, { speed: 10, settleMs: SETTLE_MS });
    expectSame(r);
    const late = (list: readonly { id: string; lag: number }[], limit: number): string[] => list.filter((l) => l.lag > limit).map((l) => `${l.id}: ${l.lag} ms`);
    expect(late(r.lags.outcome, 1000), 'finished by their lines more than 1 s after their last line').toEqual([]);
    expect(late(r.lags.quiet, SETTLE_MS + 1000), 'finished by quiet more than the settle window + 1 s after their last line').toEqual([]);
    // Every operation was finished while the logs were being written or right after, never only at the stop.
    expect(r.lags.other.map((l) => l.id)).toEqual([]);
  }, 600_000);
});
