// Outcome marks and level colors. The mark alone says the outcome, so NO_COLOR (or a terminal without color)
// loses nothing.

import type { Outcome } from '../model/operation.js';
import type { LiveState } from '../model/live.js';
import type { Color } from './line.js';
import { OUTCOME_COLOR } from '../format/paint.js';

// Levels are coloured as every text output colours them.
export { levelColor } from '../format/paint.js';

export const OUTCOME_MARK: Readonly<Record<Outcome, { readonly symbol: string; readonly color: Color }>> = {
  succeeded: { symbol: '✓', color: OUTCOME_COLOR.succeeded },
  failed: { symbol: '✗', color: OUTCOME_COLOR.failed },
  rejected: { symbol: '⊘', color: OUTCOME_COLOR.rejected },
  incomplete: { symbol: '…', color: OUTCOME_COLOR.incomplete },
};

/** Live following: how an operation not yet finished shows in place of its outcome. */
export const LIVE_MARK = {
  'in-progress': { symbol: '◌', color: 'cyan', label: 'running' },
  stalled: { symbol: '‖', color: 'yellow', label: 'stalled' },
} as const satisfies Readonly<Record<string, { readonly symbol: string; readonly color: Color; readonly label: string }>>;

/** The mark and word a list row or a title shows for an operation: its live state until it is finished. */
export function markOf(outcome: Outcome, state: LiveState | null): { readonly symbol: string; readonly color: Color; readonly label: string } {
  if (state === 'in-progress' || state === 'stalled') return LIVE_MARK[state];
  return { ...OUTCOME_MARK[outcome], label: outcome };
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colors off. */
export function colorsEnabled(env: NodeJS.ProcessEnv): boolean {
  return (env['NO_COLOR'] ?? '') === '';
}
