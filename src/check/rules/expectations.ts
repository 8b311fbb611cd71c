// `expect`: each listed operation type occurs as often as the count expression says, with the outcomes named.
// A shortfall that operations failing with known bugs make up for is explained by those bugs.

import type { KnownBug } from '../../model/finding.js';
import { countHolds, formatCount } from '../count-expression.js';
import type { CheckContext, RuleDraft } from './context.js';

export function expectations(ctx: CheckContext): RuleDraft[] {
  return ctx.rules.expect.map((e) => {
    const ofType = ctx.operations.filter((op) => op.type === e.type);
    const matching = e.outcomes === null ? ofType : ofType.filter((op) => e.outcomes?.includes(op.outcome));
    const wanted = e.outcomes === null ? e.type : `${e.outcomes.join(' or ')} ${e.type}`;
    const title = `${wanted}: count ${formatCount(e.count)}`;
    const detail = `${matching.length} ${wanted} of ${ofType.length} ${e.type} operation${ofType.length === 1 ? '' : 's'}`;
    if (countHolds(e.count, matching.length)) return { id: `expect.${e.type}`, kind: 'expect', title, detail, findings: [] };
    const others = ofType.filter((op) => !matching.includes(op));
    const explained = others.map((op) => ctx.knownForOperation(op)).filter((bugs) => bugs.length > 0);
    const known: KnownBug[] = countHolds(e.count, matching.length + explained.length) ? explained.flat() : [];
    const byOutcome = others.length === 0 ? '' : ` (${others.map((op) => op.outcome).sort().join(', ')} besides)`;
    return {
      id: `expect.${e.type}`, kind: 'expect', title, detail,
      findings: [{ message: `expected ${formatCount(e.count)} ${wanted}, found ${matching.length}${byOutcome}`, operation: null, location: null, known }],
    };
  });
}
