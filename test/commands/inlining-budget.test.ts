// The budget of code V8 inlines into one optimized function (src/commands/inlining-budget.ts says why).

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { boundInlining, INLINED_BYTECODE_CUMULATIVE } from '../../src/commands/inlining-budget.js';

describe('boundInlining', () => {
  it('lets V8 inline 300 bytes of bytecode into one function, not its default 920', () => {
    const set: string[] = [];
    boundInlining((flags) => set.push(flags));
    expect(INLINED_BYTECODE_CUMULATIVE).toBe(300);
    expect(set).toEqual(['--max-inlined-bytecode-size-cumulative=300']);
  });

  it('is set before any command runs', async () => {
    const text = await readFile(new URL('../../src/cli.ts', import.meta.url), 'utf8');
    expect(text).toMatch(/^async function main\(argv: readonly string\[\]\): Promise<number> \{\n {2}boundInlining\(\);$/m);
  });
});
