// Each parser keeps what it remembers of its last lines (logger, context bracket, instance tag, minute, code
// locations, the objects it overwrites per line) to itself: files parsed in turns, line by line, give exactly
// what each gives parsed alone, whatever the dialects and zones.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/model/entry.js';
import type { FileStats } from '../../src/model/file-stats.js';
import { EntryParser } from '../../src/parse/entry-parser.js';
import type { ParseOptions } from '../../src/parse/entry-parser.js';
import { resolveZone } from '../../src/parse/time.js';
import { HAS_REALDATA, OPTIONS, REALDATA, ROOT } from '../helpers.js';

const MODIFIED = new Date(Date.UTC(2026, 0, 31));

interface Input {
  readonly path: string;
  readonly lines: readonly string[];
  readonly options: ParseOptions;
}

function input(path: string, options: ParseOptions = OPTIONS): Input {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return { path, lines: text.split('\n'), options };
}

interface Result {
  readonly entries: LogEntry[];
  readonly stats: FileStats;
}

/** Each input through its own parser, a line of each in turn (`interleave`) or one input after the other. */
function parse(inputs: readonly Input[], interleave: boolean): Result[] {
  const results = inputs.map(() => ({ entries: [] as LogEntry[] }));
  const parsers = inputs.map((i, k) => new EntryParser(i.path, MODIFIED, i.options, (e) => results[k]?.entries.push(e)));
  const longest = Math.max(...inputs.map((i) => i.lines.length));
  if (interleave) {
    for (let n = 0; n < longest; n++) inputs.forEach((i, k) => n < i.lines.length && parsers[k]?.push(i.lines[n] as string));
  } else {
    inputs.forEach((i, k) => i.lines.forEach((line) => parsers[k]?.push(line)));
  }
  parsers.forEach((p) => p.flush());
  return results.map((r, k) => ({ entries: r.entries, stats: (parsers[k] as EntryParser).stats }));
}

const fixture = (name: string): string => join(ROOT, name);

const SETS: readonly (readonly [string, () => Input[]])[] = [
  ['zed-boot: api and compute, oslo with DEBUG suffixes', () => [
    input(fixture('fixtures/zed-boot/n-api.log')),
    input(fixture('fixtures/zed-boot/n-cpu-compute2.log')),
  ]],
  ['four dialects, three zones: oslo, journald short (year-less), journald JSON, Juno with TRACE', () => [
    input(fixture('fixtures/zed-boot/n-cond.log'), { ...OPTIONS, zone: resolveZone('Europe/Rome') }),
    input(fixture('fixtures/dialects/devstack-journal-short.txt')),
    input(fixture('fixtures/dialects/journal.json')),
    input(fixture('fixtures/dialects/juno-nova-api-trace.log'), { ...OPTIONS, zone: resolveZone('America/New_York') }),
  ]],
  ...(HAS_REALDATA ? [['devstack CI: compute and api, 25,000 lines each', () => [
    input(join(REALDATA, 'devstack-ci-mitaka/screen-n-cpu.txt.gz')),
    input(join(REALDATA, 'devstack-ci-mitaka/screen-n-api.txt.gz'), { ...OPTIONS, zone: resolveZone('+02:00') }),
  ]] as const] : []),
];

describe('parsers read in turns', () => {
  it.each(SETS)('give what each gives alone: %s', (_, make) => {
    const inputs = make();
    const alone = parse(inputs, false);
    const together = parse(inputs, true);
    expect(together).toEqual(alone);
    expect(alone.every((r) => r.entries.length > 0)).toBe(true);
  });

  it.each(SETS.filter(([name]) => !name.startsWith('four')))('share no record of what they remembered, though their files log at the same code locations: %s', (_, make) => {
    const [first, second] = parse(make(), true).map((r) => r.entries.flatMap((e) => (e.location === null ? [] : [e.location])));
    const theirs = new Set(second);
    const theirText = new Set(second?.map((l) => JSON.stringify(l)));
    expect(first?.some((l) => theirText.has(JSON.stringify(l)))).toBe(true);
    expect(first?.some((l) => theirs.has(l))).toBe(false);
  });

  it.each(SETS)('count what each counts alone (counting mode): %s', (_, make) => {
    const inputs = make().map((i) => ({ ...i, options: { ...i.options, countOnly: true } }));
    expect(parse(inputs, true)).toEqual(parse(inputs, false));
  });
});
