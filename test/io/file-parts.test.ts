// A file cut into parts counted alone (stats on several threads) counts exactly as the file read whole: on every
// fixture with parts forced small, and on the shapes where a part's start could change what its lines count as.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { cutLineHead, planParts } from '../../src/io/file-parts.js';
import type { FilePart } from '../../src/io/file-parts.js';
import { countPart, joinParts } from '../../src/io/part-stats.js';
import type { FileStats } from '../../src/model/file-stats.js';
import { DEFAULT_MAX_LINE } from '../../src/parse/entry-parser.js';
import type { ParseOptions } from '../../src/parse/entry-parser.js';
import { UTC } from '../../src/parse/time.js';
import { OPTIONS, ROOT } from '../helpers.js';
import { comparable, wholeStats } from './whole-stats.js';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-parts-'));
const MODIFIED = new Date(Date.UTC(2026, 0, 31));

function inParts(path: string, partBytes: number, options: ParseOptions = OPTIONS, modified = MODIFIED): { parts: readonly FilePart[]; joined: FileStats | null; fresh: FileStats[] } {
  const size = readFileSync(path).length;
  const parts = planParts(path, size, partBytes, options.maxLine ?? DEFAULT_MAX_LINE, options.zone);
  const counts = parts.map((part) => ({ part, count: countPart(path, modified, part, options) }));
  return { parts, joined: joinParts(counts), fresh: counts.map((c) => c.count.stats) };
}

/** The file cut before the lines at `offsets` (each one cutLineHead accepts), each part counted alone, then joined. */
function cutAt(path: string, offsets: readonly number[], modified = MODIFIED): { joined: FileStats | null; fresh: FileStats[] } {
  const text = readFileSync(path);
  const parts: FilePart[] = [0, ...offsets].map((start, k) => {
    const lineEnd = text.indexOf(10, start);
    const head = k === 0 ? null : cutLineHead(text.toString('latin1', start, lineEnd), UTC);
    if (k > 0) expect(head).not.toBeNull();
    return { start, end: offsets[k] ?? null, head };
  });
  const counts = parts.map((part) => ({ part, count: countPart(path, modified, part, OPTIONS) }));
  return { joined: joinParts(counts), fresh: counts.map((c) => c.count.stats) };
}

function write(name: string, text: string | Buffer): string {
  const path = join(tmp, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const T = (s: number): string => `2026-11-22 02:${String(40 + Math.floor(s / 60))}:${String(s % 60).padStart(2, '0')}.123`;
const REQ = '[req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - -]';
const info = (s: number, pid: number, msg: string, logger = 'nova.compute.manager'): string => `${T(s)} ${pid} INFO ${logger} ${REQ} ${msg}`;
/** An error entry and its traceback, each line with the oslo prefix and no context bracket. */
function traceback(s: number, pid: number, lines: number): string[] {
  const out = [`${T(s)} ${pid} ERROR nova.compute.manager ${REQ} [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Failed to build`];
  out.push(`${T(s)} ${pid} ERROR nova.compute.manager [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Traceback (most recent call last):`);
  for (let i = 0; i < lines; i++) out.push(`${T(s)} ${pid} ERROR nova.compute.manager [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8]   File "/opt/stack/nova/nova/compute/manager.py", line ${i}, in f`);
  return out;
}

describe('cutLineHead: a line a file may be cut before', () => {
  it.each([
    ['an oslo line with a context bracket', info(5, 20764, 'Took 0.5 seconds'), { pid: 20764, time: Date.UTC(2026, 10, 22, 2, 40, 5, 123) }],
    ['the same with CRLF', `${info(5, 20764, 'Took 0.5 seconds')}\r`, { pid: 20764, time: Date.UTC(2026, 10, 22, 2, 40, 5, 123) }],
    ['the same in devstack colours', `${T(5)} 20764 \u001b[00;32mINFO nova.compute.manager [\u001b[01;36m${REQ.slice(1)}\u001b[00m Took`, { pid: 20764, time: Date.UTC(2026, 10, 22, 2, 40, 5, 123) }],
    ['a traceback line (no context bracket: it folds into the entry above)', traceback(5, 20764, 1)[1] as string, null],
    ['a traceback\'s own line', '  File "/opt/stack/nova/nova/compute/manager.py", line 1, in f', null],
    ['a year-less journald line (its year follows the lines before)', `Nov 22 02:40:05 host nova-compute[20764]: INFO nova.compute.manager ${REQ} Took`, null],
    ['an empty line', '', null],
    ['an xtrace line', '+ functions-common:_run_process:1440       :   [[ -n libvirtd ]]', null],
  ])('%s', (_, line, head) => {
    expect(cutLineHead(line, UTC)).toEqual(head);
  });
});

describe('a file counted in parts counts as read whole', () => {
  const fixtures = fg.sync('fixtures/**/*', { cwd: ROOT, absolute: true, onlyFiles: true }).sort();

  it.each([200, 1024, 4096])('every fixture file, cut every %i bytes', async (partBytes) => {
    let cut = 0;
    let joined = 0;
    for (const path of fixtures) {
      const whole = comparable(await wholeStats(path));
      const result = inParts(path, partBytes);
      if (result.parts.length < 2) continue;
      cut++;
      if (result.joined === null) continue;
      joined++;
      expect({ path: relative(ROOT, path), stats: comparable(result.joined) }).toEqual({ path: relative(ROOT, path), stats: whole });
    }
    // Most cut files join (the rest are counted whole): the equality above is not vacuous.
    expect(cut).toBeGreaterThanOrEqual(10);
    expect(joined / cut).toBeGreaterThan(0.8);
  });

  it('moves a cut that falls inside a traceback to the next entry: its lines stay with the part before', () => {
    const lines = [info(1, 100, 'one'), ...traceback(2, 100, 200), info(3, 100, 'after'), info(4, 100, 'more')];
    const path = write('traceback.log', `${lines.join('\n')}\n`);
    const size = readFileSync(path).length;
    const { parts, joined } = inParts(path, Math.floor(size / 2));
    expect(parts).toHaveLength(2);
    const afterAt = readFileSync(path).indexOf(info(3, 100, 'after'));
    expect(parts[1]?.start).toBe(afterAt);
    expect(joined?.entries).toBe(4);
    expect(joined?.continuations).toBe(201);
  });

  it.each([
    ['CRLF', (lines: string[]) => `${lines.join('\r\n')}\r\n`],
    ['NULs inside lines', (lines: string[]) => `${lines.map((l, i) => (i % 7 === 3 ? `${l}\u0000\u0000tail` : l)).join('\n')}\n`],
    ['no newline at the end', (lines: string[]) => lines.join('\n')],
    ['UTF-8 and invalid bytes', (lines: string[]) => Buffer.concat(lines.map((l, i) => Buffer.concat([Buffer.from(`${l} café`), i % 5 === 0 ? Buffer.from([0xff, 0xc3]) : Buffer.alloc(0), Buffer.from('\n')])))],
  ])('%s', async (name, render) => {
    const lines: string[] = [];
    for (let s = 0; s < 100; s += 2) lines.push(info(s, 100 + (s % 3), `line ${s}`), ...(s % 4 === 0 ? traceback(s, 100 + (s % 3), 3) : []), ...(s % 9 === 0 ? ['not a log line', ''] : []));
    const path = write(`shape-${name.replaceAll(' ', '-')}.log`, render(lines));
    for (const partBytes of [300, 1000, 3000]) {
      const { parts, joined } = inParts(path, partBytes);
      expect(parts.length).toBeGreaterThan(1);
      expect(joined).not.toBeNull();
      expect(comparable(joined as FileStats)).toEqual(comparable(await wholeStats(path)));
    }
  });

  it('lines longer than --max-line, cut, and a 2 MB line', async () => {
    const options: ParseOptions = { ...OPTIONS, maxLine: 1024 };
    const lines: string[] = [];
    for (let s = 0; s < 40; s++) lines.push(info(s, 100, s % 6 === 0 ? `long ${'x'.repeat(3000 + s)}` : `line ${s}`));
    lines.splice(20, 0, `huge ${'y'.repeat(2 << 20)}`);
    const path = write('long-lines.log', `${lines.join('\n')}\n`);
    const whole = comparable(await wholeStats(path, options));
    expect(whole['cut']).toBe(8);
    for (const partBytes of [2000, 50_000, 300_000]) {
      const { parts, joined } = inParts(path, partBytes, options);
      expect(parts.length).toBeGreaterThan(1);
      expect(comparable(joined as FileStats)).toEqual(whole);
    }
  });

  it('does not cut a journal of year-less stamps: none of its lines may start a part', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `Nov 22 02:40:${String(i % 60).padStart(2, '0')} host nova-compute[100]: INFO nova.compute.manager ${REQ} j ${i}`);
    const path = write('journal.txt', `${lines.join('\n')}\n`);
    expect(planParts(path, readFileSync(path).length, 4096, DEFAULT_MAX_LINE, UTC)).toEqual([{ start: 0, end: null, head: null }]);
  });

  it('does not cut gzip files: their bytes cannot be read from the middle', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => info(i % 60, 100, `line ${i} ${Math.random()}`));
    const path = write('big.log.gz', gzipSync(`${lines.join('\n')}\n`, { level: 0 }));
    expect(planParts(path, readFileSync(path).length, 1000, DEFAULT_MAX_LINE, UTC)).toEqual([{ start: 0, end: null, head: null }]);
  });
});

describe('a part whose start changes what its lines count as is not joined (the file is counted whole)', () => {
  it('an error entry of another process, still open at the cut, whose traceback goes on after it', async () => {
    // pid 100's traceback is interleaved with pid 200's line within a second: it goes on after the cut.
    const tb = traceback(5, 100, 60);
    const lines = [info(1, 300, 'start'), ...tb.slice(0, 30), info(5, 200, 'other process'), ...tb.slice(30), info(9, 300, 'end')];
    const path = write('interleaved.log', `${lines.join('\n')}\n`);
    const { joined, fresh } = cutAt(path, [readFileSync(path).indexOf(lines[31] as string)]);
    expect(joined).toBeNull();
    // Counted alone, the second part takes the rest of the traceback for new entries: the check is needed.
    const whole = await wholeStats(path);
    expect(fresh.reduce((n, s) => n + s.entries, 0)).not.toBe(whole.entries);
    // A second later, the traceback cannot go on: the same cut joins.
    const later = [...lines.slice(0, 31), info(7, 200, 'other process'), info(8, 300, 'end')];
    const laterPath = write('interleaved-later.log', `${later.join('\n')}\n`);
    const after = cutAt(laterPath, [readFileSync(laterPath).indexOf(later[31] as string)]);
    expect(comparable(after.joined as FileStats)).toEqual(comparable(await wholeStats(laterPath)));
  });

  it('a compute log whose resource tracker names another host after the cut than before', async () => {
    const tracker = (s: number, host: string): string => info(s, 100, `Compute_service record updated for ${host}:${host}`, 'nova.compute.resource_tracker');
    const lines = [tracker(1, 'host1'), ...Array.from({ length: 20 }, (_, i) => info(2, 100, `a ${i}`)), tracker(3, 'host2'), info(4, 100, 'b')];
    const path = write('screen-n-cpu.txt', `${lines.join('\n')}\n`);
    const { joined, fresh } = cutAt(path, [readFileSync(path).indexOf(lines[21] as string)]);
    expect(joined).toBeNull();
    expect([...(await wholeStats(path)).hosts]).toEqual(['host1']);
    expect([...(fresh[1] as FileStats).hosts]).toEqual(['host2']);
    // The same host on both sides (the bench corpus's compute logs): joined.
    const same = lines.map((l) => l.replace('host2', 'host1'));
    const samePath = write('same/screen-n-cpu.txt', `${same.join('\n')}\n`);
    const both = cutAt(samePath, [readFileSync(samePath).indexOf(same[21] as string)]);
    expect(comparable(both.joined as FileStats)).toEqual(comparable(await wholeStats(samePath)));
  });

  it('a file that names no service, whose loggers named one before the cut', async () => {
    const lines = [info(1, 100, 'a', 'nova.compute.manager'), ...Array.from({ length: 20 }, (_, i) => info(2, 100, `b ${i}`, 'oslo_messaging.rpc'))];
    const path = write('app.log', `${lines.join('\n')}\n`);
    const { joined, fresh } = cutAt(path, [readFileSync(path).indexOf(lines[12] as string)]);
    expect(joined).toBeNull();
    expect([...(await wholeStats(path)).services]).toEqual(['compute']);
    expect([...(fresh[1] as FileStats).services]).toEqual(['other']);
  });

  it.each([
    // Modified at the end of December: the December stamps are that year's, the January ones after the cut the next.
    ['a December -> January rollover before the cut', new Date(Date.UTC(2026, 11, 31)), false],
    // Modified in January: the December stamps are the year before's, and January's read alike after the cut alone.
    ['a rollover the part reads alike alone', new Date(Date.UTC(2027, 0, 15)), true],
  ])('year-less stamps: %s', async (_, modified, joins) => {
    const journal = (month: string, i: number): string => `${month} 31 23:59:59 host nova-compute[100]: INFO nova.compute.manager ${REQ} j ${i}`;
    const lines = [...Array.from({ length: 10 }, (_, i) => journal('Dec', i)), info(1, 100, 'oslo'), ...Array.from({ length: 10 }, (_, i) => journal('Jan', i))];
    const path = write('journal-and-oslo.log', `${lines.join('\n')}\n`);
    const { joined } = cutAt(path, [readFileSync(path).indexOf(lines[10] as string)], modified);
    const whole = comparable(await wholeStats(path, OPTIONS, modified));
    if (joins) expect(comparable(joined as FileStats)).toEqual(whole);
    else expect(joined).toBeNull();
  });
});
