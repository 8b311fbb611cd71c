// The analysis pipeline shared by analyze and trace: inputs -> merged entries -> the analyzer -> operations.

import { basename } from 'node:path';
import type { LogEntry, Service } from '../model/entry.js';
import { shortHost } from '../model/entry.js';
import type { FileStats } from '../model/file-stats.js';
import { serviceFromFileName } from '../parse/origin.js';
import type { Operation } from '../model/operation.js';
import { OUTCOMES } from '../model/operation.js';
import { OPERATION_TYPES } from '../operations/registry.js';
import type { Outcome } from '../model/operation.js';
import type { OperationType } from '../operations/registry.js';
import { Analyzer } from '../analysis/analyzer.js';
import type { AnalysisNotes } from '../analysis/notes.js';
import type { UnattachedError } from '../model/unattached-error.js';
import { NovatraceError } from '../model/errors.js';
import { resolveInputs } from '../io/inputs.js';
import { progressOnStderr } from '../io/progress.js';
import { mergeByTime } from '../merge/k-way.js';
import { parseUserTime } from '../parse/time.js';
import type { Zone } from '../parse/time.js';
import { totalsOf } from '../report/stats.js';
import type { Totals } from '../model/file-stats.js';
import { instanceSelector, normalizeRequestId } from '../select/entry-filter.js';
import type { RawParseOptions } from './parse-options.js';
import { resolveParseOptions, usage } from './parse-options.js';
import { firstTimes, inputWarnings, readAll } from './read-all.js';

export interface Analysis {
  readonly operations: Operation[];
  readonly unattached: UnattachedError[];
  readonly parse: Totals;
  readonly zone: Zone;
  /** Paths of the files read (stdin aside): the ones whose lines can be read again. */
  readonly files: ReadonlySet<string>;
}

export async function analyzeInputs(
  paths: readonly string[],
  raw: RawParseOptions,
  warn: (m: string) => void,
  keepEntries?: (op: Operation) => boolean,
  /** Sees every merged entry before the analyzer does (check keeps its ERROR entries and tracebacks). */
  observe?: (entry: LogEntry) => void,
): Promise<Analysis> {
  const options = resolveParseOptions(raw);
  const { sources, warnings } = await resolveInputs(paths);
  warnings.forEach(warn);
  const reading = readAll(sources, options, false);
  const analyzer = new Analyzer(keepEntries ? { keepEntries } : {});
  const progress = await progressOnStderr(sources);
  let entries = 0;
  for await (const batch of mergeByTime(reading.streams, await firstTimes(sources, options))) {
    if (progress !== null) progress.tick(entries += batch.length);
    if (observe === undefined) {
      for (const entry of batch) analyzer.add(entry);
    } else {
      for (const entry of batch) {
        observe(entry);
        analyzer.add(entry);
      }
    }
  }
  progress?.done();
  reading.finish();
  reading.failures.forEach(warn);
  const stats = reading.stats();
  inputWarnings(stats).forEach(warn);
  missingServiceWarnings(stats).forEach(warn);
  const { operations, unattached } = analyzer.finish();
  const notes = analyzer.notes;
  if (notes.late > 0) {
    warn(`${notes.late} entries came more than 10 minutes behind the newest one: the input is not in time order `
      + '(several files concatenated on stdin?); give the files as paths so that they are merged by time');
  }
  const begun = notes.begunBefore;
  if (begun.count > 0) {
    warn(`${begun.count} operation${begun.count === 1 ? '' : 's'} began before the logs do (compute releases the `
      + `instance's lock it never took here: an earlier, rotated file?); start and duration count from the first line `
      + `given (${sampleText(begun)})`);
  }
  const unnamed = notes.unnamedActions;
  if (unnamed.count > 0) {
    warn(`${unnamed.count} server action${unnamed.count === 1 ? '' : 's'} (POST /servers/<id>/action) named by no line: `
      + `nova-api logs the body at DEBUG only, and neither the API's INFO lines nor compute's say what ${unnamed.count === 1 ? 'it was' : 'they were'} `
      + `(${sampleText(unnamed)}; merge --request <id> shows the lines)`);
  }
  // Without an API log every request is such, and missingServiceWarnings said so.
  if (hasService(stats, 'api')) withoutApiWarnings(notes.withoutApi).forEach(warn);
  const unanswered = notes.unanswered;
  if (unanswered.count > 0) {
    warn(`${unanswered.count} request${unanswered.count === 1 ? '' : 's'} nova-api had taken and not answered when the `
      + `logs end, before any line named ${unanswered.count === 1 ? 'its' : 'their'} instance: in no row `
      + `(${sampleText(unanswered)}; merge --request <id> shows the lines)`);
  }
  const files = new Set(sources.filter((s) => !s.stdin).map((s) => s.path));
  return { operations, unattached, parse: totalsOf(stats), zone: options.zone, files };
}

/**
 * What the inputs cannot show for lack of a service's log, said once: an operator who gave only n-api.log or only
 * n-cpu.log sees operations that look whole.
 */
export function missingServiceWarnings(stats: readonly FileStats[]): string[] {
  const has = (service: Service): boolean => hasService(stats, service);
  if (has('compute') && !has('api')) {
    return ['no nova-api log among the inputs: operations are named from compute\'s lines alone; requests the API '
      + 'refused are missing, and so are those compute logs nothing of (lock, unlock; start and suspend when the '
      + 'hypervisor sends no lifecycle events); a resize reads as a migrate (compute logs both alike)'];
  }
  if (has('api') && !has('compute')) {
    return [has('conductor')
      ? 'no nova-compute log among the inputs: an accepted request\'s outcome rests on the API\'s and the '
        + 'conductor\'s lines (a spawn that failed on compute reads as succeeded)'
      : 'no conductor or compute log among the inputs: an accepted request\'s outcome rests on the API\'s answer '
        + 'alone (a boot the scheduler refused reads as succeeded)'];
  }
  return [];
}

/**
 * Whether the inputs hold a service's log. A file named for a service counts even when it holds nothing (zed-rig's
 * slice of a compute log that a refused boot never reached).
 */
function hasService(stats: readonly FileStats[], service: Service): boolean {
  return stats.some((s) => s.services.has(service) || serviceFromFileName(basename(s.path)) === service);
}

/**
 * A user's requests that compute or the conductor logged, with no line in the API log given: the table shows those
 * compute's lines name, without an HTTP status and with what compute alone cannot tell; the others are in no row.
 */
function withoutApiWarnings({ named, unnamed }: AnalysisNotes['withoutApi']): string[] {
  const total = named.count + unnamed.count;
  if (total === 0) return [];
  const parts: string[] = [];
  if (named.count > 0) parts.push(`${named.count} named from compute's lines alone (a resize reads as a migrate) (${sampleText(named)})`);
  if (unnamed.count > 0) parts.push(`${unnamed.count} naming no operation (${sampleText(unnamed)}; merge --request <id> shows the lines)`);
  return [`${total} request${total === 1 ? '' : 's'} that compute or the conductor logged about an instance `
    + `${total === 1 ? 'has' : 'have'} no line in the API log given (an earlier, rotated file, or another nova-api `
    + `served ${total === 1 ? 'it' : 'them'}): ${parts.join('; ')}`];
}

/** The first request IDs of a counted kind, `...` when there are more. */
function sampleText(sample: { readonly count: number; readonly requestIds: readonly string[] }): string {
  return `${sample.requestIds.join(', ')}${sample.count > sample.requestIds.length ? ', ...' : ''}`;
}

export interface OperationFilterOptions {
  readonly type?: string;
  readonly outcome?: string;
  readonly instance?: string;
  readonly request?: string;
  readonly host?: string;
  readonly since?: string;
  readonly until?: string;
}

function list<T extends string>(text: string, allowed: readonly T[], what: string): Set<T> {
  const values = text.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) throw new NovatraceError(`unknown ${what} "${v}" (${allowed.join(', ')})`);
  }
  return new Set(values as T[]);
}

function userTime(text: string, zone: Zone): number {
  return usage(() => parseUserTime(text, zone));
}

/** Validated before any log is read; applied after analysis. */
export function operationFilter(raw: OperationFilterOptions, zone: Zone): (op: Operation) => boolean {
  const types: ReadonlySet<string> | null = raw.type === undefined ? null : list<OperationType>(raw.type, OPERATION_TYPES, 'operation type');
  const outcomes = raw.outcome === undefined ? null : list<Outcome>(raw.outcome, OUTCOMES, 'outcome');
  const instance = raw.instance === undefined ? undefined : usage(() => instanceSelector(raw.instance as string));
  const request = raw.request === undefined ? undefined : normalizeRequestId(raw.request);
  const since = raw.since === undefined ? undefined : userTime(raw.since, zone);
  const until = raw.until === undefined ? undefined : userTime(raw.until, zone);
  // By its short name, so that `--host compute1` finds it where Nova wrote compute1.example.org, and back.
  const host = raw.host === undefined ? null : shortHost(raw.host);
  return (op) =>
    (types === null || types.has(op.type))
    && (outcomes === null || outcomes.has(op.outcome))
    && (instance === undefined || instance.test(op.instance))
    && (request === undefined || op.requestIds.some((id) => id.toLowerCase() === request))
    && (host === null || [...op.hosts, op.source, op.destination].some((h) => h !== null && shortHost(h) === host))
    && (since === undefined || op.end >= since)
    && (until === undefined || op.start <= until);
}
