// One large file cut at line boundaries into parts that threads read at once. A cut falls only before a line that
// starts an entry whatever came before it (cutLineHead), so the lines of a traceback after a nominal cut stay with
// the part before. What a part may still take from the lines before it (an error entry left open, a host or service
// learnt, the year of year-less stamps) is checked when the parts' results are joined (part-stats.ts for stats).
// Gzip files are never cut: their bytes cannot be read from the middle.

import { isAscii } from 'node:buffer';
import { readSync } from 'node:fs';
import type { LineContext } from '../parse/dialect.js';
import { DIALECT_TABLE } from '../parse/dialects/index.js';
import { stripAnsi } from '../parse/oslo-body.js';
import { newParseScratch } from '../parse/scratch.js';
import type { ParseScratch } from '../parse/scratch.js';
import type { Zone } from '../parse/time.js';
import { LineSplitter } from './line-splitter.js';
import { compressionOf } from './compression.js';
import { blockingReads, withFile } from './with-file.js';

/** The entry a part's first line starts: a line of another process this close in time may continue an open one. */
export interface PartHead {
  readonly pid: number | null;
  readonly time: number | null;
}

export interface FilePart {
  /** Offset of the part's first byte (a line's first). */
  readonly start: number;
  /** Offset of the byte after its last (a line's \n); null for the last part, read to the file's end as a whole file is. */
  readonly end: number | null;
  /** The entry its first line starts; null for the file's first part. */
  readonly head: PartHead | null;
}

const WHOLE: readonly FilePart[] = Object.freeze([{ start: 0, end: null, head: null }]);
/**
 * Bytes looked at past a nominal cut for a line to cut before (a traceback is a few KB): with none there, that cut
 * is left out. At most SCAN_BUDGET bytes are looked at per file: a journal of year-less stamps, which has no such
 * line, is soon left whole.
 */
const SCAN_BYTES = 1 << 20;
const SCAN_BUDGET = 8 << 20;
/** Lines longer than this are not cut before (only log lines are, and theirs are shorter). */
const CUT_LINE_MAX = 1 << 14;
const SCAN_READ = 1 << 16;
/**
 * Bytes per blocking read of a part (or of a whole file counted from its bytes). 1 MiB, not read-source.ts's 32 KiB:
 * what runs once per read (the read itself, a line joined across reads: Buffer's copy and subarray in JavaScript)
 * then runs about once per MB, too seldom for V8 to optimize it within a run, where at 32 KiB it was optimized, one
 * function after the other, between 30 and 110 MB into each thread's input (each compile a few ms of CPU): the
 * bench's cost per added MB fell with the input's size.
 */
const PART_READ = 1 << 20;
const NEWLINE = 0x0a;

/**
 * The entry `raw` (a line as the line splitter gives it) starts, when it starts one whatever the lines before it
 * were: one dialect alone reads it, so the file's last dialect cannot read it otherwise; it has an oslo context
 * bracket, so it folds into no entry before it; it carries its year, so no year-less stamp before it changes its
 * time. Null for any other line.
 */
export function cutLineHead(raw: string, zone: Zone, scratch: ParseScratch = newParseScratch()): PartHead | null {
  // As EntryParser.push prepares a line.
  let line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
  line = stripAnsi(line);
  const first = line.charCodeAt(0);
  if (line.length === 0 || first === 32 || first === 9 || first === 43) return null;
  let yearless = false;
  const ctx: LineContext = {
    zone, lite: true, scratch, yearFor: () => {
      yearless = true;
      return 1970;
    },
  };
  let head: PartHead | null = null;
  for (const dialect of DIALECT_TABLE) {
    const parsed = dialect.parse(line, ctx);
    if (parsed === null) continue;
    if (head !== null || parsed.body === null || !parsed.body.hasContext) return null;
    head = { pid: parsed.pid, time: parsed.time };
  }
  return yearless ? null : head;
}

/** The first line at or after `from` (> 0) and before `limit` that cutLineHead accepts. */
function findCut(fd: number, from: number, limit: number, maxLine: number, zone: Zone, buffer: Buffer, scratch: ParseScratch): FilePart | null {
  const longest = Math.min(CUT_LINE_MAX, maxLine);
  // From the byte before `from`: a \n there makes `from` a line's start.
  let pos = from - 1;
  let atLineStart = false;
  while (pos < limit) {
    const n = readSync(fd, buffer, 0, SCAN_READ, pos);
    if (n === 0) return null;
    const bytes = buffer.subarray(0, n);
    let i = 0;
    if (!atLineStart) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline < 0) {
        pos += n;
        continue;
      }
      i = newline + 1;
      atLineStart = true;
    }
    for (;;) {
      if (pos + i >= limit) return null;
      const newline = bytes.indexOf(NEWLINE, i);
      if (newline < 0) break;
      if (newline - i <= longest) {
        const line = bytes.subarray(i, newline);
        const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
        const text = isAscii(line) ? line.toString('latin1', 0, end) : line.toString('utf8', 0, end);
        const head = cutLineHead(text, zone, scratch);
        if (head !== null) return { start: pos + i, end: null, head };
      }
      i = newline + 1;
    }
    if (i === 0) {
      // A line longer than a read: go on from its end.
      if (n < SCAN_READ) return null;
      atLineStart = false;
      pos += n;
    } else {
      if (n < SCAN_READ) return null;
      pos += i;
    }
  }
  return null;
}

/**
 * `path` (`size` bytes) cut into about `size / partBytes` parts of at least `partBytes` bytes each; one part (the
 * whole file) when it is smaller than two, compressed, or cannot be read (reading it whole will say why).
 */
export function planParts(path: string, size: number, partBytes: number, maxLine: number, zone: Zone): readonly FilePart[] {
  const count = Math.floor(size / partBytes);
  if (count < 2) return WHOLE;
  // A read that fails (or bzip2 and the like): reading the file whole says why.
  return withFile(path, WHOLE, (fd) => {
    const magic = Buffer.alloc(6);
    if (compressionOf(path, magic.subarray(0, readSync(fd, magic, 0, 6, 0))) !== 'none') return WHOLE;
    const starts: FilePart[] = [WHOLE[0] as FilePart];
    const buffer = Buffer.allocUnsafe(SCAN_READ);
    const scratch = newParseScratch();
    let scanned = 0;
    /** Where the last search that found nothing ended: no search starts before it (a long line is looked at once). */
    let missedTo = 0;
    for (let k = 1; k < count && scanned < SCAN_BUDGET; k++) {
      const from = Math.round((size * k) / count);
      // Past this nominal cut already (a traceback or a long line ran over it): the next one.
      if (from <= (starts[starts.length - 1] as FilePart).start || from < missedTo) continue;
      const limit = Math.min(from + SCAN_BYTES, size);
      const cut = findCut(fd, from, limit, maxLine, zone, buffer, scratch);
      if (cut !== null) starts.push(cut);
      else missedTo = limit;
      scanned += (cut?.start ?? limit) - from;
    }
    return starts.map((s, k) => ({ ...s, end: starts[k + 1]?.start ?? null }));
  });
}

/** Hands each line of `part` to `push` (with its length when it was cut at `maxLine`), as the whole file's reading does. */
export function readPart(path: string, part: FilePart, maxLine: number, push: (line: string, cutBytes: number) => void): void {
  const splitter = new LineSplitter({ maxLine });
  readPartBytes(path, part, (bytes) => {
    splitter.push(bytes);
    for (let line = splitter.next(); line !== null; line = splitter.next()) push(line, splitter.cutBytes);
  });
  splitter.end();
  for (let line = splitter.next(); line !== null; line = splitter.next()) push(line, splitter.cutBytes);
}

/**
 * One buffer for every part read in this thread (its reads block, one part at a time): not an allocation outside
 * V8's heap per part or file (counting the bench's 248 files in one thread: about 15% less CPU on the first pass).
 */
let partBuffer: Buffer | null = null;

/** Hands the bytes of `part` to `take`, a read at a time, in one buffer that the next read overwrites. */
export function readPartBytes(path: string, part: FilePart, take: (bytes: Buffer) => void): void {
  for (const bytes of blockingReads(path, part.start, part.end, partBuffer ??= Buffer.allocUnsafe(PART_READ))) take(bytes);
}
