// `novatrace analyze` as a table: one row per operation, totals per type and outcome, then errors that belong
// to no operation.

import type { Operation } from '../model/operation.js';
import { OUTCOMES } from '../model/operation.js';
import type { UnattachedError } from '../model/unattached-error.js';
import { formatIso } from '../format/time.js';
import { escapeControl } from '../format/escape.js';
import type { Color, Paint } from '../format/paint.js';
import { NO_PAINT, OUTCOME_COLOR, hostColor } from '../format/paint.js';
import { shortHost } from '../model/entry.js';
import { operationDuration } from '../format/duration.js';
import { hostsText } from '../format/hosts.js';
import { summarize } from './operation-json.js';
import type { Totals } from '../model/file-stats.js';
import type { HostIncident } from '../model/host-incident.js';
import { formatDuration } from '../format/duration.js';
import { incidentSummary } from './host-text.js';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The colour of each painted column of a row: the outcome, and the hosts in the colour of the first. */
function rowColors(op: Operation): readonly (Color | undefined)[] {
  const first = op.hosts[0] ?? op.source ?? undefined;
  return [undefined, undefined, undefined, OUTCOME_COLOR[op.outcome], undefined, undefined, first === undefined ? undefined : hostColor(shortHost(first))];
}

/** Each host incident as a row of its own kind, under the operations: `novatrace host <host>` tells the whole of it. */
function incidentRows(incidents: readonly HostIncident[]): string[] {
  const header = ['START', 'KIND', 'HOST', 'SPAN', 'INSTANCES', 'OUTCOME'];
  const rows = incidents.map((i) => [
    formatIso(i.start, 3), 'host-failure', escapeControl(i.host), formatDuration(i.end - i.start), String(i.instances.length), incidentSummary(i),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] as string).length)));
  const line = (cells: readonly string[]): string => `  ${cells.map((c, k) => (k === cells.length - 1 ? c : pad(c, widths[k] as number))).join('  ')}`;
  return ['', 'host failures (novatrace host <host> tells each):', line(header), ...rows.map(line)];
}

export function formatAnalyzeText(
  ops: readonly Operation[], unattached: readonly UnattachedError[], parse: Totals, incidents: readonly HostIncident[] = [], paint: Paint = NO_PAINT,
): string {
  const out: string[] = [];
  const header = ['START', 'TYPE', 'INSTANCE', 'OUTCOME', 'HTTP', 'DURATION', 'HOSTS', 'REQUEST'];
  const rows = ops.map((op) => [
    op.timed ? formatIso(op.start, 3) : '-',
    op.variant ? `${op.type} (${op.variant})` : op.type,
    op.instance ? op.instance.slice(0, 8) : '-',
    op.outcome,
    op.httpStatus === null ? '-' : String(op.httpStatus),
    operationDuration(op),
    escapeControl(hostsText(op)),
    escapeControl(op.requestIds[0] ?? '-'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[], colors: readonly (Color | undefined)[] = []): string =>
    cells.map((c, i) => paint.color(colors[i], c) + (i === cells.length - 1 ? '' : ' '.repeat(Math.max(0, (widths[i] as number) - c.length)))).join('  ');
  out.push(paint.bold(line(header)));
  rows.forEach((r, i) => out.push(line(r, rowColors(ops[i] as Operation))));
  if (ops.length === 0) out.push('(no operations)');

  const s = summarize(ops);
  out.push('');
  const apiErrors = s.apiErrors === 0 ? '' : `; nova-api answered ${s.apiErrors} other request${s.apiErrors === 1 ? '' : 's'} about their instances with an error`;
  out.push(`${s.total} operations: ${OUTCOMES.map((o) => paint.color(s.byOutcome[o] > 0 ? OUTCOME_COLOR[o] : undefined, `${s.byOutcome[o]} ${o}`)).join(', ')}${apiErrors}`);
  const typeWidth = Math.max(16, ...Object.keys(s.byType).map((t) => t.length));
  for (const [type, counts] of Object.entries(s.byType).sort(([a], [b]) => a.localeCompare(b))) {
    const parts = OUTCOMES.filter((o) => counts[o] > 0).map((o) => `${counts[o]} ${o}`);
    out.push(`  ${pad(type, typeWidth)} ${parts.join(', ')}`);
  }
  if (incidents.length > 0) out.push(...incidentRows(incidents));
  // What each incomplete one is waiting for: the table cannot say, and it decides what to look at next.
  const incomplete = ops.filter((op) => op.outcome === 'incomplete');
  if (incomplete.length > 0) {
    out.push('');
    out.push('incomplete:');
    for (const op of incomplete.slice(0, 20)) {
      out.push(`  ${op.timed ? formatIso(op.start, 3) : '-'}  ${op.type}  ${escapeControl(op.requestIds[0] ?? '-')}  ${op.outcomeReason ?? ''}`);
    }
    if (incomplete.length > 20) out.push(`  ... and ${incomplete.length - 20} more`);
  }
  if (unattached.length > 0) {
    out.push('');
    out.push('errors outside operations:');
    for (const u of unattached.slice(0, 20)) {
      const when = u.time === null ? '-' : formatIso(u.time, 3);
      out.push(`  ${String(u.count).padStart(4)}x  ${when}  ${escapeControl(u.component ?? u.service)}${u.host ? `@${escapeControl(u.host)}` : ''}  ${escapeControl(u.message.slice(0, 160))}`);
    }
    if (unattached.length > 20) out.push(`  ... and ${unattached.length - 20} more`);
  }
  out.push('');
  out.push(`parsed ${parse.files} files, ${parse.lines} lines: ${parse.entries} entries, ${parse.continuations} continuation, ${parse.noise} noise, ${parse.unparsed} unparsed`);
  return out.join('\n');
}
