// Every operation succeeds, unless the rules allow its outcome for its type (`allow`, or an expectation that names
// it): one finding per operation that failed, was rejected or never finished.

import type { Operation } from '../../model/operation.js';
import { failureLocation } from '../operation-location.js';
import { allowedOutcomes } from '../rules.js';
import type { CheckContext, RuleDraft } from './context.js';

function reason(op: Operation): string {
  const status = op.httpStatus !== null && op.outcome === 'rejected' ? ` (HTTP ${op.httpStatus})` : '';
  if (op.error !== null) return `${op.outcome}${status}: ${op.error.message}`;
  return op.outcome === 'incomplete' ? 'incomplete: the logs end before it finishes' : `${op.outcome}${status}`;
}

export function outcomes(ctx: CheckContext): RuleDraft[] {
  const allowed = [...ctx.rules.allow].map(([type, list]) => `${type} ${list.join('/')}`);
  const title = `every operation succeeds${allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ''}`;
  const failing = ctx.operations.filter((op) => !allowedOutcomes(ctx.rules, op.type).has(op.outcome));
  const n = ctx.operations.length;
  return [{
    id: 'outcomes', kind: 'outcomes', title,
    detail: `${n - failing.length} of ${n} operation${n === 1 ? '' : 's'} ended as allowed`,
    findings: failing.map((op) => ({ message: reason(op), operation: op, location: failureLocation(op), known: ctx.knownForOperation(op) })),
  }];
}
