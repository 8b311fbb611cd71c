// Worker thread of the parse pool (parse-pool.ts): parses the files the main thread opens on it, each with the
// same reader as in the main thread (read-source.ts), and posts their entries as encoded chunks, buffers
// transferred. A file is parsed only as far as the main thread has asked: each chunk taken there gives its file one
// more credit, so a file the merge has not reached holds no more than its credits' worth in flight.

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { describeFsError } from './errors.js';
import { NovatraceError } from '../model/errors.js';
import type { Source } from './inputs.js';
import { openSource } from './read-source.js';
import type { OpenedSource } from './read-source.js';
import { bytesRead } from './bytes-read.js';
import { CodeLocations } from '../parse/code-locations.js';
import { chunkBuffers, encodeEntries } from '../parse/entry-codec.js';
import type { EncodedChunk } from '../parse/entry-codec.js';
import { parseOptionsFrom } from '../parse/options.js';
import type { LogEntry } from '../model/entry.js';
import type { ParseWorkerData, ToPool, ToWorker } from './parse-pool.js';

const data = workerData as ParseWorkerData;
// The main thread checked these texts: they make the same options here.
const options = parseOptionsFrom(data.texts);
const port = parentPort;
if (!port) throw new Error('parse-worker runs only as a worker thread');
// One table for every file this worker parses, as readAll shares one in the main thread.
const locations = new CodeLocations();

interface OpenFile {
  readonly source: Source;
  readonly opened: OpenedSource;
  readonly batches: AsyncIterator<LogEntry[]>;
  credits: number;
  /** Its pump is running (parsing or waiting for a gzip stream's bytes). */
  pumping: boolean;
}

/**
 * Characters of text per chunk at most (but for a single entry longer than that): the main thread decodes a chunk's
 * text into one string, and a string past V8's largest regular object (128 KB) is a large object, freed only by a
 * full collection while the entries cut from it die young (merge's peak RSS was 60 MB higher with 512-entry chunks).
 */
const CHUNK_CHARS = 48 * 1024;

/** A batch cut where its text reaches CHUNK_CHARS. */
function parts(batch: LogEntry[]): LogEntry[][] {
  const out: LogEntry[][] = [];
  let from = 0;
  let chars = 0;
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i] as LogEntry;
    let n = e.message.length;
    for (const line of e.continuation) n += line.length;
    if (chars + n > CHUNK_CHARS && i > from) {
      out.push(batch.slice(from, i));
      from = i;
      chars = 0;
    }
    chars += n;
  }
  out.push(from === 0 ? batch : batch.slice(from));
  return out;
}

/**
 * Chunks posted in one message at most: each message costs both threads a fixed part on its own. They are held only
 * while this file's pump parses on (its credits last, nothing awaited but its next batch).
 */
const CHUNKS_PER_MESSAGE = 4;

/**
 * Bytes between a file's entry points (read-source.ts EntryPoint), which its index keeps: the lines an answer shows
 * are parsed again from the point before them, at most about this much before them. At 1 MiB, trace on the bench's
 * 4 files took 0.31-0.37 s warm against 0.29-0.31 s at 256 KiB (an index of 628 KB for 304 MB of logs, not 168 KB).
 */
const ENTRY_POINT_BYTES = 1 << 18;

const files = new Map<number, OpenFile>();
let counted = 0;

/** Bytes read by this thread since the last message: the main thread's progress line adds them up. */
function newBytes(): number {
  const n = bytesRead.count - counted;
  counted = bytesRead.count;
  return n;
}

function post(channel: MessagePort, message: ToPool, transfer: ArrayBuffer[] = []): void {
  channel.postMessage(message, transfer);
}

/**
 * Parses one file while it has credits. Each file has its own pump, so a gzip file waiting for its stream lets the
 * others go on; a plain file's blocking reads give way to the other pumps at each chunk (every await), and
 * incoming credits are read once every pump has spent its own.
 */
async function pump(channel: MessagePort, id: number, file: OpenFile): Promise<void> {
  file.pumping = true;
  const pending: EncodedChunk[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    post(channel, { type: 'chunks', id, chunks: pending.slice(), bytes: newBytes() }, pending.flatMap(chunkBuffers));
    pending.length = 0;
  };
  try {
    while (file.credits > 0) {
      const next = await file.batches.next();
      if (next.done === true) {
        flush();
        files.delete(id);
        post(channel, { type: 'end', id, stats: file.opened.stats(), broken: file.opened.broken(), mark: file.opened.mark(), points: file.opened.points(), bytes: newBytes() });
        return;
      }
      for (const part of parts(next.value)) {
        // A credit per chunk, not per batch: each chunk taken gives one back, so a batch cut in parts must not
        // earn its file more than it spent (it goes below zero instead, and waits).
        file.credits--;
        pending.push(encodeEntries(part));
        if (pending.length >= CHUNKS_PER_MESSAGE) flush();
      }
    }
    flush();
  } catch (error) {
    // Chunks parsed before the error are given, as they would have been one at a time.
    flush();
    files.delete(id);
    const message = error instanceof NovatraceError ? error.message : describeFsError(file.source.path, error);
    post(channel, { type: 'error', id, message, bytes: newBytes() });
    return;
  } finally {
    file.pumping = false;
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    port.close();
    return;
  }
  if (message.type === 'open') {
    // Blocking reads: this thread has nothing else to do meanwhile (see read-all.ts). Marks and entry points: the file
    // may be indexed (io/cache/file-index.ts), and read on from its last mark once it grows (commands/analysis-resume.ts).
    const { from } = message;
    const opened = openSource(message.source, options, {
      live: false, blocking: true, batch: data.chunkEntries, locations, marks: true, points: ENTRY_POINT_BYTES, ...(from === undefined ? {} : { from }),
    });
    files.set(message.id, { source: message.source, opened, batches: opened.batches[Symbol.asyncIterator](), credits: message.credits, pumping: false });
  } else {
    const file = files.get(message.id);
    if (file === undefined) return;
    file.credits += message.credits;
  }
  const file = files.get(message.id);
  if (file !== undefined && !file.pumping && file.credits > 0) void pump(port, message.id, file);
});
