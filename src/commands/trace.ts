// `novatrace trace <id>`: the timeline of the operation of a request ID, or of every operation of an instance, in
// order. The ID may be cut short, as the tables and the terminal UI print it: any prefix that picks one request or
// one instance among the operations found will do; one that picks several is refused, naming them.

import { keepingWarnings } from '../io/errors.js';
import { EXIT_FINDINGS, NovatraceError } from '../model/errors.js';
import type { Output } from '../io/output.js';
import type { Operation } from '../model/operation.js';
import { operationRecord } from '../report/operation-json.js';
import { safeJson } from '../format/escape.js';
import type { Paint } from '../format/paint.js';
import { formatTrace } from '../report/trace-text.js';
import { buildEntryFilter } from '../select/entry-filter.js';
import type { EntryFilterOptions } from '../select/entry-filter.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { analyzeInputs } from './analysis.js';

export interface TraceOptions {
  readonly parse: ParseOptions;
  readonly json: boolean;
  readonly paint: Paint;
  /** --level, --service, --host, --grep: which of each operation's entries are listed. */
  readonly narrow: EntryFilterOptions;
  /** The narrowing options as typed, for the entries' heading. */
  readonly narrowed: string;
}

/** Characters an ID prefix must have (after `req-`), as git asks of a short hash. */
export const TRACE_PREFIX_MIN = 4;
const ID_TEXT = /^[0-9a-f-]+$/;

interface TraceTarget {
  /** The instance UUID or its first characters; null for a `req-` ID. */
  readonly instance: string | null;
  /** `req-` and the request ID's first characters (or all of them). */
  readonly request: string;
}

export function traceTarget(id: string): TraceTarget {
  const t = id.trim().toLowerCase();
  const isRequest = t.startsWith('req-');
  const hex = isRequest ? t.slice(4) : t;
  if (!ID_TEXT.test(hex) || hex.replaceAll('-', '').length < TRACE_PREFIX_MIN) {
    throw new NovatraceError(`"${id}" is neither a request ID (req-<uuid>) nor an instance UUID, nor the first `
      + `${TRACE_PREFIX_MIN} characters or more of one`);
  }
  // A bare UUID (or its start) may be an instance's or a request's written without `req-`.
  return { instance: isRequest ? null : hex, request: `req-${hex}` };
}

/** What an operation was found by: its instance, or which of its request IDs. */
function foundBy(target: TraceTarget, op: Operation): string | null {
  if (target.instance !== null && op.instance?.startsWith(target.instance) === true) return `instance ${op.instance}`;
  const request = op.requestIds.find((r) => r.toLowerCase().startsWith(target.request));
  return request === undefined ? null : `request ${request}`;
}

export async function runTrace(id: string, paths: readonly string[], given: TraceOptions, out: Output, warnOnly: (m: string) => void): Promise<number> {
  // The JSON document carries the warnings too.
  const { warn, warnings } = keepingWarnings(warnOnly);
  const target = traceTarget(id);
  const matches = (op: Operation): boolean => foundBy(target, op) !== null;
  const analysis = await analyzeInputs(paths, given.parse, warn, matches);
  const ops = analysis.operations.filter(matches);
  if (ops.length === 0) {
    throw new NovatraceError(`no operation found for ${id} in these logs (merge --request or --instance shows its raw entries)`, EXIT_FINDINGS);
  }
  const picked = new Map<string, Operation[]>();
  for (const op of ops) {
    const key = foundBy(target, op) as string;
    picked.set(key, [...(picked.get(key) ?? []), op]);
  }
  if (picked.size > 1) {
    // Each with what it was found by and its operations' types: enough to pick the one meant.
    const listed = [...picked].map(([key, group]) => `${key} (${[...new Set(group.map((op) => op.type))].join(', ')})`);
    throw new NovatraceError(`"${id}" begins the IDs of ${picked.size} requests or instances: ${listed.slice(0, 5).join('; ')}`
      + `${listed.length > 5 ? `; and ${listed.length - 5} more` : ''}: give more of it`);
  }
  const keep = buildEntryFilter(given.narrow);
  if (given.json) {
    const narrowed = keep === null ? ops : ops.map((op) => ({ ...op, entries: op.entries?.filter(keep) ?? null }));
    await out.line(safeJson({ operations: narrowed.map(operationRecord), warnings }));
  } else {
    await out.line(ops.map((op) => formatTrace(op, { paint: given.paint, keep, narrowed: given.narrowed })).join('\n\n'));
  }
  await out.flush();
  return 0;
}
