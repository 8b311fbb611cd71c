// `novatrace stats`: what each input holds, how it parsed, and what did not.

import type { Output } from '../io/output.js';
import { keepingWarnings } from '../io/errors.js';
import { NovatraceError } from '../model/errors.js';
import { resolveInputs } from '../io/inputs.js';
import { ALONE_IN_WORKERS_FROM_BYTES, WORKERS_FROM_BYTES, countInWorkers, planCounts } from '../io/stats-pool.js';
import { sizesOf } from '../io/inputs.js';
import type { FileStats } from '../model/file-stats.js';
import { formatStatsJson, formatStatsText } from '../report/stats.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { guessedYearWarnings, readAll } from './read-all.js';
import { fileIndexOf } from './analysis-cache.js';
import type { Source } from '../io/inputs.js';

export interface StatsOptions {
  readonly parse: ParseOptions;
  readonly json: boolean;
}

export async function runStats(paths: readonly string[], given: StatsOptions, out: Output, warnOnly: (m: string) => void): Promise<number> {
  // The JSON document carries the warnings too.
  const { warn, warnings: said } = keepingWarnings(warnOnly);
  const options = { ...given.parse, countOnly: true };
  const { sources: inputs, warnings } = await resolveInputs(paths);
  warnings.forEach(warn);
  // Files indexed by an earlier analyze or merge, and unchanged since, have their counts in their index.
  const index = fileIndexOf(given.parse);
  const known = new Map<Source, FileStats[]>();
  // (Not beside stdin or another stream: their counts cannot be told apart by path.)
  if (index !== null && inputs.every((s) => !s.stdin && s.stream !== true)) {
    for (const s of inputs) {
      const stats = index.statsOf(s);
      if (stats !== null) known.set(s, stats);
    }
  }
  const sources = inputs.filter((s) => !known.has(s));
  const counted = sources.length === 0 ? { files: [], failures: [] } : await count(sources, options, given.parse);
  const files = known.size === 0 ? counted.files : inputs.flatMap((s) => known.get(s) ?? counted.files.filter((f) => f.path === s.path));
  const failures = counted.failures;
  failures.forEach(warn);
  guessedYearWarnings(files).forEach(warn);
  await out.line(given.json ? formatStatsJson(files, said) : formatStatsText(files).trimEnd());
  await out.flush();
  return 0;
}

/** Each source's counts, on worker threads where it pays, and what could not be read. */
async function count(sources: readonly Source[], options: ParseOptions, parse: ParseOptions): Promise<{ files: FileStats[]; failures: string[] }> {
  let files: FileStats[];
  let failures: string[];
  const sizes = await sizesOf(sources);
  // Files only, enough of them, or one large enough to be cut into parts, for worker threads.
  const total = sizes.reduce((a, b) => a + b, 0);
  const plan = sources.every((s) => !s.stdin && s.stream !== true) && total >= (sources.length > 1 ? WORKERS_FROM_BYTES : ALONE_IN_WORKERS_FROM_BYTES)
    ? planCounts(sources, sizes, parse)
    : [];
  if (plan.length > 1 || (plan[0]?.length ?? 0) > 1) {
    ({ stats: files, failures } = await countInWorkers(sources, sizes, parse, plan));
    if (files.length === 0 && failures.length > 0) throw new NovatraceError(failures[0] as string);
  } else {
    const reading = readAll(sources, options, false);
    for (const stream of reading.streams) {
      for await (const batch of stream) void batch;
    }
    reading.finish();
    files = reading.stats();
    failures = reading.failures;
  }
  return { files, failures };
}
