// A rules file, validated and compiled: what `novatrace check` holds a run to. Every section is optional; what a
// file leaves out takes the defaults, so the defaults are exactly what an empty rules file says.

import type { Level, Service } from '../model/entry.js';
import type { Outcome } from '../model/operation.js';
import type { OperationType } from '../operations/registry.js';
import type { CountExpression } from './count-expression.js';
import type { EntryPattern } from './entry-pattern.js';

/** `expect: {boot: {count: ">= 3", outcome: succeeded}}`: how many operations of a type, ending how. */
export interface Expectation {
  readonly type: OperationType;
  readonly count: CountExpression;
  /** Null: any outcome counts. */
  readonly outcomes: readonly Outcome[] | null;
}

/** One statistic of one budget key: `budgets: {boot.scheduler: {p95: 2s}}`. */
export interface Budget {
  /** As written: `boot` or `boot.scheduler`. */
  readonly key: string;
  readonly type: OperationType;
  /** Null: the whole operation; else the span of that service's phases in it. */
  readonly service: Service | null;
  /** `max`, `median` or `pNN` as written. */
  readonly stat: string;
  /** Percentile 0..100 (max is 100). */
  readonly percentile: number;
  readonly limitMs: number;
}

export interface ForbidRule {
  /** Services in which ERROR entries and tracebacks are forbidden; empty turns the rule off. */
  readonly services: readonly Service[];
  /** Entries at this level or worse are forbidden. */
  readonly level: Level;
  readonly tracebacks: boolean;
  /** `all`: everywhere in those services' logs; `operations`: only lines that belong to an operation. */
  readonly scope: 'all' | 'operations';
  readonly allow: readonly EntryPattern[];
}

export interface BaselineRule {
  readonly maxGrowthPercent: number;
  /** Growth smaller than this is never a failure (a median of 20 ms that becomes 30 ms is noise). */
  readonly minDeltaMs: number;
}

/** `input: {entries: ">= 1000", operations: ">= 5"}`: how much the run must hold for its checks to mean anything. */
export interface InputRule {
  readonly entries: CountExpression | null;
  readonly operations: CountExpression | null;
}

/**
 * `hosts: {evacuated: all}`: of every compute host that failed (went silent and had instances evacuated from it),
 * every instance was evacuated (`all`), or at least one was (`any`).
 */
export interface HostsRule {
  readonly evacuated: 'all' | 'any';
}

export type AllowKey = OperationType | '*';

export interface Rules {
  readonly input: InputRule;
  readonly expect: readonly Expectation[];
  /** Outcomes besides `succeeded` that do not fail the run, per type (`*`: every type). */
  readonly allow: ReadonlyMap<AllowKey, readonly Outcome[]>;
  readonly budgets: readonly Budget[];
  readonly forbid: ForbidRule;
  readonly baseline: BaselineRule;
  /** Null: host incidents are not checked (the default). */
  readonly hosts: HostsRule | null;
}

/** Allowed outcomes of an operation of this type: succeeded, the allow list and those an expectation names. */
export function allowedOutcomes(rules: Rules, type: string): ReadonlySet<Outcome> {
  const allowed = new Set<Outcome>(['succeeded', ...(rules.allow.get('*') ?? []), ...(rules.allow.get(type as OperationType) ?? [])]);
  for (const e of rules.expect) if (e.type === type) for (const o of e.outcomes ?? []) allowed.add(o);
  return allowed;
}
