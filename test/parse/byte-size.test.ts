// Sizes as users write them (--max-line), and as messages say them.

import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../../src/parse/byte-size.js';

describe('parseByteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['1MB', 1048576],
    ['1mb', 1048576],
    ['1 MB', 1048576],
    ['1M', 1048576],
    ['1MiB', 1048576],
    ['512KB', 524288],
    ['512k', 524288],
    ['1.5MB', 1572864],
    ['.5KB', 512],
    ['100B', 100],
    ['1GB', 1073741824],
    [' 2MB ', 2097152],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'MB', 'big', '-5', '1e6', '1 2', '12XB', '1MBB', '0x100', '1,000'])('"%s" is no size', (text) => {
    expect(parseByteSize(text)).toBeNull();
  });
});

describe('formatByteSize', () => {
  it.each([
    [1048576, '1 MB'],
    [268435456, '256 MB'],
    [524288, '512 KB'],
    [1024, '1 KB'],
    [1572864, '1,536 KB'],
    [1000, '1,000 bytes'],
    [1, '1 byte'],
  ])('%d is %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });
});
