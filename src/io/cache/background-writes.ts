// Bytes written to a file at their places by libuv's threads, while this thread goes on: a cold run writes each
// file's index (about two thirds of the logs' size) as its chunks come, and written here, on the thread that
// correlates, the copy into the page cache held that thread for a tenth of a second per 100 MB. Writes queue in
// order; past `limit` bytes not yet written (a slow disk), the reader waits for them (drained()).

import { write } from 'node:fs';

export class BackgroundWrites {
  /** Where the next bytes go. */
  private at: number;
  private pending = 0;
  private failed = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly fd: number, from: number, private readonly limit = 16 * 1024 * 1024) {
    this.at = from;
  }

  /** The file's length once every write is done. */
  get end(): number {
    return this.at;
  }

  /** Whether a write failed: the file is then not what was given. */
  get broken(): boolean {
    return this.failed;
  }

  /** Queues `bytes` at the end; they must not change until written. */
  add(bytes: Uint8Array): void {
    const position = this.at;
    this.at += bytes.byteLength;
    if (this.failed || bytes.byteLength === 0) return;
    this.pending += bytes.byteLength;
    this.writeFrom(bytes, 0, position);
  }

  /** Resolves once at most `limit` bytes are left to write. */
  drained(): Promise<void> {
    return this.pending <= this.limit ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Resolves once every write is done: true when all succeeded. */
  async settle(): Promise<boolean> {
    while (this.pending > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return !this.failed;
  }

  private writeFrom(bytes: Uint8Array, done: number, position: number): void {
    write(this.fd, bytes, done, bytes.byteLength - done, position, (error, written) => {
      if (error === null && written > 0 && done + written < bytes.byteLength) {
        this.writeFrom(bytes, done + written, position + written);
        return;
      }
      if (error !== null || written <= 0) this.failed = true;
      this.pending -= bytes.byteLength - done;
      this.wake();
    });
  }

  private wake(): void {
    if (this.pending > this.limit) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
