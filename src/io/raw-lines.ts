// Lines `from` .. `from + count - 1` of a log file, read again for the entry detail (gzip too). Reads up to
// the last line wanted and stops.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { sniff } from './read-source.js';

export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** Null when the file cannot be read. */
export async function readLines(path: string, from: number, count: number): Promise<NumberedLine[] | null> {
  let input: Readable | null = null;
  try {
    input = createReadStream(path);
    if ((await sniff(path)) === 'gzip') input = input.pipe(createGunzip());
    const out: NumberedLine[] = [];
    let n = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (n >= from) out.push({ line: n, text: text as string });
      if (n >= from + count - 1) break;
    }
    return out;
  } catch {
    return null;
  } finally {
    input?.destroy();
  }
}
