// The time of a file's first entry, read from at most its first 256 KB: lets a merge open a file only when the
// merge reaches it (rotated logs, or a day of copies, need not all be open at once). Reads 16 KB at a time and
// stops at the first timed entry, so peeking at hundreds of files costs little memory.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { DEFAULT_MAX_LINE, EntryParser } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { LineSplitter } from './line-splitter.js';
import type { Source } from './inputs.js';
import { sniffSync } from './read-source.js';

const PEEK_BYTES = 256 * 1024;
const STEP_BYTES = 16 * 1024;
/** Files peeked at once (gzip ones: a plain file is peeked with blocking reads, one after the other). */
const PEEK_CONCURRENCY = 8;

/**
 * Null when it cannot tell (stdin or another stream, unreadable, no timed entry near the start): such a file is
 * opened at once. A stream (a FIFO, `<(cmd)`) is never peeked at: it can be read only once.
 */
export async function peekFirstTime(source: Source, options: ParseOptions): Promise<number | null> {
  if (source.stdin || source.stream === true) return null;
  let input: Readable | null = null;
  try {
    // A plain file is read with blocking reads: a thread-pool round trip per 16 KB cost more than the read.
    if (sniffSync(source.path) === 'none') return peekPlain(source, options);
    input = createReadStream(source.path, { highWaterMark: STEP_BYTES }).pipe(createGunzip({ chunkSize: STEP_BYTES }));
    const peeker = new Peeker(source, options);
    for await (const chunk of input) {
      const time = peeker.push(chunk as Buffer);
      if (time !== undefined) return time;
    }
    return peeker.end();
  } catch {
    return null;
  } finally {
    input?.destroy();
  }
}

function peekPlain(source: Source, options: ParseOptions): number | null {
  const fd = openSync(source.path, 'r');
  try {
    const peeker = new Peeker(source, options);
    const buffer = Buffer.allocUnsafe(STEP_BYTES);
    for (let n = readSync(fd, buffer, 0, STEP_BYTES, null); n > 0; n = readSync(fd, buffer, 0, STEP_BYTES, null)) {
      const time = peeker.push(buffer.subarray(0, n));
      if (time !== undefined) return time;
    }
    return peeker.end();
  } finally {
    closeSync(fd);
  }
}

/** Lines in, the first entry time out: undefined while it cannot tell yet, null once PEEK_BYTES gave none. */
class Peeker {
  private readonly parser: EntryParser;
  private readonly splitter: LineSplitter;
  private read = 0;

  constructor(source: Source, options: ParseOptions) {
    this.parser = new EntryParser(source.path, source.modified, { ...options, countOnly: true }, () => undefined);
    this.splitter = new LineSplitter({ maxLine: options.maxLine ?? DEFAULT_MAX_LINE });
  }

  push(chunk: Buffer): number | null | undefined {
    this.read += chunk.length;
    this.splitter.push(chunk);
    for (let line = this.splitter.next(); line !== null; line = this.splitter.next()) {
      this.parser.push(line, this.splitter.cutBytes);
      // An entry is counted when the next one starts, but its time is known from its own line.
      if (this.parser.stats.start !== null) return this.parser.stats.start;
    }
    return this.read >= PEEK_BYTES ? null : undefined;
  }

  end(): number | null {
    this.splitter.end();
    for (let line = this.splitter.next(); line !== null; line = this.splitter.next()) this.parser.push(line, this.splitter.cutBytes);
    this.parser.flush();
    return this.parser.stats.start;
  }
}

/** Each source's first entry time, peeking at a few files at a time. */
export async function peekFirstTimes(sources: readonly Source[], options: ParseOptions): Promise<(number | null)[]> {
  const times = new Array<number | null>(sources.length).fill(null);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < sources.length; i = next++) times[i] = await peekFirstTime(sources[i] as Source, options);
  };
  await Promise.all(Array.from({ length: Math.min(PEEK_CONCURRENCY, sources.length) }, lane));
  return times;
}
