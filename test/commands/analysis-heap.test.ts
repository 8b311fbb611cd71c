// analyze's bound on V8's heap growth: set before any log is read (src/commands/analysis.ts says why).

import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers.js';

const flags: string[] = [];
vi.mock('node:v8', async (original) => {
  const v8 = await original<typeof import('node:v8')>();
  return { ...v8, setFlagsFromString: (flag: string) => flags.push(flag) };
});

describe('analyzeInputs and the heap', () => {
  it('lets the old generation grow to twice what a full collection found alive, not four times', async () => {
    const { analyzeInputs, HEAP_GROWING_PERCENT } = await import('../../src/commands/analysis.js');
    const { parseOptionsFrom } = await import('../../src/parse/options.js');
    const analysis = await analyzeInputs([join(ROOT, 'fixtures', 'operations', 'boot-zed')], parseOptionsFrom({}), () => undefined);
    expect(analysis.operations.map((op) => op.type)).toEqual(['boot']);
    expect(HEAP_GROWING_PERCENT).toBe(100);
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });
});
