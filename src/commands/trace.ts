// `novatrace trace <request-id | instance-uuid>`: the timeline of that operation, or of every operation of
// that instance in order.

import { keepingWarnings } from '../io/errors.js';
import { EXIT_FINDINGS, NovatraceError } from '../model/errors.js';
import type { Output } from '../io/output.js';
import type { Operation } from '../model/operation.js';
import { operationRecord } from '../report/operation-json.js';
import { safeJson } from '../format/escape.js';
import { formatTrace } from '../report/trace-text.js';
import { INSTANCE_PREFIX_MIN, instanceSelector, normalizeRequestId } from '../select/entry-filter.js';
import type { InstanceSelector } from '../select/entry-filter.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { analyzeInputs } from './analysis.js';

export interface TraceOptions {
  readonly parse: ParseOptions;
  readonly json: boolean;
}

export async function runTrace(id: string, paths: readonly string[], given: TraceOptions, out: Output, warnOnly: (m: string) => void): Promise<number> {
  // The JSON document carries the warnings too.
  const { warn, warnings } = keepingWarnings(warnOnly);
  const wanted = id.trim().toLowerCase();
  const isRequest = wanted.startsWith('req-');
  let instance: InstanceSelector | null = null;
  if (!isRequest) {
    try {
      instance = instanceSelector(wanted);
    } catch {
      throw new NovatraceError(`"${id}" is neither a request ID (req-<uuid>) nor an instance UUID (or its first ${INSTANCE_PREFIX_MIN} characters or more)`);
    }
  }
  const request = isRequest ? normalizeRequestId(wanted) : null;
  const matches = (op: Operation): boolean =>
    request !== null ? op.requestIds.some((r) => r.toLowerCase() === request) : (instance as InstanceSelector).test(op.instance);
  // A whole bare UUID may also be a request ID written without `req-`.
  const matchesLoose = (op: Operation): boolean => matches(op) || (instance?.prefix === false && op.requestIds.includes(`req-${wanted}`));
  const analysis = await analyzeInputs(paths, given.parse, warn, matchesLoose);
  const ops = analysis.operations.filter(matchesLoose);
  if (ops.length === 0) {
    throw new NovatraceError(`no operation found for ${id} in these logs (merge --request or --instance shows its raw entries)`, EXIT_FINDINGS);
  }
  const instances = [...new Set(ops.map((op) => op.instance))];
  if (instance?.prefix === true && instances.length > 1) {
    throw new NovatraceError(`"${id}" begins ${instances.length} instances' UUIDs (${instances.slice(0, 4).join(', ')}`
      + `${instances.length > 4 ? ', ...' : ''}): give more of it`);
  }
  if (given.json) {
    await out.line(safeJson({ operations: ops.map(operationRecord), warnings }));
  } else {
    await out.line(ops.map(formatTrace).join('\n\n'));
  }
  await out.flush();
  return 0;
}
