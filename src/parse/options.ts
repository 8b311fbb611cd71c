// The options every reading command shares, from the text a user typed (--tz, --year, --alias, --max-line) to the
// frozen ParseOptions the readers and the parser take. Each reader throws an Error whose message is the one-line
// usage error. ParseOptions keeps the texts it was made from: stats' worker threads make their own from them.

import { DEFAULT_MAX_LINE } from './entry-parser.js';
import type { ParseOptions } from './entry-parser.js';
import { SIZE_HINT, formatByteSize, parseByteSize } from './byte-size.js';
import { parseAlias } from './origin.js';
import { resolveZone } from './time.js';

/** The shared options as typed on the command line (any of them may be absent). */
export interface ParseOptionTexts {
  readonly tz?: string | undefined;
  readonly year?: string | undefined;
  readonly alias?: readonly string[] | undefined;
  readonly maxLine?: string | undefined;
}

/**
 * The longest --max-line: a line's text is one string, and V8's longest is 512 Mi characters (a 560 MB line once
 * stopped stats with "Invalid string length"); the parser slices and copies it besides.
 */
const MAX_MAX_LINE = 256 * 1024 * 1024;

export function readYear(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new Error(`--year "${text}": expected a four-digit year`);
  return Number(text);
}

export function readMaxLine(text: string): number {
  const bytes = parseByteSize(text);
  if (bytes === null || bytes < 1 || bytes > MAX_MAX_LINE) {
    throw new Error(`--max-line "${text}": expected ${SIZE_HINT}, from 1 byte to ${formatByteSize(MAX_MAX_LINE)}`);
  }
  return bytes;
}

/** Throws the first option's usage error. */
export function parseOptionsFrom(texts: ParseOptionTexts): ParseOptions {
  return Object.freeze({
    zone: resolveZone(texts.tz ?? 'UTC'),
    year: texts.year === undefined ? null : readYear(texts.year),
    aliases: Object.freeze((texts.alias ?? []).map(parseAlias)),
    maxLine: texts.maxLine === undefined ? DEFAULT_MAX_LINE : readMaxLine(texts.maxLine),
    texts: Object.freeze({ ...texts, alias: Object.freeze([...(texts.alias ?? [])]) }),
  });
}
