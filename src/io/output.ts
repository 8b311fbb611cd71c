// Writing to stdout with back-pressure; a closed pipe (`| head`) ends the program quietly instead of throwing.

import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { Buffer } from 'node:buffer';
import type { Writable } from 'node:stream';
import { writeAllSync } from './with-file.js';

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

/** Bytes queued before a block is written (a UTF-16 unit of a text counts as one). */
const BLOCK = 65536;
/** A block holds a block of ASCII text and a line more; one grown past MAX_KEPT for a long line is let go once written. */
const MIN_BLOCK_BYTES = 1 << 18;
const MAX_KEPT_BLOCK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** A line that writes itself as bytes (merge --json's entries): `write` puts them at `at` and says where they end. */
export interface LineBytes {
  write(into: Buffer, at: number): number;
}

export class PipeClosed extends Error {
  constructor() {
    super('output closed');
  }
}

export class Output {
  /** Where text is encoded as it is queued: one buffer, reused, written whole when a block is full. */
  private block: Buffer = Buffer.allocUnsafeSlow(MIN_BLOCK_BYTES);
  /** Bytes of the block queued. */
  private used = 0;
  /** What was queued since the last write, counted as BLOCK counts it. */
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

  /**
   * `fd`: a file or device that `stream` writes synchronously: blocks are written to it directly, from the buffer
   * they were queued in. Found for process.stdout; given by tests.
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
    this.put(text);
    this.block[this.used++] = NEWLINE;
    this.size += text.length + 1;
    return this.size >= BLOCK;
  }

  /**
   * Queues a line that writes its own bytes, at most `most` of them (no text is made of it, nor encoded: a line made
   * as a string cost as much again to flatten and encode as to make). True when a block is full, as queue says.
   */
  queueBytes(most: number, line: LineBytes): boolean {
    if (this.closed) throw new PipeClosed();
    this.room(most + 1);
    const start = this.used;
    const end = line.write(this.block, start);
    this.block[end] = NEWLINE;
    this.used = end + 1;
    this.size += end + 1 - start;
    return this.size >= BLOCK;
  }

  /**
   * Queues text that the next part or line goes on from: a long answer (analyze's JSON, an operation at a time)
   * written as it is made, never held whole. Writes in blocks alike.
   */
  async part(text: string): Promise<void> {
    if (this.closed) throw new PipeClosed();
    this.put(text);
    this.size += text.length;
    if (this.size >= BLOCK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0 || this.closed) return;
    const bytes = this.used;
    this.size = 0;
    this.used = 0;
    let head: Buffer | null = null;
    if (this.guard !== null && !this.guarded) {
      this.guarded = true;
      head = Buffer.from(`::stop-commands::${this.guard}\n`);
    }
    const block = this.block;
    // A block grown for a long line is not kept.
    if (block.length > MAX_KEPT_BLOCK_BYTES) this.block = Buffer.allocUnsafeSlow(MIN_BLOCK_BYTES);
    if (this.fd !== null) {
      if (head !== null) writeAllSync(this.fd, head);
      writeAllSync(this.fd, block, bytes);
    } else {
      // The stream keeps what it is given until it is written: a copy, the block is reused.
      const copy = Buffer.allocUnsafe((head?.length ?? 0) + bytes);
      head?.copy(copy);
      block.copy(copy, head?.length ?? 0, 0, bytes);
      if (!this.stream.write(copy)) {
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
    }
    if (this.closed) throw new PipeClosed();
  }

  /** Encodes text at the block's end: one encoding per text, no joined string. */
  private put(text: string): void {
    // At most 3 bytes a UTF-16 unit; counted exactly only when that may not fit.
    const room = this.block.length - this.used - 1;
    this.room(text.length * 3 > room ? Buffer.byteLength(text) + 1 : 0);
    this.used += this.block.write(text, this.used);
  }

  /** The block has `bytes` free after what is queued, grown (what is queued copied) if it had not. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.block.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.used + bytes, 2 * this.block.length));
    this.block.copy(grown, 0, 0, this.used);
    this.block = grown;
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
