// One source -> batches of entries. A plain file read with blocking reads is split into lines here and parsed;
// anything else goes through pipeline(): file or stdin, gunzip when the bytes say gzip, split2 into lines, the
// parser. Back-pressure holds either way: a consumer that stops pulling stops the file being read.

import { isAscii } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import split2 from 'split2';
import type { LogEntry } from '../model/entry.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { CodeLocations } from '../parse/code-locations.js';
import type { FileStats } from '../model/file-stats.js';
import { StreamParser } from '../parse/stream-parser.js';
import { describeFsError } from './errors.js';
import { NovatraceError } from '../model/errors.js';
import { bytesRead } from './progress.js';
import type { Source } from './inputs.js';

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

export type Compression = 'gzip' | 'none';

/**
 * One buffer, shared by every file read with blocking reads: a read is decoded to a string before the next read
 * of any file, so a merge of hundreds of open files does not hold a buffer each (248 on the bench corpus).
 */
let readBuffer: Buffer | null = null;

/** What the first bytes say: gzip is read, bzip2, xz and zstd are refused with the command that decompresses them. */
export async function sniff(path: string): Promise<Compression> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(6), 0, 6, 0);
    return compressionOf(path, buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** sniff() with blocking reads, for readers that block anyway. */
export function sniffSync(path: string): Compression {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(6);
    return compressionOf(path, buffer.subarray(0, readSync(fd, buffer, 0, 6, 0)));
  } finally {
    closeSync(fd);
  }
}

function compressionOf(path: string, b: Buffer): Compression {
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.subarray(0, 3).toString('latin1') === 'BZh') throw new NovatraceError(`${path}: bzip2-compressed; decompress it first (bunzip2 -k)`);
  if (b[0] === 0xfd && b.subarray(1, 6).toString('latin1') === '7zXZ\u0000') throw new NovatraceError(`${path}: xz-compressed; decompress it first (unxz -k)`);
  if (b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) throw new NovatraceError(`${path}: zstd-compressed; decompress it first (unzstd)`);
  return 'none';
}

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
}

export function openSource(source: Source, options: ParseOptions, read: ReadOptions): OpenedSource {
  let batch: LogEntry[] = [];
  const parser = new StreamParser(source.stdin ? '<stdin>' : source.path, source.modified, options, (e) => batch.push(e), source.stdin, read.locations);
  let idle: NodeJS.Timeout | null = null;
  let collector: Transform | null = null;

  const takeBatch = (): LogEntry[] | undefined => {
    if (batch.length === 0) return undefined;
    const full = batch;
    batch = [];
    return full;
  };

  // split2's mapper runs once per line inside split2's own transform: parsing there costs no stream hop per
  // line. It hands split2 a batch to push when one is full, and undefined (push nothing) otherwise.
  const batchSize = read.batch ?? BATCH;
  const lines = split2('\n', (line: string): LogEntry[] | undefined => {
    parser.push(line);
    if (read.live) {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => {
        parser.flush();
        const rest = takeBatch();
        if (rest) collector?.push(rest);
      }, IDLE_FLUSH_MS);
      return takeBatch();
    }
    return batch.length >= batchSize ? takeBatch() : undefined;
  }, { highWaterMark: BATCHES_AHEAD });

  // Passes batches on; at the end, lets the last half-built entry go.
  collector = new Transform({
    objectMode: true,
    highWaterMark: BATCHES_AHEAD,
    transform(chunk: LogEntry[], _encoding, done) {
      done(null, chunk);
    },
    flush(done) {
      if (idle) clearTimeout(idle);
      parser.flush();
      done(null, takeBatch());
    },
  });

  /**
   * A plain file read with blocking reads and split here: no stream stages between the bytes and the parser (they
   * cost more than half as much as parsing itself). Lines are split as split2 splits them.
   */
  function* blockingBatches(path: string): Generator<LogEntry[]> {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw new NovatraceError(describeFsError(path, error));
    }
    try {
      const size = BLOCKING_CHUNK;
      const buffer = readBuffer ??= Buffer.allocUnsafe(size);
      const decoder = new StringDecoder('utf8');
      /** The decoder may hold the first bytes of a character cut by the last read. */
      let partial = false;
      let rest = '';
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, buffer, 0, size, null);
        } catch (error) {
          throw new NovatraceError(describeFsError(path, error));
        }
        if (n === 0) break;
        bytesRead.count += n;
        const bytes = buffer.subarray(0, n);
        // Logs are nearly all ASCII: read as latin1, the same characters come out without UTF-8 validation.
        let text: string;
        if (!partial && isAscii(bytes)) {
          text = bytes.toString('latin1');
        } else {
          text = decoder.write(bytes);
          partial = (bytes[n - 1] as number) >= 0x80;
        }
        // The line cut by the last read is joined to its end alone: joining `rest` to the whole text would copy it all.
        let start = 0;
        for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
          parser.push(rest === '' ? text.slice(start, end) : rest + text.slice(start, end));
          rest = '';
          start = end + 1;
          if (batch.length >= batchSize) yield takeBatch() as LogEntry[];
        }
        rest += text.slice(start);
      }
      const last = rest + decoder.end();
      if (last !== '') parser.push(last);
      parser.flush();
      const tail = takeBatch();
      if (tail) yield tail;
    } finally {
      closeSync(fd);
    }
  }

  async function* batches(): AsyncGenerator<LogEntry[]> {
    const stages: NodeJS.ReadWriteStream[] = [];
    let input: Readable;
    if (source.stdin) {
      input = read.stdin ?? process.stdin;
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
      input = createReadStream(source.path, { highWaterMark: 1 << 16 });
      stages.push(countBytes());
      if (compression === 'gzip') stages.push(createGunzip());
    }
    const out = pipeline([input, ...stages, lines, collector] as unknown as [Readable, Transform], () => {
      // Errors surface through the iterator below.
    });
    try {
      for await (const chunk of out as unknown as AsyncIterable<LogEntry[]>) yield chunk;
    } catch (error) {
      throw new NovatraceError(describeFsError(source.stdin ? 'stdin' : source.path, error));
    } finally {
      if (idle) clearTimeout(idle);
    }
  }

  return { batches: batches(), stats: () => parser.stats };
}
