// `budgets`: how long succeeded operations of a type (or one service's part of them) may take, as a maximum or a
// percentile. Over `max`, each slow operation is a finding; over a percentile, the percentile is.

import type { Service } from '../../model/entry.js';
import type { Operation } from '../../model/operation.js';
import { formatDuration } from '../../format/duration.js';
import { lastLine } from '../operation-location.js';
import { percentile } from '../percentile.js';
import type { Budget } from '../rules.js';
import type { CheckContext, RuleDraft } from './context.js';

/** The operation's duration, or from the first to the last line of that service's phases in it (null: none). */
function measure(op: Operation, service: Service | null): number | null {
  if (!op.timed) return null;
  if (service === null) return op.end - op.start;
  const phases = op.phases.filter((p) => p.service === service);
  if (phases.length === 0) return null;
  return Math.max(...phases.map((p) => p.end)) - Math.min(...phases.map((p) => p.start));
}

function evaluate(ctx: CheckContext, b: Budget): RuleDraft {
  const measured = ctx.operations
    .filter((op) => op.type === b.type && op.outcome === 'succeeded')
    .map((op) => ({ op, ms: measure(op, b.service) }))
    .filter((m): m is { op: Operation; ms: number } => m.ms !== null);
  const base = { id: `budget.${b.key}.${b.stat}`, kind: 'budget' as const, title: `${b.key} ${b.stat} <= ${formatDuration(b.limitMs)}` };
  const phase = b.service === null ? '' : ` (${b.service} phase)`;
  const value = percentile(measured.map((m) => m.ms), b.percentile);
  if (value === null) return { ...base, detail: `no succeeded ${b.type}${phase} to measure`, findings: [] };
  const over = `${measured.length} succeeded ${b.type}${measured.length === 1 ? '' : 's'}${phase}`;
  const detail = `${b.stat} ${formatDuration(value)} over ${over}`;
  if (b.percentile === 100) {
    const slow = measured.filter((m) => m.ms > b.limitMs);
    return {
      ...base, detail,
      findings: slow.map(({ op, ms }) => ({
        message: `${b.service === null ? '' : `${b.service} phase `}took ${formatDuration(ms)}, over its max of ${formatDuration(b.limitMs)}`,
        operation: op, location: lastLine(op, b.service), known: [],
      })),
    };
  }
  return {
    ...base, detail,
    findings: value <= b.limitMs ? [] : [{ message: `${b.stat} of ${over} is ${formatDuration(value)}, over ${formatDuration(b.limitMs)}`, operation: null, location: null, known: [] }],
  };
}

export function budgets(ctx: CheckContext): RuleDraft[] {
  return ctx.rules.budgets.map((b) => evaluate(ctx, b));
}
