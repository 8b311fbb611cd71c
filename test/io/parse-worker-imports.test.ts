// What the parse worker loads as it starts: the merge waits for its first chunks meanwhile, so its module graph
// holds the parser and the reader, not the inputs' discovery (fast-glob, crypto, the cache's fingerprints).

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** The src files that `entry` loads through value imports and re-exports (`import type` loads nothing). */
function valueImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm)) {
      visit(resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return seen;
}

describe('the parse worker\'s module graph', () => {
  const loaded = valueImports(join(ROOT, 'src', 'io', 'parse-worker.ts'));

  it('holds the reader, the parser and the codec', () => {
    for (const f of ['io/read-source.ts', 'parse/entry-parser.ts', 'parse/entry-codec.ts', 'io/bytes-read.ts']) {
      expect(loaded).toContain(join(ROOT, 'src', f));
    }
  });

  it.each(['io/inputs.ts', 'io/progress.ts', 'io/cache/fingerprint.ts'])('does not load %s', (f) => {
    expect(loaded).not.toContain(join(ROOT, 'src', f));
  });
});
