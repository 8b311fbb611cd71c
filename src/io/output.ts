// Writing to stdout with back-pressure; a closed pipe (`| head`) ends the program quietly instead of throwing.

import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { Writable } from 'node:stream';

/**
 * The descriptor of stdout when it is a file or a device (`> out.ndjson`, `> /dev/null`): Node writes those
 * synchronously, each string through a Buffer of its own (a third of writing 600 MB went to allocating them); null
 * for a terminal or a pipe, written by Node's own stream.
 */
function fileStdout(stream: Writable): number | null {
  if (stream !== process.stdout || isatty(1)) return null;
  try {
    const stat = fstatSync(1);
    return stat.isFile() || stat.isCharacterDevice() ? 1 : null;
  } catch {
    return null;
  }
}

export class PipeClosed extends Error {
  constructor() {
    super('output closed');
  }
}

export class Output {
  private buffer: string[] = [];
  private size = 0;
  private closed = false;
  private onClosed: () => void = () => undefined;
  /** Resolves when the reader went away (EPIPE): a command that would go on forever (follow) stops on it. */
  readonly whenClosed = new Promise<void>((resolve) => {
    this.onClosed = resolve;
  });

  /** The token GitHub Actions' workflow commands are stopped with (guardText), null: none. */
  private guard: string | null = null;
  /** Some text was written under the guard: its end must be written too. */
  private guarded = false;

  /** Where blocks are encoded before a file descriptor's write: one buffer, reused. */
  private block: Buffer | null = null;

  /**
   * `fd`: a file or device that `stream` writes synchronously: blocks are written to it directly, from one buffer.
   * Found for process.stdout; given by tests.
   */
  constructor(private readonly stream: Writable = process.stdout, private readonly fd: number | null = fileStdout(stream)) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        this.closed = true;
        this.onClosed();
      } else {
        throw error;
      }
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues a line; writes in blocks of about 64 KB, waiting when the stream asks to. */
  async line(text: string): Promise<void> {
    if (this.queue(text)) await this.flush();
  }

  /**
   * Queues a line without a promise (merge queues a million): true when a block is full, and the caller is to
   * `await flush()` before it queues more.
   */
  queue(text: string): boolean {
    if (this.closed) throw new PipeClosed();
    this.buffer.push(text, '\n');
    this.size += text.length + 1;
    return this.size >= 65536;
  }

  /**
   * Queues text that the next part or line goes on from: a long answer (analyze's JSON, an operation at a time)
   * written as it is made, never held whole. Writes in blocks alike.
   */
  async part(text: string): Promise<void> {
    if (this.closed) throw new PipeClosed();
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= 65536) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0 || this.closed) return;
    let text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (this.guard !== null && !this.guarded) {
      this.guarded = true;
      text = `::stop-commands::${this.guard}\n${text}`;
    }
    if (this.fd !== null) {
      this.writeToFile(this.fd, text);
    } else if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          this.stream.off('close', done);
          resolve();
        };
        this.stream.once('drain', done);
        this.stream.once('error', done);
        this.stream.once('close', done);
      });
    }
    if (this.closed) throw new PipeClosed();
  }

  private writeToFile(fd: number, text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.block === null || this.block.length < bytes) this.block = Buffer.allocUnsafeSlow(Math.max(bytes, 1 << 17));
    this.block.write(text, 0, 'utf8');
    for (let at = 0; at < bytes;) at += writeSync(fd, this.block, at, bytes - at);
    // A block of one huge line is not kept.
    if (this.block.length > 1 << 20) this.block = null;
  }

  /**
   * What is written from now on is text a log line could hide a workflow command in (`::add-mask::`, `::error
   * file=...::`): it goes out between `::stop-commands::<token>` and `::<token>::`, and is only text to the runner.
   */
  guardText(token: string): void {
    this.guard = token;
  }

  /** The program's output is complete: what is queued goes out, and the guard's end after it. */
  async end(): Promise<void> {
    await this.flush();
    if (!this.guarded || this.closed) return;
    this.guarded = false;
    await new Promise<void>((resolve) => {
      this.stream.write(`::${this.guard as string}::\n`, () => resolve());
    });
  }
}
