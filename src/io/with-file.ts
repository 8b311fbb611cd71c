// One file opened for a few blocking reads that may fail quietly: the cache's fingerprints and resume points and the
// planning of stats' parts look at a file before reading it, and whoever reads it whole says why it could not be.

import { closeSync, openSync } from 'node:fs';

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
