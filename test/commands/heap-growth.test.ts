// analyze's bound on V8's heap growth (src/commands/analysis.ts says why; bench/peak-rss.mjs measures it).

import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../src/commands/analysis.js';

describe('boundHeapGrowth', () => {
  it('lets the old generation grow to twice what a full collection found alive, not four times', () => {
    const set: string[] = [];
    boundHeapGrowth((flags) => set.push(flags));
    expect(HEAP_GROWING_PERCENT).toBe(100);
    expect(set).toEqual(['--heap-growing-percent=100']);
  });
});
