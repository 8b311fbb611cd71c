// Parsing on worker threads for the readers that merge many files (read-all.ts): each file opened is given to a
// worker (parse-worker.ts), which parses it with the same code as this thread would and hands its entries over as
// encoded chunks (parse/entry-codec.ts), their buffers transferred, not cloned. Pull-based: a file has at most
// `ahead` chunks parsed and not yet taken, and a worker serves all of its files in turns, so the merge, which
// needs every open file at once, never waits on a file that a worker does not get to.

import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileStats } from '../model/file-stats.js';
import { NovatraceError } from '../model/errors.js';
import type { EncodedChunk } from '../parse/entry-codec.js';
import type { ParseOptionTexts } from '../parse/options.js';
import type { ResumeMark } from '../parse/resume-mark.js';
import type { Source } from './inputs.js';
import type { EntryPoint, ResumeFrom } from './read-source.js';
import { bytesRead } from './bytes-read.js';
import { scavengeAloneWhileBusy } from './scavenge-threads.js';

/** One file's chunks as a worker parses them, and what its reading found: the facts read-source.ts's OpenedSource gives. */
export interface PooledSource {
  readonly chunks: AsyncIterable<EncodedChunk>;
  /** Once chunks are exhausted: the file's counts. */
  stats(): FileStats[];
  /** Once chunks are exhausted: the warning of a gzip input that broke off, else null. */
  broken(): string | null;
  /** Once chunks are exhausted: where parsing the file may resume once it grows (null: nowhere, or not known). */
  mark?(): ResumeMark | null;
  /** Once chunks are exhausted: places inside the file that reading may start from (see EntryPoint). */
  points?(): EntryPoint[];
}

export interface ParseWorkerData {
  readonly texts: ParseOptionTexts;
  /** Entries per chunk. */
  readonly chunkEntries: number;
}

export type ToWorker =
  | { readonly type: 'open'; readonly id: number; readonly source: Source; readonly credits: number; readonly from?: ResumeFrom }
  | { readonly type: 'pull'; readonly id: number; readonly credits: number }
  | { readonly type: 'close' };

export type ToPool =
  | { readonly type: 'chunks'; readonly id: number; readonly chunks: readonly EncodedChunk[]; readonly bytes: number }
  | {
    readonly type: 'end'; readonly id: number; readonly stats: FileStats[]; readonly broken: string | null; readonly mark: ResumeMark | null;
    readonly points: EntryPoint[]; readonly bytes: number;
  }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly bytes: number };

export interface PoolOptions {
  readonly texts: ParseOptionTexts;
  readonly workers: number;
  readonly chunkEntries: number;
  /** Chunks parsed ahead per open file. */
  readonly ahead: number;
  /**
   * Chunks taken before their credits go back to the worker in one message (default 1): each message costs both
   * threads a tenth of a millisecond or more on a busy machine, and a large input has thousands of chunks.
   */
  readonly pullEvery?: number;
}

/** The bytes of the sources a pool would parse (files, plain or gzip; not stdin or other streams), for the choice to start one. */
export function poolableBytes(sources: readonly Source[]): number {
  let total = 0;
  for (const s of sources) {
    if (s.stdin || s.stream === true) continue;
    try {
      total += statSync(s.path).size;
    } catch {
      // Reading it will say why.
    }
  }
  return total;
}

interface FileState {
  readonly worker: Lane;
  readonly queue: EncodedChunk[];
  wake: (() => void) | null;
  done: boolean;
  error: string | null;
  stats: FileStats[];
  broken: string | null;
  mark: ResumeMark | null;
  points: EntryPoint[];
}

interface Lane {
  readonly worker: Worker;
  /** Files opened on it and not yet ended. */
  open: number;
}

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

export class ParsePool {
  /** False where the worker's module is not built beside this one (the sources run by a test runner). */
  static available(): boolean {
    return existsSync(fileURLToPath(WORKER_URL));
  }

  private readonly lanes: Lane[];
  private readonly files = new Map<number, FileState>();
  private nextId = 0;
  /** Consumers waiting for a chunk: the workers keep the process alive only while someone waits on them. */
  private waiting = 0;
  private crashed: string | null = null;
  private closed = false;
  /** Gives back the helpers of V8's young-generation collection, if the pool's threads took their cores (scavenge-threads.ts). */
  private readonly releaseCores: () => void;

  constructor(private readonly options: PoolOptions) {
    const workerData: ParseWorkerData = { texts: options.texts, chunkEntries: options.chunkEntries };
    this.lanes = Array.from({ length: Math.max(1, options.workers) }, () => {
      const worker = new Worker(WORKER_URL, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      worker.unref();
      worker.on('message', (m: ToPool) => this.receive(m));
      worker.on('error', (error) => this.crash(error));
      return { worker, open: 0 };
    });
    this.releaseCores = scavengeAloneWhileBusy(this.lanes.length);
  }

  /** Starts parsing `source` on the least busy worker: whole, or (`from`, a plain file that grew) from a resume point on. */
  open(source: Source, from?: ResumeFrom): PooledSource {
    if (this.closed) throw new Error('parse pool: open after close');
    const id = this.nextId++;
    const lane = this.lanes.reduce((a, b) => (b.open < a.open ? b : a));
    lane.open++;
    const state: FileState = { worker: lane, queue: [], wake: null, done: false, error: null, stats: [], broken: null, mark: null, points: [] };
    this.files.set(id, state);
    this.send(lane, { type: 'open', id, source, credits: this.options.ahead, ...(from === undefined ? {} : { from }) });
    return {
      chunks: this.chunksOf(id, state),
      stats: () => state.stats,
      broken: () => state.broken,
      mark: () => state.mark,
      points: () => state.points,
    };
  }

  /** Ends the workers (files still open are dropped). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseCores();
    for (const lane of this.lanes) this.send(lane, { type: 'close' });
  }

  private async *chunksOf(id: number, state: FileState): AsyncGenerator<EncodedChunk> {
    const every = Math.max(1, Math.min(this.options.pullEvery ?? 1, this.options.ahead));
    /** Chunks taken whose credits have not gone back yet. */
    let owed = 0;
    for (;;) {
      const chunk = state.queue.shift();
      if (chunk !== undefined) {
        // Asked for before it is decoded: the worker parses the next ones meanwhile.
        if (!state.done && ++owed >= every) {
          this.send(state.worker, { type: 'pull', id, credits: owed });
          owed = 0;
        }
        yield chunk;
        continue;
      }
      if (state.error !== null) throw new NovatraceError(state.error);
      if (state.done) return;
      if (this.crashed !== null) throw new NovatraceError(this.crashed);
      // Credits still owed here do not leave the worker without any: the worker's credits, the chunks on their way
      // and the credits owed add up to `ahead`, and fewer than `every` <= `ahead` are owed.
      await this.arrival(state);
    }
  }

  private arrival(state: FileState): Promise<void> {
    if (this.waiting++ === 0) for (const lane of this.lanes) lane.worker.ref();
    return new Promise<void>((resolve) => {
      state.wake = () => {
        state.wake = null;
        if (--this.waiting === 0) for (const lane of this.lanes) lane.worker.unref();
        resolve();
      };
    });
  }

  private receive(m: ToPool): void {
    bytesRead.count += m.bytes;
    const state = this.files.get(m.id);
    if (state === undefined) return;
    if (m.type === 'chunks') {
      for (const chunk of m.chunks) state.queue.push(chunk);
    } else {
      if (m.type === 'end') {
        state.stats = m.stats;
        state.broken = m.broken;
        state.mark = m.mark;
        state.points = m.points;
      } else {
        state.error = m.message;
      }
      state.done = true;
      state.worker.open--;
      this.files.delete(m.id);
    }
    state.wake?.();
  }

  private crash(error: Error): void {
    this.crashed = `a parsing thread failed: ${error.message}`;
    this.releaseCores();
    for (const state of this.files.values()) state.wake?.();
  }

  private send(lane: Lane, message: ToWorker): void {
    lane.worker.postMessage(message);
  }
}
