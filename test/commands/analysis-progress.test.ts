// analyze's progress for the terminal UI: what it reports while reading, and that the UI's quit stops reading.

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
