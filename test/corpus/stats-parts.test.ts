// stats counting large files in parts on worker threads counts exactly as reading each file whole: every real set's
// file cut into small parts; the worker pool of the build, parts forced small, a file among them whose parts do not
// join (counted again whole), with this thread counting beside them or alone; and `novatrace stats` on a file large
// enough to be cut at the default part size.

import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { planParts } from '../../src/io/file-parts.js';
import { countPart, joinParts } from '../../src/io/part-stats.js';
import { sizesOf } from '../../src/io/inputs.js';
import type { Source } from '../../src/io/inputs.js';
import { DEFAULT_MAX_LINE } from '../../src/parse/entry-parser.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { formatStatsJson, formatStatsText } from '../../src/report/stats.js';
import { HAS_REALDATA, OPTIONS, REALDATA, ROOT, runCli } from '../helpers.js';
import { comparable, wholeStats } from '../io/whole-stats.js';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-stats-parts-'));
const MODIFIED = new Date(Date.UTC(2026, 0, 31));

/** The build's pool (its worker is a built .js file), typed by its source. */
async function builtPool(): Promise<typeof import('../../src/io/stats-pool.js')> {
  return (await import(pathToFileURL(join(ROOT, 'dist', 'io', 'stats-pool.js')).href)) as typeof import('../../src/io/stats-pool.js');
}

const T = (s: number): string => `2026-11-22 02:40:${String(s).padStart(2, '0')}.123`;
const REQ = '[req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - -]';

/** pid 100's traceback goes on after pid 200's line, within a second: a cut before that line does not join. */
function interleaved(): string {
  const tb = Array.from({ length: 400 }, (_, i) => `${T(5)} 100 ERROR nova.compute.manager [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8]   File "x.py", line ${i}, in f`);
  const lines = [`${T(5)} 100 ERROR nova.compute.manager ${REQ} Failed`, ...tb.slice(0, 240), `${T(5)} 200 INFO nova.compute.manager ${REQ} other`, ...tb.slice(240)];
  const path = join(tmp, 'screen-n-cpu.txt');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe.skipIf(!HAS_REALDATA)('stats in parts on the real sets', () => {
  const files = fg.sync('**/*', { cwd: REALDATA, absolute: true, onlyFiles: true }).sort();

  it.each([4096, 65536])('every file of every set, cut every %i bytes, counts as read whole', async (partBytes) => {
    let cut = 0;
    let joined = 0;
    for (const path of files) {
      const parts = planParts(path, statSync(path).size, partBytes, DEFAULT_MAX_LINE, OPTIONS.zone);
      if (parts.length < 2) continue;
      cut++;
      const stats = joinParts(parts.map((part) => ({ part, count: countPart(path, MODIFIED, part, OPTIONS) })));
      if (stats === null) continue;
      joined++;
      expect({ path: relative(REALDATA, path), stats: comparable(stats) }).toEqual({ path: relative(REALDATA, path), stats: comparable(await wholeStats(path)) });
    }
    expect(cut).toBeGreaterThanOrEqual(50);
    expect(joined / cut).toBeGreaterThan(0.8);
  });

  it('the worker pool, parts forced small, counts every file as read whole, in input order', async () => {
    const pool = await builtPool();
    const paths = [...fg.sync(['zed-rig/full/**/*', 'devstack-ci-mitaka/**/*'], { cwd: REALDATA, absolute: true, onlyFiles: true }).sort(), interleaved()];
    const sources: Source[] = paths.map((path) => ({ path, stdin: false, modified: MODIFIED }));
    const sizes = await sizesOf(sources);
    const options = parseOptionsFrom({});
    const plan = pool.planCounts(sources, sizes, options, 8192);
    // The interleaved file is cut, and its parts do not join: the pool counts it again whole.
    const last = plan[plan.length - 1] ?? [];
    expect(last.length).toBeGreaterThan(1);
    expect(joinParts(last.map((part) => ({ part, count: countPart(paths[paths.length - 1] as string, MODIFIED, part, options) })))).toBeNull();
    const whole = await Promise.all(paths.map(async (p) => comparable(await wholeStats(p, options))));
    const jobs = plan.reduce((sum, parts) => sum + parts.length, 0);
    // This thread counts beside the workers, and alone when there are none.
    for (const workers of [0, 1, 2]) {
      const { stats, failures, here } = await pool.countInWorkers(sources, sizes, options, plan, workers);
      expect(failures).toEqual([]);
      expect(stats.map(comparable)).toEqual(whole);
      if (workers === 0) expect(here).toBeGreaterThanOrEqual(jobs);
      else expect(here).toBeGreaterThan(0);
    }
  });
});

describe('novatrace stats on a file cut at the default part size', () => {
  it('prints what reading each file whole counts, text and JSON', async () => {
    // Fixtures with tracebacks, CRLF and colours, repeated past two parts, beside a small file: worker threads.
    const pieces = ['fixtures/dialects/juno-nova-compute.log', 'fixtures/dialects/crlf.log', 'fixtures/dialects/devstack-ansi.log', 'fixtures/zed-boot/n-sch.log']
      .map((f) => readFileSync(join(ROOT, f)));
    const one = Buffer.concat(pieces.map((b) => (b[b.length - 1] === 10 ? b : Buffer.concat([b, Buffer.from('\n')]))));
    const pool = await builtPool();
    const copies = Math.ceil((2.5 * pool.PART_BYTES) / one.length);
    mkdirSync(join(tmp, 'big'), { recursive: true });
    const path = join(tmp, 'big', 'screen-n-cpu.txt');
    writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => one)));
    const small = join(ROOT, 'fixtures/zed-boot/n-api.log');
    const options = parseOptionsFrom({});
    const sources = [path, small].map((p) => ({ path: p, stdin: false, modified: statSync(p).mtime }));
    expect(pool.planCounts(sources, await sizesOf(sources), options)[0]?.length).toBeGreaterThan(1);
    const whole = await Promise.all(sources.map((s) => wholeStats(s.path, options, s.modified)));
    const text = await runCli(['stats', path, small]);
    expect(text.stderr).toBe('');
    expect(text.stdout).toBe(formatStatsText(whole));
    const json = await runCli(['stats', '--json', path, small]);
    expect(json.stdout).toBe(`${formatStatsJson(whole)}\n`);
  });
});
