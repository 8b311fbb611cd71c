// One source -> batches of entries. A plain file is read with blocking reads; anything else goes through
// pipeline(): a file, stdin or another stream (a FIFO, `<(cmd)`), gunzip when the bytes say gzip (a stream's first
// bytes are looked at as they pass, never read twice), up to the break of a gzip that breaks off. Either way the
// bytes go through the one line splitter (line-splitter.ts, which followed files use too) into the parser.
// Back-pressure holds either way: a consumer that stops pulling stops the file being read.

import { createReadStream } from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import type { LogEntry } from '../model/entry.js';
import { DEFAULT_MAX_LINE } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { CodeLocations } from '../parse/code-locations.js';
import type { FileStats } from '../model/file-stats.js';
import { StreamParser } from '../parse/stream-parser.js';
import type { ResumeMark } from '../parse/resume-mark.js';
import { describeFsError } from './errors.js';
import { NovatraceError } from '../model/errors.js';
import { LineSplitter } from './line-splitter.js';
import { gunzipTolerant } from './gunzip.js';
import type { GzipBreak, Gunzipped } from './gunzip.js';
import { streamHead } from './stream-head.js';
import { compressionOf, sniff, sniffSync } from './compression.js';
import type { Compression } from './compression.js';
import type { StreamHead } from './stream-head.js';
import { bytesRead } from './bytes-read.js';
import { blockingReads } from './with-file.js';
import type { Source } from './inputs.js';

export { compressionOf, sniff, sniffSync };
export type { Compression };

const BATCH = 512;
/**
 * Bytes per blocking read. Each open file's entries point into its last read until they are let go: with a
 * merge's hundreds of files open at once, 32 KB reads keep merge's peak RSS 20 MB lower than 64 KB did, at the
 * same speed. Reads of 256 KB or more are V8 large objects, each mapped and unmapped on its own: analyze's held
 * entries keep them out of the young generation's copying, but on the bench corpus 32 KB reads still run analyze
 * 5% faster (2.62 s against 2.77 s, median of 5) at 207 MB peak RSS against 260 MB.
 */
const BLOCKING_CHUNK = 1 << 15;
/** Batches a stream holds ahead of its reader: with hundreds of files merged, this is what memory scales with. */
const BATCHES_AHEAD = 1;
/** On a live stream, a half-built entry is let go after this long without a line (tail -f's last line). */
const IDLE_FLUSH_MS = 200;

/** Paths of this process's stdin. */
const STDIN_PATH = /^\/(dev\/stdin|dev\/fd\/0|proc\/self\/fd\/0)$/;

/**
 * One buffer, shared by every file read with blocking reads: the splitter decodes (or copies) all it needs of a
 * read before push() returns, so the next read of any file may overwrite it, and a merge of hundreds of open files
 * does not hold a buffer each (248 on the bench corpus).
 */
let readBuffer: Buffer | null = null;

/** Passes a file's bytes on, counting them for the progress line (gzip files: before they are decompressed). */
function countBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead.count += chunk.length;
      done(null, chunk);
    },
  });
}

export interface OpenedSource {
  readonly batches: AsyncIterable<LogEntry[]>;
  /** Counts per file (stdin: per `==>` header file); complete once batches are exhausted. */
  stats(): FileStats[];
  /** Once batches are exhausted: a warning when the input was gzip that broke off (its lines before are read), else null. */
  broken(): string | null;
  /** Once batches are exhausted: where parsing the file may resume once it grows (ReadOptions.marks), else null. */
  mark(): ResumeMark | null;
  /** Once batches are exhausted: the entry points noted (ReadOptions.points), in the order of their lines. */
  points(): EntryPoint[];
}

/**
 * A place inside a plain file that reading may start from (the cache's index keeps them, so that the lines an
 * answer shows are parsed again from near where they are, not from the file's start): a resume mark, and a line at or
 * after the mark's line whose byte offset is known. The mark's line is `line - mark.line` lines before that offset.
 */
export interface EntryPoint {
  readonly mark: ResumeMark;
  readonly line: number;
  readonly offset: number;
}

/** A plain file read on from a line that parsing may resume from: its byte offset, and the parser's state there. */
export interface ResumeFrom {
  readonly offset: number;
  readonly mark: ResumeMark;
}

/** The one warning of a gzip input that broke off: where, why, and what was read of it. */
export function brokenGzipMessage(name: string, at: GzipBreak, lines: number): string {
  return `${name}: the gzip data breaks off at compressed byte ${at.offset.toLocaleString('en-US')} (${at.reason}): `
    + `read the ${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'} before it`;
}

export interface ReadOptions {
  /** Emit entries as lines arrive (stdin): batches are not held back, a pending entry is flushed when idle. */
  readonly live: boolean;
  readonly stdin?: Readable;
  /** Read files with blocking reads (readers that have nothing else to do meanwhile: not live ones). */
  readonly blocking?: boolean;
  /** Entries per batch (default 512); a merge of many files asks for fewer, so memory stays bounded. */
  readonly batch?: number;
  /** The code location table shared by the sources of one reading (see parse/code-locations.ts). */
  readonly locations?: CodeLocations;
  /** Keep where the file's parsing may resume (mark()): a file read for the cache's index of it. */
  readonly marks?: boolean;
  /** A plain file read with blocking reads from a resume point on (a file that grew since its index). */
  readonly from?: ResumeFrom;
  /** With `from`: read up to this byte offset only (what the file held before it grew), not to its end. */
  readonly until?: number;
  /**
   * A plain file read with blocking reads (and marks): note an entry point at the first read that starts this many
   * bytes or more after the last one (0: at every read). Not for a stream or a gzip file (no offsets to go back to).
   */
  readonly points?: number;
}

export function openSource(source: Source, options: ParseOptions, read: ReadOptions): OpenedSource {
  let batch: LogEntry[] = [];
  const parser = new StreamParser(source.stdin ? '<stdin>' : source.path, source.modified, options, (e) => batch.push(e), source.stdin, read.locations);
  if (read.marks === true || read.from !== undefined) parser.resumable(read.from?.mark ?? null);
  const splitter = new LineSplitter({ maxLine: options.maxLine ?? DEFAULT_MAX_LINE, ...(read.from === undefined ? {} : { firstLine: read.from.mark.line }) });
  const points: EntryPoint[] = [];
  const batchSize = read.batch ?? BATCH;

  const takeBatch = (): LogEntry[] | undefined => {
    if (batch.length === 0) return undefined;
    const full = batch;
    batch = [];
    return full;
  };

  /** Parses the splitter's complete lines, handing on each full batch; true when it stopped at a full batch. */
  const parseLines = (): boolean => {
    for (let line = splitter.next(); line !== null; line = splitter.next()) {
      parser.push(line, splitter.cutBytes);
      if (batch.length >= batchSize) return true;
    }
    return false;
  };

  /** A plain file read with blocking reads: no stream stages between the bytes and the parser (they cost more than half as much as parsing itself). */
  function* blockingBatches(path: string): Generator<LogEntry[]> {
    // A file read whole from its start; one that grew, from where its index may resume.
    const every = read.points;
    let position = read.from?.offset ?? 0;
    let nextPoint = position + (every ?? 0);
    for (const bytes of blockingReads(path, position, read.until ?? null, readBuffer ??= Buffer.allocUnsafe(BLOCKING_CHUNK))) {
      // Every line before this read was parsed: the parser's mark is at or before the line held unfinished (or the
      // line this read starts), whose offset is known.
      if (every !== undefined && position >= nextPoint) {
        const held = splitter.heldBytes;
        const mark = parser.resumeMark();
        if (held !== null && mark !== null && mark.line !== points[points.length - 1]?.mark.line) {
          points.push({ mark, line: splitter.nextLine, offset: position - held });
          nextPoint = position + every;
        }
      }
      position += bytes.length;
      bytesRead.count += bytes.length;
      splitter.push(bytes);
      while (parseLines()) yield takeBatch() as LogEntry[];
    }
    splitter.end();
    while (parseLines()) yield takeBatch() as LogEntry[];
    parser.flush();
    const tail = takeBatch();
    if (tail) yield tail;
  }


  /** A stream (gzip, stdin, a plain file read without blocking): bytes in, batches out, parsed inside the stage. */
  function batcher(): Transform {
    let idle: NodeJS.Timeout | null = null;
    const stage = new Transform({
      readableObjectMode: true,
      readableHighWaterMark: BATCHES_AHEAD,
      transform(chunk: Buffer, _encoding, done) {
        splitter.push(chunk);
        while (parseLines()) stage.push(takeBatch());
        if (read.live) {
          // A live stream hands on what it has at once, and lets a half-built entry go when no line follows.
          const some = takeBatch();
          if (some) stage.push(some);
          if (idle) clearTimeout(idle);
          idle = setTimeout(() => {
            parser.flush();
            const rest = takeBatch();
            if (rest) stage.push(rest);
          }, IDLE_FLUSH_MS);
        }
        done();
      },
      flush(done) {
        if (idle) clearTimeout(idle);
        splitter.end();
        while (parseLines()) stage.push(takeBatch());
        parser.flush();
        done(null, takeBatch());
      },
      destroy(error, done) {
        if (idle) clearTimeout(idle);
        done(error);
      },
    });
    return stage;
  }

  /** Where a gzip input broke off, once its readable part is read. */
  let broke: GzipBreak | null = null;
  const name = source.stdin ? 'stdin' : source.path;

  /** The bytes of stdin or another stream, decompressed when its first bytes say gzip. */
  async function streamBytes(): Promise<Readable | AsyncIterable<Buffer>> {
    // Read once: the first bytes tell gzip, and are given on with the rest (no second open, no seek).
    let input = source.stdin ? read.stdin ?? process.stdin : createReadStream(source.path, { highWaterMark: 1 << 16 });
    let started: StreamHead;
    try {
      started = await streamHead(input);
    } catch (error) {
      // stdin that is a socket (a process spawned by another's API) cannot be opened again by its /dev path.
      if (source.stdin || !STDIN_PATH.test(source.path) || (error as { code?: string }).code !== 'ENXIO') throw error;
      input = read.stdin ?? process.stdin;
      started = await streamHead(input);
    }
    const { head, bytes } = started;
    const stages = source.stdin ? [] : [countBytes()];
    let compression: Compression;
    try {
      compression = compressionOf(name, head);
    } catch (error) {
      input.destroy();
      throw error;
    }
    if (compression === 'gzip') return gunzipped(gunzipTolerant(bytes, stages));
    return stages.length === 0 ? bytes : pipeline([bytes, ...stages] as unknown as [Readable, Transform], () => undefined) as unknown as Readable;
  }

  /** The bytes of a regular file read as a stream. */
  function fileBytes(path: string, compression: Compression): Readable | AsyncIterable<Buffer> {
    const input = createReadStream(path, { highWaterMark: 1 << 16 });
    if (compression === 'gzip') return gunzipped(gunzipTolerant(input, [countBytes()]));
    return pipeline([input, countBytes()] as unknown as [Readable, Transform], () => undefined) as unknown as Readable;
  }

  /** The decompressed bytes; once they end, where the gzip broke off (if it did) is kept for broken(). */
  function gunzipped(g: Gunzipped): AsyncIterable<Buffer> {
    return (async function* noting(): AsyncGenerator<Buffer> {
      yield* g.bytes;
      broke = g.broken();
    })();
  }

  async function* batches(): AsyncGenerator<LogEntry[]> {
    try {
      let bytes: Readable | AsyncIterable<Buffer>;
      if (source.stdin || source.stream === true) {
        bytes = await streamBytes();
      } else {
        let compression: Compression;
        try {
          // Blocking: a thread-pool round trip per file left this thread idle (about 150 ms over the bench's 248 files).
          compression = read.blocking ? sniffSync(source.path) : await sniff(source.path);
        } catch (error) {
          throw error instanceof NovatraceError ? error : new NovatraceError(describeFsError(source.path, error));
        }
        if (read.blocking && compression === 'none') {
          yield* blockingBatches(source.path);
          return;
        }
        if (read.from !== undefined) throw new NovatraceError(`${source.path}: only a plain file read with blocking reads is read on from a resume point`);
        bytes = fileBytes(source.path, compression);
      }
      const out = pipeline([bytes, batcher()] as unknown as [Readable, Transform], () => {
        // Errors surface through the iterator below.
      });
      for await (const chunk of out as unknown as AsyncIterable<LogEntry[]>) yield chunk;
    } catch (error) {
      throw error instanceof NovatraceError ? error : new NovatraceError(describeFsError(name, error));
    }
  }

  /** Lines read in all (of every `==>` file of a stream). */
  const lines = (): number => parser.stats.reduce((sum, s) => sum + s.lines, 0);

  return {
    batches: batches(),
    stats: () => parser.stats,
    broken: () => (broke === null ? null : brokenGzipMessage(source.stdin ? '<stdin>' : source.path, broke, lines())),
    mark: () => parser.resumeMark(),
    points: () => points,
  };
}
