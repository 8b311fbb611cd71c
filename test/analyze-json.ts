// The `analyze --json` and `trace --json` documents as the tests read them (README.md, "analyze --json").

export type OutcomeJson = 'succeeded' | 'failed' | 'rejected' | 'incomplete';

export interface PhaseJson {
  readonly service: string;
  readonly host: string | null;
  readonly component: string | null;
  readonly start: string;
  readonly end: string;
  readonly durationMs: number;
  readonly waitMs: number | null;
  readonly entries: number;
  readonly spans: readonly { readonly start: string; readonly end: string; readonly durationMs: number }[];
}

export interface KeyEventJson {
  readonly time: string;
  readonly service: string;
  readonly host: string | null;
  readonly name: string;
  readonly message: string;
}

export interface ErrorJson {
  readonly time: string | null;
  readonly service: string;
  readonly host: string | null;
  readonly message: string;
  readonly traceback: readonly string[];
}

export interface EntryJson {
  readonly service: string;
  readonly host: string | null;
  readonly requestId: string | null;
  readonly instance: string | null;
  readonly message: string;
}

export interface OperationJson {
  readonly id: string;
  readonly type: string;
  readonly variant: string | null;
  readonly instance: string | null;
  readonly requestIds: readonly string[];
  readonly user: string | null;
  readonly project: string | null;
  readonly start: string;
  readonly end: string;
  readonly durationMs: number;
  readonly outcome: OutcomeJson;
  readonly outcomeReason: string | null;
  readonly httpStatus: number | null;
  readonly hosts: readonly string[];
  readonly selected: string | null;
  readonly source: string | null;
  readonly destination: string | null;
  readonly phases: readonly PhaseJson[];
  readonly events: readonly KeyEventJson[];
  readonly error: ErrorJson | null;
}

export interface AnalyzeJson {
  readonly operations: readonly OperationJson[];
  readonly summary: {
    readonly total: number;
    readonly byOutcome: Record<OutcomeJson, number>;
    readonly byType: Record<string, Record<OutcomeJson, number>>;
  };
  readonly unattached: readonly {
    readonly time: string | null;
    readonly service: string;
    readonly host: string | null;
    readonly component: string | null;
    readonly message: string;
    readonly count: number;
  }[];
  /** What was said on stderr about the inputs and the analysis. */
  readonly warnings: readonly string[];
}

export interface TraceJson {
  readonly operations: ReadonlyArray<OperationJson & { readonly entries: readonly EntryJson[] }>;
}
