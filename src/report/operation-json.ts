// Operations as JSON records (src/model/records.ts; docs/json.md).

import type { LineRef, Operation } from '../model/operation.js';
import type { UnattachedError } from '../model/unattached-error.js';
import { formatIso } from '../format/time.js';
import type { Totals } from '../model/file-stats.js';
import type { AnalyzeRecord, HostIncidentRecord, LineRefRecord, OperationRecord, OutcomeCounts, Summary } from '../model/records.js';
import { entryRecord } from './entry-json.js';
import { safeJson } from '../format/escape.js';


function iso(time: number | null): string | null {
  return time === null ? null : formatIso(time, 3);
}

function lineRefRecord(r: LineRef): LineRefRecord {
  return { time: iso(r.time), service: r.service, host: r.host, level: r.level, message: r.message, location: r.location, file: r.file, line: r.line };
}

export function operationRecord(op: Operation): OperationRecord {
  const record: OperationRecord = {
    id: op.id,
    type: op.type,
    variant: op.variant,
    instance: op.instance,
    requestIds: op.requestIds,
    globalRequestId: op.globalRequestId,
    user: op.user,
    project: op.project,
    start: op.timed ? formatIso(op.start, 3) : null,
    end: op.timed ? formatIso(op.end, 3) : null,
    timed: op.timed,
    durationMs: op.timed ? Math.round((op.end - op.start) * 1000) / 1000 : null,
    outcome: op.outcome,
    outcomeReason: op.outcomeReason,
    httpStatus: op.httpStatus,
    hosts: op.hosts,
    selected: op.selected,
    source: op.source,
    destination: op.destination,
    phases: op.phases.map((p) => ({
      service: p.service, host: p.host, component: p.component, start: op.timed ? formatIso(p.start, 3) : null, end: op.timed ? formatIso(p.end, 3) : null,
      durationMs: op.timed ? Math.round((p.end - p.start) * 1000) / 1000 : null, waitMs: p.waitMs === null || !op.timed ? null : Math.round(p.waitMs * 1000) / 1000,
      entries: p.entries,
      spans: op.timed ? p.spans.map((sp) => ({ start: formatIso(sp.start, 3), end: formatIso(sp.end, 3), durationMs: Math.round((sp.end - sp.start) * 1000) / 1000 })) : [],
    })),
    events: op.events.map((e) => ({ time: op.timed ? formatIso(e.time, 3) : null, service: e.service, host: e.host, name: e.name, message: e.message })),
    error: op.error === null ? null : {
      time: iso(op.error.time), service: op.error.service, host: op.error.host, message: op.error.message,
      traceback: op.error.traceback, location: op.error.location, file: op.error.file, line: op.error.line,
    },
    failureEvidence: op.failureEvidence.map(lineRefRecord),
    errorsDuring: op.errorsDuring.map(lineRefRecord),
  };
  return op.entries === null ? record : { ...record, entries: op.entries.map(entryRecord) };
}

function zero(): OutcomeCounts {
  return { succeeded: 0, failed: 0, rejected: 0, incomplete: 0 };
}

export function summarize(ops: readonly Operation[]): Summary {
  const byOutcome = zero();
  const byType: Record<string, OutcomeCounts> = {};
  let apiErrors = 0;
  for (const op of ops) {
    byOutcome[op.outcome]++;
    (byType[op.type] ??= zero())[op.outcome]++;
    for (const e of op.events) if (e.name === 'api-error') apiErrors++;
  }
  return { total: ops.length, byOutcome, byType, apiErrors };
}

export function analyzeRecord(
  ops: readonly Operation[],
  unattached: readonly UnattachedError[],
  parse: Totals,
  warnings: readonly string[] = [],
  hostIncidents: readonly HostIncidentRecord[] = [],
): AnalyzeRecord {
  return { operations: ops.map(operationRecord), ...afterOperations(ops, unattached, parse, warnings, hostIncidents) };
}

/** What analyze's record holds after its operations, in its order. */
function afterOperations(
  ops: readonly Operation[],
  unattached: readonly UnattachedError[],
  parse: Totals,
  warnings: readonly string[],
  hostIncidents: readonly HostIncidentRecord[],
): Omit<AnalyzeRecord, 'operations'> {
  return {
    summary: summarize(ops),
    unattached: unattached.map((u) => ({ time: iso(u.time), service: u.service, host: u.host, component: u.component, message: u.message, count: u.count })),
    parse,
    warnings,
    hostIncidents,
  };
}

/**
 * safeJson(analyzeRecord(...)), the same bytes, in parts: an operation's record at a time, then the rest. At 1.2 GB
 * of logs the whole record is 85 MB of objects and its text 30 MB: held at once, they were the run's peak of memory.
 */
export function* analyzeJsonParts(
  ops: readonly Operation[],
  unattached: readonly UnattachedError[],
  parse: Totals,
  warnings: readonly string[] = [],
  hostIncidents: readonly HostIncidentRecord[] = [],
): Generator<string> {
  let before = '{"operations":[';
  for (const op of ops) {
    yield `${before}${safeJson(operationRecord(op))}`;
    before = ',';
  }
  // JSON.stringify writes no space between members: the rest's own text without its opening brace follows.
  yield `${before === ',' ? ']' : '{"operations":[]'},${safeJson(afterOperations(ops, unattached, parse, warnings, hostIncidents)).slice(1)}`;
}
