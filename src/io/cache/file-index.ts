// The per-file index of the persistent cache: a file's parsed entries as the parse pool's encoded chunks
// (parse/entry-codec.ts), with the file's counts, kept under the file's path and the reading options. A file read
// again while its fingerprint is the one the index was made from is decoded from the index instead of parsed; a
// plain file that only grew since (appended to) is decoded up to its index's resume point and parsed on from there.
//
// One file per index: magic and version, the key, the chunks' bytes back to back, then a trailer (JSON: the
// fingerprint, the counts, a gzip's break, each chunk's offset, length and CRC-32, where parsing may resume), its
// length and CRC-32, and the magic again. Written to a temporary file and renamed into place; read only when the key, the trailer's CRC, the
// fingerprint and every chunk's CRC hold, all checked before the first entry is given.

import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, utimesSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { EncodedChunk } from '../../parse/entry-codec.js';
import { chunkByteParts, chunkFromBytes, chunkLines, decodeEntries, encodeEntries } from '../../parse/entry-codec.js';
import { CodeLocations } from '../../parse/code-locations.js';
import { fileStatsFromJson, fileStatsToJson } from '../../parse/file-stats-json.js';
import { resumeMarkFromJson, resumeMarkToJson, resumesAfter } from '../../parse/resume-mark.js';
import type { ResumeMark, ResumeMarkJson } from '../../parse/resume-mark.js';
import type { FileStats } from '../../model/file-stats.js';
import type { Source } from '../inputs.js';
import type { PooledSource } from '../parse-pool.js';
import type { ResumeFrom } from '../read-source.js';
import { bytesRead } from '../progress.js';
import { BackgroundWrites } from './background-writes.js';
import { CACHE_FORMAT, evictOldest, sha256 } from './store.js';
import { fingerprint, samePrint } from './fingerprint.js';
import type { FileFingerprint } from './fingerprint.js';
import { onlyGrew, resumePointOf } from './resume-point.js';
import type { ResumePoint } from './resume-point.js';

const MAGIC = Buffer.from('NTFI', 'latin1');
/** 3: the trailer says where parsing may resume. */
const INDEX_VERSION = 3;
/** Above this many bytes of indexes, the ones read longest ago are removed (once a run, after its writes). */
const DEFAULT_LIMIT_BYTES = 4 * 1024 * 1024 * 1024;

interface Trailer {
  readonly fingerprint: FileFingerprint;
  readonly stats: unknown[];
  readonly broken: string | null;
  /** Per chunk: its offset in the index file, its length, its CRC-32, its first and last entries' lines. */
  readonly chunks: [number, number, number, number, number][];
  /** Where parsing may go on from once the file grows (null: nowhere; it is then parsed whole). */
  readonly resume: (ResumePoint & { readonly mark: ResumeMarkJson }) | null;
}

/** A trailer as read, with where its index's chunks may lie (between the key and the trailer). */
interface ReadTrailer extends Trailer {
  readonly bounds: { readonly from: number; readonly to: number };
}

type ChunkSource = (source: Source, from?: ResumeFrom) => PooledSource;

/**
 * The byte form and CRC-32 of the chunks a grown file's old index gives as they were read: its new index writes
 * them as they are, not encoded and summed again.
 */
const indexBytes = new WeakMap<EncodedChunk, { readonly bytes: Uint8Array; readonly crc: number }>();

export class FileIndexCache {
  private readonly folder: string;
  private wrote = false;

  /** `keyBase`: what every index of this reading shares in its key (novatrace's build, the reading options). */
  constructor(dir: string, private readonly keyBase: string, private readonly limitBytes = DEFAULT_LIMIT_BYTES) {
    this.folder = path.join(dir, `v${CACHE_FORMAT}`, 'files');
  }

  /**
   * The parser's chunk source, served from the indexes where they hold (up to their resume point, for a file that
   * only grew since), and teeing what it parses into new ones.
   */
  wrap(parse: ChunkSource): ChunkSource {
    return (source) => {
      const place = this.placeOf(source);
      if (place === null) return parse(source);
      return this.fromIndex(place) ?? this.writing(this.grown(place, source, parse) ?? parse(source), source, place);
    };
  }

  /** After a reading: keeps the folder under its limit, removing the indexes read longest ago. */
  trim(): void {
    if (this.wrote) evictOldest(this.folder, '.idx', this.limitBytes);
  }

  /**
   * The file's counts from its index while the file is unchanged (its trailer checked, its chunks not read: stats
   * needs no entry), or null.
   */
  statsOf(source: Source): FileStats[] | null {
    const place = this.placeOf(source);
    const opened = place === null ? null : openIndex(place, false);
    if (opened === null) return null;
    closeSync(opened.fd);
    return opened.stats;
  }

  /**
   * The chunks of the file's index that hold lines between `first` and `last` for `wanted`, while the file is
   * unchanged, or null (nothing is parsed or written). Only the chunks given are read and checked: a chunk that does
   * not check throws, before its entries are given.
   */
  chunksOf(source: Source, wanted: (first: number, last: number) => boolean): AsyncIterable<EncodedChunk> | null {
    const place = this.placeOf(source);
    return place === null ? null : this.fromIndex(place, wanted)?.chunks ?? null;
  }

  /** Where a file's index is, under which key, for the file as it is now; null for a stream or a file not readable. */
  private placeOf(source: Source): Place | null {
    if (source.stdin || source.stream === true) return null;
    const print = fingerprint(source.path);
    if (print === null) return null;
    const key = JSON.stringify({ base: this.keyBase, path: source.path, real: print.path, ino: print.ino });
    return { file: path.join(this.folder, `${sha256(key)}.idx`), key, print };
  }

  /**
   * The file's chunks from its index, or null: none, another key or fingerprint, or any byte that does not check.
   * All of them, every chunk checked before the first is given; or (`wanted`) those with lines wanted, each checked
   * as it is read.
   */
  private fromIndex(place: Place, wanted?: (first: number, last: number) => boolean): PooledSource | null {
    const { file, print } = place;
    const opened = openIndex(place, wanted === undefined);
    if (opened === null) return null;
    const { fd, trailer, stats } = opened;
    touch(file);
    const { chunks, broken } = trailer;
    const size = print.size;
    return {
      chunks: (async function* indexed(): AsyncGenerator<EncodedChunk> {
        try {
          for (const [offset, length, crc, first, last] of chunks) {
            if (wanted !== undefined && !wanted(first, last)) continue;
            const bytes = Buffer.allocUnsafe(length);
            if (readSync(fd, bytes, 0, length, offset) !== length || crc32(bytes) !== crc) {
              throw new Error(`${file}: the cache's index of this file changed while it was read`);
            }
            yield chunkFromBytes(bytes);
          }
          bytesRead.count += size;
        } finally {
          closeSync(fd);
        }
      })(),
      stats: () => stats,
      broken: () => broken,
    };
  }

  /**
   * A plain file that only grew since its index was made (appended to: see onlyGrew): the index's entries before
   * its resume point, then the file parsed on from there with the parser's state as it was at that point, which
   * gives the entries and counts reading the grown file whole gives. Null when the index has no resume point, or
   * the file changed otherwise (rotated, rewritten: parsed whole).
   */
  private grown(place: Place, source: Source, parse: ChunkSource): PooledSource | null {
    const { file, print } = place;
    let mark: ResumeMark | null = null;
    const opened = openIndex(place, false, (trailer) => {
      const point = trailer.resume;
      if (point === null || trailer.stats.length !== 1 || !onlyGrew(trailer.fingerprint, point, print)) return false;
      mark = resumeMarkFromJson(point.mark);
      return resumesAfter(mark, source.modified);
    });
    if (opened === null || mark === null) return null;
    const { fd, trailer } = opened;
    const { line, entries } = mark as ResumeMark;
    // The chunks it gives (those with entries before the resume point) checked before the first entry is given.
    if (!chunksCheck(fd, trailer, (first) => first < line)) {
      closeSync(fd);
      return null;
    }
    const offset = (trailer.resume as ResumePoint).offset;
    touch(file);
    // Parsed on from the resume point on a worker at once, while the index's chunks are read here.
    const fresh = parse(source, { offset, mark });
    const kept = (async function* kept(): AsyncGenerator<EncodedChunk> {
      let given = 0;
      try {
        for (const [at, length, crc, first, last] of trailer.chunks) {
          if (first >= line) break;
          const bytes = Buffer.allocUnsafe(length);
          if (readSync(fd, bytes, 0, length, at) !== length || crc32(bytes) !== crc) {
            throw new Error(`${file}: the cache's index of this file changed while it was read`);
          }
          let chunk = chunkFromBytes(bytes);
          // The chunk the resume point falls in: its entries before the point (entries come in the order of their lines).
          if (last >= line) chunk = encodeEntries(decodeEntries(chunk, new CodeLocations()).filter((e) => e.line < line));
          else indexBytes.set(chunk, { bytes, crc });
          given += chunk.meta[0] as number;
          yield chunk;
        }
      } finally {
        closeSync(fd);
      }
      if (given !== entries) throw new Error(`${file}: the cache's index holds ${given} entries before its resume point, not ${entries}`);
      bytesRead.count += offset;
    })();
    return {
      chunks: (async function* grown(): AsyncGenerator<EncodedChunk> {
        yield* kept;
        yield* fresh.chunks;
      })(),
      stats: () => fresh.stats(),
      broken: () => fresh.broken(),
      mark: () => fresh.mark?.() ?? null,
    };
  }

  /** The parser's chunks passed on as they come, and written to a new index once the file is read to its end unchanged. */
  private writing(parsed: PooledSource, source: Source, { file, key, print }: Place): PooledSource {
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    let fd: number | null = null;
    let writes: BackgroundWrites | null = null;
    const table: [number, number, number, number, number][] = [];
    // Once abandoned, nothing more is written; the file is closed and removed once its writes are done.
    const abandon = async (): Promise<void> => {
      const open = fd;
      if (open === null) return;
      fd = null;
      await writes?.settle();
      try {
        closeSync(open);
        unlinkSync(temp);
      } catch {
        // Never made.
      }
    };
    try {
      mkdirSync(this.folder, { recursive: true });
      fd = openSync(temp, 'w', 0o600);
      writes = new BackgroundWrites(fd, 0);
      const keyBytes = Buffer.from(key, 'utf8');
      const head = Buffer.alloc(12);
      MAGIC.copy(head, 0);
      head.writeUInt32LE(INDEX_VERSION, 4);
      head.writeUInt32LE(keyBytes.length, 8);
      writes.add(head);
      writes.add(keyBytes);
    } catch {
      void abandon();
    }
    const done = async (): Promise<void> => {
      if (fd === null || writes === null) return;
      try {
        // A file written to while it was read (a live log) is indexed next time, once it holds still.
        const after = fingerprint(source.path);
        if (after === null || !samePrint(after, print)) {
          await abandon();
          return;
        }
        const stats = parsed.stats();
        const mark = parsed.mark?.() ?? null;
        const point = mark === null || stats.length !== 1 || parsed.broken() !== null ? null : resumePointOf(source.path, print.size, (stats[0] as FileStats).lines, mark);
        const trailer: Trailer = {
          fingerprint: print, stats: stats.map(fileStatsToJson), broken: parsed.broken(), chunks: table,
          resume: point === null || mark === null ? null : { ...point, mark: resumeMarkToJson(mark) },
        };
        const body = Buffer.from(JSON.stringify(trailer), 'utf8');
        const tail = Buffer.alloc(12);
        tail.writeUInt32LE(body.length, 0);
        tail.writeUInt32LE(crc32(body), 4);
        MAGIC.copy(tail, 8);
        writes.add(body);
        writes.add(tail);
        if (!(await writes.settle())) {
          await abandon();
          return;
        }
        closeSync(fd);
        fd = null;
        renameSync(temp, file);
        this.wrote = true;
      } catch {
        await abandon();
      }
    };
    return {
      chunks: (async function* teed(): AsyncGenerator<EncodedChunk> {
        let complete = false;
        try {
          for await (const chunk of parsed.chunks) {
            if (fd !== null && writes !== null) {
              try {
                const known = indexBytes.get(chunk);
                const parts = known === undefined ? chunkByteParts(chunk) : [known.bytes];
                let length = 0;
                let crc = 0;
                for (const part of parts) {
                  length += part.byteLength;
                  if (known === undefined) crc = crc32(part, crc);
                }
                const lines = chunkLines(chunk);
                table.push([writes.end, length, known?.crc ?? crc, lines?.first ?? 0, lines?.last ?? -1]);
                for (const part of parts) writes.add(part);
                // A disk slower than the reading: the chunks not yet written are not let to pile up.
                await writes.drained();
              } catch {
                await abandon();
              }
            }
            yield chunk;
          }
          complete = true;
        } finally {
          if (complete) await done();
          else await abandon();
        }
      })(),
      stats: () => parsed.stats(),
      broken: () => parsed.broken(),
      mark: () => parsed.mark?.() ?? null,
    };
  }
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
 * The index of a place opened, with its trailer and counts, when it is of this key and of the file as it is now
 * (or as `holds` accepts it), and, `chunksToo`, every chunk checks; else null, nothing left open. An index of another
 * file or of an old fingerprint is written again by the run that reads the file.
 */
function openIndex(
  { file, key, print }: Place,
  chunksToo: boolean,
  holds: (trailer: Trailer) => boolean = (trailer) => samePrint(trailer.fingerprint, print),
): { fd: number; trailer: ReadTrailer; stats: FileStats[] } | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const trailer = readTrailer(fd, key);
    if (trailer !== null && holds(trailer) && (!chunksToo || chunksCheck(fd, trailer))) return { fd, trailer, stats: trailer.stats.map(fileStatsFromJson) };
  } catch {
    // Not what was written: a miss.
  }
  closeSync(fd);
  return null;
}


/** The trailer of an index file of this key; null when anything does not hold. */
function readTrailer(fd: number, key: string): ReadTrailer | null {
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
  if (12 + keyLength + bodyLength + 12 > size) return null;
  const body = Buffer.alloc(bodyLength);
  readSync(fd, body, 0, bodyLength, size - 12 - bodyLength);
  if (crc32(body) !== tail.readUInt32LE(4)) return null;
  const trailer = JSON.parse(body.toString('utf8')) as Trailer;
  return { ...trailer, resume: trailer.resume ?? null, bounds: { from: 12 + keyLength, to: size - 12 - bodyLength } };
}

/**
 * Every chunk (or those whose first line `given` accepts) within the file and whole, before the first entry is
 * given: a bad byte is a miss, not half a file.
 */
function chunksCheck(fd: number, trailer: ReadTrailer, given: (first: number) => boolean = () => true): boolean {
  const { from, to } = trailer.bounds;
  let buffer = Buffer.allocUnsafe(1 << 20);
  for (const [offset, length, crc, first] of trailer.chunks) {
    if (!given(first)) continue;
    if (!(offset >= from && length > 0 && offset + length <= to)) return false;
    if (buffer.length < length) buffer = Buffer.allocUnsafe(length);
    if (readSync(fd, buffer, 0, length, offset) !== length || crc32(buffer.subarray(0, length)) !== crc) return false;
  }
  return true;
}
