// `novatrace analyze`: every operation in the logs, as a table or JSON.

import type { Output } from '../io/output.js';
import { analyzeRecord } from '../report/operation-json.js';
import { formatAnalyzeText } from '../report/analyze-text.js';
import { safeJson } from '../report/escape.js';
import { resolveParseOptions } from './parse-options.js';
import type { RawParseOptions } from './parse-options.js';
import { analyzeInputs, operationFilter } from './analysis.js';
import type { OperationFilterOptions } from './analysis.js';

export interface AnalyzeOptions extends RawParseOptions, OperationFilterOptions {
  readonly json?: boolean;
  readonly tui?: boolean;
}

export async function runAnalyze(paths: readonly string[], raw: AnalyzeOptions, out: Output, warn: (m: string) => void): Promise<number> {
  const keep = operationFilter(raw, resolveParseOptions(raw).zone);
  const analysis = await analyzeInputs(paths, raw, warn);
  const ops = analysis.operations.filter(keep);
  await out.line(raw.json ? safeJson(analyzeRecord(ops, analysis.unattached, analysis.parse)) : formatAnalyzeText(ops, analysis.unattached, analysis.parse));
  await out.flush();
  return 0;
}
