// `stats` over much input uses every core: worker threads and this one count whole files and parts of large ones
// (file-parts.ts, count-job.ts), largest first; a file's parts are joined into its counts (part-stats.ts), and the
// results come back in input order. A file whose parts may count otherwise than the file read whole is counted again
// whole. Little input, or stdin or another stream, is counted in this thread alone (commands/stats.ts).

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_LINE } from '../parse/entry-parser.js';
import type { ParseOptions, PartEdge } from '../parse/entry-parser.js';
import type { FileStats } from '../model/file-stats.js';
import type { Source } from './inputs.js';
import type { FilePart } from './file-parts.js';
import { planParts } from './file-parts.js';
import { joinParts } from './part-stats.js';
import { countJob } from './count-job.js';
import type { CountJob, CountResult } from './count-job.js';

export interface PoolResult {
  readonly stats: FileStats[];
  readonly failures: string[];
  /** Jobs counted in this thread (the others, on worker threads). */
  readonly here: number;
}

/** Threads that count at most, this one included; parse-pool's worker threads at most (commands/read-all.ts). */
export const MAX_WORKERS = 4;
/** Below this much input, starting workers costs more than they save. */
export const WORKERS_FROM_BYTES = 8 * 1024 * 1024;
/**
 * Bytes per part of a large file (cut when it has two): on the bench corpus as four files (the largest 133 MB),
 * parts of 8 to 16 MB keep both threads busy to within a part's time (about 20 ms) of the end, and each costs only
 * a parser's start.
 */
export const PART_BYTES = 8 * 1024 * 1024;
/**
 * A file read alone goes to the workers (in parts) from this size: each worker first spends about 0.2 s of CPU
 * warming up (V8 optimizing the parser), and below this the second core saves less than starting them costs.
 */
export const ALONE_IN_WORKERS_FROM_BYTES = 64 * 1024 * 1024;


/** Per source (files only), the parts it is counted in: one, the whole file, unless it is large. */
export function planCounts(sources: readonly Source[], sizes: readonly number[], options: ParseOptions, partBytes = PART_BYTES): (readonly FilePart[])[] {
  return sources.map((s, i) => planParts(s.path, sizes[i] ?? 0, partBytes, options.maxLine ?? DEFAULT_MAX_LINE, options.zone));
}

interface JobInfo {
  readonly source: number;
  /** Index of the part in the source's plan; -1 for the whole file. */
  readonly part: number;
  readonly bytes: number;
}

/**
 * Counts `sources` in their `plan`'s parts on `workers` worker threads and this one (which also starts counting at
 * once, while the workers start): each thread takes the largest job left.
 */
export async function countInWorkers(
  sources: readonly Source[],
  sizes: readonly number[],
  options: ParseOptions,
  plan: readonly (readonly FilePart[])[] = planCounts(sources, sizes, options),
  workers = Math.min(availableParallelism(), MAX_WORKERS) - 1,
): Promise<PoolResult> {
  const infos: JobInfo[] = [];
  const queue: number[] = [];
  const addJob = (info: JobInfo): number => {
    infos.push(info);
    return infos.length - 1;
  };
  plan.forEach((parts, source) => {
    const size = sizes[source] ?? 0;
    if (parts.length === 1) queue.push(addJob({ source, part: -1, bytes: size }));
    else parts.forEach((p, part) => queue.push(addJob({ source, part, bytes: (p.end ?? size) - p.start })));
  });
  queue.sort((a, b) => (infos[b] as JobInfo).bytes - (infos[a] as JobInfo).bytes);

  const results: CountResult[] = new Array<CountResult>(sources.length);
  const partResults = plan.map((parts) => new Array<CountResult>(parts.length));
  const partsLeft = plan.map((parts) => parts.length);
  let unfinished = sources.length;

  const message = (j: number): CountJob => {
    const info = infos[j] as JobInfo;
    const source = sources[info.source] as Source;
    return info.part < 0 ? { job: j, source } : { job: j, source, part: (plan[info.source] as readonly FilePart[])[info.part] as FilePart };
  };

  /** A file's parts are all counted: its counts, or its job again whole. */
  const settle = (source: number): void => {
    const counted = partResults[source] as CountResult[];
    const failed = counted.find((r) => r.error !== undefined);
    if (failed) {
      results[source] = failed;
      unfinished--;
      return;
    }
    const parts = plan[source] as readonly FilePart[];
    const joined = joinParts(counted.map((r, k) => ({ part: parts[k] as FilePart, count: { stats: (r.stats as FileStats[])[0] as FileStats, edge: r.edge as PartEdge } })));
    if (joined === null) {
      queue.unshift(addJob({ source, part: -1, bytes: sizes[source] ?? 0 }));
      return;
    }
    results[source] = { job: -1, stats: [joined] };
    unfinished--;
  };

  const take = (result: CountResult): void => {
    const info = infos[result.job] as JobInfo;
    if (info.part < 0) {
      results[info.source] = result;
      unfinished--;
    } else {
      (partResults[info.source] as CountResult[])[info.part] = result;
      const left = (partsLeft[info.source] as number) - 1;
      partsLeft[info.source] = left;
      if (left === 0) settle(info.source);
    }
  };

  const count = Math.max(0, Math.min(workers, queue.length - 1));
  const url = new URL('./stats-worker.js', import.meta.url);
  const texts = options.texts ?? {};
  const pool = Array.from({ length: count }, () => ({
    worker: new Worker(url, { workerData: { tz: texts.tz, year: texts.year, alias: texts.alias, maxLine: texts.maxLine }, resourceLimits: { maxYoungGenerationSizeMb: 16 } }),
    /** Jobs given and not yet answered, in order. */
    given: [] as number[],
  }));
  let ended = false;
  let allCounted = (): void => undefined;
  const counted = new Promise<void>((resolve) => {
    allCounted = resolve;
  });
  let mainCounting = false;
  let here = 0;
  const feed = (): void => {
    for (const w of pool) {
      // One job ahead: this thread hands out the next only between its own jobs.
      while (queue.length > 0 && w.given.length < 2) {
        const j = queue.shift() as number;
        w.given.push(j);
        w.worker.postMessage(message(j));
      }
    }
    if (unfinished === 0 && !ended) {
      ended = true;
      for (const w of pool) w.worker.postMessage(null);
      allCounted();
    }
    if (!mainCounting && queue.length > 0) void countHere();
  };
  /** This thread's turns: a job, then the workers' answers that came meanwhile. */
  const countHere = async (): Promise<void> => {
    mainCounting = true;
    const lite = { ...options, countOnly: true };
    for (let j = queue.shift(); j !== undefined; j = queue.shift()) {
      take(await countJob(message(j), lite));
      here++;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    mainCounting = false;
    feed();
  };
  const done = pool.map((w) => new Promise<void>((resolve, reject) => {
    w.worker.on('message', (result: CountResult) => {
      w.given.shift();
      take(result);
      feed();
    });
    w.worker.on('error', reject);
    w.worker.on('exit', () => (ended ? resolve() : reject(new Error('a stats worker thread ended before its jobs'))));
  }));
  feed();
  await Promise.all([counted, ...done]);
  return {
    stats: results.flatMap((r) => r.stats ?? []),
    failures: results.flatMap((r) => (r.error === undefined ? [] : [r.error])),
    here,
  };
}
