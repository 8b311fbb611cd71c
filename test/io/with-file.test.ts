// withFile: a file looked at before it is read, failing quietly (whoever reads it whole says why).

import { mkdtempSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFile } from '../../src/io/with-file.js';

describe('withFile', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'novatrace-with-file-')), 'a.log');
  writeFileSync(file, 'abc');

  it('gives what its use returns, read from the file', () => {
    expect(withFile(file, null, (fd) => {
      const b = Buffer.alloc(3);
      return b.subarray(0, readSync(fd, b, 0, 3, 0)).toString();
    })).toBe('abc');
  });

  it('gives the failed value for a file that cannot be opened, without calling its use', () => {
    let called = false;
    expect(withFile(join(file, 'nope'), 'failed', () => {
      called = true;
      return 'read';
    })).toBe('failed');
    expect(called).toBe(false);
  });

  it('gives the failed value when its use throws, and closes the file (a read on the closed fd fails)', () => {
    let kept = -1;
    expect(withFile(file, false, (fd) => {
      kept = fd;
      throw new Error('bad read');
    })).toBe(false);
    expect(() => readSync(kept, Buffer.alloc(1), 0, 1, 0)).toThrow();
  });
});
