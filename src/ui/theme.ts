// Outcome marks and level colors. The mark alone says the outcome, so NO_COLOR (or a terminal without color)
// loses nothing.

import type { Level } from '../model/entry.js';
import type { Outcome } from '../model/operation.js';
import type { Color } from './line.js';

export const OUTCOME_MARK: Readonly<Record<Outcome, { readonly symbol: string; readonly color: Color }>> = {
  succeeded: { symbol: '✓', color: 'green' },
  failed: { symbol: '✗', color: 'red' },
  rejected: { symbol: '⊘', color: 'magenta' },
  incomplete: { symbol: '…', color: 'yellow' },
};

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
