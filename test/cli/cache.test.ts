// The persistent cache, through the built CLI: a second run over unchanged logs answers from it, byte for byte what
// reading the logs gives; any change to an input, an option, or the entry itself is a miss that reads the logs.

import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FORMAT, CacheStore } from '../../src/io/cache/store.js';
import { HAS_REALDATA, REALDATA, runCli } from '../helpers.js';
import type { RunResult } from '../helpers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'novatrace-cache-'));
const entries = (cache: string, kind = 'analysis'): string[] => {
  const folder = join(cache, `v${CACHE_FORMAT}`, kind);
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.bin')).map((f) => join(folder, f)) : [];
};
const same = (a: RunResult, b: RunResult): void => {
  expect(a.code).toBe(b.code);
  expect(a.stdout).toBe(b.stdout);
  expect(a.stderr).toBe(b.stderr);
};

/** An entry's key and payload: the key follows the header (magic line, checksum line, key length line). */
function readEntry(file: string): { key: string; payload: Buffer } {
  const bytes = readFileSync(file);
  const lines = bytes.toString('latin1').split('\n', 3);
  const keyStart = lines.slice(0, 3).join('\n').length + 1;
  const keyEnd = keyStart + Number(lines[2]);
  return { key: bytes.subarray(keyStart, keyEnd).toString('utf8'), payload: bytes.subarray(keyEnd) };
}

/** A copy of a fixture folder, to change. */
function copyOf(fixture: string): string {
  const dir = join(tmp(), 'logs');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

describe('the analysis cache', () => {
  // Warnings on stderr (no API log, a failed boot) make this fixture say something on both streams.
  const FIXTURE = 'fixtures/operations/boot-failed-zed';

  it.each([
    ['analyze --json', ['analyze', '--json']],
    ['analyze (the table)', ['analyze', '--no-tui']],
    ['export --format perfetto', ['export', '--format', 'perfetto']],
    ['host --json', ['host', '--json', 'compute1']],
  ])('%s: the second run answers from the cache, as the first and --no-cache do', async (_name, args) => {
    const cache = tmp();
    const none = await runCli([...args, '--no-cache', FIXTURE]);
    const first = await runCli([...args, '--cache', cache, FIXTURE]);
    expect(entries(cache)).toHaveLength(1);
    const second = await runCli([...args, '--cache', cache, FIXTURE]);
    same(first, none);
    same(second, none);
    expect(entries(cache)).toHaveLength(1);
  });

  it('a hit is really read from the cache: an entry changed (and checksummed) changes the answer', async () => {
    const cache = tmp();
    await runCli(['analyze', '--json', '--cache', cache, FIXTURE]);
    const [file] = entries(cache);
    const { key, payload: bytes } = readEntry(file as string);
    const payload = JSON.parse(bytes.toString('utf8')) as { operations: { type: string }[] };
    expect(payload.operations.length).toBeGreaterThan(0);
    for (const op of payload.operations) op.type = 'pause';
    expect(new CacheStore(cache).put('analysis', key, Buffer.from(JSON.stringify(payload)))).toBe(true);
    // Without the kept answer, the answer is made again from the kept analysis.
    rmSync(join(cache, `v${CACHE_FORMAT}`, 'answer'), { recursive: true });
    const r = await runCli(['analyze', '--json', '--cache', cache, FIXTURE]);
    const types = (JSON.parse(r.stdout) as { operations: { type: string }[] }).operations.map((op) => op.type);
    expect(new Set(types)).toEqual(new Set(['pause']));
  });

  it('the whole answer is kept too, per command and options: a kept answer changed is what is printed', async () => {
    const cache = tmp();
    const json = await runCli(['analyze', '--json', '--cache', cache, FIXTURE]);
    const table = await runCli(['analyze', '--no-tui', '--cache', cache, FIXTURE]);
    const answers = entries(cache, 'answer');
    expect(answers).toHaveLength(2);
    for (const file of answers) {
      const { key, payload } = readEntry(file);
      const text = payload.toString('utf8');
      const warnings = text.slice(text.lastIndexOf('\n') + 1);
      expect(new CacheStore(cache).put('answer', key, Buffer.from(`forged ${key.endsWith('"json":true,"filter":{},"color":false}') ? 'json' : 'table'}\n${warnings}`))).toBe(true);
    }
    const again = await runCli(['analyze', '--json', '--cache', cache, FIXTURE]);
    expect(again.stdout).toBe('forged json\n');
    expect(again.stderr).toBe(json.stderr);
    expect((await runCli(['analyze', '--no-tui', '--cache', cache, FIXTURE])).stdout).toBe('forged table\n');
    expect(table.stdout).not.toBe('forged table\n');
    // Another filter is another answer, made from the kept analysis.
    same(await runCli(['analyze', '--json', '--type', 'boot', '--cache', cache, FIXTURE]), await runCli(['analyze', '--json', '--type', 'boot', '--no-cache', FIXTURE]));
  });

  it('trace answers from the cache, its operation\'s lines read again from their files; without the refs it reads the logs', async () => {
    const cache = tmp();
    const fixture = 'fixtures/operations/resize-zed';
    const analysis = JSON.parse((await runCli(['analyze', '--json', '--cache', cache, fixture])).stdout) as { operations: { requestIds: string[] }[] };
    const id = analysis.operations[0]?.requestIds[0] as string;
    expect(id).toMatch(/^req-/);
    for (const args of [['trace', id], ['trace', '--json', id], ['trace', '--level', 'INFO', id.slice(0, 12)]]) {
      const none = await runCli([...args, '--no-cache', fixture]);
      expect(none.code).toBe(0);
      same(await runCli([...args, '--cache', cache, fixture]), none);
    }
    // The refs forged (the operation's last line left out): trace prints one entry less, so it read them.
    const refsFile = entries(cache, 'entries')[0] as string;
    const { key, payload } = readEntry(refsFile);
    const tailLength = payload.readUInt32LE(payload.length - 4);
    const tailAt = payload.length - 4 - tailLength;
    const tail = JSON.parse(payload.toString('utf8', tailAt, payload.length - 4)) as { files: string[]; ops: [string, [number, number]][] };
    for (const [, span] of tail.ops) span[1] = Math.max(0, span[1] - 1);
    const forged = Buffer.from(JSON.stringify(tail));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(forged.length);
    expect(new CacheStore(cache).put('entries', key, Buffer.concat([payload.subarray(0, tailAt), forged, length]))).toBe(true);
    const count = (r: RunResult): number => (JSON.parse(r.stdout) as { operations: { entries: unknown[] }[] }).operations[0]?.entries.length ?? -1;
    const whole = count(await runCli(['trace', '--json', id, '--no-cache', fixture]));
    expect(whole).toBeGreaterThan(1);
    expect(count(await runCli(['trace', '--json', id, '--cache', cache, fixture]))).toBe(whole - 1);
    // The refs gone: trace reads the logs, with the same answer.
    rmSync(join(cache, `v${CACHE_FORMAT}`, 'entries'), { recursive: true });
    same(await runCli(['trace', id, '--cache', cache, fixture]), await runCli(['trace', id, '--no-cache', fixture]));
    // An ID of no operation is said so from the cache too.
    same(await runCli(['trace', 'req-0000dead', '--cache', cache, fixture]), await runCli(['trace', 'req-0000dead', '--no-cache', fixture]));
  });

  it('a corrupt entry is a miss: the logs are read again, the answer is unchanged, and the entry is written again', async () => {
    const cache = tmp();
    const first = await runCli(['analyze', '--json', '--cache', cache, FIXTURE]);
    // The answer first (made again from the kept analysis), then the analysis (the answer removed: made from the logs).
    for (const kind of ['answer', 'analysis']) {
      const [file] = entries(cache, kind) as [string];
      const bytes = readFileSync(file);
      bytes.writeUInt8((bytes.readUInt8(bytes.length - 10) ^ 0x20), bytes.length - 10);
      writeFileSync(file, bytes);
      if (kind === 'analysis') rmSync(join(cache, `v${CACHE_FORMAT}`, 'answer'), { recursive: true });
      same(await runCli(['analyze', '--json', '--cache', cache, FIXTURE]), first);
      expect(readFileSync(file).equals(bytes)).toBe(false);
      same(await runCli(['analyze', '--json', '--cache', cache, FIXTURE]), first);
    }
  });

  it('an input that grew is a miss: the answer is that of the new content', async () => {
    const cache = tmp();
    const logs = copyOf('fixtures/operations/boot-zed');
    const before = await runCli(['analyze', '--json', '--cache', cache, logs]);
    // A real conductor ERROR (from boot-failed-zed) at the end of the conductor's log: an error outside any operation.
    const error = readFileSync(join(FIXTURE, readdirSync(FIXTURE).find((f) => f.includes('cond')) as string), 'utf8')
      .split('\n').find((l) => / ERROR /.test(l)) as string;
    expect(error).toBeDefined();
    appendFileSync(join(logs, readdirSync(logs).find((f) => f.includes('cond')) as string), `${error}\n`);
    const after = await runCli(['analyze', '--json', '--cache', cache, logs]);
    same(after, await runCli(['analyze', '--json', '--no-cache', logs]));
    expect(after.stdout).not.toBe(before.stdout);
    expect(entries(cache)).toHaveLength(2);
  });

  it('an input touched (same bytes, a new modification time) is a miss with the same answer', async () => {
    const cache = tmp();
    const logs = copyOf('fixtures/operations/boot-zed');
    const first = await runCli(['analyze', '--json', '--cache', cache, logs]);
    const later = new Date(Date.now() + 5000);
    for (const f of readdirSync(logs)) utimesSync(join(logs, f), later, later);
    same(await runCli(['analyze', '--json', '--cache', cache, logs]), first);
    expect(entries(cache)).toHaveLength(2);
  });

  it('another option that changes what is read (--tz) is another entry', async () => {
    const cache = tmp();
    await runCli(['analyze', '--json', '--cache', cache, FIXTURE]);
    const shifted = await runCli(['analyze', '--json', '--tz', '+02:00', '--cache', cache, FIXTURE]);
    same(shifted, await runCli(['analyze', '--json', '--tz', '+02:00', '--no-cache', FIXTURE]));
    expect(entries(cache)).toHaveLength(2);
  });

  it('--no-cache neither reads nor writes it; stdin is never cached', async () => {
    const cache = tmp();
    await runCli(['analyze', '--json', '--no-cache', FIXTURE]);
    expect(existsSync(join(cache, `v${CACHE_FORMAT}`))).toBe(false);
    const lines = readFileSync(join(FIXTURE, readdirSync(FIXTURE)[0] as string));
    const r = await runCli(['analyze', '--json', '--cache', cache, '-'], lines);
    expect(r.code).toBe(0);
    expect(entries(cache)).toHaveLength(0);
  });

  it('the default folder is $XDG_CACHE_HOME/novatrace', async () => {
    const home = tmp();
    const r = await runCli(['analyze', '--json', FIXTURE], undefined, { XDG_CACHE_HOME: home });
    expect(r.code).toBe(0);
    expect(entries(join(home, 'novatrace'))).toHaveLength(1);
  });

  it('a --cache that cannot be made (a file) is no error: the answer is the same', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'x');
    same(await runCli(['analyze', '--json', '--cache', join(dir, 'file'), FIXTURE]), await runCli(['analyze', '--json', '--no-cache', FIXTURE]));
  });

  it('runs at once on one cache folder give the same answer and leave one good entry', async () => {
    const cache = tmp();
    const runs = await Promise.all([1, 2, 3, 4].map(() => runCli(['analyze', '--json', '--cache', cache, FIXTURE])));
    const none = await runCli(['analyze', '--json', '--no-cache', FIXTURE]);
    for (const r of runs) same(r, none);
    expect(entries(cache)).toHaveLength(1);
    expect(readdirSync(join(cache, `v${CACHE_FORMAT}`, 'analysis')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    same(await runCli(['analyze', '--json', '--cache', cache, FIXTURE]), none);
  });

  describe('the per-file index (files parsed on the worker threads)', () => {
    // The parse pool starts from 8 MiB of input; NOVATRACE_PARSE_THREADS=1 has it read these small fixtures too.
    const POOL = { NOVATRACE_PARSE_THREADS: '1' };
    const indexes = (cache: string): string[] => {
      const folder = join(cache, `v${CACHE_FORMAT}`, 'files');
      return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.idx')) : [];
    };
    const dropAnalysis = (cache: string): void => {
      for (const kind of ['analysis', 'entries']) rmSync(join(cache, `v${CACHE_FORMAT}`, kind), { recursive: true, force: true });
    };

    it('each file the workers parse gets an index of its counts and entry points; one that holds is not written again', async () => {
      const cache = tmp();
      const logs = copyOf('fixtures/operations/boot-zed');
      const first = await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL);
      expect(indexes(cache)).toHaveLength(readdirSync(logs).length);
      const folder = join(cache, `v${CACHE_FORMAT}`, 'files');
      // An index written again is a new file renamed into place: a new inode (a read only touches its time).
      const before = new Map(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).ino]));
      // No entries in it: the messages of the logs' lines are not there.
      const held = readdirSync(folder).map((f) => readFileSync(join(folder, f), 'latin1')).join('');
      const messages = readdirSync(logs).flatMap((f) => readFileSync(join(logs, f), 'latin1').split('\n').filter((l) => / INFO /.test(l)).map((l) => l.slice(l.indexOf('] ') + 2)));
      expect(messages.length).toBeGreaterThan(10);
      for (const m of messages) expect(held).not.toContain(m);
      dropAnalysis(cache);
      same(await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL), first);
      expect(new Map(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).ino]))).toEqual(before);
    });

    it.skipIf(!HAS_REALDATA)('trace reads its operation\'s lines again from the entry points before them: what --no-cache gives', async () => {
      const logs = join(REALDATA, 'zed-rig/full');
      const cache = tmp();
      const all = JSON.parse((await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL)).stdout) as { operations: { requestIds: string[] }[] };
      // The API log (1.7 MB) has entry points every 256 KiB: the operations' lines are read from the one before them.
      const api = readdirSync(join(cache, `v${CACHE_FORMAT}`, 'files')).map((f) => readFileSync(join(cache, `v${CACHE_FORMAT}`, 'files', f), 'latin1'))
        .find((text) => text.includes('n-api.log')) as string;
      expect(api).toMatch(/"points":\[\[\d+,\d+,/);
      const ops = all.operations;
      expect(ops.length).toBeGreaterThan(10);
      for (const k of [0, 0.5, 0.75, 0.9, 1]) {
        const id = ops[Math.min(ops.length - 1, Math.floor(k * ops.length))]?.requestIds[0] as string;
        same(await runCli(['trace', id, '--cache', cache, logs], undefined, POOL), await runCli(['trace', id, '--no-cache', logs], undefined, POOL));
      }
    });

    it('merge gives the same output with and without its indexes, text and JSON', async () => {
      const cache = tmp();
      const logs = copyOf('fixtures/operations/boot-failed-zed');
      for (const args of [['merge'], ['merge', '--json'], ['merge', '--level', 'WARNING']]) {
        const none = await runCli([...args, '--no-cache', logs], undefined, POOL);
        expect(none.stdout.length).toBeGreaterThan(0);
        same(await runCli([...args, '--cache', cache, logs], undefined, POOL), none);
        expect(indexes(cache)).toHaveLength(readdirSync(logs).length);
        same(await runCli([...args, '--cache', cache, logs], undefined, POOL), none);
      }
    });

    it('stats reads the counts of indexed, unchanged files from their indexes, beside files it counts', async () => {
      const cache = tmp();
      const logs = copyOf('fixtures/operations/boot-failed-zed');
      await runCli(['merge', '--cache', cache, logs], undefined, POOL);
      const extra = join(tmp(), 'n-cpu-extra.log');
      cpSync('fixtures/operations/boot-zed/n-cpu-node2.log', extra);
      for (const args of [['stats'], ['stats', '--json']]) {
        const none = await runCli([...args, '--no-cache', logs, extra]);
        same(await runCli([...args, '--cache', cache, logs, extra]), none);
      }
      // The index's counts are what is printed (its blind spot again): a line in the middle of the largest file made
      // no entry's start (it folds into the entry above), size, time and both ends kept, still counts as an entry.
      for (const f of readdirSync(logs)) utimesSync(join(logs, f), 1_700_000_000, 1_700_000_000);
      const cache2 = tmp();
      await runCli(['merge', '--cache', cache2, logs], undefined, POOL);
      const largest = readdirSync(logs).map((f) => join(logs, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
      const before = await runCli(['stats', '--json', '--cache', cache2, largest]);
      const text = readFileSync(largest, 'latin1');
      // A DEBUG or INFO line's start past the first 4 KB (not a traceback line, which folds into its entry either way).
      let at = text.indexOf('\n', 4096) + 1;
      while (at > 0 && !/^2023-\S+ \S+ \d+ (?:DEBUG|INFO) /.test(text.slice(at, at + 40))) at = text.indexOf('\n', at) + 1;
      expect(at).toBeGreaterThan(4096);
      expect(text.length - at).toBeGreaterThan(4096);
      writeFileSync(largest, `${text.slice(0, at)}XXXX-${text.slice(at + 5)}`, 'latin1');
      utimesSync(largest, 1_700_000_000, 1_700_000_000);
      const entries = (r: RunResult): number => (JSON.parse(r.stdout) as { files: { entries: number }[] }).files[0]?.entries ?? -1;
      expect(entries(before)).toBeGreaterThan(0);
      expect(entries(await runCli(['stats', '--json', '--cache', cache2, largest]))).toBe(entries(before));
      expect(entries(await runCli(['stats', '--json', '--no-cache', largest]))).toBe(entries(before) - 1);
    });

    it('a corrupt index is a miss: the file is parsed, the answer unchanged, the index written again', async () => {
      const cache = tmp();
      const logs = copyOf('fixtures/operations/boot-zed');
      const first = await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL);
      const folder = join(cache, `v${CACHE_FORMAT}`, 'files');
      for (const f of readdirSync(folder)) {
        const bytes = readFileSync(join(folder, f));
        bytes.writeUInt8(bytes.readUInt8(Math.floor(bytes.length / 2)) ^ 0x55, Math.floor(bytes.length / 2));
        writeFileSync(join(folder, f), bytes);
      }
      dropAnalysis(cache);
      same(await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL), first);
      dropAnalysis(cache);
      same(await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL), first);
    });

    it('a file that grew is indexed again; the others\' indexes hold and are not written again', async () => {
      const cache = tmp();
      const logs = copyOf('fixtures/operations/boot-zed');
      await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL);
      const folder = join(cache, `v${CACHE_FORMAT}`, 'files');
      // An index written again is a new file renamed into place: a new inode (a read only touches its time).
      const before = new Map(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).ino]));
      const cond = join(logs, 'n-cond.log');
      appendFileSync(cond, readFileSync(cond, 'utf8').split('\n')[0] + '\n');
      const grown = await runCli(['analyze', '--json', '--cache', cache, logs], undefined, POOL);
      same(grown, await runCli(['analyze', '--json', '--no-cache', logs], undefined, POOL));
      const after = new Map(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).ino]));
      // One index rewritten (the grown file's key is its path: the same file name), the others untouched.
      expect([...after].filter(([f, t]) => before.get(f) !== t)).toHaveLength(1);
      expect(after.size).toBe(before.size);
    });
  });

  it('--help of every command that analyzes lists --cache and --no-cache', async () => {
    for (const command of ['analyze', 'export', 'trace', 'host', 'merge', 'stats']) {
      const r = await runCli([command, '--help']);
      expect(r.stdout).toMatch(/--cache <dir>\s+\S/);
      expect(r.stdout).toMatch(/--no-cache\s+\S/);
    }
  });
});
