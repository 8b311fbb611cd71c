// An analysis over files that only grew goes on from where the last one over the same paths ended (the engine's
// checkpoint, commands/analysis-resume.ts): through the built CLI, with the files parsed on a worker (the parse pool
// keeps the resume marks). The answer is always --no-cache's; where the checkpoint holds, the old parts are not read
// again (shown by an edit in their middle that a reading would see and the fingerprints do not); where it does not
// (an appended line older than the old end, a traceback going on across the old end, a file rewritten), the whole
// input is analyzed. New files beside the old ones are read whole from the same checkpoint, under the same checks.

import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FORMAT, CacheStore } from '../../src/io/cache/store.js';
import { HAS_REALDATA, REALDATA, ROOT, runCli } from '../helpers.js';
import { appendAll, cutInTime, stamps } from '../grown-logs.js';
import type { RunResult } from '../helpers.js';

if (!HAS_REALDATA) console.warn(`cache-resume tests on the shared real sets skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);

const POOL = { NOVATRACE_PARSE_THREADS: '1' };
const tmp = (): string => mkdtempSync(join(tmpdir(), 'novatrace-resume-'));

const same = (a: RunResult, b: RunResult): void => {
  expect(a.code).toBe(b.code);
  expect(a.stdout).toBe(b.stdout);
  expect(a.stderr).toBe(b.stderr);
};

const run = (args: readonly string[], cache: string | null, logs: string): Promise<RunResult> =>
  runCli([...args, ...(cache === null ? ['--no-cache'] : ['--cache', cache]), logs], undefined, POOL);

/**
 * A DEBUG line made an ERROR line (same length) in the middle of a file, far from its ends, one that changes the
 * answer of a reading of `logs` (some lines, a leaked request's, count for nothing): its undoing.
 */
async function editMiddle(logs: string, file: string): Promise<() => void> {
  const text = readFileSync(file, 'latin1');
  const before = (await run(['analyze', '--json'], null, logs)).stdout;
  for (let from = Math.floor(text.length / 2), tries = 0; tries < 12; tries++) {
    const at = text.indexOf(' DEBUG ', from);
    // Beyond the 4 KB the fingerprint hashes at each end, and the 4 KB before where parsing resumes.
    expect(at).toBeGreaterThan(4096);
    expect(text.length - at).toBeGreaterThan(16 * 1024);
    writeFileSync(file, `${text.slice(0, at)} ERROR ${text.slice(at + 7)}`, 'latin1');
    if ((await run(['analyze', '--json'], null, logs)).stdout !== before) {
      return () => {
        const edited = readFileSync(file, 'latin1');
        writeFileSync(file, `${edited.slice(0, at)} DEBUG ${edited.slice(at + 7)}`, 'latin1');
      };
    }
    writeFileSync(file, text, 'latin1');
    from = at + 7 + 512;
  }
  throw new Error(`${file}: no DEBUG line in its middle changes the answer once made an ERROR line`);
}

/** The one checkpoint in a cache folder, as it is now. */
function checkpointOf(cache: string): Buffer {
  const folder = join(cache, `v${CACHE_FORMAT}`, 'resume');
  const files = readdirSync(folder);
  expect(files).toHaveLength(1);
  return readFileSync(join(folder, files[0] as string));
}

/** The file indexes go: a reading of the logs would have to parse every file. */
const dropIndexes = (cache: string): void => rmSync(join(cache, `v${CACHE_FORMAT}`, 'files'), { recursive: true, force: true });

/** Sets to grow, and whether their files are large enough to edit where the fingerprints do not look. */
const SETS: readonly [string, string, boolean, boolean][] = [
  ['fixtures/operations/boot-multi-zed', join(ROOT, 'fixtures/operations/boot-multi-zed'), true, false],
  ['zed-rig/full', join(REALDATA, 'zed-rig/full'), HAS_REALDATA, true],
  ['zed-rig-hostevac/full', join(REALDATA, 'zed-rig-hostevac/full'), HAS_REALDATA, true],
];

describe('an analysis of files that only grew goes on from the last one', () => {
  for (const [name, folder, present, large] of SETS) {
    it.skipIf(!present)(`${name}: twice grown, each answer is --no-cache's${large ? ', and the old parts are not read again' : ''}`, async () => {
      const all = present ? stamps(folder) : [];
      const cuts = [all[Math.floor(all.length / 2)] as string, all[Math.floor((3 * all.length) / 4)] as string];
      const { logs, parts } = cutInTime(folder, cuts);
      const cache = tmp();
      same(await run(['analyze', '--json'], cache, logs), await run(['analyze', '--json'], null, logs));
      // The old part of the largest file that grows edited in its middle, and the indexes gone: only a reading that
      // skips the old parts answers as if it were not edited.
      const growing = readdirSync(logs).filter((f) => parts.every((p) => (p.get(f)?.length ?? 0) > 0));
      const largest = growing.map((f) => join(logs, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0] as string;
      const undo = large ? await editMiddle(logs, largest) : () => undefined;
      appendAll(logs, parts[0] as Map<string, Buffer>);
      dropIndexes(cache);
      const grown = await run(['analyze', '--json'], cache, logs);
      if (large) expect(grown.stdout).not.toBe((await run(['analyze', '--json'], null, logs)).stdout);
      undo();
      same(grown, await run(['analyze', '--json'], null, logs));
      // trace and host read the lines of operations the resumed analysis noted: those of the old parts and the new.
      const ops = (JSON.parse(grown.stdout) as { operations: { requestIds: string[] }[] }).operations;
      expect(ops.length).toBeGreaterThan(1);
      for (const id of [ops[0]?.requestIds[0], ops[ops.length - 1]?.requestIds[0]] as string[]) {
        same(await run(['trace', id], cache, logs), await run(['trace', id], null, logs));
      }
      // Grown again, and trace asked first: it goes on from the checkpoint the resumed analysis left (keeping a new
      // one, which trace's own reading, keeping entries, would not), then reads its operation's lines again.
      const undoAgain = large ? await editMiddle(logs, largest) : () => undefined;
      appendAll(logs, parts[1] as Map<string, Buffer>);
      dropIndexes(cache);
      const newest = (JSON.parse((await run(['analyze', '--json'], null, logs)).stdout) as { operations: { requestIds: string[] }[] }).operations.at(-1)?.requestIds[0] as string;
      const checkpointBefore = checkpointOf(cache);
      const traced = await run(['trace', newest], cache, logs);
      expect(checkpointOf(cache).equals(checkpointBefore)).toBe(false);
      const again = await run(['analyze', '--json'], cache, logs);
      if (large) expect(again.stdout).not.toBe((await run(['analyze', '--json'], null, logs)).stdout);
      undoAgain();
      same(again, await run(['analyze', '--json'], null, logs));
      same(traced, await run(['trace', newest], null, logs));
      same(await run(['analyze', '--no-tui'], cache, logs), await run(['analyze', '--no-tui'], null, logs));
    }, 120_000);
  }

  /**
   * A set cut in its middle and analyzed with a cache: the folder, the cache, the rest of each file, and (`edit`, a
   * set with large files) its largest file edited in the middle of its old part, the indexes gone, so that an answer
   * that sees the edit is one that read the old parts again.
   */
  async function analyzedHalf(folder: string, edit: boolean): Promise<{ logs: string; cache: string; rest: Map<string, Buffer>; undo: () => void }> {
    const all = stamps(folder);
    const { logs, parts } = cutInTime(folder, [all[Math.floor(all.length / 2)] as string]);
    const cache = tmp();
    await run(['analyze', '--json'], cache, logs);
    const rest = parts[0] as Map<string, Buffer>;
    let undo = (): void => undefined;
    if (edit) {
      const largest = readdirSync(logs).filter((f) => (rest.get(f)?.length ?? 0) > 0).map((f) => join(logs, f))
        .sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0] as string;
      undo = await editMiddle(logs, largest);
      dropIndexes(cache);
    }
    return { logs, cache, rest, undo };
  }

  /**
   * The answer over the grown logs is --no-cache's; with an edit, one that differs from the answer without it: the
   * old parts were read again.
   */
  async function readWhole(logs: string, cache: string, undo: (() => void) | null): Promise<void> {
    const answer = await run(['analyze', '--json'], cache, logs);
    same(answer, await run(['analyze', '--json'], null, logs));
    if (undo !== null) {
      undo();
      expect(answer.stdout).not.toBe((await run(['analyze', '--json'], null, logs)).stdout);
    }
  }

  const REFUSING: readonly [string, string, boolean, boolean][] = [
    ['fixtures/operations/boot-multi-zed', join(ROOT, 'fixtures/operations/boot-multi-zed'), true, false],
    ['zed-rig/full', join(REALDATA, 'zed-rig/full'), HAS_REALDATA, true],
  ];

  for (const [name, folder, present, edit] of REFUSING) {
    it.skipIf(!present)(`${name}: an appended line older than the old end: the whole input is analyzed`, async () => {
      const { logs, cache, rest, undo } = await analyzedHalf(folder, edit);
      appendAll(logs, rest);
      // The scheduler's first line again, at the end: older than every line read before.
      const sch = join(logs, 'n-sch.log');
      appendFileSync(sch, `${readFileSync(sch, 'utf8').split('\n')[0] as string}\n`);
      await readWhole(logs, cache, edit ? undo : null);
    }, 120_000);

    it.skipIf(!present)(`${name}: lines going on with an old last entry (a traceback's): the whole input is analyzed`, async () => {
      const { logs, cache, rest, undo } = await analyzedHalf(folder, edit);
      // Lines without a prefix are the entry before's (Zed writes a traceback's lines so): the old last entry grows.
      const grows = readdirSync(logs).find((f) => (rest.get(f)?.length ?? 0) > 0) as string;
      appendFileSync(join(logs, grows), 'Traceback (most recent call last):\n'
        + '  File "/opt/stack/nova/nova/compute/manager.py", line 2437, in _build_and_run_instance\n');
      appendAll(logs, rest);
      await readWhole(logs, cache, edit ? undo : null);
    }, 120_000);

    it.skipIf(!present)(`${name}: a file rewritten (rotated, then written again): the whole input is analyzed`, async () => {
      const { logs, cache, rest, undo } = await analyzedHalf(folder, edit);
      // The smallest file that grows (not the one edited, the largest): its new lines written first, then its old.
      const name = readdirSync(logs).filter((f) => (rest.get(f)?.length ?? 0) > 0)
        .sort((a, b) => readFileSync(join(logs, a)).length - readFileSync(join(logs, b)).length)[0] as string;
      const file = join(logs, name);
      writeFileSync(file, Buffer.concat([rest.get(name) as Buffer, readFileSync(file)]));
      await readWhole(logs, cache, edit ? undo : null);
    }, 120_000);
  }

  for (const [name, folder, present, edit] of REFUSING) {
    // A folder analyzed, then a new file in it (a log split by day, a service's log that begins): the analysis goes
    // on from the checkpoint of the folder as it was, the new file read whole as if it had grown from nothing.
    it.skipIf(!present)(`${name}: a new file whose lines all come after the old end: the analysis goes on from the checkpoint${edit ? ', the old parts not read again' : ''}`, async () => {
      const { logs, cache, rest, undo } = await analyzedHalf(folder, edit);
      newFileOf(logs, rest);
      appendAll(logs, rest);
      const answer = await run(['analyze', '--json'], cache, logs);
      const files = readdirSync(logs).length;
      expect((JSON.parse(answer.stdout) as { parse: { files: number } }).parse.files).toBe(files);
      // An answer that does not see the edit in an old part is one that did not read it again.
      if (edit) expect(answer.stdout).not.toBe((await run(['analyze', '--json'], null, logs)).stdout);
      undo();
      same(answer, await run(['analyze', '--json'], null, logs));
      // trace reads the lines the resumed analysis noted, the new file's among them.
      const newest = (JSON.parse(answer.stdout) as { operations: { requestIds: string[] }[] }).operations.at(-1)?.requestIds[0] as string;
      same(await run(['trace', newest], cache, logs), await run(['trace', newest], null, logs));
    }, 120_000);

    it.skipIf(!present)(`${name}: a new file with a line older than the old end: the whole input is analyzed`, async () => {
      const { logs, cache, rest, undo } = await analyzedHalf(folder, edit);
      const moved = newFileOf(logs, rest);
      appendAll(logs, rest);
      // The first line of the file it was split from, at its start: older than the old end.
      const file = join(logs, `${moved}.1`);
      const oldLine = readFileSync(join(logs, moved), 'utf8').split('\n')[0] as string;
      writeFileSync(file, Buffer.concat([Buffer.from(`${oldLine}\n`), readFileSync(file)]));
      await readWhole(logs, cache, edit ? undo : null);
    }, 120_000);
  }

  it('a checkpoint that is not what was written (a byte flipped; another payload under its key) is given up', async () => {
    for (const spoil of ['flip', 'replace'] as const) {
      const { logs, cache, rest } = await analyzedHalf(join(ROOT, 'fixtures/operations/boot-multi-zed'), false);
      const folder = join(cache, `v${CACHE_FORMAT}`, 'resume');
      const [file] = readdirSync(folder);
      expect(file).toBeDefined();
      const path = join(folder, file as string);
      const bytes = readFileSync(path);
      if (spoil === 'flip') {
        bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0x55, bytes.length - 10);
        writeFileSync(path, bytes);
      } else {
        // The header's key, then a payload of the right checksum that is no checkpoint.
        const lines = bytes.toString('latin1').split('\n', 3);
        const keyStart = lines.slice(0, 3).join('\n').length + 1;
        const key = bytes.subarray(keyStart, keyStart + Number(lines[2])).toString('utf8');
        new CacheStore(cache).put('resume', key, Buffer.from('\u0004\u0000\u0000\u0000no checkpoint', 'latin1'));
      }
      appendAll(logs, rest);
      same(await run(['analyze', '--json'], cache, logs), await run(['analyze', '--json'], null, logs));
    }
  });

  it('nothing changed but the kept analysis is gone: the checkpoint alone gives the answer', async () => {
    const { logs, cache } = await analyzedHalf(join(ROOT, 'fixtures/operations/boot-multi-zed'), false);
    rmSync(join(cache, `v${CACHE_FORMAT}`, 'analysis'), { recursive: true, force: true });
    rmSync(join(cache, `v${CACHE_FORMAT}`, 'answer'), { recursive: true, force: true });
    same(await run(['analyze', '--json'], cache, logs), await run(['analyze', '--json'], null, logs));
    same(await run(['host', '--json', 'compute1'], cache, logs), await run(['host', '--json', 'compute1'], null, logs));
  });
});

/**
 * The rest of the smallest file that grows goes to a new file beside it (`<name>.1`, which the folder's reading
 * finds), not to the file: the file's name.
 */
function newFileOf(logs: string, rest: Map<string, Buffer>): string {
  const name = readdirSync(logs).filter((f) => (rest.get(f)?.length ?? 0) > 0)
    .sort((a, b) => readFileSync(join(logs, a)).length - readFileSync(join(logs, b)).length)[0] as string;
  writeFileSync(join(logs, `${name}.1`), rest.get(name) as Buffer);
  rest.delete(name);
  return name;
}
