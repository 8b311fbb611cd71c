// The import rules of ARCHITECTURE.md, held against the code: every relative import (static, type-only, dynamic
// or re-export) in src/ goes from its folder to a folder that folder's row allows. The table is read from
// ARCHITECTURE.md itself, so the document and the test cannot drift apart.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');

/** Folder (or `cli.ts`) -> the folders it may import, from the table in ARCHITECTURE.md. */
function allowedTable(): Map<string, Set<string>> {
  const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const table = new Map<string, Set<string>>();
  const all = new Set<string>();
  const rows: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([\w.]+)\/?` \| .* \| ([^|]+) \|$/.exec(line);
    if (!m) continue;
    rows.push([m[1] as string, (m[2] as string).trim()]);
    all.add(m[1] as string);
  }
  for (const [layer, may] of rows) {
    if (may === 'nothing') table.set(layer, new Set());
    else if (may.startsWith('every folder')) table.set(layer, new Set([...all].filter((l) => l !== 'cli.ts' && l !== layer)));
    else table.set(layer, new Set(may.split(',').map((x) => x.trim())));
  }
  return table;
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes(sep) ? (rel.split(sep)[0] as string) : rel;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

describe('the layers of ARCHITECTURE.md', () => {
  const table = allowedTable();

  it('the table names every folder of src/', () => {
    const layers = new Set(readdirSync(SRC).map((name) => (statSync(join(SRC, name)).isDirectory() ? name : name)));
    expect([...layers].filter((l) => !table.has(l)).sort()).toEqual([]);
    expect(table.get('model')).toEqual(new Set());
  });

  it('no file imports a folder its row does not allow', () => {
    const bad: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = layerOf(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = (m[1] ?? m[2]) as string;
        const to = layerOf(normalize(join(dirname(file), spec)));
        if (to !== from && !table.get(from)?.has(to)) bad.push(`${relative(ROOT, file)} imports ${spec} (${from} -> ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('fails on a forbidden import (the check itself works)', () => {
    // correlate may not import the analysis engine or recognition.
    expect(table.get('correlate')?.has('analysis')).toBe(false);
    expect(table.get('correlate')?.has('operations')).toBe(false);
    const line = "import { Analyzer } from '../analysis/analyzer.js';";
    const spec = [...line.matchAll(IMPORT)][0]?.[1] as string;
    expect(layerOf(normalize(join(SRC, 'correlate', spec)))).toBe('analysis');
  });
});
