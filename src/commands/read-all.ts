// Opens every input and turns a source that cannot be read into a warning while another one can be read;
// shared by the commands that read logs.

import { describeFsError } from '../io/errors.js';
import { NovatraceError } from '../model/errors.js';
import type { Source } from '../io/inputs.js';
import { peekFirstTimes } from '../io/peek.js';
import { openSource } from '../io/read-source.js';
import type { ResumeFrom } from '../io/read-source.js';
import { ParsePool, poolableBytes } from '../io/parse-pool.js';
import type { PooledSource } from '../io/parse-pool.js';
import { MAX_WORKERS, WORKERS_FROM_BYTES } from '../io/stats-pool.js';
import { decodeEntries } from '../parse/entry-codec.js';
import type { LogEntry } from '../model/entry.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { CodeLocations } from '../parse/code-locations.js';
import { formatByteSize } from '../parse/byte-size.js';
import type { FileStats } from '../model/file-stats.js';
import type { ResumeMark } from '../parse/resume-mark.js';

export interface Reading {
  readonly streams: AsyncIterable<LogEntry[]>[];
  /** Stats of every source read so far, in input order. */
  stats(): FileStats[];
  /** Sources that failed, or were read only up to a break, as one-line messages. */
  readonly failures: string[];
  /** Sources read to their end (or to their error) so far. */
  ended(): number;
  /**
   * Once read, where each source's parsing may resume once it grows, in input order: null for one read without
   * marks (in this thread), broken, or that failed.
   */
  marks(): (ResumeMark | null)[];
}

/**
 * Where one file's encoded chunks come from: parsed on the pool's workers (whole, or from a resume point on), or (a
 * wrapper of this) from elsewhere.
 */
export type ChunkSource = (source: Source, from?: ResumeFrom) => PooledSource;

/** What is asked of a source once read: its counts, whether it broke off, where its parsing may resume. */
interface ReadFacts {
  stats(): FileStats[];
  broken(): string | null;
  mark?(): ResumeMark | null;
}

/** Entries held ahead per file, summed over all files of a merge: bounds memory whatever the file count. */
const MERGE_BUFFER_ENTRIES = 8192;
/** Parsing threads: on two cores the main thread correlates on one of them (measured, see bench/README.md). */
const PARSE_WORKERS = 1;
/**
 * Entries per chunk a worker hands over, chunks it parses ahead per open file, and chunks taken before their
 * credits go back to it in one message (each message costs both threads a fixed part; a large input has thousands of chunks).
 * At 8 ahead (4 in hand once 4 went back), the merge waited 1.2-1.7 s of a 4.8 s analysis of the bench's 4 files for
 * chunks (besides the start), and the worker as long for credits: either thread's least delay starved the other. At
 * 32, 0.3-0.4 s. The chunks held are encoded (about 60 KB each), off the heap.
 */
const CHUNK_ENTRIES = 512;
const CHUNKS_AHEAD = 32;
const PULL_EVERY = 4;

/** Sources read by the one thread: what the pool is not for, or everything when it would not pay. */
function inThread(source: Source, pooled: boolean): boolean {
  return !pooled || source.stdin || source.stream === true;
}

/**
 * `NOVATRACE_PARSE_THREADS`: 0 parses every input in this thread, N > 0 on N threads whatever the input's size
 * (tests and benchmarks compare the two paths with it); unset, the input's size decides.
 */
export const PARSE_THREADS_VARIABLE = 'NOVATRACE_PARSE_THREADS';

/** Parsing threads to start: 0 when they would not pay (a small input, or one not read to its end, in full). */
function poolWorkers(sources: readonly Source[], options: ParseOptions, live: boolean): number {
  if (live || options.countOnly === true || options.texts === undefined || !ParsePool.available()) return 0;
  const forced = process.env[PARSE_THREADS_VARIABLE];
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), MAX_WORKERS);
  return poolableBytes(sources) >= WORKERS_FROM_BYTES ? PARSE_WORKERS : 0;
}

/**
 * Wraps each source so that its read error is recorded instead of thrown: one unreadable file among many is a
 * warning. `finish()` throws when nothing at all could be read. Files of a large input are parsed on worker
 * threads (io/parse-pool.ts), their chunks coming from `chunkSource(parse)` (parse: the pool's own), and decoded
 * here; stdin, other streams, live reading and small inputs are parsed in this thread.
 */
export function readAll(
  sources: readonly Source[],
  options: ParseOptions,
  live: boolean,
  chunkSource: (parse: ChunkSource) => ChunkSource = (parse) => parse,
): Reading & { finish(): void } {
  const batch = Math.max(16, Math.min(512, Math.floor(MERGE_BUFFER_ENTRIES / Math.max(1, sources.length))));
  // One code location table for every file: a table per file would hold the same few hundred locations 248 times.
  const locations = new CodeLocations();
  const workers = poolWorkers(sources, options, live);
  const pooled = workers > 0;
  const pooledCount = pooled ? sources.filter((s) => !inThread(s, true)).length : 0;
  let pool: ParsePool | null = null;
  const chunksOf = chunkSource((source, from) => {
    pool ??= new ParsePool({ texts: options.texts ?? {}, workers, chunkEntries: CHUNK_ENTRIES, ahead: CHUNKS_AHEAD, pullEvery: PULL_EVERY });
    return pool.open(source, from);
  });
  let pooledEnded = 0;
  const failures: string[] = [];
  const failed = new Set<number>();
  const facts: (ReadFacts | undefined)[] = [];
  let ended = 0;
  const streams = sources.map((source, i) =>
    (async function* guarded(): AsyncGenerator<LogEntry[]> {
      const own = inThread(source, pooled);
      try {
        if (own) {
          // Blocking reads: this thread has nothing else to do meanwhile, and each asynchronous read of a file in the
          // page cache leaves it idle for a thread-pool round trip (a third of the time, measured).
          const o = openSource(source, options, { live, batch, blocking: !live, locations });
          facts[i] = o;
          yield* o.batches;
        } else {
          // Opened when the merge first asks: a file the merge has not reached holds no chunks.
          const o = chunksOf(source);
          facts[i] = o;
          for await (const chunk of o.chunks) yield decodeEntries(chunk, locations);
        }
        // A gzip that broke off was read up to the break: its lines count, and the break is said once.
        const broken = facts[i]?.broken() ?? null;
        if (broken !== null) failures.push(broken);
        // What it read is all that is asked of it now: the reader itself (its buffers, its entry points, the parser's
        // state: 4 KB a file once read) is let go, not kept for every input to the end.
        facts[i] = readFacts(facts[i], broken);
      } catch (error) {
        failed.add(i);
        failures.push(error instanceof NovatraceError ? error.message : describeFsError(source.path, error));
      }
      ended++;
      if (!own && ++pooledEnded === pooledCount) pool?.close();
    })(),
  );
  return {
    streams,
    failures,
    ended: () => ended,
    stats: () => facts.flatMap((o, i) => (o === undefined || failed.has(i) ? [] : o.stats())),
    marks: () => sources.map((_, i) => (failed.has(i) || facts[i]?.broken() !== null ? null : facts[i]?.mark?.() ?? null)),
    finish() {
      if (failed.size === sources.length && failures.length > 0) throw new NovatraceError(failures[0] as string);
    },
  };
}

/** What a source read to its end says of itself, as it says it then (its stats, break and resume mark): values only. */
function readFacts(o: ReadFacts | undefined, broken: string | null): ReadFacts | undefined {
  if (o === undefined) return undefined;
  const stats = o.stats();
  if (o.mark === undefined) return { stats: () => stats, broken: () => broken };
  const mark = o.mark();
  return { stats: () => stats, broken: () => broken, mark: () => mark };
}

/**
 * Inputs that are os-log-merger's output, read with other inputs: a folder that holds the merged file beside the
 * files it merged (os-log-merger's own debug-live-migration playbook leaves two) gives every line two or three times.
 */
function mergedOutputWarnings(stats: readonly FileStats[]): string[] {
  if (stats.length < 2) return [];
  return stats.filter((s) => s.dialects.has('os-log-merger')).map((s) => `${s.path} is os-log-merger's output: `
    + 'the lines of the files it merged count twice if those files are given too');
}

/** Inputs of which no line reads as a log entry (a workload's output, a binary file): named, not only counted. */
function unreadWarnings(stats: readonly FileStats[]): string[] {
  return stats.filter((s) => s.entries === 0 && s.unparsed > 0).map((s) => `${s.path}: no line reads as a log entry `
    + `(${s.unparsed} unparsed; novatrace stats shows the first ones)`);
}

/** Inputs whose year-less stamps took their year from a date, not --year: a copied log's may be wrong. */
export function guessedYearWarnings(stats: readonly FileStats[]): string[] {
  return stats.flatMap((s) => (s.yearGuess === null ? [] : [`${s.path}: its journald stamps carry no year; read as `
    + `${s.yearGuess.year}, from ${s.yearGuess.from === 'today' ? "today's date" : "the file's modification time"} (--year YYYY sets it)`]));
}

/** Inputs with lines longer than --max-line: each cut there, the first one named with its place and length. */
function cutWarnings(stats: readonly FileStats[]): string[] {
  return stats.flatMap((s) => {
    const first = s.cutSamples[0];
    if (first === undefined) return [];
    const more = s.cut > 1 ? ` (${s.cut} such lines in this file; novatrace stats lists them)` : '';
    return [`${s.path}:${first.line}: a line of ${first.bytes.toLocaleString('en-US')} bytes is longer than --max-line `
      + `(${formatByteSize(s.maxLine)}): cut there${more}`];
  });
}

/** Every warning about what was read, for the commands that merge their inputs (stats shows counts itself). */
export function inputWarnings(stats: readonly FileStats[]): string[] {
  return [...mergedOutputWarnings(stats), ...guessedYearWarnings(stats), ...unreadWarnings(stats), ...cutWarnings(stats)];
}

/** Each file's first entry time (null: unknown), so the merge opens files only when it reaches them. */
export async function firstTimes(sources: readonly Source[], options: ParseOptions): Promise<(number | null)[]> {
  if (sources.length < 2) return [];
  return peekFirstTimes(sources, options);
}
