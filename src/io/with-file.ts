// A file opened for blocking reads and closed after: looked at before it is read, failing quietly (the cache's
// fingerprints and resume points, the planning of stats' parts: whoever reads the file whole says why it could not
// be), and read, a byte range a read at a time (a plain file's lines, a part of a large file counted apart); and
// bytes written whole with blocking writes.

import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { NovatraceError } from '../model/errors.js';
import { describeFsError } from './errors.js';

/** `use(fd)` on `path` opened for reading, closed after; `failed` when it cannot be opened or `use` throws. */
export function withFile<T>(path: string, failed: T, use: (fd: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return failed;
  }
  try {
    return use(fd);
  } catch {
    return failed;
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of `path` from `start` to `end` (null: to its end), a blocking read at a time into `buffer`, which the
 * next read overwrites: each is taken before the next is asked for. The file is closed when the reads end or stop;
 * one that cannot be opened or read is a NovatraceError that names it.
 */
export function* blockingReads(path: string, start: number, end: number | null, buffer: Buffer): Generator<Buffer, void, undefined> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new NovatraceError(describeFsError(path, error));
  }
  try {
    for (let position = start; ;) {
      const want = end === null ? buffer.length : Math.min(buffer.length, end - position);
      if (want <= 0) return;
      let n: number;
      try {
        n = readSync(fd, buffer, 0, want, position);
      } catch (error) {
        throw new NovatraceError(describeFsError(path, error));
      }
      if (n === 0) return;
      position += n;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `length` bytes of `bytes` written to `fd` with blocking writes, however few each one takes: from
 * `position` on when given, else where the file is.
 */
export function writeAllSync(fd: number, bytes: Uint8Array, length = bytes.length, position: number | null = null): void {
  for (let at = 0; at < length;) at += writeSync(fd, bytes, at, length - at, position === null ? null : position + at);
}
