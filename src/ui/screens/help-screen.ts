// Every key of the key table, with the views it works in.

import { KEY_TABLE } from '../keys.js';
import { frameColumns, frameRows } from '../layout.js';
import type { Line } from '../line.js';
import { cut } from '../line.js';
import type { ViewState } from '../view-state.js';
import { padTo } from './common.js';

export function helpScreen(state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const rows = frameRows(state.size);
  const lines: Line[] = [[{ text: 'keys', bold: true }], [{ text: '' }]];
  for (const b of KEY_TABLE) {
    const views = b.views.length === 4 ? 'everywhere' : b.views.join(', ');
    lines.push([{ text: `  ${b.label.padEnd(8)}`, bold: true }, { text: cut(`${b.description.padEnd(52)} ${views}`, Math.max(1, columns - 10)) }]);
  }
  lines.push([{ text: '' }], [{ text: 'any key closes this help', dim: true }]);
  return padTo(lines, rows);
}
