import { closeSync, openSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackgroundWrites } from '../../../src/io/cache/background-writes.js';
import { withNewFile } from '../../helpers.js';

describe('writes done in the background', () => {
  it('puts each piece after the one before, from the given offset, whatever order they finish in', async () => {
    await withNewFile(async (fd, path) => {
      const writes = new BackgroundWrites(fd, 3);
      const pieces = Array.from({ length: 200 }, (_, k) => Buffer.from(`piece ${k};`));
      for (const p of pieces) writes.add(p);
      expect(writes.end).toBe(3 + pieces.reduce((n, p) => n + p.length, 0));
      expect(await writes.settle()).toBe(true);
      const file = readFileSync(path);
      expect([...file.subarray(0, 3)]).toEqual([0, 0, 0]);
      expect(file.subarray(3).toString()).toBe(pieces.map(String).join(''));
    });
  });

  it('lets the writer wait until at most its limit is left to write', async () => {
    await withNewFile(async (fd) => {
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
    });
  });

  it('says so when a write fails', async () => {
    await withNewFile(async (_fd, path) => {
      // A descriptor opened for reading only: every write to it fails.
      const ro = openSync(path, 'r');
      try {
        const writes = new BackgroundWrites(ro, 0);
        writes.add(Buffer.from('x'));
        expect(await writes.settle()).toBe(false);
        expect(writes.broken).toBe(true);
      } finally {
        closeSync(ro);
      }
    });
  });
});
