// `input`: the run holds at least as many log entries and operations as the rules ask, so that a gate fed an empty
// file, an empty pipe or the wrong folder fails instead of passing on nothing.

import { countHolds, formatCount } from '../count-expression.js';
import type { CountExpression } from '../count-expression.js';
import type { CheckContext, RuleDraft } from './context.js';

function inputRule(what: 'entries' | 'operations', wanted: CountExpression, found: number): RuleDraft {
  const noun = what === 'entries' ? 'log entries' : 'operations';
  const detail = found === 1 ? `1 ${what === 'entries' ? 'log entry' : 'operation'}` : `${found} ${noun}`;
  const title = `${noun}: count ${formatCount(wanted)}`;
  const findings = countHolds(wanted, found) ? []
    : [{ message: `expected ${formatCount(wanted)} ${noun}, found ${found}`, operation: null, location: null, known: [] }];
  return { id: `input.${what}`, kind: 'input', title, detail, findings };
}

export function inputSize(ctx: CheckContext): RuleDraft[] {
  const { entries, operations } = ctx.rules.input;
  return [
    ...(entries === null ? [] : [inputRule('entries', entries, ctx.entriesRead)]),
    ...(operations === null ? [] : [inputRule('operations', operations, ctx.operations.length)]),
  ];
}
