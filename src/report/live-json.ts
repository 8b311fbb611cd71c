// `novatrace follow` off a terminal: one JSON event per line (NDJSON). Operation events carry the operation in
// analyze --json's schema; before it is finished its outcome is null and `state` says in-progress or stalled.

import type { FileChange, OperationEvent } from '../model/live.js';
import { formatIso } from '../parse/time.js';
import { safeJson } from '../format/escape.js';
import { operationRecord } from './operation-json.js';

export function liveEventJson(e: OperationEvent): string {
  const operation = operationRecord(e.operation);
  if (e.state !== 'finished') operation['outcome'] = null;
  return safeJson({ event: e.event, time: formatIso(e.time, 3), state: e.state, ...(e.by === undefined ? {} : { by: e.by }), operation });
}

export function warningJson(time: number, path: string, change: FileChange | 'unparsed', message: string): string {
  return safeJson({ event: 'follow.warning', time: formatIso(time, 3), path, change, message });
}

export interface FollowTotals {
  readonly files: number;
  readonly lines: number;
  readonly entries: number;
  readonly unparsed: number;
  readonly started: number;
  readonly finished: number;
  readonly open: number;
  readonly dropped: number;
  /** Requests finished early to keep memory bounded (the reader was far behind, or the logs very busy). */
  readonly evicted: number;
}

export function stoppedJson(time: number, totals: FollowTotals): string {
  return safeJson({ event: 'follow.stopped', time: formatIso(time, 3), ...totals });
}
