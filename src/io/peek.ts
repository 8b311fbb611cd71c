// The time of a file's first entry, read from at most its first 256 KB: lets a merge open a file only when the
// merge reaches it (rotated logs, or a day of copies, need not all be open at once). Reads 16 KB at a time and
// stops at the first timed entry, so peeking at hundreds of files costs little memory.

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { EntryParser } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { LineSplitter } from './follow/line-splitter.js';
import type { Source } from './inputs.js';
import { sniff } from './read-source.js';

const PEEK_BYTES = 256 * 1024;
const STEP_BYTES = 16 * 1024;
/** Files peeked at once. */
const PEEK_CONCURRENCY = 8;

/** Null when it cannot tell (stdin, unreadable, no timed entry near the start): such a file is opened at once. */
export async function peekFirstTime(source: Source, options: ParseOptions): Promise<number | null> {
  if (source.stdin) return null;
  let input: Readable | null = null;
  try {
    const gzip = (await sniff(source.path)) === 'gzip';
    input = createReadStream(source.path, gzip ? { highWaterMark: STEP_BYTES } : { end: PEEK_BYTES - 1, highWaterMark: STEP_BYTES });
    if (gzip) input = input.pipe(createGunzip({ chunkSize: STEP_BYTES }));
    const parser = new EntryParser(source.path, source.modified, { ...options, countOnly: true }, () => undefined);
    const splitter = new LineSplitter();
    let read = 0;
    for await (const chunk of input) {
      read += (chunk as Buffer).length;
      for (const line of splitter.push(chunk as Buffer).lines) {
        parser.push(line);
        // An entry is counted when the next one starts, but its time is known from its own line.
        if (parser.stats.start !== null) return parser.stats.start;
      }
      if (read >= PEEK_BYTES) return null;
    }
    for (const line of splitter.end().lines) parser.push(line);
    parser.flush();
    return parser.stats.start;
  } catch {
    return null;
  } finally {
    input?.destroy();
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
