// `novatrace follow` off a terminal: one JSON event per line (NDJSON). Operation events carry the operation in
// analyze --json's schema; before it is finished its outcome (and its reason) is null and `state` says in-progress
// or stalled.

import type { OperationEvent } from '../model/live.js';
import { formatIso } from '../format/time.js';
import { safeJson } from '../format/escape.js';
import { operationRecord } from './operation-json.js';
import type { FollowReadyRecord, FollowStatusRecord, FollowStoppedRecord, FollowTotals, FollowWarningKind, FollowWarningRecord, OperationEventRecord } from '../model/records.js';

export function liveEventJson(e: OperationEvent): string {
  const record = operationRecord(e.operation);
  const operation = e.state === 'finished' ? record : { ...record, outcome: null, outcomeReason: null };
  const event: OperationEventRecord = {
    event: e.event, time: formatIso(e.time, 3), state: e.state, ...(e.by === undefined ? {} : { by: e.by }),
    ...(e.lastLine === undefined ? {} : { lastLine: formatIso(e.lastLine, 3) }), operation,
  };
  return safeJson(event);
}

export function warningJson(time: number, path: string, change: FollowWarningKind, message: string): string {
  const record: FollowWarningRecord = { event: 'follow.warning', time: formatIso(time, 3), path, change, message };
  return safeJson(record);
}

export function readyJson(time: number, files: readonly { readonly path: string; readonly offset: number }[]): string {
  const record: FollowReadyRecord = { event: 'follow.ready', time: formatIso(time, 3), files: files.map((f) => ({ path: f.path, offset: f.offset })) };
  return safeJson(record);
}

export function statusJson(time: number, totals: FollowTotals): string {
  const record: FollowStatusRecord = { event: 'follow.status', time: formatIso(time, 3), ...totals };
  return safeJson(record);
}

export function stoppedJson(time: number, totals: FollowTotals): string {
  const record: FollowStoppedRecord = { event: 'follow.stopped', time: formatIso(time, 3), ...totals };
  return safeJson(record);
}
