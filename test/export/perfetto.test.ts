// The Perfetto export against the Trace Event Format, field by field, on the fixtures' real operations and on
// hand-made ones whose phases overlap on one service@host.

import { describe, expect, it } from 'vitest';
import { renderPerfetto } from '../../src/export/perfetto.js';
import type { Phase } from '../../src/model/operation.js';
import { T0, operation } from '../ui/sample-model.js';
import { FIXTURES, analyzed } from './operations.js';
import { perfettoMismatches, perfettoProblems } from './trace-specs.js';

function phase(service: Phase['service'], host: string | null, start: number, end: number, spans: readonly [number, number][] = [[start, end]]): Phase {
  return { service, host, component: null, start: T0 + start, end: T0 + end, waitMs: null, entries: 2, spans: spans.map(([a, b]) => ({ start: T0 + a, end: T0 + b })) };
}

describe('renderPerfetto', () => {
  it.each(FIXTURES)('%s: a valid trace that says what its operations do', async (path) => {
    const ops = (await analyzed(path)).operations.filter((op) => op.timed);
    expect(ops.length).toBeGreaterThan(0);
    const doc = JSON.parse(JSON.stringify(renderPerfetto(ops))) as { traceEvents: Record<string, unknown>[] };
    expect(perfettoProblems(doc)).toEqual([]);
    expect(perfettoMismatches(doc, ops)).toEqual([]);
  });

  it('puts overlapping phases of one service@host on tracks of their own, and nests a phase\'s spans in it', () => {
    // Two compute phases on cmp1 that overlap (a migration to the same host), a third after both: back on the first.
    const op = operation({
      type: 'migrate', instance: '4f1713a9-2ad0-4dce-8b3d-30dea178e0a5', request: 'req-c354514b-0c97-415e-ba7f-18750569f103', outcome: 'succeeded',
      start: 0, end: 10_000,
      phases: [phase('api', null, 0, 500), phase('compute', 'cmp1', 1_000, 6_000, [[1_000, 2_000], [4_000, 6_000]]), phase('compute', 'cmp1', 3_000, 8_000), phase('compute', 'cmp1', 8_500, 10_000)],
    });
    const doc = renderPerfetto([op]);
    expect(perfettoProblems(doc)).toEqual([]);
    expect(perfettoMismatches(doc as unknown as { traceEvents: Record<string, unknown>[] }, [op])).toEqual([]);
    const tids = doc.traceEvents.filter((e) => e.cat === 'phase' && e.name === 'compute@cmp1').map((e) => e.tid);
    expect(new Set(tids).size).toBe(2);
    expect(tids[2]).toBe(tids[0]);
    const names = doc.traceEvents.filter((e) => e.name === 'thread_name').map((e) => (e.args as { name: string }).name);
    expect(names).toEqual(['operation', 'api', 'compute@cmp1', 'compute@cmp1 (2)']);
    // The first compute phase's two spans, inside it on its track.
    const spans = doc.traceEvents.filter((e) => e.cat === 'span');
    expect(spans.map((e) => [e.tid, e.ts, e.dur])).toEqual([[tids[0], (T0 + 1_000) * 1000, 1_000_000], [tids[0], (T0 + 4_000) * 1000, 2_000_000]]);
  });

  it('the checker catches slices that overlap on one track without nesting', () => {
    const doc = {
      displayTimeUnit: 'ms',
      traceEvents: [
        { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'p' } },
        { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 't' } },
        { name: 'a', ph: 'X', pid: 1, tid: 1, ts: 0, dur: 10 },
        { name: 'b', ph: 'X', pid: 1, tid: 1, ts: 5, dur: 10 },
        { name: 'c', ph: 'i', s: 'g', pid: 1, tid: 2, ts: 5 },
      ],
    };
    expect(perfettoProblems(doc)).toEqual([
      'event 4: instant scope g, expected "t" (its thread)',
      'event 4: tid 1/2 has no thread_name',
      'track 1/1: "b" [5, +10] overlaps "a" [0, +10] without nesting',
    ]);
  });

  it('is the same trace on every run', async () => {
    const ops = (await analyzed('fixtures/zed-boot')).operations;
    expect(JSON.stringify(renderPerfetto(ops))).toBe(JSON.stringify(renderPerfetto((await analyzed('fixtures/zed-boot')).operations)));
  });
});
