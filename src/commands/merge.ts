// `novatrace merge`: every input's entries as one time-ordered stream, optionally filtered.

import type { Output } from '../io/output.js';
import { resolveInputs } from '../io/inputs.js';
import { mergeByTime } from '../merge/k-way.js';
import { formatEntryJson } from '../report/entry-json.js';
import { formatEntry } from '../report/entry-text.js';
import { buildEntryFilter, instanceSelector, parseLevel } from '../select/entry-filter.js';
import { parseUserTime } from '../parse/time.js';
import type { RawParseOptions } from './parse-options.js';
import { resolveParseOptions, usage } from './parse-options.js';
import { firstTimes, inputWarnings, readAll } from './read-all.js';

export interface MergeOptions extends RawParseOptions {
  readonly json?: boolean;
  readonly request?: string;
  readonly instance?: string;
  readonly level?: string;
  readonly since?: string;
  readonly until?: string;
}

export async function runMerge(paths: readonly string[], raw: MergeOptions, out: Output, warn: (m: string) => void): Promise<number> {
  const options = resolveParseOptions(raw);
  const filter = buildEntryFilter({
    request: raw.request,
    instance: raw.instance === undefined ? undefined : usage(() => instanceSelector(raw.instance as string).text),
    level: raw.level === undefined ? undefined : usage(() => parseLevel(raw.level as string)),
    since: raw.since === undefined ? undefined : usage(() => parseUserTime(raw.since as string, options.zone)),
    until: raw.until === undefined ? undefined : usage(() => parseUserTime(raw.until as string, options.zone)),
  });
  const { sources, warnings } = await resolveInputs(paths);
  warnings.forEach(warn);
  const live = sources.length === 1 && sources[0]?.stdin === true;
  const reading = readAll(sources, options, live);
  // stdin alone must stream as lines arrive, not wait for a reorder window or a batch.
  const stream = live ? (reading.streams[0] as AsyncIterable<never>) : mergeByTime(reading.streams, await firstTimes(sources, options));
  const format = raw.json ? formatEntryJson : formatEntry;
  for await (const batch of stream) {
    for (const entry of batch) {
      if (filter === null || filter(entry)) await out.line(format(entry));
    }
    if (live) await out.flush();
  }
  await out.flush();
  reading.finish();
  reading.failures.forEach(warn);
  inputWarnings(reading.stats()).forEach(warn);
  return 0;
}
