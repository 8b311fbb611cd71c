// Lines `from` .. `from + count - 1` of a log file, read again for the entry detail (gzip too). Reads up to
// the last line wanted and stops. Split by the one line splitter, so the numbers are the parser's.

import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DEFAULT_MAX_LINE } from '../parse/entry-parser.js';
import { LineSplitter } from './line-splitter.js';
import { gunzipTolerant } from './gunzip.js';
import { sniff } from './read-source.js';

export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** Null when the file cannot be read. `maxLine`: the --max-line it was read with (a longer line is cut alike). */
export async function readLines(path: string, from: number, count: number, maxLine = DEFAULT_MAX_LINE): Promise<NumberedLine[] | null> {
  let input: Readable | null = null;
  try {
    input = createReadStream(path);
    // A .gz that breaks off gives its lines before the break, as it did when it was read first.
    const bytes: AsyncIterable<Buffer> = (await sniff(path)) === 'gzip' ? gunzipTolerant(input).bytes : input;
    const splitter = new LineSplitter({ maxLine });
    const out: NumberedLine[] = [];
    const last = from + count - 1;
    const take = (): boolean => {
      for (let n = splitter.nextLine, text = splitter.next(); text !== null; n = splitter.nextLine, text = splitter.next()) {
        if (n >= from) out.push({ line: n, text });
        if (n >= last) return true;
      }
      return false;
    };
    for await (const chunk of bytes) {
      splitter.push(chunk as Buffer);
      if (take()) return out;
    }
    splitter.end();
    take();
    return out;
  } catch {
    return null;
  } finally {
    input?.destroy();
  }
}
