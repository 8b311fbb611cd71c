// What a file's first bytes say it is: plain, gzip (read), or bzip2, xz, zstd (refused with the command that
// decompresses them). Apart from read-source.ts, so that stats' counting loads no stream reader for plain files.

import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { NovatraceError } from '../model/errors.js';

export type Compression = 'gzip' | 'none';

/** What the first bytes say: gzip is read, bzip2, xz and zstd are refused with the command that decompresses them. */
export async function sniff(path: string): Promise<Compression> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(6), 0, 6, 0);
    return compressionOf(path, buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** sniff() with blocking reads, for readers that block anyway. */
export function sniffSync(path: string): Compression {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(6);
    return compressionOf(path, buffer.subarray(0, readSync(fd, buffer, 0, 6, 0)));
  } finally {
    closeSync(fd);
  }
}

/** What the first bytes say (see sniff). */
export function compressionOf(path: string, b: Buffer): Compression {
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.subarray(0, 3).toString('latin1') === 'BZh') throw new NovatraceError(`${path}: bzip2-compressed; decompress it first (bunzip2 -k)`);
  if (b[0] === 0xfd && b.subarray(1, 6).toString('latin1') === '7zXZ\u0000') throw new NovatraceError(`${path}: xz-compressed; decompress it first (unxz -k)`);
  if (b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) throw new NovatraceError(`${path}: zstd-compressed; decompress it first (unzstd)`);
  return 'none';
}
