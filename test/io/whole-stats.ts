// What stats counts in a file read whole, in one piece, and FileStats in a form toEqual compares: the reference a
// file counted in parts is checked against.

import { openSource } from '../../src/io/read-source.js';
import type { FileStats } from '../../src/model/file-stats.js';
import type { ParseOptions } from '../../src/parse/entry-parser.js';
import { OPTIONS } from '../helpers.js';

export async function wholeStats(path: string, options: ParseOptions = OPTIONS, modified = new Date(Date.UTC(2026, 0, 31))): Promise<FileStats> {
  const opened = openSource({ path, stdin: false, modified }, { ...options, countOnly: true }, { live: false, blocking: true });
  for await (const batch of opened.batches) void batch;
  return opened.stats()[0] as FileStats;
}

/** FileStats with its sets as sorted lists. */
export function comparable(s: FileStats): Record<string, unknown> {
  return { ...s, dialects: [...s.dialects].sort(), services: [...s.services].sort(), hosts: [...s.hosts].sort() };
}
