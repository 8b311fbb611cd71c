// Errors that belong to no operation, grouped by message (numbers and UUIDs aside), most frequent first.

import { componentWhere } from '../../format/hosts.js';
import { errorsBodyRows, frameColumns, frameRows } from '../layout.js';
import type { Line } from '../line.js';
import { cut, fit, safe, selected } from '../line.js';
import type { UiModel } from '../model.js';
import type { View, ViewState } from '../view-state.js';
import { footer, padTo, shortTime } from './common.js';

export function errorsScreen(model: UiModel, view: View & { kind: 'errors' }, state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const total = model.unattached.reduce((n, u) => n + u.count, 0);
  const height = errorsBodyRows(state.size);
  const body: Line[] = [];
  const { top, selected: sel } = view.cursor;
  for (let i = top; i < Math.min(model.unattached.length, top + height); i++) {
    const u = model.unattached[i] as UiModel['unattached'][number];
    const head = `${String(u.count).padStart(6)}  ${fit(u.time === null ? '-' : shortTime(u.time), 14)}  ${fit(safe(componentWhere(u)), 20)}  `;
    const line: Line = [{ text: head }, { text: cut(safe(u.message), Math.max(1, columns - head.length)), color: 'red' }];
    body.push(i === sel ? selected(line) : line);
  }
  if (model.unattached.length === 0) body.push([{ text: '(no error outside operations)', dim: true }]);
  return [
    [{ text: cut(`errors outside operations: ${model.unattached.length} distinct, ${total} in all`, columns), bold: true }],
    [{ text: cut(`${'COUNT'.padStart(6)}  ${fit('FIRST', 14)}  ${fit('WHERE', 20)}  MESSAGE`, columns), bold: true }],
    ...padTo(body, height),
    footer('errors', columns, state.notice),
  ].slice(0, frameRows(state.size));
}
