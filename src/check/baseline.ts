// A previous run's report (`check --format json` or `analyze --json`: both list their operations) -> the median
// duration of each operation type's succeeded operations, to compare this run against.

import type { Operation } from '../model/operation.js';
import { readList, readObject } from './fields.js';
import { median } from './percentile.js';
import { RuleError } from './rule-error.js';

export interface TypeMedian {
  readonly medianMs: number;
  readonly count: number;
}

export type Baseline = ReadonlyMap<string, TypeMedian>;

/** Durations of succeeded operations per type: failures and refusals take times that say nothing of speed. */
export function succeededDurations(ops: readonly Pick<Operation, 'type' | 'outcome' | 'start' | 'end'>[]): Map<string, number[]> {
  const byType = new Map<string, number[]>();
  for (const op of ops) {
    if (op.outcome !== 'succeeded') continue;
    const list = byType.get(op.type) ?? [];
    list.push(op.end - op.start);
    byType.set(op.type, list);
  }
  return byType;
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
  const durations = new Map<string, number[]>();
  readList(report['operations'], ['operations']).forEach((item, i) => {
    const op = readObject(item, ['operations', i]);
    const { type, outcome, durationMs } = op;
    if (typeof type !== 'string') throw new RuleError(['operations', i, 'type'], 'expected a string');
    if (typeof durationMs !== 'number' || !Number.isFinite(durationMs)) throw new RuleError(['operations', i, 'durationMs'], 'expected a number');
    if (outcome !== 'succeeded') return;
    const list = durations.get(type) ?? [];
    list.push(durationMs);
    durations.set(type, list);
  });
  return mediansOf(durations);
}
