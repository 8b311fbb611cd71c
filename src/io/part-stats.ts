// `stats` of one file counted in parts (file-parts.ts) on several threads: each part counted alone, then the file's
// counts joined from them, exactly those of the file read whole, or null when a part may have counted otherwise
// (the file is then counted whole).

import type { FileStats } from '../model/file-stats.js';
import { CUT_SAMPLES, EntryParser, UNPARSED_SAMPLES, mayContinue, newFileStats } from '../parse/entry-parser.js';
import type { ParseOptions, PartEdge, YearCall } from '../parse/entry-parser.js';
import type { Service } from '../model/entry.js';
import { YearTracker } from '../parse/year.js';
import type { FilePart } from './file-parts.js';
import { readPartBytes } from './file-parts.js';
import { CountLines } from './count-lines.js';

export interface PartCount {
  /** Line numbers in its samples count from the part's first line. */
  readonly stats: FileStats;
  readonly edge: PartEdge;
}

/** Counts `part` of the file at `path` alone, as if its first line were the file's (the whole file: `{ start: 0, end: null, head: null }`). */
export function countPart(path: string, modified: Date, part: FilePart, options: ParseOptions): PartCount {
  const parser = new EntryParser(path, modified, { ...options, countOnly: true }, () => undefined);
  const lines = new CountLines(parser, options);
  readPartBytes(path, part, (bytes) => lines.push(bytes));
  lines.end();
  const edge = parser.edge();
  parser.flush();
  return { stats: parser.stats, edge };
}

/** What the parts before a part leave to it (as the parser reading the whole file has it there). */
interface Carry {
  open: PartEdge['open'];
  readonly learnedHosts: Map<string | null, string>;
  readonly loggerServices: Map<string | null, Service>;
  lastYear: YearCall | null;
}

/** Whether a part counted from an empty start counts as it does after what `carry` says came before it. */
function countsAfter(carry: Carry, part: FilePart, edge: PartEdge): boolean {
  // An error entry still open would take lines of the part as its continuation.
  if (part.head === null || mayContinue(carry.open, part.head.pid, part.head.time)) return false;
  // The part's entries of an identifier that learnt another host before it took that host, not the part's.
  for (const [ident, host] of edge.learnedHosts) {
    const learnt = carry.learnedHosts.get(ident);
    if (learnt !== undefined && learnt !== host) return false;
  }
  // Entries given 'other' for want of a logger naming a service took the service named before the part.
  for (const ident of edge.serviceMisses) if (carry.loggerServices.has(ident)) return false;
  // The first year-less stamp's year follows the last one's before the part (a December -> January rollover).
  const { lastYear } = carry;
  if (edge.firstYear !== null && lastYear !== null) {
    const years = new YearTracker(lastYear.year, new Date(0));
    years.yearFor(lastYear.month);
    if (years.yearFor(edge.firstYear.month) !== edge.firstYear.year) return false;
  }
  return true;
}

/**
 * The counts of the file whose `parts` (in file order, each with its count) cover it, as reading it whole gives
 * them; null when a part may have counted otherwise after the parts before it (see countsAfter).
 */
export function joinParts(parts: readonly { readonly part: FilePart; readonly count: PartCount }[]): FileStats | null {
  const firstStats = parts[0]?.count.stats;
  if (firstStats === undefined) return null;
  const out = newFileStats(firstStats.path, firstStats.maxLine);
  const carry: Carry = { open: [], learnedHosts: new Map(), loggerServices: new Map(), lastYear: null };
  let offset = 0;
  for (const [k, { part, count }] of parts.entries()) {
    const { stats, edge } = count;
    if (k > 0 && !countsAfter(carry, part, edge)) return null;
    carry.open = edge.open;
    for (const [ident, host] of edge.learnedHosts) if (!carry.learnedHosts.has(ident)) carry.learnedHosts.set(ident, host);
    for (const [ident, service] of edge.loggerServices) carry.loggerServices.set(ident, service);
    carry.lastYear = edge.lastYear ?? carry.lastYear;

    out.lines += stats.lines;
    out.entries += stats.entries;
    out.continuations += stats.continuations;
    out.noise += stats.noise;
    out.unparsed += stats.unparsed;
    out.cut += stats.cut;
    for (const s of stats.unparsedSamples) if (out.unparsedSamples.length < UNPARSED_SAMPLES) out.unparsedSamples.push({ ...s, line: s.line + offset });
    for (const s of stats.cutSamples) if (out.cutSamples.length < CUT_SAMPLES) out.cutSamples.push({ ...s, line: s.line + offset });
    for (const d of stats.dialects) out.dialects.add(d);
    for (const s of stats.services) out.services.add(s);
    for (const h of stats.hosts) out.hosts.add(h);
    // Strictly earlier or later, as the parser compares: of equal times, the first entry's precision stays.
    if (stats.start !== null && (out.start === null || stats.start < out.start)) {
      out.start = stats.start;
      out.startPrecision = stats.startPrecision;
    }
    if (stats.end !== null && (out.end === null || stats.end > out.end)) {
      out.end = stats.end;
      out.endPrecision = stats.endPrecision;
    }
    out.yearGuess ??= stats.yearGuess;
    offset += stats.lines;
  }
  return out;
}
