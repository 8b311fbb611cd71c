// `novatrace merge`: every input's entries as one time-ordered stream, optionally filtered.

import type { Output } from '../io/output.js';
import { resolveInputs } from '../io/inputs.js';
import { mergeByTime } from '../merge/k-way.js';
import { EntryJson } from '../report/entry-json.js';
import { entryTextFormatter } from '../report/entry-text.js';
import type { Paint } from '../format/paint.js';
import type { EntryFilterOptions, EntryPredicate } from '../select/entry-filter.js';
import type { LogEntry } from '../model/entry.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { parseUserTime } from '../parse/time.js';
import { buildEntryFilter } from '../select/entry-filter.js';
import type { InstanceSelector } from '../select/entry-filter.js';
import { usage } from '../model/errors.js';
import { firstTimes, inputWarnings, readAll } from './read-all.js';
import { fileIndexOf } from './analysis-cache.js';

export interface MergeOptions {
  readonly parse: ParseOptions;
  readonly json: boolean;
  readonly paint: Paint;
  readonly request?: string;
  readonly instance?: InstanceSelector;
  /** --level, --service, --host, --grep. */
  readonly narrow: EntryFilterOptions;
  /** As typed: read in the --tz zone. */
  readonly since?: string;
  readonly until?: string;
}

/** How the merged entries are written, resolved once. */
export interface MergeWriting {
  readonly json: boolean;
  readonly paint: Paint;
  /** Null: every entry. */
  readonly filter: EntryPredicate | null;
  /** Each batch goes out as it comes (stdin, a FIFO): lines are not held for a block. */
  readonly live: boolean;
}

/** Writes the entries of a merged stream that pass the filter; the number written. */
export async function writeMerged(stream: AsyncIterable<readonly LogEntry[]>, how: MergeWriting, out: Output): Promise<number> {
  const json = how.json ? new EntryJson() : null;
  const format = entryTextFormatter(how.paint);
  const { filter, live } = how;
  let written = 0;
  for await (const batch of stream) {
    for (const entry of batch) {
      if (filter !== null && !filter(entry)) continue;
      written++;
      if (json === null ? out.queue(format(entry)) : out.queueBytes(json.measure(entry), json)) await out.flush();
    }
    if (live) await out.flush();
  }
  await out.flush();
  return written;
}

export async function runMerge(paths: readonly string[], given: MergeOptions, out: Output, warn: (m: string) => void): Promise<number> {
  const options = given.parse;
  const { since, until } = given;
  const filter = buildEntryFilter({
    request: given.request,
    instance: given.instance?.text,
    ...given.narrow,
    since: since === undefined ? undefined : usage(() => parseUserTime(since, options.zone)),
    until: until === undefined ? undefined : usage(() => parseUserTime(until, options.zone)),
  });
  const { sources, warnings } = await resolveInputs(paths);
  warnings.forEach(warn);
  const live = sources.length === 1 && (sources[0]?.stdin === true || sources[0]?.stream === true);
  // Each file parsed on a worker gets its index (counts and entry points: stats and trace read them).
  const index = live ? null : fileIndexOf(options);
  const reading = readAll(sources, options, live, index === null ? undefined : (parse) => index.wrap(parse));
  // stdin (or a FIFO) alone must stream as lines arrive, not wait for a reorder window or a batch.
  const stream = live ? (reading.streams[0] as AsyncIterable<never>) : mergeByTime(reading.streams, await firstTimes(sources, options));
  await writeMerged(stream, { json: given.json, paint: given.paint, filter, live }, out);
  index?.trim();
  reading.finish();
  reading.failures.forEach(warn);
  inputWarnings(reading.stats()).forEach(warn);
  return 0;
}
