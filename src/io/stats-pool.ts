// `stats` over many files uses every core: worker threads count whole files, largest first, and the results
// come back in input order. One file, or stdin or another stream, is counted in this thread.

import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { ParseOptionTexts } from '../parse/options.js';
import type { FileStats } from '../model/file-stats.js';
import type { Source } from './inputs.js';

interface Result {
  readonly index: number;
  readonly stats?: FileStats[];
  /** Why the file could not be read, or (beside its stats) where it broke off. */
  readonly error?: string;
}

export interface PoolResult {
  readonly stats: FileStats[];
  readonly failures: string[];
}

export const MAX_WORKERS = 4;
/** Below this much input, starting workers costs more than they save. */
export const WORKERS_FROM_BYTES = 8 * 1024 * 1024;

/** Each source's size in bytes (0 for stdin, another stream, or what cannot be stat'ed: reading it will say why). */
export async function sizesOf(sources: readonly Source[]): Promise<number[]> {
  return Promise.all(sources.map(async (s) => (s.stdin || s.stream === true ? 0 : (await stat(s.path).catch(() => null))?.size ?? 0)));
}

export async function countInWorkers(
  sources: readonly Source[],
  sizes: readonly number[],
  texts: ParseOptionTexts,
  workers = Math.min(availableParallelism(), MAX_WORKERS),
): Promise<PoolResult> {
  const queue = sources.map((source, index) => ({ index, source })).sort((a, b) => (sizes[b.index] ?? 0) - (sizes[a.index] ?? 0));
  const results: Result[] = new Array<Result>(sources.length);
  const count = Math.max(1, Math.min(workers, sources.length));
  const url = new URL('./stats-worker.js', import.meta.url);
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(url, { workerData: { tz: texts.tz, year: texts.year, alias: texts.alias, maxLine: texts.maxLine }, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    const next = (): void => {
      worker.postMessage(queue.shift() ?? null);
    };
    worker.on('message', (result: Result) => {
      results[result.index] = result;
      next();
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
    // Two jobs ahead, so that a worker never waits for the next file.
    next();
    next();
  })));
  return {
    stats: results.flatMap((r) => r.stats ?? []),
    failures: results.flatMap((r) => (r.error === undefined ? [] : [r.error])),
  };
}
