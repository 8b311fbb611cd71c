// The `ready` event: said once, after the first look opened every file there at its start offset and the folders
// are watched, before any of their lines; and a promise kept: a line appended after it is read, even on a machine
// busy with other work.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Follow, SELF, expectExactly, novaLine, novaLines, stopAll, tempDir, text } from './follow-harness.js';

afterEach(stopAll);

/** A folder as a follow finds it: logs complete, empty, with an unfinished last line, and files it does not follow. */
function folder(name: string): { dir: string; full: string; empty: string; unfinished: string; cut: number } {
  const dir = tempDir(name);
  const full = join(dir, 'n-api.log');
  const empty = join(dir, 'n-sch.log');
  const unfinished = join(dir, 'n-cpu.log');
  writeFileSync(full, text(novaLines('full', 0, 40)));
  writeFileSync(empty, '');
  const done = text(novaLines('cpu', 0, 7));
  writeFileSync(unfinished, `${done}${novaLine('cpu', 7).slice(0, 50)}`);
  writeFileSync(`${full}.1`, text(novaLines('rotated', 0, 3))); // read through n-api.log, not followed
  writeFileSync(join(dir, 'n-cond.log.gz'), gzipSync(text(novaLines('gz', 0, 3)))); // not written to any more
  return { dir, full, empty, unfinished, cut: Buffer.byteLength(done) };
}

describe('ready', () => {
  it.each([
    ['at their end', false],
    ['at byte 0 with fromStart', true],
  ])('lists every followed file once, %s, after the first look and before any of their lines', async (_, fromStart) => {
    const { dir, full, empty, unfinished, cut } = folder(fromStart ? 'ready-start' : 'ready-end');
    const named = join(tempDir('named'), 'n-named.log');
    writeFileSync(named, text(novaLines('named', 0, 5)));
    const missing = join(dir, 'n-net.log');
    const follow = new Follow([dir, named, missing], { fromStart });
    const ready = await follow.ready();

    // Paths as the lines events will carry them; offsets where reading starts (an unfinished line is not old).
    const at = (path: string, end: number): { path: string; offset: number } => ({ path, offset: fromStart ? 0 : end });
    expect([...ready.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      at(full, statSync(full).size), at(unfinished, cut), at(empty, 0), at(named, statSync(named).size),
    ].sort((a, b) => a.path.localeCompare(b.path)));
    // What cannot be followed was said before, in the first look.
    const readyAt = follow.events.indexOf(ready);
    expect(follow.events.slice(0, readyAt).map((e) => (e.type === 'file' ? `${e.change} ${e.path}` : e.type)).sort())
      .toEqual([`unreadable ${join(dir, 'n-cond.log.gz')}`, `unreadable ${missing}`]);

    appendFileSync(full, text(novaLines('full', 40, 2)));
    appendFileSync(unfinished, `${novaLine('cpu', 7).slice(50)}\n`);
    appendFileSync(named, text(novaLines('named', 5, 1)));
    writeFileSync(missing, text(novaLines('net', 0, 2)));
    await follow.waitForLines(fromStart ? 42 : 2, full);
    await follow.waitForLines(fromStart ? 8 : 1, unfinished);
    await follow.waitForLines(fromStart ? 6 : 1, named);
    await follow.waitForLines(2, missing);
    expectExactly(follow, full, novaLines('full', fromStart ? 0 : 40, fromStart ? 42 : 2));
    expectExactly(follow, unfinished, novaLines('cpu', fromStart ? 0 : 7, fromStart ? 8 : 1));
    expectExactly(follow, named, novaLines('named', fromStart ? 0 : 5, fromStart ? 6 : 1));
    // Once, and before every lines event.
    expect(follow.events.filter((e) => e.type === 'ready')).toHaveLength(1);
    expect(follow.events.findIndex((e) => e.type === 'lines')).toBeGreaterThan(readyAt);
  });

  it('comes with no file when there is none yet, and a file made right after it is read from its start', async () => {
    const dir = tempDir('ready-none');
    const follow = new Follow([dir], { fromStart: false });
    const ready = await follow.ready();
    expect(ready.files).toEqual([]);
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('new', 0, 3)));
    await follow.waitForLines(3, path);
    expectExactly(follow, path, novaLines('new', 0, 3));
    expect(follow.changes(path)).toEqual(['added']);
  });
});

/** Busy loops in other processes, one per core of CI's machine, for as long as the test runs. */
function cpuLoad(): () => void {
  const hogs: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => {
    for (const hog of hogs) hog.kill('SIGKILL');
  };
}

describe('no line lost at the start, under CPU load', () => {
  it('reads every line written to two files the moment ready is seen, each once', async () => {
    const stopLoad = cpuLoad();
    try {
      for (let round = 0; round < 4; round++) {
        const fromStart = round % 2 === 1;
        const dir = tempDir(`load-${round}`);
        const paths = [join(dir, 'n-api.log'), join(dir, 'n-cpu.log')];
        for (const path of paths) writeFileSync(path, text(novaLines(`old-${path}`, 0, 50)));
        // In another process, as `novatrace follow` is from the one that writes the logs.
        const follow = new Follow(paths, { fromStart }, SELF);
        await follow.ready();
        // At once, a line at a time, in turns: the first writes land while the follower is still starting up.
        const perFile = 300;
        for (let i = 0; i < perFile; i++) for (const path of paths) appendFileSync(path, text([novaLine(`new-${path}`, i)]));
        for (const path of paths) {
          const expected = [...(fromStart ? novaLines(`old-${path}`, 0, 50) : []), ...novaLines(`new-${path}`, 0, perFile)];
          await follow.waitForLines(expected.length, path);
          expectExactly(follow, path, expected);
        }
        await follow.stop();
      }
    } finally {
      stopLoad();
    }
  }, 120_000);
});
