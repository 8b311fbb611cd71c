// What the analysis stage produces: Nova operations reconstructed from entries, with their timelines.

import type { CodeLocation, Level, LogEntry, Service } from './entry.js';

export const OUTCOMES = ['succeeded', 'failed', 'rejected', 'incomplete'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Phase {
  readonly service: Service;
  readonly host: string | null;
  /**
   * For an `other` phase, the service its file names (`n-net`: nova-network's lines of a boot are not tempest's);
   * null for the services novatrace times and files that name none.
   */
  readonly component: string | null;
  readonly start: number;
  readonly end: number;
  /** From the end of the phase before it (by start time) to this one's start; negative when they overlap, null for the first. */
  readonly waitMs: number | null;
  readonly entries: number;
  /**
   * Runs of its lines no more than SPAN_GAP_MS apart, in time order, from `start` to `end`: when the service did
   * something for the operation, and where it was quiet (a conductor serving compute's calls now and then, a
   * scheduler told of the instance at the end).
   */
  readonly spans: readonly Span[];
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Lines of one phase further apart than this are separate spans of it. */
export const SPAN_GAP_MS = 1000;

export interface KeyEvent {
  readonly time: number;
  readonly service: Service;
  readonly host: string | null;
  readonly name: string;
  readonly message: string;
}

export interface OperationError {
  readonly time: number | null;
  readonly service: Service;
  readonly host: string | null;
  readonly message: string;
  readonly traceback: readonly string[];
  readonly location: CodeLocation | null;
  readonly file: string;
  readonly line: number;
}

/** A line that bears on an operation's verdict, or an error or warning logged while it ran: where to look. */
export interface LineRef {
  readonly time: number | null;
  readonly service: Service;
  readonly host: string | null;
  readonly level: Level | null;
  readonly message: string;
  readonly location: CodeLocation | null;
  readonly file: string;
  readonly line: number;
}

export interface Operation {
  readonly id: string;
  /** One of the registry's OPERATION_TYPES (src/operations/registry.ts declares them). */
  readonly type: string;
  readonly variant: string | null;
  readonly instance: string | null;
  readonly requestIds: readonly string[];
  /**
   * The global request ID its own lines carry (a caller's X-OpenStack-Request-ID that Nova logged beside its local
   * one), or null when none was logged: the ID that ties it to the caller's own trace (OTLP's trace ID).
   */
  readonly globalRequestId: string | null;
  readonly user: string | null;
  readonly project: string | null;
  /** Epoch ms; 0 when `timed` is false. */
  readonly start: number;
  readonly end: number;
  /** Some line of it has a time. False for logs without timestamps: start, end and durations are unknown, not 0. */
  readonly timed: boolean;
  readonly outcome: Outcome;
  /** Why an incomplete operation is said to be so (which line is missing); null for the other outcomes. */
  readonly outcomeReason: string | null;
  readonly httpStatus: number | null;
  readonly hosts: readonly string[];
  readonly selected: string | null;
  readonly source: string | null;
  readonly destination: string | null;
  readonly phases: readonly Phase[];
  readonly events: readonly KeyEvent[];
  readonly error: OperationError | null;
  /** The lines that show it failed (src/timeline/evidence.ts): empty unless it failed. */
  readonly failureEvidence: readonly LineRef[];
  /** The other ERROR and WARNING lines among its lines: shown with it, never its verdict. */
  readonly errorsDuring: readonly LineRef[];
  /** The operation's entries, in time order; kept only when the caller asked for them (trace). */
  readonly entries: readonly LogEntry[] | null;
}
