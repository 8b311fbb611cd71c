// The keys of the view the help was opened from, as the key table lists them (the docs list every view's).

import type { ViewKind } from '../keys.js';
import { bindingsFor } from '../keys.js';
import { frameColumns, frameRows } from '../layout.js';
import type { Line } from '../line.js';
import { cut } from '../line.js';
import type { ViewState } from '../view-state.js';
import { currentKind } from '../view-state.js';
import { padTo } from './common.js';

const VIEW_NAMES: Readonly<Record<ViewKind, string>> = {
  list: 'the operations list', timeline: 'a timeline', detail: 'an entry', errors: 'the errors', members: 'an error group', host: 'a host failure',
};

export function helpScreen(state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const rows = frameRows(state.size);
  const view = currentKind(state);
  const lines: Line[] = [[{ text: cut(`keys in ${VIEW_NAMES[view]}`, columns), bold: true }], [{ text: '' }]];
  for (const b of bindingsFor(view)) {
    lines.push([{ text: `  ${b.label.padEnd(8)}`, bold: true }, { text: cut(b.description, Math.max(1, columns - 10)) }]);
  }
  lines.push([{ text: '' }], [{ text: 'any key closes this help; Ctrl-C quits from anywhere', dim: true }]);
  return padTo(lines, rows);
}
