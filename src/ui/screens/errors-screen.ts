// Every error, grouped by message template with counts (the most frequent first); Enter lists a group's errors,
// Enter again opens one, o goes to the operation it belongs to.

import { where } from '../../format/hosts.js';
import { headline } from '../../model/entry.js';
import { errorsBodyRows, frameColumns, frameRows } from '../layout.js';
import type { Line } from '../line.js';
import { cut, fit, safe, selected } from '../line.js';
import type { UiModel } from '../model.js';
import { LINES_PENDING, requestIndex } from '../model.js';
import { operationDuration } from '../../format/duration.js';
import type { ErrorGroup } from '../errors.js';
import { errorGroups } from '../errors.js';
import type { View, ViewState } from '../view-state.js';
import { groupOf } from '../view-state.js';
import { footer, padTo, shortTime } from './common.js';
import { markOf } from '../theme.js';

const n = (count: number): string => count.toLocaleString('en-US');

export function errorsScreen(model: UiModel, view: View & { kind: 'errors' }, state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const groups = errorGroups(model);
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  const inOps = groups.reduce((sum, g) => sum + g.inOperations, 0);
  const height = errorsBodyRows(state.size);
  // Narrow: the place gives way to the message.
  const placeWidth = columns >= 100 ? 20 : 0;
  const body: Line[] = [];
  const { top, selected: sel } = view.cursor;
  for (let i = top; i < Math.min(groups.length, top + height); i++) {
    const g = groups[i] as ErrorGroup;
    const head = `${n(g.count).padStart(7)} ${String(g.inOperations === 0 ? '-' : n(g.inOperations)).padStart(6)}  ${fit(g.first === null ? '-' : shortTime(g.first), 14)}  ${placeWidth > 0 ? `${fit(safe(g.where), placeWidth)}  ` : ''}`;
    const line: Line = [{ text: head }, { text: cut(safe(g.template), Math.max(1, columns - head.length)), color: 'red' }];
    body.push(i === sel ? selected(line) : line);
  }
  if (groups.length === 0) body.push([{ text: '(no error in these logs)', dim: true }]);
  return [
    // A kept analysis listed before its operations' lines: their errors are not counted yet, and the title says so.
    [{ text: cut(model.linesPending ? `errors: ${n(groups.length)} kinds, ${n(total)} in all so far · ${LINES_PENDING}`
      : `errors: ${n(groups.length)} kinds, ${n(total)} in all, ${n(inOps)} in operations`, columns), bold: true }],
    [{ text: cut(`${'COUNT'.padStart(7)} ${'IN OPS'.padStart(6)}  ${fit('FIRST', 14)}  ${placeWidth > 0 ? `${fit('WHERE', placeWidth)}  ` : ''}MESSAGE (variable parts as <n>, <uuid>, ...)`, columns), bold: true }],
    ...padTo(body, height),
    footer('errors', columns, state.notice),
  ].slice(0, frameRows(state.size));
}

/** One group's errors, in time order: when, where, the operation each belongs to, the message. */
export function membersScreen(model: UiModel, view: View & { kind: 'members' }, state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const group = groupOf(model, view.group);
  const height = errorsBodyRows(state.size);
  const members = group?.members ?? [];
  const body: Line[] = [];
  const { top, selected: sel } = view.cursor;
  // Wide: the operation as the list names it (outcome, type, instance, duration, short request ID).
  const wide = columns >= 140;
  const opWidth = wide ? 48 : 24;
  const ids = requestIndex(model);
  // Narrow: the place gives way to the message (the entry says it).
  const placeWidth = columns >= 100 ? 20 : 0;
  for (let i = top; i < Math.min(members.length, top + height); i++) {
    const m = members[i] as ErrorGroup['members'][number];
    const op = m.op === null ? undefined : model.byId.get(m.op);
    const request = op?.requestIds[0];
    const opText = op === undefined ? '-'
      : `${markOf(op.outcome, model.states?.get(op.id) ?? null).symbol} ${op.type} ${op.instance?.slice(0, 8) ?? ''}${wide ? `  ${operationDuration(op)}${request === undefined ? '' : `  ${ids.shorten(request)}`}` : ''}`;
    const place = placeWidth > 0 ? `${fit(safe(where(m.entry.service, m.entry.host)), placeWidth)}  ` : '';
    const head = `${fit(m.entry.time === null ? '-' : shortTime(m.entry.time), 14)}  ${place}${fit(safe(opText), opWidth)}  `;
    const line: Line = [{ text: head }, { text: cut(safe(headline(m.entry).text), Math.max(1, columns - head.length)), color: 'red' }];
    body.push(i === sel ? selected(line) : line);
  }
  const kept = group === undefined || members.length === group.count ? '' : `  (${n(members.length)} of ${n(group.count)} kept: errors of no operation keep their first 50)`;
  if (members.length === 0) body.push([{ text: model.linesPending ? `(${LINES_PENDING})` : '(none of these errors was kept)', dim: true }]);
  return [
    [{ text: cut(safe(`${n(group?.count ?? 0)} × ${view.group}`), columns), bold: true }],
    [{ text: cut(`${fit('TIME', 14)}  ${placeWidth > 0 ? `${fit('WHERE', placeWidth)}  ` : ''}${fit('OPERATION', opWidth)}  MESSAGE${kept}`, columns), bold: true }],
    ...padTo(body, height),
    footer('members', columns, state.notice),
  ].slice(0, frameRows(state.size));
}
