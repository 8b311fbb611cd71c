// The cache changes no answer: on every shared real set, analyze --json read whole, written to a fresh cache, and
// answered from it are the same bytes (stdout and warnings), and so is trace of its first operations. Skipped, with
// the reason printed, only where ../shared/realdata is absent.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/commands/analyze.js';
import { runTrace } from '../../src/commands/trace.js';
import { analyzeInputs } from '../../src/commands/analysis.js';
import { UNATTACHED_SAMPLES } from '../../src/model/unattached-error.js';
import { NO_PAINT } from '../../src/format/paint.js';
import { Output } from '../../src/io/output.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { HAS_REALDATA, REALDATA, runCli } from '../helpers.js';

if (!HAS_REALDATA) console.warn(`cache corpus test skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
if (!HAS_REALDATA && process.env['CI']) throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);

/** Every set: zed-rig's and hostevac's whole runs and each scenario, the CI jobs, Juno, and every fault-injection run. */
function sets(): [string, string, string | null][] {
  if (!HAS_REALDATA) return [];
  const out: [string, string, string | null][] = [
    ['zed-rig full', 'zed-rig/full', null], ['zed-rig-hostevac full', 'zed-rig-hostevac/full', null],
    ['devstack-ci-mitaka', 'devstack-ci-mitaka', null], ['live-migration-juno', 'live-migration-juno/logs', null],
    ['devstack-journal-2023', 'devstack-journal-2023', null],
  ];
  for (const d of readdirSync(join(REALDATA, 'zed-rig')).filter((n) => /^\d\d-/.test(n))) out.push([`zed-rig ${d}`, `zed-rig/${d}`, null]);
  for (const corpus of ['fault-injection-queens', 'fault-injection-queens-dev']) {
    for (const test of readdirSync(join(REALDATA, corpus, 'Nova'))) {
      for (const round of readdirSync(join(REALDATA, corpus, 'Nova', test, 'logs'))) {
        const dir = `${corpus}/Nova/${test}/logs/${round}/nova`;
        if (existsSync(join(REALDATA, dir))) out.push([`${corpus} ${test} ${round}`, dir, '+02:00']);
      }
    }
  }
  return out;
}

interface Said { readonly code: number; readonly stdout: string; readonly warnings: string }

async function run(command: (out: Output, warn: (m: string) => void) => Promise<number>): Promise<Said> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (d: Buffer) => chunks.push(d));
  let warnings = '';
  let code: number;
  try {
    code = await command(new Output(stream), (m) => {
      warnings += `${m}\n`;
    });
  } catch (error) {
    // trace of an ID with no operation throws; so does any bad input: the message is the answer.
    code = -1;
    warnings += `${(error as Error).message}\n`;
  }
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), warnings };
}

describe.skipIf(!HAS_REALDATA)('the cache changes no answer on the real sets', () => {
  it.each(sets())('%s', async (_name, dir, tz) => {
    const paths = [join(REALDATA, dir)];
    const cacheDir = mkdtempSync(join(tmpdir(), 'novatrace-corpus-cache-'));
    const parse = (cache: string | null) => ({ ...parseOptionsFrom(tz === null ? {} : { tz }), cache });
    const analyze = (cache: string | null) => run((out, warn) => runAnalyze(paths, { parse: parse(cache), json: true, tui: false, filter: {}, paint: NO_PAINT }, out, warn));
    const whole = await analyze(null);
    expect(whole.code).toBe(0);
    expect(await analyze(cacheDir)).toEqual(whole);
    expect(existsSync(join(cacheDir, 'v1', 'analysis'))).toBe(true);
    expect(await analyze(cacheDir)).toEqual(whole);
    // Without the kept answer: made again from the kept analysis.
    rmSync(join(cacheDir, 'v1', 'answer'), { recursive: true });
    expect(await analyze(cacheDir)).toEqual(whole);
    const ops = (JSON.parse(whole.stdout) as { operations: { requestIds: string[]; instance: string | null }[] }).operations;
    // trace of the first and last operations' request, and of an instance: from the cache, their lines read again.
    const ids = [ops[0]?.requestIds[0], ops[ops.length - 1]?.requestIds[0], ops.find((op) => op.instance !== null)?.instance]
      .filter((id): id is string => id !== undefined && id !== null);
    for (const id of ids) {
      const trace = (cache: string | null) => run((out, warn) => runTrace(id, paths, { parse: parse(cache), json: true, paint: NO_PAINT, narrow: {}, narrowed: '' }, out, warn));
      expect(await trace(cacheDir), id).toEqual(await trace(null));
    }
  });
});

describe.skipIf(!HAS_REALDATA)('the per-file index changes no answer on the real sets (files parsed on a worker, then decoded from their indexes)', () => {
  const POOL = { NOVATRACE_PARSE_THREADS: '1' };
  it.each(sets().slice(0, 8))('%s', async (_name, dir, tz) => {
    const args = ['analyze', '--json', ...(tz === null ? [] : ['--tz', tz]), join(REALDATA, dir)];
    const cache = mkdtempSync(join(tmpdir(), 'novatrace-corpus-index-'));
    const whole = await runCli([...args, '--no-cache'], undefined, POOL);
    expect(whole.code).toBe(0);
    expect(await runCli([...args, '--cache', cache], undefined, POOL)).toEqual(whole);
    // Without the analysis, every file comes from its index.
    rmSync(join(cache, 'v1', 'analysis'), { recursive: true });
    expect(readdirSync(join(cache, 'v1', 'files')).length).toBeGreaterThan(0);
    expect(await runCli([...args, '--cache', cache], undefined, POOL)).toEqual(whole);
    // trace from the kept analysis, its operation's lines decoded from the files' indexes.
    const id = (JSON.parse(whole.stdout) as { operations: { requestIds: string[] }[] }).operations[0]?.requestIds[0] as string;
    const trace = ['trace', '--json', ...(tz === null ? [] : ['--tz', tz]), id, join(REALDATA, dir)];
    expect(await runCli([...trace, '--cache', cache], undefined, POOL)).toEqual(await runCli([...trace, '--no-cache'], undefined, POOL));
  });
});


describe.skipIf(!HAS_REALDATA)('the terminal UI started on a kept analysis gets what reading the logs gives it', () => {
  // The sets with errors outside operations (whose first entries the UI opens) and host incidents among them.
  it.each(sets().slice(0, 12))('%s', async (_name, dir, tz) => {
    const paths = [join(REALDATA, dir)];
    const cacheDir = mkdtempSync(join(tmpdir(), 'novatrace-corpus-ui-'));
    const options = parseOptionsFrom(tz === null ? {} : { tz });
    let reports = 0;
    const ui = async (cache: string | null) => {
      const warnings: string[] = [];
      // As the terminal UI asks: a kept analysis at once, its lines later.
      const analysis = await analyzeInputs(paths, { ...options, cache }, (m) => warnings.push(m), () => true,
        undefined, { report: () => reports++, signal: new AbortController().signal, linesLater: true });
      return { analysis, warnings };
    };
    const whole = await ui(null);
    expect(whole.analysis.lines).toBeUndefined();
    expect(await ui(cacheDir)).toEqual(whole);
    expect(reports).toBeGreaterThan(0);
    // Now from the kept analysis (no reading's progress to report): the operations at once, without their lines...
    reports = 0;
    const again = await ui(cacheDir);
    expect(reports).toBe(0);
    expect(again.warnings).toEqual(whole.warnings);
    expect(again.analysis.operations.map((op) => op.id)).toEqual(whole.analysis.operations.map((op) => op.id));
    expect(again.analysis.operations.every((op) => op.entries === null)).toBe(true);
    // ...then every operation's entries and each error's first entries read again, as reading the logs gives them.
    const lines = again.analysis.lines;
    expect(lines).toBeDefined();
    const withLines = await lines?.(new AbortController().signal);
    expect({ analysis: withLines, warnings: again.warnings }).toEqual(whole);
    expect(withLines?.operations.every((op) => op.entries !== null && op.entries.length > 0)).toBe(true);
    expect(withLines?.unattached.every((u) => u.samples?.length === Math.min(u.count, UNATTACHED_SAMPLES))).toBe(true);
    // Quitting stops the reading: nothing is given.
    const quit = new AbortController();
    quit.abort();
    expect(await lines?.(quit.signal)).toBeNull();
  });
});
