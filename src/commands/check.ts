// `novatrace check`: the CI gate. Rules, signatures and baseline are read and validated first (exit 2 on any
// mistake, before a log is opened); then the logs are analyzed once, keeping their ERROR entries and tracebacks
// on the side; the verdict is printed as text, JSON, JUnit XML or GitHub annotations; exit 0 pass, 1 fail.

import { hostname } from 'node:os';
import { ErrorEntryCollector } from '../check/error-entries.js';
import { evaluateCheck } from '../check/evaluate.js';
import { loadBaseline, loadRules, loadSignature } from '../check/load-config.js';
import type { Rules } from '../check/rules.js';
import type { Signature } from '../check/signature.js';
import { DEFAULT_RULES } from '../check/validate-rules.js';
import { keepingWarnings } from '../io/errors.js';
import type { Output } from '../io/output.js';
import { listConfigFiles, readConfigFile } from '../io/read-config.js';
import type { Operation } from '../model/operation.js';
import { formatCheckGithub } from '../report/check-github.js';
import { checkRecord } from '../report/check-json.js';
import { formatCheckJunit } from '../report/check-junit.js';
import { formatCheckText } from '../report/check-text.js';
import { safeJson } from '../format/escape.js';
import { analyzeInputs } from './analysis.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { Paint } from '../format/paint.js';
import type { CheckFormat } from './check-format.js';
import { usage } from '../model/errors.js';

export interface CheckOptions {
  readonly parse: ParseOptions;
  readonly rules?: string;
  readonly signatures?: string;
  readonly baseline?: string;
  readonly allowKnown: boolean;
  readonly format: CheckFormat;
  /** Colour for the text format. */
  readonly paint: Paint;
}

/** A file read and validated; any problem is a usage error (exit 2) naming it. */
async function loaded<T>(file: string, load: (text: string, file: string) => T): Promise<T> {
  const text = await readConfigFile(file);
  return usage(() => load(text, file));
}

async function readSignatures(dir: string, warn: (m: string) => void): Promise<Signature[]> {
  const files = await listConfigFiles(dir);
  if (files.length === 0) warn(`${dir}: no signature files (*.yaml, *.yml, *.json): no failure will be reported as a known bug`);
  const signatures: Signature[] = [];
  for (const file of files) signatures.push(await loaded(file, loadSignature));
  return signatures;
}

/** Operations whose lines locate a finding: those that did not succeed, and those over a budget of their type. */
function needsLines(rules: Rules): (op: Operation) => boolean {
  const limits = new Map<string, number>();
  for (const b of rules.budgets) limits.set(b.type, Math.min(b.limitMs, limits.get(b.type) ?? Infinity));
  return (op) => op.outcome !== 'succeeded' || op.end - op.start > (limits.get(op.type) ?? Infinity);
}

export async function runCheck(paths: readonly string[], given: CheckOptions, out: Output, warnOnly: (m: string) => void): Promise<number> {
  const { warn, warnings } = keepingWarnings(warnOnly);
  const { format } = given;
  const rules = given.rules === undefined ? DEFAULT_RULES : await loaded(given.rules, loadRules);
  const signatures = given.signatures === undefined ? [] : await readSignatures(given.signatures, warn);
  const baseline = given.baseline === undefined ? null : await loaded(given.baseline, loadBaseline);

  const errors = new ErrorEntryCollector(rules.forbid.level);
  const analysis = await analyzeInputs(paths, given.parse, warn, needsLines(rules), errors.observe);
  if (errors.dropped > 0) warn(`${errors.dropped} ERROR or traceback entries past the first ${errors.kept.length} were counted but not kept`);
  const { lines, entries, unparsed } = analysis.parse;
  if (entries === 0) {
    warn(`no log entry in the input (${lines} line${lines === 1 ? '' : 's'} read, ${unparsed} unparsed): every rule was checked against nothing`
      + (rules.input.entries === null ? ' (a rule "input: {entries: \'>= 1\'}" makes that a failure)' : ''));
  }
  const result = evaluateCheck({
    operations: analysis.operations, entriesRead: entries, hostIncidents: analysis.hostIncidents, errors: errors.kept, dropped: errors.dropped, rules, signatures, baseline,
    allowKnown: given.allowKnown === true, logStart: errors.firstTime,
  });

  switch (format) {
    case 'json': await out.line(safeJson(checkRecord(result, analysis.parse, warnings))); break;
    case 'junit': await out.line(formatCheckJunit(result, { hostname: hostname(), now: Date.now() }, warnings)); break;
    case 'github': await out.line(formatCheckGithub(result, warnings)); break;
    case 'text': await out.line(formatCheckText(result, analysis.parse, given.paint)); break;
  }
  await out.flush();
  return result.exitCode;
}
