// gzip bytes -> their decompressed bytes, reading what is readable of a broken file: a .gz cut short (a copy
// interrupted, a disk filled) or corrupt gives the lines before the break, and the break is noted, not thrown.

import { pipeline } from 'node:stream';
import type { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Where and why a gzip stream broke off. */
export interface GzipBreak {
  /** Compressed bytes zlib had taken when it stopped: the break is at or just before this offset. */
  readonly offset: number;
  readonly reason: string;
}

export interface Gunzipped {
  readonly bytes: AsyncIterable<Buffer>;
  /** Set once `bytes` ended at a break; null while reading and for a whole stream. */
  broken(): GzipBreak | null;
}

/** zlib's own codes: an error with one of these is the data's, not the input's (which is rethrown). */
function isZlibError(error: unknown): boolean {
  return /^Z_/.test((error as { code?: unknown } | null)?.code as string ?? '');
}

/**
 * Decompresses `input` (after `stages`, e.g. a byte counter). A zlib error after some output ends the bytes there
 * and is kept for broken(); a zlib error before any output (not gzip after all) and any input error are thrown.
 */
export function gunzipTolerant(input: Readable | AsyncIterable<Buffer>, stages: readonly Transform[] = []): Gunzipped {
  const gunzip = createGunzip();
  let broke: GzipBreak | null = null;
  const out = pipeline([input, ...stages, gunzip] as unknown as [Readable, Transform], () => {
    // Errors surface through the iterator below.
  });
  async function* bytes(): AsyncGenerator<Buffer> {
    let produced = 0;
    try {
      for await (const chunk of out as unknown as AsyncIterable<Buffer>) {
        produced += chunk.length;
        yield chunk;
      }
    } catch (error) {
      if (!isZlibError(error) || produced === 0) throw error;
      broke = { offset: gunzip.bytesWritten, reason: (error as Error).message };
    }
  }
  return { bytes: bytes(), broken: () => broke };
}
