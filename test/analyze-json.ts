// The `analyze --json` and `trace --json` documents as the tests read them: the product's own record types
// (src/model/records.ts), under the names the tests use.

import type { Outcome } from '../src/model/operation.js';
import type { AnalyzeRecord, OperationRecord, PhaseRecord, TraceRecord } from '../src/model/records.js';

export type OutcomeJson = Outcome;
/** The tests read operations of timed logs: their times are strings (null only where the lines have none). */
export type PhaseJson = PhaseRecord & { readonly start: string; readonly end: string; readonly durationMs: number };
export type OperationJson = Omit<OperationRecord, 'phases'> & {
  readonly start: string;
  readonly end: string;
  readonly durationMs: number;
  readonly phases: readonly PhaseJson[];
};
export type AnalyzeJson = Omit<AnalyzeRecord, 'operations'> & { readonly operations: readonly OperationJson[] };
export type TraceJson = TraceRecord;
