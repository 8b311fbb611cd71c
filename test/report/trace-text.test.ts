// The waterfall of trace and the terminal UI: each phase drawn to the operation's scale, `#` where its lines are and
// `-` where it was quiet. Bars are worked out here cell by cell (40 cells over 40 s: a cell a second).

import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/model/entry.js';
import type { Phase } from '../../src/model/operation.js';
import { formatWaterfall } from '../../src/format/waterfall.js';
import { T0, operation } from '../ui/sample-model.js';

function phase(service: Service, host: string | null, spans: readonly (readonly [number, number])[], waitMs: number | null): Phase {
  const first = spans[0] as readonly [number, number];
  const last = spans[spans.length - 1] as readonly [number, number];
  return {
    service, host, component: null, start: T0 + first[0], end: T0 + last[1], waitMs, entries: spans.length * 2,
    spans: spans.map(([start, end]) => ({ start: T0 + start, end: T0 + end })),
  };
}

describe('formatWaterfall', () => {
  const op = operation({
    type: 'boot', instance: '4f1713a9-2ad0-4dce-8b3d-30dea178e0a5', request: 'req-c354514b-0c97-415e-ba7f-18750569f103',
    outcome: 'succeeded', start: 0, end: 40_000, hosts: ['cmp1'],
    phases: [
      phase('api', null, [[0, 2_000]], null),
      // Picks a host at once, hears of the instance when it is built.
      phase('scheduler', null, [[3_000, 3_020], [39_000, 39_500]], 1_000),
      phase('compute', 'cmp1', [[3_500, 10_000], [20_000, 40_000]], -36_000),
    ],
  });

  it('draws each span of a phase and the quiet between them', () => {
    expect(formatWaterfall(op, 40)).toEqual([
      `  api          |##${' '.repeat(38)}|    2.00s at +0ms`,
      `  scheduler    |${' '.repeat(3)}#${'-'.repeat(35)}#|   36.50s at +3.00s  wait 1.00s`,
      `  compute@cmp1 |${' '.repeat(3)}#######${'-'.repeat(10)}${'#'.repeat(20)}|   36.50s at +3.50s  overlaps`,
    ]);
  });

  it('a phase of one span is one bar, as before spans', () => {
    const one = operation({ type: 'boot', instance: 'x', request: 'req-x', outcome: 'succeeded', start: 0, end: 40_000, phases: [phase('api', null, [[10_000, 30_000]], null)] });
    expect(formatWaterfall(one, 40)).toEqual([`  api   |${' '.repeat(10)}${'#'.repeat(20)}${' '.repeat(10)}|   20.00s at +10.00s`]);
  });
});
