// `novatrace analyze`: every operation in the logs, in the terminal UI on a terminal, else as a table or JSON.

import { keepingWarnings } from '../io/errors.js';
import type { Output } from '../io/output.js';
import { readLines } from '../io/raw-lines.js';
import type { LogEntry } from '../model/entry.js';
import type { Paint } from '../format/paint.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { Operation } from '../model/operation.js';
import { withIncidentOperations } from '../model/host-incident.js';
import type { ReadProgress } from '../model/read-progress.js';
import type { Mounted } from '../ui/run-tui.js';
import type { Analysis } from './analysis.js';
import { incidentFilter, operationFilter } from './operation-filter.js';
import type { OperationFilterOptions } from './operation-filter.js';

export interface AnalyzeOptions {
  readonly parse: ParseOptions;
  readonly json: boolean;
  /** False with --no-tui. */
  readonly tui: boolean;
  readonly filter: OperationFilterOptions;
  readonly paint: Paint;
}

/** The UI needs a terminal on both sides, and is never what CI or `--json` wants. */
export function opensTui(given: { readonly tui: boolean; readonly json?: boolean }, env: NodeJS.ProcessEnv, stdinTty: boolean, stdoutTty: boolean): boolean {
  return given.tui && given.json !== true && stdinTty && stdoutTty && (env['CI'] ?? '') === '';
}

/** Lines one entry took in its file: JSON dialects hold a whole record, newlines included, on one line. */
function rawLineCount(e: LogEntry): number {
  return e.dialect === 'journald-json' || e.dialect === 'oslo-json' ? 1 : 1 + e.continuation.length;
}

export async function runAnalyze(paths: readonly string[], given: AnalyzeOptions, out: Output, warnOnly: (m: string) => void): Promise<number> {
  const options = given.parse;
  const keep = operationFilter(given.filter, options.zone);
  const tui = opensTui(given, process.env, process.stdin.isTTY === true, process.stdout.isTTY === true);
  if (tui) return analyzeInTui(paths, options, keep, warnOnly);
  // The JSON document carries the warnings too.
  const { warn, warnings } = keepingWarnings(warnOnly);
  const { cachedAnswer } = await import('./analysis.js');
  // The answer depends on these alone (and the inputs, the reading options and novatrace, which the cache keys).
  const variant = JSON.stringify({ command: 'analyze', json: given.json, filter: given.filter, color: given.paint.on }, (_k, v: unknown) => (v instanceof Set ? [...v] : v));
  await cachedAnswer(paths, options, warn, variant, async (analysis) => {
    // The renderers load only when the answer is made, not when it is kept.
    const [{ analyzeJsonParts }, { formatAnalyzeText }, { hostIncidentRecord }] = await Promise.all([
      import('../report/operation-json.js'), import('../report/analyze-text.js'), import('../report/host-json.js'),
    ]);
    const ops = analysis.operations.filter(keep);
    const incidents = analysis.hostIncidents.filter(incidentFilter(given.filter, options.zone));
    // The JSON an operation at a time: never the whole text (30 MB at 1.2 GB of logs) at once.
    return given.json
      ? analyzeJsonParts(ops, analysis.unattached, analysis.parse, warnings, incidents.map(hostIncidentRecord))
      : formatAnalyzeText(ops, analysis.unattached, analysis.parse, incidents, given.paint);
  }, (part) => out.part(part));
  await out.line('');
  await out.flush();
  return 0;
}

/** The analysis with `op` (by ID) in place of its own, in its list and in the host incidents' instances. */
function withOperation(analysis: Analysis, op: Operation): Analysis {
  const swap = (o: Operation): Operation => (o.id === op.id ? op : o);
  return { ...analysis, operations: analysis.operations.map(swap), hostIncidents: withIncidentOperations(analysis.hostIncidents, swap) };
}

/**
 * The UI opens first (its first frame before even the analysis modules are loaded), on the progress of reading, and shows the list when the analysis is done: its first frame
 * comes before the logs are read. The warnings wait until it closes (its screen would hide them, and stderr written
 * under it would scramble it); quitting while reading stops reading.
 */
async function analyzeInTui(paths: readonly string[], options: ParseOptions, keep: (op: Operation) => boolean, warnOnly: (m: string) => void): Promise<number> {
  // The first frame is plain text, drawn before ink and React are even loaded (that takes up to a second).
  const [{ FirstFrame }, { StartupStore }] = await Promise.all([import('../ui/first-frame.js'), import('../ui/startup-store.js')]);
  const first = new FirstFrame(process.stdout);
  first.show(null);
  const store = new StartupStore();
  let ui: Mounted | null = null;
  const mounted = import('../ui/run-tui.js').then(({ mountStarting }) => {
    first.stop();
    ui = mountStarting(store);
    return ui;
  });
  const warnings: string[] = [];
  let failure: unknown = null;
  try {
    // Loaded after the first frame is drawn: the analysis modules take a tenth of a second or more to load.
    const { analyzeInputs } = await import('./analysis.js');
    // The UI's timelines show each operation's entries: keep them for the operations the filters let through.
    const report = (p: ReadProgress): void => {
      store.progress(p);
      if (ui === null) first.show(p);
    };
    // A kept analysis is listed at once, and its operations' lines follow (the list hears keys meanwhile).
    const analysis = await analyzeInputs(paths, options, (m) => warnings.push(m), keep, undefined, { report, signal: store.quit.signal, linesLater: true });
    if (!store.quit.signal.aborted) {
      const { buildModel } = await import('../ui/model.js');
      const readRaw = async (e: LogEntry) => (analysis.files.has(e.file) ? readLines(e.file, e.line, rawLineCount(e), options.maxLine) : null);
      // Every incident, whatever the filters: the host view is reached from an operation shown, whichever it is.
      // What the list shows while the lines are read: the kept analysis, with the lines of each operation a timeline
      // opened meanwhile, read alone and first (Analysis.linesOf).
      let shown = analysis;
      let allRead = false;
      const asked = new Set<string>();
      const wantLines = (op: Operation): void => {
        if (asked.has(op.id) || analysis.linesOf === undefined) return;
        asked.add(op.id);
        analysis.linesOf(op, store.quit.signal).then((one) => {
          if (one === null || allRead || store.quit.signal.aborted) return;
          shown = withOperation(shown, one);
          store.ready(model(shown, true));
        }, () => undefined);
      };
      const model = (a: Analysis, pending: boolean) => buildModel(a.operations.filter(keep), a.unattached, a.parse, readRaw, null, warnings, a.hostIncidents, pending, wantLines);
      store.ready(model(analysis, analysis.lines !== undefined));
      const withLines = await analysis.lines?.(store.quit.signal);
      allRead = true;
      if (withLines === undefined || store.quit.signal.aborted) {
        // (Read whole already, or quit.)
      } else if (withLines !== null) {
        store.ready(model(withLines, false));
      } else {
        // A file changed since the analysis was kept (a line is not where it was): the logs are read whole, as on a
        // miss, and replace the list.
        const said: string[] = [];
        const whole = await analyzeInputs(paths, { ...options, cache: null }, (m) => said.push(m), keep, undefined, { report: () => undefined, signal: store.quit.signal });
        // Its warnings, not the kept analysis's as well.
        warnings.splice(0, warnings.length, ...said);
        if (!store.quit.signal.aborted) store.ready(model(whole, false));
      }
    }
  } catch (error) {
    failure = error;
    (await mounted).close();
  }
  await (await mounted).done;
  warnings.forEach(warnOnly);
  if (failure !== null) throw failure;
  return 0;
}
