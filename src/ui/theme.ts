// Outcome marks and level colors. The mark alone says the outcome, so NO_COLOR (or a terminal without color)
// loses nothing.

import type { Level } from '../model/entry.js';
import type { Outcome } from '../model/operation.js';
import type { LiveState } from '../model/live.js';
import type { Color } from './line.js';

export const OUTCOME_MARK: Readonly<Record<Outcome, { readonly symbol: string; readonly color: Color }>> = {
  succeeded: { symbol: '✓', color: 'green' },
  failed: { symbol: '✗', color: 'red' },
  rejected: { symbol: '⊘', color: 'magenta' },
  incomplete: { symbol: '…', color: 'yellow' },
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

export function levelColor(level: Level | null): Color | undefined {
  switch (level) {
    case 'ERROR':
    case 'TRACE':
    case 'CRITICAL':
      return 'red';
    case 'WARNING':
      return 'yellow';
    case 'DEBUG':
      return 'gray';
    default:
      return undefined;
  }
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colors off. */
export function colorsEnabled(env: NodeJS.ProcessEnv): boolean {
  return (env['NO_COLOR'] ?? '') === '';
}
