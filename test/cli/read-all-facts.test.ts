// readAll keeps of each source read to its end only what is asked of it then (its counts, its break, its resume
// mark), not the reader: the pool's source and the file index's wrapper of it held about 4 KB a file to the end of
// the run (4 MB of the heap at 992 files). Run on the built CLI's modules, where the parsing threads exist.

import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as ReadAllModule from '../../src/commands/read-all.js';
import type { ChunkSource } from '../../src/commands/read-all.js';
import type { Source } from '../../src/io/inputs.js';
import type * as OptionsModule from '../../src/parse/options.js';
import { ROOT } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-read-all-facts-'));
const threads = process.env['NOVATRACE_PARSE_THREADS'];
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  if (threads === undefined) delete process.env['NOVATRACE_PARSE_THREADS'];
  else process.env['NOVATRACE_PARSE_THREADS'] = threads;
});

describe('readAll, once a source is read', () => {
  it('asks the source nothing more: its counts, break and mark are the ones it gave as it ended', async () => {
    const { readAll } = await import(join(ROOT, 'dist', 'commands', 'read-all.js')) as typeof ReadAllModule;
    const { parseOptionsFrom } = await import(join(ROOT, 'dist', 'parse', 'options.js')) as typeof OptionsModule;
    const boot = join(ROOT, 'fixtures', 'operations', 'boot-zed');
    const sources: Source[] = readdirSync(boot).map((f) => {
      copyFileSync(join(boot, f), join(tmp, f));
      return { path: join(tmp, f), stdin: false, modified: new Date(Date.UTC(2026, 0, 31)) };
    });
    // On a parsing thread whatever the size: the path of large inputs, whose sources the chunk source gives.
    process.env['NOVATRACE_PARSE_THREADS'] = '1';
    const asked: string[] = [];
    const given = { stats: [] as unknown[], broken: [] as unknown[], marks: [] as unknown[] };
    const counting = (parse: ChunkSource): ChunkSource => (source, from) => {
      const o = parse(source, from);
      return {
        chunks: o.chunks,
        stats: () => {
          asked.push(`stats ${source.path}`);
          const s = o.stats();
          given.stats.push(s);
          return s;
        },
        broken: () => {
          asked.push(`broken ${source.path}`);
          const b = o.broken();
          given.broken.push(b);
          return b;
        },
        mark: () => {
          asked.push(`mark ${source.path}`);
          const m = o.mark?.() ?? null;
          given.marks.push(m);
          return m;
        },
      };
    };
    const reading = readAll(sources, parseOptionsFrom({}), false, counting);
    let entries = 0;
    for (const stream of reading.streams) for await (const batch of stream) entries += batch.length;
    expect(entries).toBeGreaterThan(0);
    expect(reading.ended()).toBe(sources.length);
    const askedWhileReading = asked.length;
    // Each source was asked once, as it ended, for all three.
    expect(askedWhileReading).toBe(3 * sources.length);
    const stats = reading.stats();
    const marks = reading.marks();
    expect([reading.stats(), reading.marks()]).toEqual([stats, marks]);
    expect(asked.length).toBe(askedWhileReading);
    // What it gives is what the sources said.
    expect(stats).toEqual(given.stats.flat());
    expect(marks).toEqual(given.marks);
    expect(marks.every((m) => m !== null)).toBe(true);
  }, 60_000);
});
