// A failed compute host (H from an operation of it): what `novatrace host` prints, one line per row, scrolled like
// the other views; Enter on an instance's row opens its evacuation. Too narrow for the instances' rows, the IDs and
// times of every line shorten alike (so that the columns stay aligned); what still does not fit is cut.

import type { HostIncident, InstanceFate } from '../../model/host-incident.js';
import type { IncidentLine } from '../../format/host-incident.js';
import { frameColumns, frameRows, hostBodyRows } from '../layout.js';
import type { Color, Line } from '../line.js';
import { cut, safe, selected } from '../line.js';
import type { UiModel } from '../model.js';
import { hostLines } from '../host-incidents.js';
import type { View, ViewState } from '../view-state.js';
import { incidentRows } from '../view-state.js';
import { footer, padTo, rule } from './common.js';

const OUTCOME_COLOR: Readonly<Record<HostIncident['outcome'], Color>> = { 'all-evacuated': 'green', 'some-failed': 'red', none: 'yellow' };
const FATE_COLOR: Readonly<Record<InstanceFate, Color>> = {
  evacuated: 'green', failed: 'red', incomplete: 'yellow', refused: 'red', 'not-evacuated': 'yellow', deleted: 'gray',
};

const UUID = /\b(req-)?([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const ISO = /\b\d{4}-\d{2}-\d{2}T(\d{2}:\d{2}:\d{2}\.\d{3})Z\b/g;

/** Request IDs and UUIDs to their first 8 characters, times without their date (the title's span keeps it). */
export function compact(text: string): string {
  return text.replace(UUID, (_m, req: string | undefined, head: string) => `${req ?? ''}${head}`).replace(ISO, '$1');
}

/** Whether the screen is too narrow for an instance's row whole: then every line is compacted. */
function narrow(rows: readonly IncidentLine[], columns: number): boolean {
  return rows.some((r) => r.instance !== undefined && safe(r.text).length > columns);
}

function colorOf(line: IncidentLine): Color | undefined {
  if (line.fate !== undefined) return FATE_COLOR[line.fate];
  return /clean-up FAILED|^ {4}problem:/.test(line.text) ? 'red' : undefined;
}

export function hostScreen(model: UiModel, view: View & { kind: 'host' }, state: ViewState): Line[] {
  const columns = frameColumns(state.size);
  const incident = model.hostIncidents[view.incident];
  const rows = incidentRows(model, view);
  const height = hostBodyRows(state.size);
  const { top, selected: sel } = view.cursor;
  const short = narrow(rows, columns);
  const body: Line[] = [];
  for (let i = top; i < Math.min(rows.length, top + height); i++) {
    const row = rows[i] as IncidentLine;
    const text = cut(short ? compact(safe(row.text)) : safe(row.text), columns);
    // Section titles (`  instances:`) stand out; blank lines stay blank.
    const heading = /^ {2}\S.*:$/.test(row.text) || row.text.startsWith('  returned:');
    const color = colorOf(row);
    const line: Line = [{ text: text === '' ? ' ' : text, ...(color === undefined ? {} : { color }), ...(heading ? { bold: true } : {}) }];
    body.push(i === sel ? selected(line) : line);
  }
  const title = incident === undefined ? 'this host failure is no longer kept' : (hostLines(incident)[0]?.text ?? '');
  const last = Math.min(rows.length, top + height);
  return [
    [{ text: cut(safe(title), columns), bold: true, ...(incident === undefined ? {} : { color: OUTCOME_COLOR[incident.outcome] }) }],
    rule(`lines ${rows.length === 0 ? 0 : top + 1}-${last} of ${rows.length}  (Enter on an instance: its evacuation)`, columns),
    ...padTo(body, height),
    footer('host', columns, state.notice),
  ].slice(0, frameRows(state.size));
}
