// `novatrace export --format perfetto|otlp|html`: the operations analyze selects, as a trace or a page to share,
// on stdout or in a file (-o).

import { keepingWarnings } from '../io/errors.js';
import type { Output } from '../io/output.js';
import { checkWritable, writeTextFile } from '../io/write-file.js';
import type { Operation } from '../model/operation.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { safeJson } from '../format/escape.js';
import { renderHtml } from '../export/html.js';
import { renderOtlp } from '../export/otlp.js';
import { renderPerfetto } from '../export/perfetto.js';
import { analyzeInputs } from './analysis.js';
import { operationFilter } from './operation-filter.js';
import type { OperationFilterOptions } from './operation-filter.js';
import type { ExportFormat } from './export-format.js';

export type { ExportFormat } from './export-format.js';

export interface ExportOptions {
  readonly parse: ParseOptions;
  readonly format: ExportFormat;
  readonly filter: OperationFilterOptions;
  /** A file to write instead of stdout. */
  readonly output?: string;
}

/** The trace formats need times: operations whose lines have none are left out, and counted. */
function timedOnly(ops: readonly Operation[], format: ExportFormat, warn: (m: string) => void): Operation[] {
  const timed = ops.filter((op) => op.timed);
  const skipped = ops.length - timed.length;
  if (skipped > 0) {
    warn(`${skipped} operation${skipped === 1 ? '' : 's'} left out of the ${format} trace: ${skipped === 1 ? 'its' : 'their'} lines have no timestamps`);
  }
  return timed;
}

export async function runExport(paths: readonly string[], given: ExportOptions, out: Output, warnOnly: (m: string) => void): Promise<number> {
  // The HTML page lists the warnings too.
  const { warn, warnings } = keepingWarnings(warnOnly);
  const keep = operationFilter(given.filter, given.parse.zone);
  if (given.output !== undefined) await checkWritable(given.output);
  const analysis = await analyzeInputs(paths, given.parse, warn);
  const ops = analysis.operations.filter(keep);
  let text: string;
  switch (given.format) {
    case 'perfetto':
      text = safeJson(renderPerfetto(timedOnly(ops, 'perfetto', warn)));
      break;
    case 'otlp':
      text = safeJson(renderOtlp(timedOnly(ops, 'otlp', warn)));
      break;
    case 'html':
      text = renderHtml({ operations: ops, unattached: analysis.unattached, files: analysis.fileStats, totals: analysis.parse, warnings, generated: Date.now() });
      break;
  }
  if (given.output === undefined) {
    await out.line(text);
    await out.flush();
  } else {
    await writeTextFile(given.output, `${text}\n`);
  }
  return 0;
}
