// Types of bench/live-replay.mjs for the corpus tests that use it (test/corpus/live-offline.test.ts).

export interface Essentials {
  readonly id: string;
  readonly type: string;
  readonly variant: string | null;
  readonly instance: string | null;
  readonly requestIds: readonly string[];
  readonly outcome: string | null;
  readonly outcomeReason: string | null;
  readonly start: string;
  readonly end: string;
  readonly hosts: readonly string[];
  readonly source: string | null;
  readonly destination: string | null;
}

export interface Lag {
  readonly id: string;
  readonly lag: number;
}

export interface ReplayResult {
  readonly code: number | null;
  readonly stderr: string;
  readonly live: readonly Essentials[];
  readonly expected: readonly Essentials[];
  readonly started: number;
  readonly lags: { readonly outcome: readonly Lag[]; readonly quiet: readonly Lag[]; readonly other: readonly Lag[] };
  readonly stopped: { readonly lines: number } & Record<string, unknown>;
  readonly written: number;
  /** follow's `late` warnings: entries that came older than ones it had analyzed. */
  readonly late: readonly string[];
  readonly events: readonly Record<string, unknown>[];
}

export interface ReplayOptions {
  /** 0: every file written whole at once; else gaps divided by it. */
  readonly speed: number;
  readonly maxGapMs?: number;
  readonly settleMs?: number;
  readonly followArgs?: readonly string[];
  /** Write the files before follow starts, and follow them --from-start. */
  readonly fromStart?: boolean;
}

export function replaySet(inputs: readonly string[], options: ReplayOptions): Promise<ReplayResult>;
export function differences(live: readonly Essentials[], expected: readonly Essentials[]): Record<string, unknown>[];
