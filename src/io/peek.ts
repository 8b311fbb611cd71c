// The time of a file's first entry, read from its first 256 KB: lets a merge open a file only when the merge
// reaches it (rotated logs, or a day of copies, need not all be open at once).

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { EntryParser } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { Source } from './inputs.js';
import { sniff } from './read-source.js';

const PEEK_BYTES = 256 * 1024;

/** Null when it cannot tell (stdin, unreadable, no timed entry near the start): such a file is opened at once. */
export async function peekFirstTime(source: Source, options: ParseOptions): Promise<number | null> {
  if (source.stdin) return null;
  try {
    const gzip = (await sniff(source.path)) === 'gzip';
    let input: Readable = createReadStream(source.path, gzip ? {} : { end: PEEK_BYTES - 1 });
    if (gzip) input = input.pipe(createGunzip());
    let first: number | null = null;
    const parser = new EntryParser(source.path, source.modified, { ...options, countOnly: true }, () => undefined);
    let text = '';
    let read = 0;
    for await (const chunk of input) {
      text += (chunk as Buffer).toString('utf8');
      read += (chunk as Buffer).length;
      if (read >= PEEK_BYTES) break;
    }
    input.destroy();
    const lines = text.split('\n');
    if (read >= PEEK_BYTES) lines.pop();
    for (const line of lines) {
      parser.push(line);
      const s = parser.stats;
      if (s.start !== null) {
        first = s.start;
        break;
      }
      // An entry is counted when the next one starts: its time is known from the line itself.
    }
    parser.flush();
    return first ?? parser.stats.start;
  } catch {
    return null;
  }
}
