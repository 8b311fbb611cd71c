// The analysis pipeline shared by analyze and trace: inputs -> merged entries -> the analyzer -> operations.

import { basename } from 'node:path';
import type { LogEntry, Service } from '../model/entry.js';
import type { FileStats } from '../model/file-stats.js';
import { serviceFromFileName } from '../parse/origin.js';
import type { Operation } from '../model/operation.js';
import type { AnalysisNotes } from '../analysis/notes.js';
import type { EntryPlace, UnattachedError } from '../model/unattached-error.js';
import { resolveInputs } from '../io/inputs.js';
import type { ReadProgress } from '../model/read-progress.js';
import type { Zone } from '../parse/time.js';
import { totalsOf } from '../report/stats.js';
import type { Totals } from '../model/file-stats.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { HostIncident } from '../model/host-incident.js';
import { withIncidentOperations } from '../model/host-incident.js';
import type { AnalysisCache } from './analysis-cache.js';
import { analysisCacheOf, answerEntry, cacheable, entryRefsOf, fileIndexOf, materializer, readCachedAnalysis, readCachedAnswer, storedRefs, writeCachedAnalysis } from './analysis-cache.js';
import type { Source } from '../io/inputs.js';
import type { ReadFiles, Resumption } from './analysis-resume.js';
import { boundHeapGrowth } from './v8-settings.js';

export interface Analysis {
  readonly operations: Operation[];
  readonly unattached: UnattachedError[];
  /** Compute hosts that went silent and had instances evacuated from them (src/hosts/). */
  readonly hostIncidents: HostIncident[];
  /** The compute hosts whose logs were read. */
  readonly computeHosts: ReadonlySet<string>;
  readonly parse: Totals;
  /** Each input's counts, in input order (export's HTML page lists them). */
  readonly fileStats: readonly FileStats[];
  readonly zone: Zone;
  /** Paths of the files read (stdin and other streams aside): the ones whose lines can be read again. */
  readonly files: ReadonlySet<string>;
  /**
   * The terminal UI's start on a kept analysis (`ProgressWatcher.linesLater`): the operations come without their
   * entries, and this reads them again (null: a line is no longer where it was, or `signal` aborted the reading).
   */
  readonly lines?: (signal: AbortSignal) => Promise<Analysis | null>;
  /**
   * Beside `lines`: one operation with its entries, read again alone (a few hundred KB of each of its files, as trace
   * reads them), for the timeline the terminal UI opens before every operation's lines are read (null as `lines`).
   */
  readonly linesOf?: (op: Operation, signal: AbortSignal) => Promise<Operation | null>;
}

/** How often the UI hears of reading's progress (it redraws at most every 50 ms anyway). */
const PROGRESS_EVERY_MS = 50;

export interface ProgressWatcher {
  report(progress: ReadProgress): void;
  readonly signal: AbortSignal;
  /**
   * On a kept analysis, give it at once and its operations' lines later (`Analysis.lines`): read again before the
   * list, they made the list of 300 MB of logs come after 2.5 s, against 0.8 s now (npm run bench:ui).
   */
  readonly linesLater?: boolean;
}

export async function analyzeInputs(
  paths: readonly string[],
  options: ParseOptions,
  warn: (m: string) => void,
  keepEntries?: (op: Operation) => boolean,
  /** Sees every merged entry before the analyzer does (check keeps its ERROR entries and tracebacks). */
  observe?: (entry: LogEntry) => void,
  /** The terminal UI's progress (then none is drawn on stderr), and its quit: reading stops. */
  watcher?: ProgressWatcher,
): Promise<Analysis> {
  const { sources, warnings } = await resolveInputs(paths);
  warnings.forEach(warn);
  // check sees every entry (observe): it reads the logs, and its analysis is not kept.
  const cache = observe === undefined ? analysisCacheOf(sources, options) : null;
  return analyzeSources(sources, options, cache, warn, keepEntries, observe, watcher);
}

/**
 * A command's whole answer over these inputs (analyze's table or JSON, host's report), `variant` naming the command
 * and every option that changes it: given to `write` in the parts `make` gives (analyze's JSON: one per operation,
 * so that the whole text of tens of megabytes is never held), and kept in the cache beside the analysis it is made
 * from as it is written. Given back, with the warnings said while making it, while the inputs, the reading options
 * and novatrace are unchanged.
 */
export async function cachedAnswer(
  paths: readonly string[],
  options: ParseOptions,
  warn: (m: string) => void,
  variant: string,
  make: (analysis: Analysis, warn: (m: string) => void) => string | Iterable<string> | Promise<string | Iterable<string>>,
  write: (text: string) => Promise<void>,
): Promise<void> {
  const { sources, warnings } = await resolveInputs(paths);
  warnings.forEach(warn);
  const cache = analysisCacheOf(sources, options);
  if (cache !== null) {
    const hit = readCachedAnswer(cache, variant);
    if (hit !== null) {
      hit.warnings.forEach(warn);
      await write(hit.text);
      return;
    }
  }
  const said: string[] = [];
  const noting = (m: string): void => {
    said.push(m);
    warn(m);
  };
  const made = await make(await analyzeSources(sources, options, cache, noting), noting);
  const kept = cache === null ? null : answerEntry(cache, variant);
  try {
    for (const part of typeof made === 'string' ? [made] : made) {
      kept?.write(part);
      await write(part);
    }
    kept?.commit(said);
  } finally {
    // (Nothing once committed: a reader gone away, `| head`, leaves no half answer.)
    kept?.abort();
  }
}

/**
 * The analysis kept for this reading, with the entries of the operations `keepEntries` wants (and, for the terminal
 * UI, the first entries of each error outside operations) read again: null on a miss, or when a line is not where it
 * was.
 */
async function fromCache(
  sources: readonly Source[],
  options: ParseOptions,
  cache: AnalysisCache,
  warn: (m: string) => void,
  keepEntries?: (op: Operation) => boolean,
  watcher?: ProgressWatcher,
): Promise<Analysis | null> {
  const cached = readCachedAnalysis(cache);
  if (cached === null) return null;
  // trace keeps the entries of a few operations, the terminal UI those of every operation it lists and
  // the first entries of each error outside operations: only their lines are read again.
  const ui = watcher !== undefined;
  const wanted = keepEntries === undefined ? [] : cached.operations.filter(keepEntries);
  const refs = storedRefs(cache);
  const read = materializer(refs, wanted, sources, options, ui);
  if (read === null) return null;
  const { computeHosts, fileStats, files } = cached;
  const base = { computeHosts, parse: totalsOf(fileStats), fileStats, zone: options.zone, files };
  const withLines = async (signal: AbortSignal | null): Promise<Analysis | null> => {
    const kept = await read(signal);
    if (kept === null) return null;
    const withEntries = (op: Operation): Operation => kept.operations.get(op.id) ?? op;
    const operations = kept.operations.size === 0 ? cached.operations : cached.operations.map(withEntries);
    const samples = kept.samples;
    const unattached = samples === null ? cached.unattached : cached.unattached.map((u, i) => ({ ...u, samples: samples[i] ?? [] }));
    // The UI reaches an incident's operations from its host view: they are the ones it lists, entries and all.
    const hostIncidents = !ui || kept.operations.size === 0 ? cached.hostIncidents : withIncidentOperations(cached.hostIncidents, withEntries);
    return { operations, unattached, hostIncidents, ...base };
  };
  if (watcher?.linesLater === true) {
    cached.warnings.forEach(warn);
    const linesOf = async (op: Operation, signal: AbortSignal): Promise<Operation | null> => {
      const one = materializer(refs, [op], sources, options);
      return (await one?.(signal))?.operations.get(op.id) ?? null;
    };
    // The terminal UI, which hears keys while they are read: the reading gives way to them (analysis-cache.ts).
    return { operations: cached.operations, unattached: cached.unattached, hostIncidents: cached.hostIncidents, ...base, lines: withLines, linesOf };
  }
  const whole = await withLines(null);
  if (whole !== null) cached.warnings.forEach(warn);
  return whole;
}

async function analyzeSources(
  sources: readonly Source[],
  options: ParseOptions,
  /** The cache and this reading's key in it (analysisCacheOf, computed once by the caller), or null. */
  cache: AnalysisCache | null,
  warn: (m: string) => void,
  keepEntries?: (op: Operation) => boolean,
  observe?: (entry: LogEntry) => void,
  watcher?: ProgressWatcher,
  /** The checkpoint to go on from, found already for these inputs (trace's and the UI's path below). */
  found?: Resumption,
): Promise<Analysis> {
  if (cache !== null && found === undefined) {
    const hit = await fromCache(sources, options, cache, warn, keepEntries, watcher);
    if (hit !== null) return hit;
    // trace and the terminal UI keep their operations' entries, which a checkpoint does not hold: where the analysis
    // can go on from one (files that only grew), it does so without them and is kept, and their lines are read again
    // as on a hit.
    if (observe === undefined && (keepEntries !== undefined || watcher !== undefined)) {
      const { findResumption } = await import('./analysis-resume.js');
      const resumption = findResumption(cache, sources);
      if (resumption !== null) {
        await analyzeSources(sources, options, cache, () => undefined, undefined, undefined, undefined, resumption);
        const resumed = await fromCache(sources, options, cache, warn, keepEntries, watcher);
        if (resumed !== null) return resumed;
      }
    }
  }
  // Loaded only now: a cached answer needs none of the engine (a tenth of a second of loading).
  const [{ Analyzer }, { bytesRead, progressOnStderr }, { sizesOf }, { mergeByTime }, { firstTimes, inputWarnings, readAll }, { HostFacts }, { hostIncidents }, resume] = await Promise.all([
    import('../analysis/analyzer.js'), import('../io/progress.js'), import('../io/inputs.js'), import('../merge/k-way.js'),
    import('./read-all.js'), import('../hosts/host-facts.js'), import('../hosts/host-incident.js'),
    // (Only a cached reading can be resumed, or kept for a later one to resume.)
    cache === null ? null : import('./analysis-resume.js'),
  ]);
  boundHeapGrowth();
  const said: string[] = [];
  if (cache !== null) {
    const given = warn;
    warn = (m) => {
      said.push(m);
      given(m);
    };
  }
  const engine = () => {
    const refs = cache === null ? null : entryRefsOf(cache);
    const analyzer = new Analyzer({
      ...(keepEntries ? { keepEntries } : {}),
      ...(refs === null ? {} : {
        noteEntries: (op: Operation, entries: readonly LogEntry[]) => refs.note(op, entries),
        noteUnattached: (errors: readonly UnattachedError[], placesOf: (e: UnattachedError) => readonly EntryPlace[]) => refs.noteSamples(errors, placesOf),
      }),
    });
    return { analyzer, facts: new HostFacts(analyzer.deployment), refs };
  };
  let { analyzer, facts, refs } = engine();
  const add = (batch: readonly LogEntry[]): void => {
    // The analyzer first: it notes the entry in the deployment the facts read.
    if (observe === undefined) {
      for (const entry of batch) {
        analyzer.add(entry);
        facts.note(entry);
      }
    } else {
      for (const entry of batch) {
        observe(entry);
        analyzer.add(entry);
        facts.note(entry);
      }
    }
  };
  // An analysis that keeps no entries (analyze, host, export) goes on from the last one over the same paths when
  // every file is unchanged or only grew since: only the appended entries are read (analysis-resume.ts).
  const resumable = cache !== null && resume !== null && keepEntries === undefined && observe === undefined && watcher === undefined;
  let read: (ReadFiles & { readonly failures: readonly string[] }) | null = null;
  const resumption = resumable ? found ?? resume.findResumption(cache, sources) : null;
  if (resumable && resumption !== null) {
    try {
      resume.restoreEngine(resumption, analyzer, facts, refs as NonNullable<typeof refs>);
      const after = analyzer.logTime;
      const appended = resume.appendedEntries(resumption, options, after, 512);
      for await (const batch of mergeByTime(appended.streams, [], sources.length)) add(batch);
      read = { ...appended.read(), failures: [] };
    } catch {
      // Refused (ResumeRefused), or a state or file that cannot be read now: the whole input is analyzed, by a new
      // engine (the output is the same either way; only the time differs).
      refs?.abort();
      ({ analyzer, facts, refs } = engine());
      read = null;
    }
  }
  if (read === null) {
    const index = fileIndexOf(options);
    const reading = readAll(sources, options, false, index === null ? undefined : (parse) => index.wrap(parse));
    const progress = watcher === undefined ? await progressOnStderr(sources) : null;
    const total = watcher === undefined ? 0 : (await sizesOf(sources)).reduce((a, b) => a + b, 0);
    const from = bytesRead.count;
    let entries = 0;
    let due = 0;
    const report = (): void => watcher?.report({ bytes: Math.min(total, bytesRead.count - from), total, filesRead: reading.ended(), files: sources.length, entries });
    report();
    try {
      for await (const batch of mergeByTime(reading.streams, await firstTimes(sources, options))) {
        entries += batch.length;
        if (progress !== null) progress.tick(entries);
        if (watcher !== undefined && Date.now() >= due) {
          // Reads are blocking and batches follow each other in microtasks: the UI draws, and hears keys, only when
          // the event loop gets a turn.
          report();
          await new Promise((r) => setImmediate(r));
          due = Date.now() + PROGRESS_EVERY_MS;
          if (watcher.signal.aborted) break;
        }
        add(batch);
      }
    } catch (error) {
      // (An input that cannot be read: the refs' temporary file goes.)
      refs?.abort();
      throw error;
    }
    progress?.done();
    if (watcher !== undefined) {
      if (watcher.signal.aborted) {
        refs?.abort();
        return { operations: [], unattached: [], hostIncidents: [], computeHosts: new Set(), parse: totalsOf([]), fileStats: [], zone: options.zone, files: new Set() };
      }
      report();
    }
    index?.trim();
    reading.finish();
    read = { stats: reading.stats(), marks: reading.marks(), failures: reading.failures };
  }
  read.failures.forEach(warn);
  const stats = [...read.stats];
  inputWarnings(stats).forEach(warn);
  missingServiceWarnings(stats).forEach(warn);
  // The engine as the input ends, before finish(): what the next reading of these files, grown, goes on from.
  if (resumable && refs !== null && read.failures.length === 0) resume.saveCheckpoint(cache, sources, read, analyzer, facts, refs);
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
  // Not a FIFO's or `<(cmd)`'s: a stream can be read only once.
  const files = new Set(sources.filter((s) => !s.stdin && s.stream !== true).map((s) => s.path));
  const analysis = {
    operations, unattached, hostIncidents: hostIncidents(operations, facts), computeHosts: facts.computeHosts, parse: totalsOf(stats),
    fileStats: stats, zone: options.zone, files,
  };
  if (cache !== null && refs !== null) {
    if (writeCachedAnalysis(cache, cacheable({ ...analysis, warnings: said }))) refs.commit();
    else refs.abort();
  }
  return analysis;
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
