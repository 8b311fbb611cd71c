// One generation of a followed file: the open descriptor, how far it was read, and the lines split so far. A
// generation ends when the path names another file (rotation) or the file is truncated; the descriptor keeps
// reading the old bytes until then, whatever happened to the name.

import { fstatSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { identityOf } from './file-identity.js';
import type { FileIdentity } from './file-identity.js';
import { LineSplitter } from '../line-splitter.js';
import type { SplitLines } from '../line-splitter.js';
import { startAtEnd } from './start-position.js';

/**
 * Bytes kept from just before the read position and compared on every read. Appending never changes them; a
 * truncation does, even when the writer has already written past the old position again before we look (a
 * size check alone would then read from the middle of a new line). Costs 64 bytes more per read.
 */
const TAIL_BYTES = 64;
/**
 * Bytes kept from where this generation began reading: with the tail, what a copy of the file (copytruncate's
 * `a.log.1`) must hold at the same offsets to be taken for a copy of what was read.
 */
const HEAD_BYTES = 4096;

/** Room a read buffer needs for `budget` new bytes. */
export function readBufferSize(budget: number): number {
  return budget + TAIL_BYTES;
}

/**
 * Each followed line is decoded on its own: an open request may hold a line for minutes, and it must not keep
 * the other lines of its read alive with it.
 */
function splitterFor(maxLine: number, firstLine: number): LineSplitter {
  return new LineSplitter({ maxLine, firstLine, ownStrings: true });
}

export type ReadOutcome =
  | { readonly kind: 'lines'; readonly split: SplitLines }
  | { readonly kind: 'end' }
  | { readonly kind: 'rewritten' };

/** What the copy of a truncated generation gave: the lines after the offset reached, read in steps. */
export interface CopyRest {
  readonly reads: readonly SplitLines[];
  /** Bytes read from the copy. */
  readonly bytes: number;
}

export class FileGeneration {
  private tail: Buffer = Buffer.alloc(0);
  private head: Buffer = Buffer.alloc(0);
  /** Offset of `head`'s first byte: where this generation began reading. */
  private headAt: number;
  private closed = false;
  /**
   * Bytes the file was last seen to hold (fstat): while reading has not reached them, bytes wait without asking the
   * file again (follow asks at every turn; the file only grows, and a truncation is found by the read it leads to).
   */
  private seen = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly identity: FileIdentity,
    private pos: number,
    private readonly maxLine: number,
    private splitter: LineSplitter,
  ) {
    this.headAt = pos;
  }

  /**
   * Throws the file system's error (ENOENT, EACCES, EISDIR...) for the caller to word. `maxLine`: bytes a line may
   * have; a longer one is cut there (and named in its lines' `cut`).
   */
  static async open(path: string, from: 'start' | 'end', buffer: Buffer, maxLine: number): Promise<FileGeneration> {
    const handle = await open(path, 'r');
    try {
      const stats = await handle.stat({ bigint: true });
      if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const start = from === 'end' ? await startAtEnd(handle, Number(stats.size), buffer) : { pos: 0, line: 1 };
      const generation = new FileGeneration(handle, identityOf(stats), start.pos, maxLine, splitterFor(maxLine, start.line));
      await generation.loadTail(buffer);
      return generation;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Byte offset the next read starts at. */
  get position(): number {
    return this.pos;
  }

  private async loadTail(buffer: Buffer): Promise<void> {
    const back = Math.min(this.pos, TAIL_BYTES);
    const { bytesRead } = await this.handle.read(buffer, 0, back, this.pos - back);
    this.tail = Buffer.from(buffer.subarray(0, bytesRead));
  }

  /**
   * Reads at most `budget` new bytes (the buffer must hold `readBufferSize(budget)`). `rewritten` when the bytes
   * before the position changed (truncated, copy-truncate); the caller decides, then calls `restart`.
   */
  async read(buffer: Buffer, budget: number): Promise<ReadOutcome> {
    const back = this.tail.length;
    const { bytesRead } = await this.handle.read(buffer, 0, back + budget, this.pos - back);
    if (bytesRead < back || !buffer.subarray(0, back).equals(this.tail)) {
      this.seen = 0;
      return { kind: 'rewritten' };
    }
    // A read short of its budget reached the end the file had then: what it was seen to hold is read.
    if (bytesRead < back + budget) this.seen = 0;
    if (bytesRead === back) return { kind: 'end' };
    const fresh = buffer.subarray(back, bytesRead);
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, fresh.subarray(0, HEAD_BYTES - this.head.length)]);
    this.pos += fresh.length;
    this.tail = Buffer.from(buffer.subarray(Math.max(0, bytesRead - TAIL_BYTES), bytesRead));
    this.splitter.push(fresh);
    return { kind: 'lines', split: this.splitter.take() };
  }

  /**
   * Bytes written that no read has reached yet: the file's size is past the read position (asked between two
   * reads, without waiting). False once closed, or when the size cannot be read.
   */
  bytesWaiting(): boolean {
    if (this.closed) return false;
    if (this.seen > this.pos) return true;
    try {
      this.seen = fstatSync(this.handle.fd).size;
      return this.seen > this.pos;
    } catch {
      return false;
    }
  }

  /** The unfinished last line of this generation, which will get no more bytes. */
  finish(): SplitLines {
    this.splitter.end();
    return this.splitter.take();
  }

  /**
   * After a truncation, before restart: when the file at `copyPath` holds what this generation read at the same
   * offsets (its first bytes and those just before the offset reached), it is the copy copytruncate made, and its
   * bytes past that offset are the lines written between the last read and the copy: they are read from there to
   * its end, numbered on from this generation's. Null when it is not such a copy (or cannot be read).
   */
  async readCopy(copyPath: string, buffer: Buffer, budget: number): Promise<CopyRest | null> {
    let copy: FileHandle;
    try {
      copy = await open(copyPath, 'r');
    } catch {
      return null;
    }
    try {
      const stats = await copy.stat();
      if (!stats.isFile() || stats.size < this.pos) return null;
      const same = async (at: number, bytes: Buffer): Promise<boolean> => {
        const { bytesRead } = await copy.read(buffer, 0, bytes.length, at);
        return bytesRead === bytes.length && buffer.subarray(0, bytesRead).equals(bytes);
      };
      if (!(await same(this.headAt, this.head)) || !(await same(this.pos - this.tail.length, this.tail))) return null;
      const reads: SplitLines[] = [];
      let bytes = 0;
      for (;;) {
        const { bytesRead } = await copy.read(buffer, 0, Math.min(budget, buffer.length), this.pos + bytes);
        if (bytesRead === 0) break;
        bytes += bytesRead;
        this.splitter.push(buffer.subarray(0, bytesRead));
        reads.push(this.splitter.take());
      }
      return { reads, bytes };
    } catch {
      return null;
    } finally {
      await copy.close();
    }
  }

  /** After a truncation: the same file is read again from byte 0 as a new generation (numbered from 1). */
  restart(): SplitLines {
    const rest = this.finish();
    this.pos = 0;
    this.seen = 0;
    this.headAt = 0;
    this.head = Buffer.alloc(0);
    this.tail = Buffer.alloc(0);
    this.splitter = splitterFor(this.maxLine, 1);
    return rest;
  }

  /** Names left on the open file: 0 once it was deleted (it can still be read to its end). */
  async links(): Promise<number> {
    return Number((await this.handle.stat({ bigint: true })).nlink);
  }

  /** Safe to call twice: abort and the end of the loop may both close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
