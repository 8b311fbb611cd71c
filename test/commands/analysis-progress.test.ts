// analyze's progress for the terminal UI: what it reports while reading, and that the UI's quit stops reading; and
// the UI's start on a kept analysis, its operations' lines read after the list is shown.

import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/commands/analysis.js';
import type { ReadProgress } from '../../src/model/read-progress.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { ROOT } from '../helpers.js';

const BOOT_ZED = join(ROOT, 'fixtures', 'operations', 'boot-zed');

describe('analyzeInputs with a progress watcher', () => {
  it('reports the bytes and the files read, up to all of them', async () => {
    const seen: ReadProgress[] = [];
    const analysis = await analyzeInputs([BOOT_ZED], parseOptionsFrom({}), () => undefined, undefined, undefined, { report: (p) => seen.push(p), signal: new AbortController().signal });
    expect(analysis.operations.map((op) => op.type)).toEqual(['boot']);
    const last = seen[seen.length - 1] as ReadProgress;
    expect(seen[0]).toMatchObject({ bytes: 0, filesRead: 0, entries: 0 });
    expect(last.files).toBeGreaterThan(1);
    expect(last.filesRead).toBe(last.files);
    expect(last.bytes).toBe(last.total);
    expect(last.entries).toBeGreaterThan(0);
  });

  it('stops reading when the UI is quit, and analyzes nothing', async () => {
    const quit = new AbortController();
    quit.abort();
    const analysis = await analyzeInputs([BOOT_ZED], parseOptionsFrom({}), () => undefined, undefined, undefined, { report: () => undefined, signal: quit.signal });
    expect(analysis.operations).toEqual([]);
  });
});

describe('analyzeInputs for the terminal UI on a kept analysis (linesLater, linesOf)', () => {
  const ZED_BOOT = join(ROOT, 'fixtures', 'zed-boot');
  const watcher = (signal = new AbortController().signal) => ({ report: () => undefined, signal, linesLater: true });

  it('gives the operations at once and their lines later, as reading the logs gives them; none once a line moved', async () => {
    const logs = join(mkdtempSync(join(tmpdir(), 'novatrace-lines-later-')), 'logs');
    const cache = join(logs, '..', 'cache');
    cpSync(ZED_BOOT, logs, { recursive: true });
    // A whole millisecond, which utimes can set again exactly.
    const sch = join(logs, 'n-sch.log');
    const when = new Date(Date.UTC(2022, 9, 1));
    utimesSync(sch, when, when);
    try {
      const options = { ...parseOptionsFrom({}), cache };
      const cold = await analyzeInputs([logs], options, () => undefined, () => true, undefined, watcher());
      expect(cold.lines).toBeUndefined();
      expect(cold.operations.length).toBeGreaterThan(0);
      const warm = await analyzeInputs([logs], options, () => undefined, () => true, undefined, watcher());
      expect(warm.operations.map((op) => op.id)).toEqual(cold.operations.map((op) => op.id));
      expect(warm.operations.every((op) => op.entries === null)).toBe(true);
      expect(await warm.lines?.(new AbortController().signal)).toEqual(cold);
      // One operation read alone (a timeline opened before the others' lines came) is the same operation.
      for (const op of warm.operations) expect(await warm.linesOf?.(op, new AbortController().signal)).toEqual(cold.operations.find((o) => o.id === op.id));
      const quit = new AbortController();
      quit.abort();
      expect(await warm.linesOf?.(warm.operations[0] as (typeof warm.operations)[number], quit.signal)).toBeNull();

      // One of the scheduler's lines split in two, in the middle of its file (the fingerprint reads 4 KB at each
      // end, and the size and modification time are kept): the lines after it are one further on.
      const text = readFileSync(sch, 'latin1');
      const wanted = cold.operations.flatMap((op) => op.entries ?? []).filter((e) => e.file === sch).map((e) => e.line);
      const starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      const line = wanted.find((l) => (starts[l - 2] ?? 0) > 4096 && (starts[l] ?? Infinity) < text.length - 4096) as number;
      expect(line).toBeGreaterThan(1);
      const space = text.indexOf(' ', (starts[line - 2] as number) + 40);
      expect(space).toBeLessThan(starts[line - 1] as number);
      writeFileSync(sch, `${text.slice(0, space)}\n${text.slice(space + 1)}`, 'latin1');
      utimesSync(sch, when, when);
      const moved = await analyzeInputs([logs], options, () => undefined, () => true, undefined, watcher());
      expect(moved.lines).toBeDefined();
      expect(await moved.lines?.(new AbortController().signal)).toBeNull();
      const holding = moved.operations.find((op) => cold.operations.find((o) => o.id === op.id)?.entries?.some((e) => e.file === sch && e.line >= line));
      expect(holding).toBeDefined();
      expect(await moved.linesOf?.(holding as (typeof moved.operations)[number], new AbortController().signal)).toBeNull();
    } finally {
      rmSync(join(logs, '..'), { recursive: true, force: true });
    }
  });
});
