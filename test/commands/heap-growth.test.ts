// The bound on V8's heap growth (src/commands/heap-growth.ts says why; bench/peak-rss.mjs and npm run bench:follow
// measure it).

import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../src/commands/heap-growth.js';

describe('boundHeapGrowth', () => {
  it('lets the old generation grow to one and a half times what a full collection found alive, not four times', () => {
    const set: string[] = [];
    boundHeapGrowth((flags) => set.push(flags));
    expect(HEAP_GROWING_PERCENT).toBe(50);
    expect(set).toEqual(['--heap-growing-percent=50']);
  });

  it('is set by analyze and by follow before they read', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['analysis.ts', 'follow.ts']) {
      const text = await readFile(new URL(`../../src/commands/${file}`, import.meta.url), 'utf8');
      expect(text, file).toMatch(/^import \{ boundHeapGrowth \} from '\.\/heap-growth\.js';$/m);
      expect(text, file).toMatch(/^\s+boundHeapGrowth\(\);$/m);
    }
  });
});
