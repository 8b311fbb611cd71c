// What novatrace sets of V8 (src/commands/v8-settings.ts says why): the bound on heap growth (bench/peak-rss.mjs and
// npm run bench:follow measure it) and the inlining budget (bench/README.md).

import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, boundInlining, HEAP_GROWING_PERCENT, INLINED_BYTECODE_CUMULATIVE } from '../../src/commands/v8-settings.js';

describe('the V8 settings novatrace makes', () => {
  it.each([
    // The old generation grows to one and a half times what a full collection found alive, not four times.
    ['boundHeapGrowth', boundHeapGrowth, HEAP_GROWING_PERCENT, 50, '--heap-growing-percent=50'],
    // V8 inlines 300 bytes of bytecode into one function, not its default 920.
    ['boundInlining', boundInlining, INLINED_BYTECODE_CUMULATIVE, 300, '--max-inlined-bytecode-size-cumulative=300'],
  ] as const)('%s sets %s', (_name, bound, value, expected, flag) => {
    const set: string[] = [];
    bound((flags) => set.push(flags));
    expect(value).toBe(expected);
    expect(set).toEqual([flag]);
  });

  it('bounds heap growth in analyze and in follow before they read', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['analysis.ts', 'follow.ts']) {
      const text = await readFile(new URL(`../../src/commands/${file}`, import.meta.url), 'utf8');
      expect(text, file).toMatch(/^import \{ boundHeapGrowth \} from '\.\/v8-settings\.js';$/m);
      expect(text, file).toMatch(/^\s+boundHeapGrowth\(\);$/m);
    }
  });

  it('bounds inlining before any command runs', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../src/cli.ts', import.meta.url), 'utf8');
    expect(text).toMatch(/^async function main\(argv: readonly string\[\]\): Promise<number> \{\n {2}boundInlining\(\);$/m);
  });
});
