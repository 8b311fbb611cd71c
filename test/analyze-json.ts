// The `analyze --json` and `trace --json` documents as the tests read them: the product's own record types
// (src/model/records.ts), under the names the tests use.

import type { Outcome } from '../src/model/operation.js';
import type { AnalyzeRecord, OperationRecord, PhaseRecord, TraceRecord } from '../src/model/records.js';

export type OutcomeJson = Outcome;
export type PhaseJson = PhaseRecord;
export type OperationJson = OperationRecord;
export type AnalyzeJson = AnalyzeRecord;
export type TraceJson = TraceRecord;
