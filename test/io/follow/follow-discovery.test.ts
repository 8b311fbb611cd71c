// Which files are followed: new ones in a followed folder or matching a followed glob, a named file that does
// not exist yet, and the ones that are not (other names, rotated copies, compressed logs, bad arguments).

import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { followPaths } from '../../../src/io/follow/follow-paths.js';
import { NovatraceError } from '../../../src/model/errors.js';
import { Follow, NOBODY, expectExactly, followLog, novaLines, stopAll, tempDir, text, waitFor } from './follow-harness.js';

afterEach(stopAll);

describe('new files', () => {
  it('follows a log file that appears in a followed folder (and below), from its start', async () => {
    const dir = tempDir('folder');
    const follow = new Follow([dir], { fromStart: false });
    await follow.ready();
    mkdirSync(join(dir, 'compute'));
    const path = join(dir, 'compute', 'n-cpu.log');
    writeFileSync(path, text(novaLines('f', 0, 3)));
    writeFileSync(join(dir, 'notes.md'), 'not a log\n');
    await follow.waitForLines(3, path);
    appendFileSync(path, text(novaLines('f', 3, 2)));
    await follow.waitForLines(5, path);
    expectExactly(follow, path, novaLines('f', 0, 5));
    expect(follow.changes(path)).toEqual(['added']);
    expect(follow.paths().some((p) => p.endsWith('notes.md'))).toBe(false);
  });

  it('follows a file matching a followed glob, and not one that does not match', async () => {
    const dir = tempDir('glob');
    writeFileSync(join(dir, 'n-api.log'), '');
    const follow = new Follow([join(dir, 'n-*.log')], { fromStart: false });
    await follow.ready();
    const other = join(dir, 'keystone.log');
    const matching = join(dir, 'n-cpu.log');
    writeFileSync(other, text(novaLines('k', 0, 2)));
    writeFileSync(matching, text(novaLines('g', 0, 2)));
    await follow.waitForLines(2, matching);
    // Evidence the follower looked after the non-matching file was made: a line in a followed file written later.
    appendFileSync(join(dir, 'n-api.log'), text(novaLines('api', 0, 1)));
    await follow.waitForLines(1, join(dir, 'n-api.log'));
    expectExactly(follow, matching, novaLines('g', 0, 2));
    expect(follow.changes(matching)).toEqual(['added']);
    expect(follow.paths()).not.toContain(other);
  });

  it('waits for a named file that does not exist yet, saying so once, then follows it from its start', async () => {
    const dir = tempDir('later');
    const path = join(dir, 'n-cpu.log');
    const follow = new Follow([path], { fromStart: false });
    await follow.waitForChange('unreadable', path);
    writeFileSync(path, text(novaLines('n', 0, 4)));
    await follow.waitForLines(4, path);
    expectExactly(follow, path, novaLines('n', 0, 4));
    expect(follow.changes(path)).toEqual(['unreadable', 'added']);
    const waiting = follow.events.find((e) => e.type === 'file' && e.path === path);
    expect(waiting?.type === 'file' && waiting.message).toMatch(/does not exist yet/);
  });

  it('a named file deleted and created again is followed again from its start', async () => {
    const { path, follow } = await followLog('n-cpu.log');
    appendFileSync(path, text(novaLines('x', 0, 2)));
    await follow.waitForLines(2, path);
    unlinkSync(path);
    await follow.waitForChange('removed', path);
    writeFileSync(path, text(novaLines('x', 2, 2)));
    await follow.waitForLines(4, path);
    expectExactly(follow, path, novaLines('x', 0, 4));
    expect(follow.changes(path)).toEqual(['removed', 'added']);
  });
});

describe('files not followed', () => {
  it('says a gzip file cannot be followed, and follows the others', async () => {
    const dir = tempDir('gz');
    const gz = join(dir, 'screen-n-cpu.txt.gz');
    const plain = join(dir, 'screen-n-sch.txt');
    writeFileSync(gz, gzipSync(text(novaLines('z', 0, 3))));
    writeFileSync(plain, text(novaLines('p', 0, 3)));
    const follow = new Follow([dir], { fromStart: true });
    await follow.waitForChange('unreadable', gz);
    await follow.waitForLines(3, plain);
    const said = follow.events.find((e) => e.type === 'file' && e.path === gz);
    expect(said?.type === 'file' && said.message).toMatch(/gzip-compressed.*follow the uncompressed log/);
    expect(follow.lines(gz)).toEqual([]);
  });

  it('says a file it may not read is unreadable, never throws, and follows it once it may', async () => {
    const dir = tempDir('eacces');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('u', 0, 2)));
    chmodSync(path, 0o000);
    // Root may read anything: as root (CI), the follower runs as nobody in a child process.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o755);
    const follow = new Follow([path], { fromStart: true }, asRoot ? NOBODY : undefined);
    await follow.waitForChange('unreadable', path);
    const said = follow.events.find((e) => e.type === 'file' && e.path === path);
    expect(said?.type === 'file' && said.message).toMatch(/permission denied/);
    chmodSync(path, 0o644);
    await follow.waitForLines(2, path);
    await follow.stop();
    expectExactly(follow, path, novaLines('u', 0, 2));
    expect(follow.changes(path)).toEqual(['unreadable', 'added']);
  });

  it('says a named pipe is not a regular file instead of blocking on it', async () => {
    const dir = tempDir('fifo');
    const fifo = join(dir, 'n-cpu.log');
    const plain = join(dir, 'n-api.log');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(plain, text(novaLines('f', 0, 2)));
    const follow = new Follow([fifo, plain], { fromStart: true });
    await follow.waitForChange('unreadable', fifo);
    await follow.waitForLines(2, plain);
    const said = follow.events.find((e) => e.type === 'file' && e.path === fifo);
    expect(said?.type === 'file' && said.message).toMatch(/not a regular file/);
  });

  it('does not follow rotated copies beside a followed log in a folder', async () => {
    const dir = tempDir('archives');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('live', 0, 2)));
    writeFileSync(`${path}.1`, text(novaLines('old', 0, 2)));
    writeFileSync(`${path}-20260101`, text(novaLines('older', 0, 2)));
    const follow = new Follow([dir], { fromStart: true });
    await follow.waitForLines(2, path);
    await follow.ready();
    expectExactly(follow, path, novaLines('live', 0, 2));
    expect(follow.lines().filter((l) => l.path !== path)).toEqual([]);
  });

  it('reports a bad argument and follows the good ones', async () => {
    const dir = tempDir('mixed');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('m', 0, 2)));
    const missing = join(dir, 'no-such-folder', '*.log');
    const follow = new Follow([missing, path], { fromStart: true });
    await follow.waitForLines(2, path);
    await waitFor('the bad argument reported', () => follow.changes(missing).includes('unreadable') === true);
    expect(follow.error).toBeNull();
  });

  it.each([
    ['no argument', [] as string[], /no input/],
    ['stdin', ['-'], /standard input cannot be followed/],
    ['a glob whose folder does not exist', ['/nonexistent-novatrace/*.log'], /no folder to watch/],
    ['a file whose folder does not exist', ['/nonexistent-novatrace/n-cpu.log'], /no folder .* to wait for it in/],
  ])('throws NovatraceError (exit 2) when nothing can be followed: %s', async (_, args, message) => {
    const iterator = followPaths(args, { fromStart: false })[Symbol.asyncIterator]();
    const failure = await iterator.next().then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(NovatraceError);
    expect((failure as NovatraceError).exitCode).toBe(2);
    expect((failure as Error).message).toMatch(message);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses pollMs %s at once (a caller bug)', (pollMs) => {
    expect(() => followPaths(['.'], { fromStart: false, pollMs })).toThrow(RangeError);
  });
});
