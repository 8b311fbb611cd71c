// `novatrace stats`: what each input holds, how it parsed, and what did not.

import type { Output } from '../io/output.js';
import { resolveInputs } from '../io/inputs.js';
import { formatStatsJson, formatStatsText } from '../report/stats.js';
import type { RawParseOptions } from './parse-options.js';
import { resolveParseOptions } from './parse-options.js';
import { readAll } from './read-all.js';

export interface StatsOptions extends RawParseOptions {
  readonly json?: boolean;
}

export async function runStats(paths: readonly string[], raw: StatsOptions, out: Output, warn: (m: string) => void): Promise<number> {
  const options = resolveParseOptions(raw);
  const { sources, warnings } = await resolveInputs(paths);
  warnings.forEach(warn);
  const reading = readAll(sources, options, false);
  for (const stream of reading.streams) {
    // Counting needs no entries: drain each source in turn.
    for await (const batch of stream) void batch;
  }
  reading.failures.forEach(warn);
  reading.finish();
  const files = reading.stats();
  await out.line(raw.json ? formatStatsJson(files) : formatStatsText(files).trimEnd());
  await out.flush();
  return 0;
}
