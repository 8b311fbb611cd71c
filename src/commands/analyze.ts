// `novatrace analyze`: every operation in the logs, in the terminal UI on a terminal, else as a table or JSON.

import { keepingWarnings } from '../io/errors.js';
import type { Output } from '../io/output.js';
import { readLines } from '../io/raw-lines.js';
import type { LogEntry } from '../model/entry.js';
import { analyzeRecord } from '../report/operation-json.js';
import { formatAnalyzeText } from '../report/analyze-text.js';
import { hostIncidentRecord } from '../report/host-json.js';
import { safeJson } from '../format/escape.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { analyzeInputs, incidentFilter, operationFilter } from './analysis.js';
import type { OperationFilterOptions } from './analysis.js';

export interface AnalyzeOptions {
  readonly parse: ParseOptions;
  readonly json: boolean;
  /** False with --no-tui. */
  readonly tui: boolean;
  readonly filter: OperationFilterOptions;
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
  // The JSON document and the UI (whose screen hides stderr) carry the warnings too.
  const { warn, warnings } = keepingWarnings(warnOnly);
  const options = given.parse;
  const keep = operationFilter(given.filter, options.zone);
  const tui = opensTui(given, process.env, process.stdin.isTTY === true, process.stdout.isTTY === true);
  // The UI's timelines show each operation's entries: keep them for the operations the filters let through.
  const analysis = await analyzeInputs(paths, options, warn, tui ? keep : undefined);
  const ops = analysis.operations.filter(keep);
  const incidents = analysis.hostIncidents.filter(incidentFilter(given.filter, options.zone));
  if (tui) {
    const [{ runTui }, { buildModel }] = await Promise.all([import('../ui/run-tui.js'), import('../ui/model.js')]);
    const readRaw = async (e: LogEntry) => (analysis.files.has(e.file) ? readLines(e.file, e.line, rawLineCount(e), options.maxLine) : null);
    await runTui(buildModel(ops, analysis.unattached, analysis.parse, readRaw, null, warnings));
    return 0;
  }
  await out.line(given.json
    ? safeJson(analyzeRecord(ops, analysis.unattached, analysis.parse, warnings, incidents.map(hostIncidentRecord)))
    : formatAnalyzeText(ops, analysis.unattached, analysis.parse, incidents));
  await out.flush();
  return 0;
}
