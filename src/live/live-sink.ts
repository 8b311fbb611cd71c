// Where live events go: NDJSON on stdout, or the terminal UI's store. The follow command drives either the same way.

import type { FollowTotals, FollowWarningKind } from '../model/records.js';
import type { LiveState, OperationEvent } from '../model/live.js';
import type { Operation } from '../model/operation.js';

export interface LiveStatus {
  readonly totals: FollowTotals;
  /** Lines read per second over the last few seconds. */
  readonly linesPerSecond: number;
  /** Wall clock minus the newest entry's time: how far behind the writers the reader is (null before any entry). */
  readonly behindMs: number | null;
}

/** What a sink can show of the live analysis: its operations as they stand (the analyzer's snapshot). */
export interface LiveView {
  snapshot(): { readonly operations: readonly Operation[]; readonly states: ReadonlyMap<string, LiveState> };
}

/** A file followed from the start, and the byte offset its reading starts at (stdin: `-`, 0). */
export interface FollowedFrom {
  readonly path: string;
  readonly offset: number;
}

export interface LiveSink {
  /** Following has started: every file is open where its reading starts, and no line written from now on is missed. */
  ready(files: readonly FollowedFrom[], now: number): Promise<void>;
  events(events: readonly OperationEvent[], now: number, view: LiveView, status: LiveStatus): Promise<void>;
  warning(path: string, change: FollowWarningKind, message: string, now: number): Promise<void>;
  /** What has been read and reported so far (every few seconds while lines come). */
  status(status: LiveStatus, now: number): Promise<void>;
  stopped(status: LiveStatus, now: number): Promise<void>;
  /** Resolves when the user quits (the UI); never for NDJSON. */
  readonly quit: Promise<void>;
}
