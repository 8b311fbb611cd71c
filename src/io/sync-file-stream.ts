// A file as a Readable that reads with readSync: for worker threads, where blocking costs nothing and the
// thread-pool round trip of each asynchronous read would leave the thread idle a third of the time.

import { closeSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';

const CHUNK = 1 << 16;

export function syncFileStream(path: string): Readable {
  let fd: number | null = null;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      try {
        fd ??= openSync(path, 'r');
        const buffer = Buffer.allocUnsafe(CHUNK);
        const n = readSync(fd, buffer, 0, CHUNK, null);
        this.push(n > 0 ? buffer.subarray(0, n) : null);
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, done) {
      if (fd !== null) closeSync(fd);
      fd = null;
      done(error);
    },
  });
}
