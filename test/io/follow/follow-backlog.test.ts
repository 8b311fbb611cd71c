// A backlog read in time order: followed files that cover different hours, read from their start, are held by the
// live merge until no file that may give an older entry is behind. Read in turns by bytes, nearly the whole backlog
// is held at once; with the merge naming the files the others wait for (readFirst), about one turn's reads are.
// Real reading (followPaths over files on disk), the real merge; entries carry only their time.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { followPaths } from '../../../src/io/follow/follow-paths.js';
import { UnreadBytes } from '../../../src/io/follow/unread-bytes.js';
import { LiveMerge } from '../../../src/live/live-merge.js';
import type { LogEntry } from '../../../src/model/entry.js';
import { stopAll, tempDir } from './follow-harness.js';

afterAll(stopAll);

const FILES = 80;
const LINES = 2500;
const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 10, 22);

/** Nova's INFO line as compute logs it (catalog: ComputeManager._build_and_run_instance), at `time`. */
function line(time: number): string {
  const stamp = new Date(time).toISOString().replace('T', ' ').replace('Z', '');
  return `${stamp} 20764 INFO nova.compute.manager [req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1] `
    + '[instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Took 0.55 seconds to build instance.';
}

/** FILES files of LINES lines, file k covering hour k; named so that name order is the reverse of time order. */
function backlog(): string[] {
  const dir = tempDir('backlog');
  return Array.from({ length: FILES }, (_, k) => {
    const path = join(dir, `n-cpu-${String(FILES - k).padStart(2, '0')}.log`);
    writeFileSync(path, Array.from({ length: LINES }, (_, i) => `${line(BASE + k * HOUR + i * 1000)}\n`).join(''));
    return path;
  });
}

function entry(file: string, time: number): LogEntry {
  return {
    time, precision: 3, service: 'compute', host: null, pid: null, level: 'INFO', logger: null, globalRequestId: null, requestId: null,
    user: null, project: null, instance: null, message: '', location: null, continuation: [], file, line: 1, dialect: 'oslo',
  };
}

/** Follows `paths` from their start as follow's session does, letting go after each read; the most ever held. */
async function mostHeld(paths: readonly string[], ordered: boolean): Promise<{ readonly most: number; readonly released: number[] }> {
  const released: number[] = [];
  const merge = new LiveMerge((e) => released.push(e.time as number), 2000);
  const unread = new UnreadBytes();
  const controller = new AbortController();
  let most = 0;
  const readFirst = ordered ? (waiting: readonly string[]) => merge.readFirst(waiting) : undefined;
  for await (const ev of followPaths(paths, { fromStart: true, signal: controller.signal, unread, ...(readFirst ? { readFirst } : {}) })) {
    if (ev.type !== 'lines') continue;
    merge.know(ev.path);
    for (const l of ev.lines) merge.push(ev.path, entry(ev.path, Date.parse(`${l.slice(0, 23).replace(' ', 'T')}Z`)));
    most = Math.max(most, merge.held);
    const waiting = unread.paths();
    merge.release((p) => waiting.has(p));
    if (released.length === FILES * LINES) controller.abort();
  }
  return { most, released };
}

describe('a followed backlog', () => {
  it('is read in time order when the merge says which files to read first, holding a fraction of it', async () => {
    const paths = backlog();
    const total = FILES * LINES;
    const ordered = await mostHeld(paths, true);
    expect(ordered.released).toHaveLength(total);
    expect(ordered.released.every((t, i) => i === 0 || t >= (ordered.released[i - 1] as number))).toBe(true);
    // The first turn reads 8 MiB over the 80 files (a fifth of the backlog) before the merge holds enough to choose;
    // then the file the others wait for, 1 MiB at a time.
    expect(ordered.most).toBeLessThan(total * 0.3);
    // In turns by bytes, the files of later hours are held until every earlier one is read.
    const inTurns = await mostHeld(paths, false);
    expect(inTurns.released).toHaveLength(total);
    expect(inTurns.most).toBeGreaterThan(total * 0.6);
  }, 60_000);
});
