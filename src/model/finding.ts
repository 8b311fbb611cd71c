// What `novatrace check` produces: per rule, whether it held and the findings that broke it, each with the
// operation and log line that show it and the known bugs that explain it.

import type { Operation } from './operation.js';

export const RULE_KINDS = ['input', 'expect', 'outcomes', 'budget', 'forbid', 'baseline', 'hosts'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface LogLocation {
  readonly file: string;
  readonly line: number;
}

/** A known-failure signature that matched: the bug and the signature file that says so. */
export interface KnownBug {
  readonly bug: string;
  readonly signature: string;
}

export interface Finding {
  /** One line: what is wrong (the operation, if any, is named by the renderers). */
  readonly message: string;
  readonly operation: Operation | null;
  readonly location: LogLocation | null;
  /** Empty: not explained by any signature. */
  readonly known: readonly KnownBug[];
}

/** passed: no finding; known: every finding explained by a known bug; failed: otherwise. */
export type RuleStatus = 'passed' | 'failed' | 'known';

export interface RuleResult {
  /** Stable and unique in a report: `outcomes`, `expect.boot`, `budget.boot.scheduler.p95`, `forbid`, `baseline.boot`, `hosts`. */
  readonly id: string;
  readonly kind: RuleKind;
  /** What the rule demands, in words. */
  readonly title: string;
  /** What was measured, in words (shown for passing rules too). */
  readonly detail: string;
  readonly findings: readonly Finding[];
  readonly status: RuleStatus;
}

export interface DurationStats {
  readonly count: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface CheckResult {
  readonly rules: readonly RuleResult[];
  readonly operations: readonly Operation[];
  /** Per operation type, over its succeeded operations. */
  readonly durations: ReadonlyMap<string, DurationStats>;
  readonly allowKnown: boolean;
  readonly exitCode: 0 | 1;
  /** Epoch ms of the first log entry read, null when none had a time. */
  readonly logStart: number | null;
}

/** A known rule fails the run unless --allow-known says it may not. */
export function failsRun(rule: RuleResult, allowKnown: boolean): boolean {
  return rule.status === 'failed' || (rule.status === 'known' && !allowKnown);
}

export function statusOf(findings: readonly Finding[]): RuleStatus {
  if (findings.length === 0) return 'passed';
  return findings.every((f) => f.known.length > 0) ? 'known' : 'failed';
}
