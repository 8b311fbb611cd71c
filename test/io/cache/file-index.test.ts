// The per-file index: a file's counts and entry points, and the lines an answer shows parsed again from the entry
// point before them. Reading from any point must give what reading the whole file gives from the point's mark on,
// field by field; an index of a file that changed, or not as written, is not used.

import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileIndexCache, readFromPoint, readingRuns } from '../../../src/io/cache/file-index.js';
import type { Source } from '../../../src/io/inputs.js';
import type { PooledSource } from '../../../src/io/parse-pool.js';
import { openSource } from '../../../src/io/read-source.js';
import type { EntryPoint } from '../../../src/io/read-source.js';
import type { LogEntry } from '../../../src/model/entry.js';
import { encodeEntries } from '../../../src/parse/entry-codec.js';
import type { ResumeMark } from '../../../src/parse/resume-mark.js';
import { HAS_REALDATA, OPTIONS, REALDATA } from '../../helpers.js';
import { expectSameEntries } from '../../parse/same-entries.js';

if (!HAS_REALDATA) console.warn(`file-index tests on real files skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);

const tmp = (): string => mkdtempSync(join(tmpdir(), 'novatrace-index-'));
const sourceOf = (path: string): Source => ({ path, stdin: false, modified: statSync(path).mtime });

/** A whole reading with marks, noting an entry point at every read (32 KB), as a worker reads a file for the index. */
async function readWithPoints(path: string): Promise<{ entries: LogEntry[]; points: EntryPoint[]; source: PooledSource }> {
  const o = openSource(sourceOf(path), OPTIONS, { live: false, blocking: true, marks: true, points: 0 });
  const entries: LogEntry[] = [];
  for await (const batch of o.batches) entries.push(...batch);
  const source: PooledSource = {
    chunks: (async function* none() {})(),
    stats: () => o.stats(),
    broken: () => o.broken(),
    mark: () => o.mark(),
    points: () => o.points(),
  };
  return { entries, points: o.points(), source };
}

/** The entries read from `point` on, up to (and with) the one at `last`. */
async function fromPoint(path: string, point: EntryPoint, last: number): Promise<LogEntry[]> {
  const from = readFromPoint(path, point);
  expect(from).not.toBeNull();
  const o = openSource(sourceOf(path), OPTIONS, { live: false, blocking: true, ...(from === null ? {} : { from }) });
  const out: LogEntry[] = [];
  for await (const batch of o.batches) {
    for (const e of batch) {
      out.push(e);
      if (e.line >= last) return out;
    }
  }
  return out;
}

describe.skipIf(!HAS_REALDATA)('entry points: reading from one gives what the whole reading gives from there', () => {
  it.each([
    'zed-rig/full/n-cond.log', // tracebacks
    'zed-rig/full/n-cpu-compute1.log',
    'zed-rig/full/n-api.log',
    'devstack-journal-2023/n-cpu.log', // journald's year-less stamps
  ])('%s', async (file) => {
    const path = join(REALDATA, file);
    const { entries, points } = await readWithPoints(path);
    const size = statSync(path).size;
    // A point about every read, each with its mark at or before its line.
    expect(points.length).toBeGreaterThan(Math.floor(size / 32768) / 2);
    for (const p of points) expect(p.mark.line).toBeLessThan(p.line);
    const bytes = readFileSync(path);
    for (const point of points) {
      const from = readFromPoint(path, point);
      // The mark's line starts where a line starts, `line - mark.line` lines before the point's offset.
      expect(from).not.toBeNull();
      const at = (from as { offset: number }).offset;
      expect(at === 0 || bytes[at - 1] === 0x0a).toBe(true);
      expect(bytes.subarray(at, point.offset).toString('latin1').split('\n').length - 1).toBe(point.line - point.mark.line);
      // The next 40 entries from the mark on, field by field.
      const expected = entries.filter((e) => e.line >= point.mark.line).slice(0, 40);
      const got = await fromPoint(path, point, (expected[expected.length - 1] as LogEntry).line);
      expectSameEntries(got, expected);
    }
  });
});

const mark = (line: number): ResumeMark => ({ line } as ResumeMark);
const point = (markLine: number): EntryPoint => ({ mark: mark(markLine), line: markLine + 1, offset: markLine * 100 });

describe('readingRuns', () => {
  const points = [point(100), point(200), point(300), point(400), point(500)];

  it('starts each run at the point before its first line (none: the file\'s start)', () => {
    expect(readingRuns([5, 50], points)).toEqual([{ point: null, last: 50 }]);
    expect(readingRuns([150], points)).toEqual([{ point: points[0], last: 150 }]);
    expect(readingRuns([100], points)).toEqual([{ point: points[0], last: 100 }]);
    expect(readingRuns([99], points)).toEqual([{ point: null, last: 99 }]);
  });

  it('reads on across one point, and starts again past two', () => {
    // 150 -> 250: one point (200) between: one run. 250 -> 450: two points (300, 400): a new run from 400.
    expect(readingRuns([150, 250, 450, 460], points)).toEqual([{ point: points[0], last: 250 }, { point: points[3], last: 460 }]);
    expect(readingRuns([10, 550], points)).toEqual([{ point: null, last: 10 }, { point: points[4], last: 550 }]);
    expect(readingRuns([], points)).toEqual([]);
    expect(readingRuns([1, 2, 3], [])).toEqual([{ point: null, last: 3 }]);
  });
});

describe('readFromPoint', () => {
  it('finds the mark\'s line back from the point\'s offset, and says null when the lines are not there', () => {
    const path = join(tmp(), 'a.log');
    writeFileSync(path, 'one\ntwo\nthree\nfour\n');
    // Line 4 ("four") starts at 14; the mark at line 2 ("two") starts at 4.
    expect(readFromPoint(path, { mark: mark(2), line: 4, offset: 14 })?.offset).toBe(4);
    expect(readFromPoint(path, { mark: mark(3), line: 4, offset: 14 })?.offset).toBe(8);
    expect(readFromPoint(path, { mark: mark(1), line: 4, offset: 14 })?.offset).toBe(0);
    // Fewer lines before the offset than the point says: not these lines.
    expect(readFromPoint(path, { mark: mark(2), line: 9, offset: 14 })).toBeNull();
    expect(readFromPoint(join(tmp(), 'gone.log'), { mark: mark(2), line: 4, offset: 14 })).toBeNull();
  });
});

describe.skipIf(!HAS_REALDATA)('FileIndexCache', () => {
  const conductor = HAS_REALDATA ? readFileSync(join(REALDATA, 'zed-rig/full/n-cond.log')) : Buffer.alloc(0);

  async function indexed(): Promise<{ cache: FileIndexCache; path: string; dir: string; points: EntryPoint[]; entries: LogEntry[] }> {
    const dir = tmp();
    const path = join(tmp(), 'n-cond.log');
    writeFileSync(path, conductor);
    const cache = new FileIndexCache(dir, 'test');
    const { entries, points, source } = await readWithPoints(path);
    const wrapped = cache.wrap(() => ({ ...source, chunks: (async function* one() { yield encodeEntries(entries.slice(0, 1)); })() }))(sourceOf(path));
    let chunks = 0;
    for await (const chunk of wrapped.chunks) chunks += chunk.meta[0] as number;
    expect(chunks).toBe(1);
    return { cache, path, dir, points, entries };
  }

  const indexFile = (dir: string): string => {
    const folder = join(dir, 'v1', 'files');
    const files = readdirSync(folder).filter((f) => f.endsWith('.idx'));
    expect(files).toHaveLength(1);
    return join(folder, files[0] as string);
  };

  it('keeps a file\'s counts and entry points, not its entries: a fraction of its size', async () => {
    const { cache, path, dir, points } = await indexed();
    expect(points.length).toBeGreaterThan(3);
    expect(cache.pointsOf(sourceOf(path))).toEqual(points);
    expect(cache.statsOf(sourceOf(path))?.[0]?.lines).toBe(conductor.toString('latin1').split('\n').length - 1);
    expect(statSync(indexFile(dir)).size).toBeLessThan(conductor.length / 10);
  });

  it('a file that changed since, or an index not as written, is not used', async () => {
    const grown = await indexed();
    appendFileSync(grown.path, conductor.subarray(0, conductor.indexOf(0x0a) + 1));
    expect(grown.cache.pointsOf(sourceOf(grown.path))).toBeNull();
    expect(grown.cache.statsOf(sourceOf(grown.path))).toBeNull();

    const flipped = await indexed();
    const file = indexFile(flipped.dir);
    const bytes = readFileSync(file);
    const at = bytes.indexOf('"points"');
    bytes[at + 20] = (bytes[at + 20] as number) ^ 1;
    writeFileSync(file, bytes);
    expect(flipped.cache.pointsOf(sourceOf(flipped.path))).toBeNull();
    expect(flipped.cache.statsOf(sourceOf(flipped.path))).toBeNull();
  });

  it('an index that holds is not written again; one of another key is not read', async () => {
    const { cache, path, dir } = await indexed();
    const file = indexFile(dir);
    const before = statSync(file).ino;
    const { source } = await readWithPoints(path);
    for await (const _ of cache.wrap(() => source)(sourceOf(path)).chunks) expect.unreachable();
    expect(statSync(file).ino).toBe(before);
    expect(new FileIndexCache(dir, 'another').pointsOf(sourceOf(path))).toBeNull();
  });
});
