// The per-file index of the persistent cache: what reading a file found, kept under the file's path and the reading
// options. Its counts (stats reads them instead of counting an unchanged file again) and its entry points
// (read-source.ts EntryPoint: a resume mark, and the byte offset of a line at or after it, about every 256 KiB), from
// which the lines an answer shows (trace, the terminal UI) are parsed again near where they are, not from the file's
// start. The entries themselves are not kept: they are as big as the logs (two thirds of their bytes), and writing
// them cost a cold run more than reading them back saved a later one. Offsets, not text, as lnav's index.
//
// One file per index: magic and version, the key, then a trailer (JSON: the fingerprint, the counts, a gzip's
// break, the entry points), its length and CRC-32, and the magic again. Written to a temporary file and renamed into
// place; read only when the key, the trailer's CRC, the fingerprint and every entry point hold.

import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { fileStatsFromJson, fileStatsToJson } from '../../parse/file-stats-json.js';
import { resumeMarkFromJson, resumeMarkToJson } from '../../parse/resume-mark.js';
import type { ResumeMarkJson } from '../../parse/resume-mark.js';
import type { FileStats } from '../../model/file-stats.js';
import type { EncodedChunk } from '../../parse/entry-codec.js';
import type { Source } from '../inputs.js';
import type { PooledSource } from '../parse-pool.js';
import type { EntryPoint, ResumeFrom } from '../read-source.js';
import { withFile } from '../with-file.js';
import { CACHE_FORMAT, evictOldest, sha256 } from './store.js';
import { fingerprint, samePrint } from './fingerprint.js';
import { lineStartBack } from './resume-point.js';
import type { FileFingerprint } from './fingerprint.js';

const MAGIC = Buffer.from('NTFI', 'latin1');
/** 4: counts and entry points only, no entries. */
const INDEX_VERSION = 4;
/** Above this many bytes of indexes, the ones read longest ago are removed (once a run, after its writes). */
const DEFAULT_LIMIT_BYTES = 256 * 1024 * 1024;
/** Bytes looked at before an entry point for its mark's line: a mark further back is not used. */
const MARK_SCAN_LIMIT = 4 << 20;

interface Trailer {
  readonly fingerprint: FileFingerprint;
  readonly stats: unknown[];
  readonly broken: string | null;
  /** Per entry point: its line, its offset, its mark. */
  readonly points: [number, number, ResumeMarkJson][];
}

type ChunkSource = (source: Source, from?: ResumeFrom) => PooledSource;

export class FileIndexCache {
  private readonly folder: string;
  private wrote = false;

  /** `keyBase`: what every index of this reading shares in its key (novatrace's build, the reading options). */
  constructor(dir: string, private readonly keyBase: string, private readonly limitBytes = DEFAULT_LIMIT_BYTES) {
    this.folder = path.join(dir, `v${CACHE_FORMAT}`, 'files');
  }

  /**
   * The parser's chunk source, unchanged but that each file it parses whole gets an index once it is read to its end
   * (unless the index it has holds for the file as it is).
   */
  wrap(parse: ChunkSource): ChunkSource {
    return (source, from) => {
      // The fingerprint before the first byte is read: a file written to meanwhile is not indexed (see write()).
      const place = from === undefined ? this.placeOf(source) : null;
      const parsed = parse(source, from);
      if (place === null) return parsed;
      if (readIndex(place) !== null) {
        touch(place.file);
        return parsed;
      }
      const write = (): void => this.write(parsed, source, place);
      return {
        chunks: (async function* indexing(): AsyncGenerator<EncodedChunk> {
          yield* parsed.chunks;
          write();
        })(),
        stats: () => parsed.stats(),
        broken: () => parsed.broken(),
        mark: () => parsed.mark?.() ?? null,
        points: () => parsed.points?.() ?? [],
      };
    };
  }

  /** After a reading: keeps the folder under its limit, removing the indexes read longest ago. */
  trim(): void {
    if (this.wrote) evictOldest(this.folder, '.idx', this.limitBytes);
  }

  /** The file's counts from its index while the file is unchanged (stats needs no entry), or null. */
  statsOf(source: Source): FileStats[] | null {
    const place = this.placeOf(source);
    const read = place === null ? null : readIndex(place);
    return read === null ? null : read.stats;
  }

  /** The file's entry points from its index while the file is unchanged, in the order of their lines; or null. */
  pointsOf(source: Source): EntryPoint[] | null {
    const place = this.placeOf(source);
    const read = place === null ? null : readIndex(place);
    if (place === null || read === null) return null;
    touch(place.file);
    return read.points;
  }

  /** Where a file's index is, under which key, for the file as it is now; null for a stream or a file not readable. */
  private placeOf(source: Source): Place | null {
    if (source.stdin || source.stream === true) return null;
    const print = fingerprint(source.path);
    if (print === null) return null;
    const key = JSON.stringify({ base: this.keyBase, path: source.path, real: print.path, ino: print.ino });
    return { file: path.join(this.folder, `${sha256(key)}.idx`), key, print };
  }

  /** Writes the index of a file read to its end, when it did not change meanwhile (a live log is indexed next time, once it holds still). */
  private write(parsed: PooledSource, source: Source, { file, key, print }: Place): void {
    const after = fingerprint(source.path);
    if (after === null || !samePrint(after, print)) return;
    const points = print.size > 0 ? (parsed.points?.() ?? []).filter((p) => p.offset < print.size) : [];
    const trailer: Trailer = {
      fingerprint: print, stats: parsed.stats().map(fileStatsToJson), broken: parsed.broken(),
      points: points.map((p) => [p.line, p.offset, resumeMarkToJson(p.mark)]),
    };
    const keyBytes = Buffer.from(key, 'utf8');
    const body = Buffer.from(JSON.stringify(trailer), 'utf8');
    const head = Buffer.alloc(12);
    MAGIC.copy(head, 0);
    head.writeUInt32LE(INDEX_VERSION, 4);
    head.writeUInt32LE(keyBytes.length, 8);
    const tail = Buffer.alloc(12);
    tail.writeUInt32LE(body.length, 0);
    tail.writeUInt32LE(crc32(body), 4);
    MAGIC.copy(tail, 8);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(this.folder, { recursive: true });
      writeFileSync(temp, Buffer.concat([head, keyBytes, body, tail]), { mode: 0o600 });
      renameSync(temp, file);
      this.wrote = true;
    } catch {
      // A cache that cannot be written serves nothing next time; the answer is the same.
      try {
        unlinkSync(temp);
      } catch {
        // Never made.
      }
    }
  }
}

/**
 * Where reading the file at `filePath` may start at `point`: its mark's line's offset, found from the point's
 * offset back; null when the bytes there are not lines as the point says (the caller reads the file from its start).
 */
export function readFromPoint(filePath: string, point: EntryPoint): ResumeFrom | null {
  const { mark, line, offset } = point;
  if (mark.line === 1) return { offset: 0, mark };
  return withFile(filePath, null, (fd) => {
    // The newline before `offset` ends line - 1; the one before the mark's line ends line mark.line - 1.
    const at = lineStartBack(fd, offset, line - mark.line + 1, MARK_SCAN_LIMIT);
    return at < 0 ? null : { offset: at, mark };
  });
}

/** One stretch of a file to parse: from an entry point (null: the file's start) until its entry at line `last`. */
export interface ReadingRun {
  readonly point: EntryPoint | null;
  readonly last: number;
}

/**
 * The stretches to parse for the entries at `lines` (sorted, ascending), given the file's entry points: each from the
 * point before its first line, and on through the lines after it while no more than one point lies between two of
 * them (going on costs less than starting again).
 */
export function readingRuns(lines: readonly number[], points: readonly EntryPoint[]): ReadingRun[] {
  const runs: ReadingRun[] = [];
  let p = -1;
  /** The last point whose mark's line is at or before `line`, from `p` on (lines come in order). */
  const pointAt = (line: number): number => {
    while (p + 1 < points.length && (points[p + 1] as EntryPoint).mark.line <= line) p++;
    return p;
  };
  for (let i = 0; i < lines.length;) {
    const start = pointAt(lines[i] as number);
    let at = start;
    let j = i;
    while (j + 1 < lines.length) {
      const next = pointAt(lines[j + 1] as number);
      if (next > at + 1) break;
      at = next;
      j++;
    }
    runs.push({ point: start < 0 ? null : points[start] as EntryPoint, last: lines[j] as number });
    i = j + 1;
  }
  return runs;
}

/** Its modification time says when it was last used: trim() removes the oldest. */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A read-only cache still serves.
  }
}

/** Where a file's index is, its key, and the fingerprint of the file as it is now. */
interface Place {
  readonly file: string;
  readonly key: string;
  readonly print: FileFingerprint;
}

/**
 * The index of a place, when it is of this key and of the file as it is now, and every field checks; else null. An
 * index of another file or of an old fingerprint is written again by the run that reads the file.
 */
function readIndex({ file, key, print }: Place): { stats: FileStats[]; points: EntryPoint[] } | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const trailer = readTrailer(fd, key);
    if (trailer === null || !samePrint(trailer.fingerprint, print) || !Array.isArray(trailer.points)) return null;
    const points: EntryPoint[] = [];
    for (const p of trailer.points as unknown[]) {
      if (!Array.isArray(p) || p.length !== 3) return null;
      const [line, offset] = p as unknown[];
      const mark = resumeMarkFromJson(p[2]);
      const before = points[points.length - 1];
      if (typeof line !== 'number' || typeof offset !== 'number' || !Number.isInteger(line) || !Number.isInteger(offset)
        || mark.line >= line || offset <= 0 || offset >= print.size
        || (before !== undefined && (line <= before.line || offset <= before.offset || mark.line <= before.mark.line))) return null;
      points.push({ mark, line, offset });
    }
    return { stats: trailer.stats.map(fileStatsFromJson), points };
  } catch {
    // Not what was written: a miss.
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The trailer of an index file of this key; null when anything does not hold. */
function readTrailer(fd: number, key: string): Trailer | null {
  const size = fstatSync(fd).size;
  if (size < 24) return null;
  const head = Buffer.alloc(12);
  readSync(fd, head, 0, 12, 0);
  if (!head.subarray(0, 4).equals(MAGIC) || head.readUInt32LE(4) !== INDEX_VERSION) return null;
  const keyLength = head.readUInt32LE(8);
  if (12 + keyLength + 12 > size) return null;
  const keyBytes = Buffer.alloc(keyLength);
  readSync(fd, keyBytes, 0, keyLength, 12);
  if (keyBytes.toString('utf8') !== key) return null;
  const tail = Buffer.alloc(12);
  readSync(fd, tail, 0, 12, size - 12);
  if (!tail.subarray(8, 12).equals(MAGIC)) return null;
  const bodyLength = tail.readUInt32LE(0);
  if (12 + keyLength + bodyLength + 12 !== size) return null;
  const body = Buffer.alloc(bodyLength);
  readSync(fd, body, 0, bodyLength, size - 12 - bodyLength);
  if (crc32(body) !== tail.readUInt32LE(4)) return null;
  return JSON.parse(body.toString('utf8')) as Trailer;
}
