import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundWrites } from '../../../src/io/cache/background-writes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): { path: string; fd: number } {
  const dir = mkdtempSync(join(tmpdir(), 'novatrace-writes-'));
  dirs.push(dir);
  const path = join(dir, 'f');
  return { path, fd: openSync(path, 'w') };
}

describe('writes done in the background', () => {
  it('puts each piece after the one before, from the given offset, whatever order they finish in', async () => {
    const { path, fd } = tempFile();
    const writes = new BackgroundWrites(fd, 3);
    const pieces = Array.from({ length: 200 }, (_, k) => Buffer.from(`piece ${k};`));
    for (const p of pieces) writes.add(p);
    expect(writes.end).toBe(3 + pieces.reduce((n, p) => n + p.length, 0));
    expect(await writes.settle()).toBe(true);
    closeSync(fd);
    const file = readFileSync(path);
    expect([...file.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect(file.subarray(3).toString()).toBe(pieces.map(String).join(''));
  });

  it('lets the writer wait until at most its limit is left to write', async () => {
    const { fd } = tempFile();
    const writes = new BackgroundWrites(fd, 0, 10);
    let drained = false;
    writes.add(Buffer.alloc(64, 1));
    const wait = writes.drained().then(() => {
      drained = true;
    });
    // Not resolved at once: 64 bytes are pending, over the limit of 10.
    await Promise.resolve();
    expect(drained).toBe(false);
    await wait;
    expect(drained).toBe(true);
    expect(await writes.settle()).toBe(true);
    closeSync(fd);
  });

  it('says so when a write fails', async () => {
    const { path, fd } = tempFile();
    closeSync(fd);
    // A descriptor opened for reading only: every write to it fails.
    const ro = openSync(path, 'r');
    const writes = new BackgroundWrites(ro, 0);
    writes.add(Buffer.from('x'));
    expect(await writes.settle()).toBe(false);
    expect(writes.broken).toBe(true);
    closeSync(ro);
  });
});
