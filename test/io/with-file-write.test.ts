import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeAllSync } from '../../src/io/with-file.js';
import { withNewFile } from '../helpers.js';

describe('writeAllSync', () => {
  it('writes the first `length` bytes where the file is, then at a position without moving on from it', async () => {
    await withNewFile(async (fd, path) => {
      writeAllSync(fd, Buffer.from('hello world'), 5);
      writeAllSync(fd, Buffer.from('!!'));
      writeAllSync(fd, Buffer.from('J'), 1, 0);
      writeAllSync(fd, Buffer.from('?'));
      expect(readFileSync(path, 'utf8')).toBe('Jello!!?');
    });
  });
});
