// A previous run's report (`check --format json` or `analyze --json`: both list their operations) -> the median
// duration of each operation type's succeeded operations, to compare this run against.

import type { Operation } from '../model/operation.js';
import { readList, readObject } from './fields.js';
import { groupBy } from './group-by.js';
import { median } from './percentile.js';
import { RuleError } from './rule-error.js';

export interface TypeMedian {
  readonly medianMs: number;
  readonly count: number;
}

export type Baseline = ReadonlyMap<string, TypeMedian>;

/** Durations of succeeded operations per type: failures and refusals take times that say nothing of speed. */
export function succeededDurations(ops: readonly Pick<Operation, 'type' | 'outcome' | 'start' | 'end' | 'timed'>[]): Map<string, number[]> {
  return durationsByType(ops.filter((op) => op.timed).map((op) => ({ type: op.type, outcome: op.outcome, ms: op.end - op.start })));
}

function durationsByType(ops: readonly { type: string; outcome: string; ms: number }[]): Map<string, number[]> {
  const byType = groupBy(ops, (op) => (op.outcome === 'succeeded' ? op.type : null));
  return new Map([...byType].map(([type, list]) => [type, list.map((op) => op.ms)]));
}

export function mediansOf(durations: ReadonlyMap<string, readonly number[]>): Map<string, TypeMedian> {
  const out = new Map<string, TypeMedian>();
  for (const [type, list] of durations) {
    const m = median(list);
    if (m !== null) out.set(type, { medianMs: m, count: list.length });
  }
  return out;
}

/** Throws a RuleError naming the field when the document is not such a report. */
export function readBaseline(data: unknown): Baseline {
  const report = readObject(data, []);
  if (report['operations'] === undefined) {
    throw new RuleError(['operations'], 'missing: not a `novatrace check --format json` or `analyze --json` report');
  }
  const ops = readList(report['operations'], ['operations']).flatMap((item, i) => {
    const { type, outcome, durationMs } = readObject(item, ['operations', i]);
    if (typeof type !== 'string') throw new RuleError(['operations', i, 'type'], 'expected a string');
    // An operation whose lines had no times (`timed: false`) has no duration to compare.
    if (durationMs === null) return [];
    if (typeof durationMs !== 'number' || !Number.isFinite(durationMs)) throw new RuleError(['operations', i, 'durationMs'], 'expected a number');
    return [{ type, outcome: String(outcome), ms: durationMs }];
  });
  return mediansOf(durationsByType(ops));
}
