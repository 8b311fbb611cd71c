// The JSON documents novatrace writes (`merge --json`, `analyze --json`, `trace --json`, `check --format json`,
// follow's NDJSON events), typed: what a script reading them can count on. Times are ISO 8601 in UTC; durations
// are milliseconds. docs/json.md describes each field; the renderers in src/report/ build them.

import type { LogEntry, Service } from './entry.js';
import type { FileChange, FinishedBy, LiveState, OperationEventName, RevisedBy } from './live.js';
import type { Totals } from './file-stats.js';
import type { HostEnding, HostEvent, IncidentOutcome, InstanceFate, InstanceVolumes } from './host-incident.js';
import type { KeyEvent, LineRef, Operation, OperationError, Outcome, Phase, Span } from './operation.js';

/** `T` with its epoch-millisecond times `K` written as ISO 8601 strings (null stays null). */
type IsoTimes<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]: null extends T[P] ? string | null : string };

/** A log entry: its time as ISO 8601 and as epoch milliseconds (null on message-only lines). */
export interface EntryRecord extends Omit<LogEntry, 'time' | 'precision'> {
  readonly time: string | null;
  readonly epochMs: number | null;
}

export interface SpanRecord extends IsoTimes<Span, 'start' | 'end'> {
  readonly durationMs: number;
}

/** Times are null for an operation whose lines have none (`timed: false`). */
export interface PhaseRecord extends Omit<Phase, 'start' | 'end' | 'spans'> {
  readonly start: string | null;
  readonly end: string | null;
  readonly durationMs: number | null;
  readonly spans: readonly SpanRecord[];
}

export interface KeyEventRecord extends Omit<KeyEvent, 'time'> {
  readonly time: string | null;
}

export type ErrorRecord = IsoTimes<OperationError, 'time'>;

export type LineRefRecord = IsoTimes<LineRef, 'time'>;

export interface OperationRecord
  extends Omit<Operation, 'start' | 'end' | 'outcome' | 'phases' | 'events' | 'error' | 'failureEvidence' | 'errorsDuring' | 'entries'> {
  /** Null when no line of it has a time (`timed: false`): times are unknown, not invented. */
  readonly start: string | null;
  readonly end: string | null;
  readonly durationMs: number | null;
  /** Null in follow's events before the operation is finished. */
  readonly outcome: Outcome | null;
  readonly phases: readonly PhaseRecord[];
  readonly events: readonly KeyEventRecord[];
  readonly error: ErrorRecord | null;
  readonly failureEvidence: readonly LineRefRecord[];
  readonly errorsDuring: readonly LineRefRecord[];
  /** trace --json only. */
  readonly entries?: readonly EntryRecord[];
}

export type OutcomeCounts = Record<Outcome, number>;

export interface Summary {
  readonly total: number;
  readonly byOutcome: OutcomeCounts;
  readonly byType: Record<string, OutcomeCounts>;
  /** nova-api's error answers to requests about the operations' instances that started nothing (`api-error` events). */
  readonly apiErrors: number;
}

export interface UnattachedRecord {
  readonly time: string | null;
  readonly service: Service;
  readonly host: string | null;
  readonly component: string | null;
  readonly message: string;
  readonly count: number;
}

export interface AnalyzeRecord {
  readonly operations: readonly OperationRecord[];
  readonly summary: Summary;
  readonly unattached: readonly UnattachedRecord[];
  readonly parse: Totals;
  readonly warnings: readonly string[];
  /** Compute hosts that failed and had instances evacuated from them (docs/hosts.md); last, so the rest reads as before. */
  readonly hostIncidents: readonly HostIncidentRecord[];
}

export interface TraceRecord {
  readonly operations: readonly OperationRecord[];
  readonly warnings: readonly string[];
}

/** An operation event of `follow` (NDJSON). */
export interface OperationEventRecord {
  readonly event: OperationEventName;
  readonly time: string;
  readonly state: LiveState;
  readonly by?: FinishedBy | RevisedBy;
  /** On operation.finished by `outcome` or `quiet`: the time of its newest line, from which its quiet was counted. */
  readonly lastLine?: string;
  readonly operation: OperationRecord;
}

/** What follow has read and reported so far (follow.status, follow.stopped). */
export interface FollowTotals {
  readonly files: number;
  readonly lines: number;
  readonly entries: number;
  readonly unparsed: number;
  readonly started: number;
  readonly finished: number;
  readonly open: number;
  readonly dropped: number;
  /** Requests closed early to keep memory bounded (the reader was far behind, or the logs very busy). */
  readonly evicted: number;
}

/** What a follow warning is about: a file's change, lines that matched no format, cut at --max-line, or that came late. */
export type FollowWarningKind = FileChange | 'unparsed' | 'cut' | 'late';

export interface FollowWarningRecord {
  readonly event: 'follow.warning';
  readonly time: string;
  readonly path: string;
  readonly change: FollowWarningKind;
  readonly message: string;
}

/** Following has started: every file is open where its reading starts (stdin: `-`). */
export interface FollowReadyRecord {
  readonly event: 'follow.ready';
  readonly time: string;
  readonly files: readonly { readonly path: string; readonly offset: number }[];
}

export interface FollowStatusRecord extends FollowTotals {
  readonly event: 'follow.status';
  readonly time: string;
}

export interface FollowStoppedRecord extends FollowTotals {
  readonly event: 'follow.stopped';
  readonly time: string;
}

/** A host incident (`novatrace host --json`, `analyze --json`'s `hostIncidents`): docs/hosts.md. */
export interface HostEventRecord extends Omit<HostEvent, 'time'> {
  readonly time: string | null;
}

export interface HostIncidentRecord {
  readonly kind: 'host-failure';
  readonly host: string;
  readonly start: string;
  readonly end: string;
  readonly lastLine: string | null;
  readonly silenceMs: number | null;
  readonly ended: HostEnding;
  readonly outcome: IncidentOutcome;
  readonly events: readonly HostEventRecord[];
  readonly evacuations: readonly {
    readonly kind: 'host-evacuate' | 'evacuate';
    readonly lookup: { readonly time: string | null; readonly requestId: string | null } | null;
    readonly requestIds: readonly string[];
    readonly instances: readonly string[];
  }[];
  readonly instances: readonly {
    readonly instance: string;
    readonly fate: InstanceFate;
    readonly requestId: string | null;
    readonly destination: string | null;
    readonly operations: readonly OperationRecord[];
  }[];
  readonly returned: {
    readonly time: string | null;
    readonly started: string | null;
    readonly cleanups: readonly {
      readonly time: string | null;
      readonly instance: string | null;
      readonly requestId: string | null;
      readonly message: string;
      readonly failed: boolean;
    }[];
    readonly problems: readonly string[];
  } | null;
  readonly volumes: readonly InstanceVolumes[];
  readonly volumeBackendOnHost: boolean | null;
  readonly volumeBackends: readonly string[];
  readonly unknown: readonly string[];
}

export interface HostRecordDocument {
  readonly incidents: readonly HostIncidentRecord[];
  readonly warnings: readonly string[];
}
