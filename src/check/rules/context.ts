// What every rule evaluator reads: the run's operations and kept error entries, the rules, the baseline, and the
// known-bug lookups (signatures applied once per operation and per entry).

import type { KnownBug, RuleResult } from '../../model/finding.js';
import type { HostIncident } from '../../model/host-incident.js';
import type { Operation } from '../../model/operation.js';
import type { AttachedEntry } from '../attach-entries.js';
import type { Baseline } from '../baseline.js';
import type { Rules } from '../rules.js';

export interface CheckContext {
  readonly operations: readonly Operation[];
  /** Log entries parsed from the inputs (continuation lines and noise not counted). */
  readonly entriesRead: number;
  /** Compute hosts that failed and had instances evacuated from them. */
  readonly hostIncidents: readonly HostIncident[];
  readonly entries: readonly AttachedEntry[];
  /** Error entries past the bound, seen but not kept. */
  readonly dropped: number;
  readonly rules: Rules;
  readonly baseline: Baseline | null;
  /** Durations of succeeded operations, per type. */
  readonly durations: ReadonlyMap<string, readonly number[]>;
  knownForOperation(op: Operation): readonly KnownBug[];
  knownForEntry(entry: AttachedEntry): readonly KnownBug[];
}

/** A rule's result before its status is worked out from its findings. */
export type RuleDraft = Omit<RuleResult, 'status'>;

export type Evaluator = (ctx: CheckContext) => RuleDraft[];
