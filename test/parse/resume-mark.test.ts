// A file's parsing resumed from its last mark gives what parsing the whole file gives: real files cut after every
// line of their tracebacks and at many other lines, the cut part parsed with marks, then its entries before the mark
// joined with a parser restored from the mark and fed the rest. The mark's year says when a later modification
// time would read the stamps otherwise.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/model/entry.js';
import type { FileStats } from '../../src/model/file-stats.js';
import { EntryParser } from '../../src/parse/entry-parser.js';
import type { ParseOptions } from '../../src/parse/entry-parser.js';
import { fileStatsToJson } from '../../src/parse/file-stats-json.js';
import { resumeMarkFromJson, resumeMarkToJson, resumesAfter } from '../../src/parse/resume-mark.js';
import type { ResumeMark } from '../../src/parse/resume-mark.js';
import { HAS_REALDATA, OPTIONS, REALDATA } from '../helpers.js';
import { expectSameEntries } from './same-entries.js';

if (!HAS_REALDATA) console.warn(`resume-mark tests on real files skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);

const MODIFIED = new Date(Date.UTC(2026, 0, 31));

interface Parsed {
  readonly entries: LogEntry[];
  readonly stats: FileStats;
  readonly mark: ResumeMark | null;
}

/** `lines` through one parser that keeps marks, going on from `from` when given (its lines are then the file's from the mark's). */
function parse(path: string, lines: readonly string[], options: ParseOptions, from: ResumeMark | null = null, modified = MODIFIED): Parsed {
  const entries: LogEntry[] = [];
  const parser = new EntryParser(path, modified, options, (e) => entries.push(e));
  parser.keepMarks();
  if (from !== null) parser.restore(from);
  for (const line of lines) parser.push(line);
  parser.flush();
  return { entries, stats: parser.stats, mark: parser.resumeMark() };
}

/** The file's first `cut` lines parsed, then the whole file read on from their mark (through its JSON form, as the cache keeps it). */
function grown(path: string, lines: readonly string[], cut: number, options: ParseOptions): { joined: LogEntry[]; stats: FileStats; mark: ResumeMark } | null {
  const old = parse(path, lines.slice(0, cut), options);
  if (old.mark === null) return null;
  const mark = resumeMarkFromJson(JSON.parse(JSON.stringify(resumeMarkToJson(old.mark))));
  const kept = old.entries.slice(0, mark.entries);
  // Every entry before the mark's line, none after.
  expect(kept.every((e) => e.line < mark.line)).toBe(true);
  expect(old.entries[mark.entries]?.line ?? mark.line).toBeGreaterThanOrEqual(mark.line);
  const rest = parse(path, lines.slice(mark.line - 1), options, mark);
  return { joined: [...kept, ...rest.entries], stats: rest.stats, mark };
}

/** Lines of a real file, as the line splitter gives them (a last newline ends the last line). */
function linesOf(path: string): string[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/**
 * About `count` cuts: after each line in and next to the file's first ERROR or TRACE runs (inside tracebacks), and
 * evenly over the rest.
 */
function cuts(lines: readonly string[], count: number): number[] {
  const out = new Set<number>([1, lines.length]);
  let near = 0;
  lines.forEach((line, i) => {
    if (near < count / 2 && / (ERROR|TRACE|CRITICAL) /.test(line)) {
      for (let k = i - 1; k <= i + 2; k++) if (k >= 1 && k <= lines.length) out.add(k);
      near += 4;
    }
  });
  for (let k = 1; k < count / 2; k++) out.add(Math.round((lines.length * k) / (count / 2)));
  return [...out].sort((a, b) => a - b);
}

/** Lines of a file read, at most this many (enough for what they show, few enough to parse again per cut). */
const MOST_LINES = 2000;

const FILES: [string, string][] = HAS_REALDATA ? [
  ['zed-rig conductor: tracebacks of a failed boot', 'zed-rig/full/n-cond.log'],
  ['Juno conductor: TRACE lines, interleaved tracebacks', 'live-migration-juno/logs/hp-ms-01-c29/var/log/nova/nova-conductor.log'],
  ["os-log-merger's merged file: services learnt from loggers per alias", 'live-migration-juno/logs/mergedlogs.log'],
  ["a devstack CI job's compute: its host learnt from the resource tracker", 'devstack-ci-mitaka/screen-n-cpu.txt.gz'],
  ['a journal of year-less stamps', 'devstack-journal-2023/n-cpu.log'],
  ['the queens fault-injection compute', 'fault-injection-queens-dev/Nova/Test_340/logs/round_1/nova/nova-compute.log.bzip2.out'],
] : [];

describe('parsing resumed from a mark', () => {
  it.skipIf(!HAS_REALDATA).each(FILES)('%s: each cut, then the rest, gives the whole file\'s entries and counts', (_name, file) => {
    const path = join(REALDATA, file);
    const lines = linesOf(path).slice(0, MOST_LINES);
    const whole = parse(path, lines, OPTIONS);
    const wholeJson = JSON.stringify(whole.entries);
    let resumed = 0;
    for (const cut of cuts(lines, 40)) {
      const r = grown(path, lines, cut, OPTIONS);
      if (r === null) continue;
      // Field by field where a difference would be hard to read, at the first cut; as text (keys in order) at the others.
      if (resumed++ === 0) expectSameEntries(r.joined, whole.entries);
      else expect(JSON.stringify(r.joined) === wholeJson, `cut after line ${cut}`).toBe(true);
      expect(fileStatsToJson(r.stats), `cut after line ${cut}`).toEqual(fileStatsToJson(whole.stats));
    }
    expect(resumed).toBeGreaterThan(10);
  });

  it('a mark is the last line whose entry starts with every entry before it finished: never inside open tracebacks', () => {
    const at = (s: number, pid: number, rest: string): string => `2026-11-22 02:40:0${s}.123 ${pid} ${rest}`;
    const lines = [
      at(0, 7, 'ERROR nova.compute.manager [req-1 u p - - -] failed A'),
      // Another process's error within a second: the first stays open (their tracebacks interleave).
      at(0, 8, 'ERROR nova.compute.manager [req-2 u p - - -] failed B'),
      at(0, 7, 'ERROR nova.compute.manager Traceback (most recent call last):'),
      at(0, 8, 'ERROR nova.compute.manager Traceback (most recent call last):'),
      at(5, 9, 'INFO nova.compute.manager [req-3 u p - - -] later'),
    ];
    // Up to the tracebacks, the last mark is the first line: the second error started with the first still open.
    expect(parse('x.log', lines.slice(0, 4), OPTIONS).mark).toMatchObject({ line: 1, entries: 0 });
    const whole = parse('x.log', lines, OPTIONS);
    expect(whole.mark).toMatchObject({ line: 5, entries: 2 });
    expect(whole.entries.map((e) => e.continuation.length)).toEqual([1, 1, 0]);
  });

  it('a parser that made no mark of its own gives back the mark it went on from', () => {
    const lines = ['2026-11-22 02:40:00.123 7 ERROR nova.compute.manager [req-1 u p - - -] failed', '2026-11-22 02:40:00.123 7 ERROR nova.compute.manager Traceback (most recent call last):'];
    const first = parse('x.log', lines.slice(0, 1), OPTIONS);
    const mark = first.mark as ResumeMark;
    // Only continuation lines follow: the entry stays open, no new mark.
    expect(parse('x.log', lines.slice(mark.line - 1), OPTIONS, mark).mark).toEqual(mark);
  });
});

describe('the year of year-less stamps after a resume', () => {
  const lines = [
    'Dec 31 23:59:58 host nova-compute[7]: INFO nova.compute.manager [None req-1 None None] one',
    'Dec 31 23:59:59 host nova-compute[7]: INFO nova.compute.manager [None req-1 None None] two',
    'Jan  1 00:00:01 host nova-compute[7]: INFO nova.compute.manager [None req-1 None None] three',
  ];
  const janFirst = new Date(Date.UTC(2027, 0, 1, 0, 5));

  it('a later modification time in the same turn of the year reads the stamps alike: the mark holds', () => {
    const old = parse('j.log', lines.slice(0, 2), OPTIONS, null, janFirst);
    const mark = old.mark as ResumeMark;
    expect(mark.firstYear).toEqual({ month: 12, year: 2026 });
    const later = new Date(Date.UTC(2027, 0, 3));
    expect(resumesAfter(mark, later)).toBe(true);
    const rest = parse('j.log', lines.slice(mark.line - 1), OPTIONS, mark, later);
    const whole = parse('j.log', lines, OPTIONS, null, later);
    expectSameEntries([...old.entries.slice(0, mark.entries), ...rest.entries], whole.entries);
    expect(fileStatsToJson(rest.stats)).toEqual(fileStatsToJson(whole.stats));
  });

  it('a modification time a year on reads the first stamp in another year: the mark does not hold', () => {
    const mark = parse('j.log', lines.slice(0, 2), OPTIONS, null, janFirst).mark as ResumeMark;
    const yearOn = new Date(Date.UTC(2027, 11, 31, 23, 59, 59));
    expect(resumesAfter(mark, yearOn)).toBe(false);
    expect(parse('j.log', lines, OPTIONS, null, yearOn).entries[0]?.time).not.toBe(parse('j.log', lines.slice(0, 2), OPTIONS, null, janFirst).entries[0]?.time);
  });

  it('a journal over more than a year goes on in the year it reached, not the one its time would give', () => {
    const stamp = (day: string): string => `${day} 10:00:00 host nova-compute[7]: INFO nova.compute.manager [None req-1 None None] x`;
    const longer = ['Jan  1', 'Dec 31', 'Jan  1', 'Mar  1', 'Mar  2'].map(stamp);
    const modified = new Date(Date.UTC(2028, 2, 2));
    const old = parse('j.log', longer.slice(0, 4), OPTIONS, null, modified);
    const mark = old.mark as ResumeMark;
    expect(mark.line).toBe(4);
    const rest = parse('j.log', longer.slice(3), OPTIONS, mark, modified);
    const whole = parse('j.log', longer, OPTIONS, null, modified);
    expectSameEntries([...old.entries.slice(0, mark.entries), ...rest.entries], whole.entries);
    expect(new Date(whole.entries[4]?.time as number).getUTCFullYear()).toBe(2029);
  });

  it('--year fixes the year: any modification time holds', () => {
    const fixed = { ...OPTIONS, year: 2026 };
    const mark = parse('j.log', lines.slice(0, 2), fixed, null, janFirst).mark as ResumeMark;
    expect(resumesAfter(mark, new Date(Date.UTC(2030, 5, 1)))).toBe(true);
  });
});

describe('a mark read back', () => {
  it.each([
    ['its line past its counts', (j: Record<string, unknown>) => ({ ...j, line: 99 })],
    ['an unknown dialect', (j: Record<string, unknown>) => ({ ...j, dialect: 'syslog' })],
    ['a service that is none', (j: Record<string, unknown>) => ({ ...j, loggerServices: [[null, 'nova-nothing']] })],
    ['no years', (j: Record<string, unknown>) => ({ ...j, years: null })],
  ])('is refused with %s', (_name, spoil) => {
    const lines = ['2026-11-22 02:40:00.123 7 INFO nova.compute.manager [req-1 u p - - -] one', '2026-11-22 02:40:01.123 7 INFO nova.compute.manager [req-1 u p - - -] two'];
    const json = JSON.parse(JSON.stringify(resumeMarkToJson(parse('x.log', lines, OPTIONS).mark as ResumeMark))) as Record<string, unknown>;
    expect(() => resumeMarkFromJson(json)).not.toThrow();
    expect(() => resumeMarkFromJson(spoil(json))).toThrow(/malformed/);
  });
});
