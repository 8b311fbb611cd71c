// One job of stats' counting (stats-pool.ts): a file, or a part of a large one, counted the same on a worker thread
// and on the main thread. A plain file is counted from its bytes (count-lines.ts); a gzip one by the reader of every
// input, loaded only then.

import type { ParseOptions } from '../parse/entry-parser.js';
import { NovatraceError } from '../model/errors.js';
import { describeFsError } from './errors.js';
import { sniffSync } from './compression.js';
import type { FilePart } from './file-parts.js';
import { countPart } from './part-stats.js';
import type { FileStats } from '../model/file-stats.js';
import type { PartEdge } from '../parse/entry-parser.js';
import type { Source } from './inputs.js';

/** One file, or one part of it, for a worker to count. */
export interface CountJob {
  readonly job: number;
  readonly source: Source;
  readonly part?: FilePart;
}

export interface CountResult {
  readonly job: number;
  /** A whole file's counts (stdin's headers aside, one); a part's, its samples numbered from its first line. */
  readonly stats?: FileStats[];
  /** A part's: what the next part may depend on. */
  readonly edge?: PartEdge;
  /** Why the file could not be read, or (beside its stats) where it broke off. */
  readonly error?: string;
}

const WHOLE_FILE: FilePart = Object.freeze({ start: 0, end: null, head: null });

/** `options`: counting's (countOnly). */
export async function countJob(job: CountJob, options: ParseOptions): Promise<CountResult> {
  const { source } = job;
  try {
    if (job.part !== undefined) {
      const { stats, edge } = countPart(source.path, source.modified, job.part, options);
      return { job: job.job, stats: [stats], edge };
    }
    if (sniffSync(source.path) === 'none') return { job: job.job, stats: [countPart(source.path, source.modified, WHOLE_FILE, options).stats] };
    const { openSource } = await import('./read-source.js');
    const opened = openSource(source, options, { live: false, blocking: true });
    for await (const batch of opened.batches) void batch;
    const broken = opened.broken();
    return { job: job.job, stats: opened.stats(), ...(broken === null ? {} : { error: broken }) };
  } catch (error) {
    return { job: job.job, error: error instanceof NovatraceError ? error.message : describeFsError(source.path, error) };
  }
}
