// Where a file's index may be read on from once the file grows: the byte offset of the parser's last resume mark
// (parse/resume-mark.ts), found from the file's end, and what says later that the file only grew (the bytes before
// that offset, and its old first and last 4 KB, as they were).

import { readSync } from 'node:fs';
import type { ResumeMark } from '../../parse/resume-mark.js';
import { END_BYTES } from './fingerprint.js';
import type { FileFingerprint } from './fingerprint.js';
import { sha256 } from './store.js';
import { withFile } from '../with-file.js';

export interface ResumePoint {
  /** Offset of the mark's line: the first byte parsed again. */
  readonly offset: number;
  /** sha256 of the END_BYTES bytes (or fewer) before `offset`: the lines the old chunks hold end just as they did. */
  readonly before: string;
}

/** Bytes looked at from the file's end for the mark's line: an entry longer than this is parsed whole once grown. */
const SCAN_LIMIT = 16 << 20;
const SCAN_READ = 1 << 16;
const NEWLINE = 0x0a;
/**
 * The one buffer the scans read into (blocking reads, each looked at before the next): a resume point is found for
 * every file the parsing threads read, as its index is written and again for the checkpoint, and 64 KB each time
 * was an ArrayBuffer of its own: at 992 files, 62 MB of them each time, left for a collection; the checkpoint's
 * came at the end of the run, with the heap at its fullest.
 */
const scanBuffer = Buffer.allocUnsafe(Math.max(SCAN_READ, END_BYTES));

/**
 * Where the line starts that follows the `newlines`th newline back from byte `end` of the open file `fd`, looking at
 * most `limit` bytes back; -1 when there are not that many there, or a read comes short.
 */
export function lineStartBack(fd: number, end: number, newlines: number, limit: number): number {
  const buffer = scanBuffer;
  let left = newlines;
  for (let to = end; to > 0 && end - to < limit;) {
    const start = Math.max(0, to - SCAN_READ);
    const n = readSync(fd, buffer, 0, to - start, start);
    if (n !== to - start) return -1;
    for (let i = n - 1; i >= 0; i--) if (buffer[i] === NEWLINE && --left === 0) return start + i + 1;
    to = start;
  }
  return -1;
}

/**
 * The resume point of the plain file at `path` (`size` bytes, `lines` lines, as read) for `mark`; null when there is
 * none: a gzip file (a grown one is parsed whole), a last line without its newline (an append would lengthen it),
 * a mark too far from the end, or a file not as counted.
 */
export function resumePointOf(path: string, size: number, lines: number, mark: ResumeMark): ResumePoint | null {
  if (size === 0 || mark.line > lines) return null;
  return withFile(path, null, (fd) => {
    const buffer = scanBuffer;
    if (readSync(fd, buffer, 0, 2, 0) === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return null;
    if (readSync(fd, buffer, 0, 1, size - 1) !== 1 || buffer[0] !== NEWLINE) return null;
    // Every line ends with a newline: the mark's line starts after the newline that ends the line before it, the
    // (lines - mark.line + 2)th from the end.
    let offset = 0;
    if (mark.line > 1) {
      offset = lineStartBack(fd, size, lines - mark.line + 2, SCAN_LIMIT);
      if (offset < 0) return null;
    }
    return { offset, before: hashOf(fd, Math.max(0, offset - END_BYTES), offset, buffer) };
  });
}

/**
 * Whether the file (now `print`) only grew since `old` was taken, up to its resume point: the same file (path and
 * inode), larger, and its old first and last END_BYTES and the bytes before the resume point as they were. A file
 * rotated by copytruncate and written again, or rewritten, fails on one of them.
 */
export function onlyGrew(old: FileFingerprint, point: ResumePoint, print: FileFingerprint): boolean {
  if (print.path !== old.path || print.ino !== old.ino || print.size <= old.size || point.offset >= old.size) return false;
  return withFile(print.path, false, (fd) => {
    const buffer = scanBuffer;
    return hashOf(fd, 0, Math.min(END_BYTES, old.size), buffer) === old.head
      && hashOf(fd, Math.max(0, old.size - END_BYTES), old.size, buffer) === old.tail
      && hashOf(fd, Math.max(0, point.offset - END_BYTES), point.offset, buffer) === point.before;
  });
}

/** sha256 of bytes [from, to) (at most the buffer's length), as fingerprint() hashes a file's ends. */
function hashOf(fd: number, from: number, to: number, buffer: Buffer): string {
  const n = readSync(fd, buffer, 0, to - from, from);
  return sha256(buffer.subarray(0, n));
}
