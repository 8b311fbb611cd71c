// Parsing on worker threads (io/parse-pool.ts, io/parse-worker.ts): the built CLI says the same, byte for byte,
// whether its inputs are parsed in its own thread or on one or two workers (NOVATRACE_PARSE_THREADS), on plain,
// gzip, broken gzip, refused and missing inputs; and the pool, used directly, feeds a merge of many files that
// all interleave from one worker with one chunk ahead each (a pull-based pool that served one file at a time would
// hang here: the test's timeout fails it).

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type * as PoolModule from '../../src/io/parse-pool.js';
import type * as CodecModule from '../../src/parse/entry-codec.js';
import type * as CodeLocationsModule from '../../src/parse/code-locations.js';
import type { Source } from '../../src/io/inputs.js';
import { readAll } from '../../src/commands/read-all.js';
import { mergeByTime } from '../../src/merge/k-way.js';
import type { LogEntry } from '../../src/model/entry.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { ROOT, runCli } from '../helpers.js';
import { expectSameEntries } from '../parse/same-entries.js';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-parse-pool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A set with every kind of input a worker reads: plain, gzip, gzip that breaks off, bzip2 (refused). */
function mixedSet(): string {
  const dir = join(tmp, 'mixed');
  mkdirSync(dir);
  const boot = join(ROOT, 'fixtures', 'operations', 'boot-zed');
  for (const f of readdirSync(boot)) copyFileSync(join(boot, f), join(dir, f));
  const cpu = readFileSync(join(boot, 'n-cpu-node2.log'));
  writeFileSync(join(dir, 'n-cpu-again.log.gz'), gzipSync(cpu));
  const gz = gzipSync(readFileSync(join(ROOT, 'fixtures', 'operations', 'delete-zed', 'n-api.log')));
  writeFileSync(join(dir, 'n-api-broken.log.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
  writeFileSync(join(dir, 'n-sch-old.log.bz2.log'), Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(64)]));
  return dir;
}

const MIXED = mixedSet();

describe('the same output whether inputs are parsed in this thread or on workers', () => {
  it.each([
    ['analyze --json', ['analyze', '--json']],
    ['merge --json', ['merge', '--json']],
    ['merge', ['merge']],
  ])('%s', async (_name, args) => {
    const paths = [MIXED, 'fixtures/operations/evacuate-zed', 'fixtures/operations/missing-folder'];
    const inThread = await runCli([...args, ...paths], undefined, { NOVATRACE_PARSE_THREADS: '0' });
    expect(inThread.stderr).toMatch(/breaks off at compressed byte/);
    expect(inThread.stderr).toMatch(/bzip2-compressed/);
    for (const threads of ['1', '2']) {
      const pooled = await runCli([...args, ...paths], undefined, { NOVATRACE_PARSE_THREADS: threads });
      expect(pooled.stdout).toBe(inThread.stdout);
      expect(pooled.stderr).toBe(inThread.stderr);
      expect(pooled.code).toBe(inThread.code);
    }
  });
});

describe('the parse pool used directly', () => {
  /** `files` logs whose entries all interleave: file k logs at second s*files + k, for `per` seconds each. */
  function interleaved(files: number, per: number): Source[] {
    const dir = join(tmp, `interleaved-${files}`);
    mkdirSync(dir);
    return Array.from({ length: files }, (_, k) => {
      const lines = Array.from({ length: per }, (_v, s) => {
        const t = new Date(Date.UTC(2026, 0, 31, 10, 0, 0) + (s * files + k) * 1000).toISOString().replace('T', ' ').replace('Z', '');
        return `${t} ${100 + k} INFO nova.compute.manager [req-${k}-${s} u p - - -] [instance: i-${k}] line ${s} of file ${k}`;
      });
      const path = join(dir, `n-cpu-${k}.log`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return { path, stdin: false, modified: new Date(Date.UTC(2026, 0, 31)) };
    });
  }

  it('feeds a merge of 64 interleaved files from one worker, one small chunk ahead each, in the same order as this thread', async () => {
    const { ParsePool } = await import(join(ROOT, 'dist', 'io', 'parse-pool.js')) as typeof PoolModule;
    const { decodeEntries } = await import(join(ROOT, 'dist', 'parse', 'entry-codec.js')) as typeof CodecModule;
    const { CodeLocations } = await import(join(ROOT, 'dist', 'parse', 'code-locations.js')) as typeof CodeLocationsModule;
    const sources = interleaved(64, 40);
    const pool = new ParsePool({ texts: {}, workers: 1, chunkEntries: 3, ahead: 1 });
    const locations = new CodeLocations();
    const opened = sources.map((s) => pool.open(s));
    const streams = opened.map((o) => (async function* decoded(): AsyncGenerator<LogEntry[]> {
      for await (const chunk of o.chunks) yield decodeEntries(chunk, locations);
    })());
    const pooled: LogEntry[] = [];
    for await (const batch of mergeByTime(streams)) pooled.push(...batch);
    pool.close();

    const reading = readAll(sources, parseOptionsFrom({}), false);
    const inThread: LogEntry[] = [];
    for await (const batch of mergeByTime(reading.streams)) inThread.push(...batch);
    expect(pooled.length).toBe(64 * 40);
    expectSameEntries(pooled, inThread);
    expect(opened.map((o) => o.stats())).toEqual(sources.map((_s, k) => [reading.stats()[k]]));
    expect(opened.every((o) => o.broken() === null)).toBe(true);
  }, 60_000);

  it('cuts a batch whose text is long into several chunks, and gives back the same entries', async () => {
    const { ParsePool } = await import(join(ROOT, 'dist', 'io', 'parse-pool.js')) as typeof PoolModule;
    const { decodeEntries } = await import(join(ROOT, 'dist', 'parse', 'entry-codec.js')) as typeof CodecModule;
    const { CodeLocations } = await import(join(ROOT, 'dist', 'parse', 'code-locations.js')) as typeof CodeLocationsModule;
    const dir = join(tmp, 'long');
    mkdirSync(dir);
    const path = join(dir, 'n-api.log');
    const lines = Array.from({ length: 300 }, (_v, k) => `2026-01-31 10:00:${String(k % 60).padStart(2, '0')}.000 7 INFO nova.api [-] `
      + `${k % 3 === 0 ? 'é'.repeat(5000) : 'short'} ${k}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const source: Source = { path, stdin: false, modified: new Date(Date.UTC(2026, 0, 31)) };
    const pool = new ParsePool({ texts: {}, workers: 1, chunkEntries: 512, ahead: 1 });
    const locations = new CodeLocations();
    const opened = pool.open(source);
    const chunks: LogEntry[][] = [];
    for await (const chunk of opened.chunks) chunks.push(decodeEntries(chunk, locations));
    pool.close();
    const reading = readAll([source], { ...parseOptionsFrom({}), texts: undefined }, false);
    const inThread: LogEntry[] = [];
    for await (const batch of reading.streams[0] as AsyncIterable<LogEntry[]>) inThread.push(...batch);
    // 100 entries of 5000 characters: at most 9 to a chunk of 48K characters.
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(100 / 9));
    expectSameEntries(chunks.flat(), inThread);
  }, 60_000);

  it('posts no more chunks than its file has credits, also when a batch is cut in parts', async () => {
    const dir = join(tmp, 'credits');
    mkdirSync(dir);
    const long = join(dir, 'n-api.log');
    // Batches of 30 entries, each with 60,000 characters of text: every batch is cut in two chunks (48K characters at most).
    const lines = Array.from({ length: 600 }, (_v, k) => `2026-01-31 10:00:00.000 7 INFO nova.api [-] ${'x'.repeat(2000)} ${k}`);
    writeFileSync(long, `${lines.join('\n')}\n`);
    const short = join(dir, 'n-sch.log');
    writeFileSync(short, '2026-01-31 10:00:00.000 8 INFO nova.scheduler [-] one\n');
    const worker = new Worker(join(ROOT, 'dist', 'io', 'parse-worker.js'), { workerData: { texts: {}, chunkEntries: 30 } });
    const chunks = new Map<number, number>();
    const messages = new Map<number, number>();
    const ended = new Promise<void>((resolve) => {
      worker.on('message', (m: PoolModule.ToPool) => {
        if (m.type === 'chunks') {
          chunks.set(m.id, (chunks.get(m.id) ?? 0) + m.chunks.length);
          messages.set(m.id, (messages.get(m.id) ?? 0) + 1);
        }
        // The second file is opened after the first: by its end, the first has spent every credit it had (its
        // blocking reads give way only to other files' work, and the second's open waited for them).
        if (m.type === 'end' && m.id === 2) resolve();
      });
    });
    const modified = new Date(Date.UTC(2026, 0, 31));
    worker.postMessage({ type: 'open', id: 1, source: { path: long, stdin: false, modified }, credits: 4 } satisfies PoolModule.ToWorker);
    worker.postMessage({ type: 'open', id: 2, source: { path: short, stdin: false, modified }, credits: 4 } satisfies PoolModule.ToWorker);
    await ended;
    await worker.terminate();
    expect(chunks.get(1)).toBe(4);
    // Parsed in one go on its four credits: posted as one message, not one per chunk.
    expect(messages.get(1)).toBe(1);
  }, 60_000);

  it('gives credits back every `pullEvery` chunks taken, in one message, and still gives every entry', async () => {
    const { ParsePool } = await import(join(ROOT, 'dist', 'io', 'parse-pool.js')) as typeof PoolModule;
    const { decodeEntries } = await import(join(ROOT, 'dist', 'parse', 'entry-codec.js')) as typeof CodecModule;
    const { CodeLocations } = await import(join(ROOT, 'dist', 'parse', 'code-locations.js')) as typeof CodeLocationsModule;
    const [source] = interleaved(1, 200) as [Source];
    const pulls: number[] = [];
    const given = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function counted(this: Worker, message: unknown, ...rest: unknown[]) {
      const m = message as PoolModule.ToWorker;
      if (m.type === 'pull') pulls.push(m.credits);
      return (given as (...a: unknown[]) => void).call(this, message, ...rest);
    };
    try {
      const pool = new ParsePool({ texts: {}, workers: 1, chunkEntries: 5, ahead: 8, pullEvery: 4 });
      const opened = pool.open(source);
      const locations = new CodeLocations();
      const pooled: LogEntry[] = [];
      let chunks = 0;
      for await (const chunk of opened.chunks) {
        chunks++;
        pooled.push(...decodeEntries(chunk, locations));
      }
      pool.close();
      const reading = readAll([source], { ...parseOptionsFrom({}), texts: undefined }, false);
      const inThread: LogEntry[] = [];
      for await (const batch of reading.streams[0] as AsyncIterable<LogEntry[]>) inThread.push(...batch);
      expectSameEntries(pooled, inThread);
      expect(chunks).toBe(40);
      // Credits go back four at a time while the file is not done: at most one message per four chunks.
      expect(pulls.length).toBeGreaterThan(0);
      expect(pulls.length).toBeLessThanOrEqual(chunks / 4);
      expect(pulls.every((credits) => credits === 4)).toBe(true);
    } finally {
      Worker.prototype.postMessage = given;
    }
  }, 60_000);
});
