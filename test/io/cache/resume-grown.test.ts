// A file that grew since the last reading is parsed on from that reading's resume point (the last mark its parser
// made, at the byte offset resumePointOf finds), as the analysis checkpoint reads a grown file
// (commands/analysis-resume.ts), and gives what parsing the grown file whole gives: entries field by field, counts,
// line numbers. A file that changed otherwise (rotated by copytruncate, rewritten, a gzip, a last line that was
// still being written, a journal whose year would now read otherwise) is parsed whole.

import { appendFileSync, closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/io/cache/fingerprint.js';
import type { FileFingerprint } from '../../../src/io/cache/fingerprint.js';
import { onlyGrew, resumePointOf } from '../../../src/io/cache/resume-point.js';
import type { ResumePoint } from '../../../src/io/cache/resume-point.js';
import type { Source } from '../../../src/io/inputs.js';
import { openSource } from '../../../src/io/read-source.js';
import type { LogEntry } from '../../../src/model/entry.js';
import { fileStatsToJson } from '../../../src/parse/file-stats-json.js';
import type { FileStatsJson } from '../../../src/parse/file-stats-json.js';
import { resumesAfter } from '../../../src/parse/resume-mark.js';
import type { ResumeMark } from '../../../src/parse/resume-mark.js';
import { HAS_REALDATA, OPTIONS, REALDATA } from '../../helpers.js';
import { expectSameEntries } from '../../parse/same-entries.js';

if (!HAS_REALDATA) console.warn(`grown-file tests on real files skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);

/** A real file's bytes; none where ../shared/realdata is absent (the suites that read them are skipped, but their bodies still run). */
const realFile = (file: string): Buffer => (HAS_REALDATA ? readFileSync(join(REALDATA, file)) : Buffer.alloc(0));

const tmp = (): string => mkdtempSync(join(tmpdir(), 'novatrace-grow-'));

interface Read {
  readonly entries: LogEntry[];
  readonly stats: FileStatsJson[];
  /** How it was read: null for a whole file, else the byte offset it read on from. */
  readonly parsed: (number | null)[];
}

const sourceOf = (path: string): Source => ({ path, stdin: false, modified: statSync(path).mtime });

/**
 * Readings of one file, each after the last: on from the last one's resume point when the file only grew since
 * (onlyGrew) and reads its stamps as it did (resumesAfter), as analysis-resume.ts decides; else whole.
 */
class Readings {
  private last: { print: FileFingerprint; point: ResumePoint | null; mark: ResumeMark | null; entries: LogEntry[] } | null = null;

  async read(path: string): Promise<Read> {
    const print = fingerprint(path) as FileFingerprint;
    const last = this.last;
    const mark = last?.mark ?? null;
    const point = last?.point ?? null;
    const from = last !== null && mark !== null && point !== null && onlyGrew(last.print, point, print) && resumesAfter(mark, statSync(path).mtime)
      ? { offset: point.offset, mark }
      : undefined;
    const o = openSource(sourceOf(path), OPTIONS, { live: false, blocking: true, marks: true, ...(from === undefined ? {} : { from }) });
    const entries: LogEntry[] = from === undefined ? [] : (last as { entries: LogEntry[] }).entries.filter((e) => e.line < from.mark.line);
    for await (const batch of o.batches) entries.push(...batch);
    const stats = o.stats();
    const made = o.broken() === null ? o.mark() : null;
    this.last = {
      print, entries, mark: made,
      point: made === null || stats.length !== 1 ? null : resumePointOf(path, print.size, stats[0]?.lines as number, made),
    };
    return { entries, stats: stats.map(fileStatsToJson), parsed: [from?.offset ?? null] };
  }
}

/** The file parsed whole, with no cache. */
async function whole(path: string): Promise<Read> {
  const o = openSource(sourceOf(path), OPTIONS, { live: false, blocking: true });
  const entries: LogEntry[] = [];
  for await (const batch of o.batches) entries.push(...batch);
  return { entries, stats: o.stats().map(fileStatsToJson), parsed: [] };
}

function expectSame(a: Read, b: Read): void {
  expectSameEntries(a.entries, b.entries);
  expect(a.stats).toEqual(b.stats);
}


/** Offsets of the starts of `text`'s lines (after each newline). */
function lineStarts(text: Buffer): number[] {
  const out = [0];
  for (let i = text.indexOf(10); i >= 0 && i + 1 < text.length; i = text.indexOf(10, i + 1)) out.push(i + 1);
  return out;
}

describe.skipIf(!HAS_REALDATA)('a file that grew is read on from its resume point', () => {
  const conductor = realFile('zed-rig/full/n-cond.log');
  const starts = lineStarts(conductor);
  const lines = conductor.toString('latin1').split('\n');
  const tracebackLine = lines.findIndex((l) => l.includes('Traceback (most recent call last)'));

  // Inside the first traceback (its first lines, between them, and after it), and at lines over the whole file.
  const cuts: [string, number][] = [
    ...[-1, 0, 1, 2, 5].map((d): [string, number] => [`inside the first traceback (line ${tracebackLine + 1 + d})`, starts[tracebackLine + d] as number]),
    ...[0.05, 0.3, 0.5, 0.77, 0.99].map((f): [string, number] => [`at ${f * 100}% of its lines`, starts[Math.floor(starts.length * f)] as number]),
  ];

  it.each(cuts)('cut %s, then the rest appended: the whole file\'s entries and counts', async (_name, cut) => {
    expect(tracebackLine).toBeGreaterThan(0);
    const path = join(tmp(), 'n-cond.log');
    writeFileSync(path, conductor.subarray(0, cut));
    const cache = new Readings();
    expect((await cache.read(path)).parsed).toEqual([null]);
    appendFileSync(path, conductor.subarray(cut));
    const grown = await cache.read(path);
    // Read on from a resume point in the old part, not parsed whole.
    expect(grown.parsed).toHaveLength(1);
    expect(grown.parsed[0]).toBeGreaterThan(0);
    expect(grown.parsed[0]).toBeLessThan(cut);
    expectSame(grown, await whole(path));
  });

  it('a file that grew twice is read on from its second resume point', async () => {
    const path = join(tmp(), 'n-cond.log');
    const [a, b] = [starts[tracebackLine + 2] as number, starts[Math.floor(starts.length * 0.9)] as number];
    writeFileSync(path, conductor.subarray(0, a));
    const cache = new Readings();
    await cache.read(path);
    appendFileSync(path, conductor.subarray(a, b));
    expect((await cache.read(path)).parsed[0]).toBeGreaterThan(0);
    appendFileSync(path, conductor.subarray(b));
    const grown = await cache.read(path);
    expect(grown.parsed[0]).toBeGreaterThan(a);
    expectSame(grown, await whole(path));
  });

  it('appended lines that only continue the last entry (a traceback written across the old end)', async () => {
    const path = join(tmp(), 'n-cond.log');
    // The traceback's first line is the old file's last.
    writeFileSync(path, conductor.subarray(0, starts[tracebackLine + 1]));
    const cache = new Readings();
    await cache.read(path);
    appendFileSync(path, conductor.subarray(starts[tracebackLine + 1], starts[tracebackLine + 4]));
    const grown = await cache.read(path);
    expect(grown.parsed[0]).toBeGreaterThan(0);
    expectSame(grown, await whole(path));
    const last = grown.entries[grown.entries.length - 1] as LogEntry;
    expect(last.continuation.length).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(!HAS_REALDATA)('a file that changed otherwise is parsed whole', () => {
  const conductor = realFile('zed-rig/full/n-cond.log');
  const scheduler = realFile('zed-rig/full/n-sch.log');
  const half = lineStarts(conductor)[600] as number;

  async function afterChange(change: (path: string) => void, name = 'n-cond.log', first: Buffer = conductor.subarray(0, half), modified?: number): Promise<{ grown: Read; path: string }> {
    const path = join(tmp(), name);
    writeFileSync(path, first);
    if (modified !== undefined) utimesSync(path, modified, modified);
    const cache = new Readings();
    await cache.read(path);
    change(path);
    return { grown: await cache.read(path), path };
  }

  it('rotated by copytruncate, then written again past its old size (the same inode)', async () => {
    const { grown, path } = await afterChange((path) => {
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, 0);
      writeSync(fd, scheduler);
      closeSync(fd);
    });
    expect(statSync(path).size).toBeGreaterThan(half);
    expect(grown.parsed).toEqual([null]);
    expectSame(grown, await whole(path));
  });

  it.each([
    ['a byte of its last 4 KB', (size: number) => size - 100],
    ['a byte of its first 4 KB', () => 100],
  ])('rewritten in the old part (%s), then appended to', async (_name, at) => {
    const { grown, path } = await afterChange((path) => {
      const fd = openSync(path, 'r+');
      const where = at(half);
      writeSync(fd, Buffer.from(conductor[where] === 0x41 ? 'B' : 'A'), 0, 1, where);
      closeSync(fd);
      appendFileSync(path, conductor.subarray(half));
    });
    expect(grown.parsed).toEqual([null]);
    expectSame(grown, await whole(path));
  });

  it('rewritten just before its resume point, far from its old end (a long traceback last)', async () => {
    const stamp = (s: number): string => `2026-11-22 02:${String(40 + Math.floor(s / 60))}:${String(s % 60).padStart(2, '0')}.123 7`;
    const info = Array.from({ length: 100 }, (_, i) => `${stamp(i)} INFO nova.compute.manager [req-1 u p - - -] line ${i} of the old part`);
    const error = [`${stamp(100)} ERROR nova.compute.manager [req-1 u p - - -] failed`,
      ...Array.from({ length: 100 }, (_, i) => `${stamp(100)} ERROR nova.compute.manager   File "/opt/stack/nova/nova/compute/manager.py", line ${i}, in f`)];
    const old = Buffer.from(`${[...info, ...error].join('\n')}\n`);
    const errorAt = old.indexOf(' ERROR ') - stamp(100).length;
    expect(old.length - errorAt).toBeGreaterThan(8192);
    const { grown, path } = await afterChange((path) => {
      const fd = openSync(path, 'r+');
      // In the last INFO line: within the 4 KB before the resume point, not in the old part's first or last 4 KB.
      writeSync(fd, Buffer.from('X'), 0, 1, errorAt - 10);
      closeSync(fd);
      appendFileSync(path, `${stamp(200)} INFO nova.compute.manager [req-2 u p - - -] appended\n`);
    }, 'n-cpu.log', old);
    expect(grown.parsed).toEqual([null]);
    expectSame(grown, await whole(path));
  });

  it('a gzip file that grew (another member appended)', async () => {
    const { grown, path } = await afterChange((path) => appendFileSync(path, gzipSync(conductor.subarray(half))), 'n-cond.log.gz', gzipSync(conductor.subarray(0, half)));
    expect(grown.parsed).toEqual([null]);
    const all = await whole(path);
    expect(all.stats[0]?.lines).toBe(conductor.toString('latin1').split('\n').length - 1);
    expectSame(grown, all);
  });

  it('a last line still being written when it was indexed (no newline yet)', async () => {
    const cut = half + 40;
    const { grown, path } = await afterChange((path) => appendFileSync(path, conductor.subarray(cut)), 'n-cond.log', conductor.subarray(0, cut));
    expect(grown.parsed).toEqual([null]);
    expectSame(grown, await whole(path));
  });

  it('a journal of year-less stamps whose new modification time reads its first stamp in another year; the same year reads on', async () => {
    const journal = realFile('devstack-journal-2023/n-cpu.log');
    const cut = lineStarts(journal)[40] as number;
    const at = (y: number, m: number, d: number): number => Date.UTC(y, m, d) / 1000;
    for (const [later, resumed] of [[at(2023, 1, 10), true], [at(2024, 0, 20), false]] as const) {
      const { grown, path } = await afterChange((path) => {
        appendFileSync(path, journal.subarray(cut));
        utimesSync(path, later, later);
      }, 'n-cpu.log', journal.subarray(0, cut), at(2023, 1, 1));
      expect(grown.parsed[0] !== null).toBe(resumed);
      expectSame(grown, await whole(path));
    }
  });
});
