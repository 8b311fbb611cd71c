// The fingerprints and resume points read a file's bytes into one buffer each module keeps (io/cache/fingerprint.ts,
// io/cache/resume-point.ts say why): each must still hash its own file's bytes, whatever was read into that buffer
// before, and no call may ask for a buffer of its own (a run takes them for every input, thousands at 1.2 GB).

import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { END_BYTES, fingerprint } from '../../../src/io/cache/fingerprint.js';
import type { FileFingerprint } from '../../../src/io/cache/fingerprint.js';
import { onlyGrew, resumePointOf } from '../../../src/io/cache/resume-point.js';
import type { ResumePoint } from '../../../src/io/cache/resume-point.js';
import type { ResumeMark } from '../../../src/parse/resume-mark.js';

const hash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'novatrace-end-bytes-'));

/** A file of `lines` numbered lines, each `width` characters of its own letter before its newline. */
function linesFile(name: string, lines: number, width: number, letter: string): string {
  const path = join(dir, name);
  writeFileSync(path, Array.from({ length: lines }, (_v, k) => `${String(k + 1).padStart(6, '0')} ${letter.repeat(width)}\n`).join(''));
  return path;
}

/** Where line `line` (1-based) starts in the file's bytes. */
function lineStart(bytes: Buffer, line: number): number {
  let at = 0;
  for (let k = 1; k < line; k++) at = bytes.indexOf(0x0a, at) + 1;
  return at;
}

const markAt = (line: number): ResumeMark => ({ line }) as unknown as ResumeMark;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fingerprint and resumePointOf, one buffer each', () => {
  // A file larger than one scan (64 KB) with a mark far from its end, one smaller than END_BYTES, one between.
  const large = linesFile('large.log', 3000, 90, 'a');
  const small = linesFile('small.log', 10, 20, 'b');
  const middle = linesFile('middle.log', 100, 60, 'c');

  it('hashes each file\'s own ends, whichever file was read before', () => {
    const prints = [large, small, middle, small, large].map((path) => fingerprint(path));
    for (const [k, path] of [large, small, middle, small, large].entries()) {
      const bytes = readFileSync(path);
      expect(prints[k]?.head).toBe(hash(bytes.subarray(0, Math.min(END_BYTES, bytes.length))));
      expect(prints[k]?.tail).toBe(hash(bytes.subarray(Math.max(0, bytes.length - END_BYTES))));
      expect(prints[k]?.size).toBe(bytes.length);
    }
  });

  it('finds each file\'s resume point, between fingerprints of other files', () => {
    for (const [path, lines, line] of [[large, 3000, 1200], [small, 10, 4], [middle, 100, 99], [large, 3000, 2999]] as const) {
      fingerprint(path === small ? large : small);
      const bytes = readFileSync(path);
      const point = resumePointOf(path, bytes.length, lines, markAt(line));
      const offset = lineStart(bytes, line);
      expect(point).toEqual({ offset, before: hash(bytes.subarray(Math.max(0, offset - END_BYTES), offset)) });
    }
  });

  it('tells a file that only grew from one rewritten, after the buffer held other bytes', () => {
    const path = linesFile('grown.log', 2000, 70, 'd');
    const old = fingerprint(path) as FileFingerprint;
    const point = resumePointOf(path, old.size, 2000, markAt(1500)) as ResumePoint;
    expect(point).not.toBeNull();
    appendFileSync(path, '002001 appended\n');
    resumePointOf(large, readFileSync(large).length, 3000, markAt(10));
    expect(onlyGrew(old, point, fingerprint(path) as FileFingerprint)).toBe(true);
    const rewritten = linesFile('grown.log', 2001, 70, 'e');
    fingerprint(small);
    expect(onlyGrew(old, point, fingerprint(rewritten) as FileFingerprint)).toBe(false);
  });

  it('asks for no buffer of its own: no allocation per file', () => {
    const path = linesFile('grows.log', 2000, 70, 'f');
    const old = fingerprint(path) as FileFingerprint;
    const point = resumePointOf(path, old.size, 2000, markAt(1500)) as ResumePoint;
    appendFileSync(path, '002001 appended\n');
    const size = readFileSync(large).length;
    // The modules' buffers exist once loaded (above); from here on, no call may make another.
    const allocUnsafe = vi.spyOn(Buffer, 'allocUnsafe');
    const alloc = vi.spyOn(Buffer, 'alloc');
    const now = fingerprint(path) as FileFingerprint;
    expect(onlyGrew(old, point, now)).toBe(true);
    expect(resumePointOf(large, size, 3000, markAt(1200))).not.toBeNull();
    fingerprint(small);
    expect([allocUnsafe.mock.calls.length, alloc.mock.calls.length]).toEqual([0, 0]);
  });
});
