// `novatrace trace`: an operation's waterfall of phases drawn to scale, then every entry with its offset,
// service@host, level, code location and message; errors with their tracebacks in full.

import type { LogEntry } from '../model/entry.js';
import type { Operation } from '../model/operation.js';
import { formatIso } from '../parse/time.js';
import { formatDuration, hostsText } from './analyze-text.js';
import { escapeControl } from './escape.js';

const BAR = 40;

export function where(service: string, host: string | null): string {
  return host === null ? service : `${service}@${host}`;
}

/** A phase's or an error's service@host, an `other` one named by the service its file names (`n-net`). */
export function componentWhere(x: { readonly service: string; readonly component: string | null; readonly host: string | null }): string {
  return where(x.component ?? x.service, x.host);
}

/** Width of the waterfall's label column: the bars start 4 characters after it. */
export function waterfallLabelWidth(op: Operation): number {
  return Math.max(...op.phases.map((p) => escapeControl(componentWhere(p)).length), 5);
}

export function formatWaterfall(op: Operation, width = BAR): string[] {
  const span = Math.max(1, op.end - op.start);
  const labelWidth = waterfallLabelWidth(op);
  const cellFrom = (t: number): number => Math.min(width - 1, Math.floor(((t - op.start) / span) * width));
  const cellTo = (t: number, from: number): number => Math.max(from + 1, Math.min(width, Math.ceil(((t - op.start) / span) * width)));
  return op.phases.map((p) => {
    const label = escapeControl(componentWhere(p)).padEnd(labelWidth);
    // A phase of nothing but what followed the last step (an evacuated host's clean-up when it starts again).
    if (p.start > op.end) return `  ${label} |${' '.repeat(width)}|» at +${formatDuration(p.start - op.start)}, after its last step`;
    const from = cellFrom(p.start);
    const to = cellTo(p.end, from);
    // `#` where its lines are, `-` where it was quiet for more than SPAN_GAP_MS and a cell or more.
    const cells = Array.from({ length: width }, (_, c): string => (c >= from && c < to ? '-' : ' '));
    for (const s of p.spans) {
      const a = Math.max(from, Math.min(to - 1, cellFrom(s.start)));
      for (let c = a; c < Math.min(to, cellTo(s.end, a)); c++) cells[c] = '#';
    }
    const bar = cells.join('');
    const wait = p.waitMs === null ? '' : p.waitMs >= 0 ? `  wait ${formatDuration(p.waitMs)}` : '  overlaps';
    return `  ${label} |${bar}| ${formatDuration(p.end - p.start).padStart(8)} at +${formatDuration(p.start - op.start)}${wait}`;
  });
}

function entryLines(op: Operation, e: LogEntry): string[] {
  const offset = e.time === null ? '        ' : `+${((e.time - op.start) / 1000).toFixed(3)}s`;
  const loc = e.location ? ` ${e.location.file.replace(/^.*\/(nova|oslo_\w+)\//, '$1/')}:${e.location.line} ${e.location.func}` : '';
  const head = `  ${offset.padStart(10)}  ${escapeControl(where(e.service, e.host)).padEnd(18)} ${(e.level ?? '-').padEnd(7)} ${escapeControl(e.logger ?? '-')}${escapeControl(loc)}`;
  const lines = [head, `      ${escapeControl(e.message)}`];
  for (const c of e.continuation) lines.push(`      ${escapeControl(c)}`);
  return lines;
}

export function formatTrace(op: Operation): string {
  const out: string[] = [];
  const title = op.variant ? `${op.type} (${op.variant})` : op.type;
  const why = op.outcomeReason === null ? '' : ` (${op.outcomeReason})`;
  out.push(`${title} of ${op.instance ?? 'no instance'}: ${op.outcome}${why}${op.httpStatus === null ? '' : ` (HTTP ${op.httpStatus})`}, ${formatDuration(op.end - op.start)}`);
  out.push(`  ${formatIso(op.start, 3)} .. ${formatIso(op.end, 3)}  requests ${escapeControl(op.requestIds.join(' '))}  hosts ${escapeControl(hostsText(op))}`);
  out.push('');
  out.push(...formatWaterfall(op));
  if (op.events.length > 0) {
    out.push('');
    out.push('  key events:');
    // Columns as wide as their widest cell: `+9.9s` and `+10.5s`, `claim` and `migration-progress` line up.
    const offsets = op.events.map((ev) => `+${((ev.time - op.start) / 1000).toFixed(3)}s`);
    const offsetWidth = Math.max(...offsets.map((o) => o.length));
    const nameWidth = Math.max(14, ...op.events.map((ev) => ev.name.length));
    op.events.forEach((ev, i) => {
      // A lifecycle event after the last step (libvirt's VM Stopped comes 15 s late) is shown, but ends nothing.
      const after = ev.time > op.end ? '  (after its last step)' : '';
      out.push(`    ${(offsets[i] as string).padStart(offsetWidth)}  ${ev.name.padEnd(nameWidth)} ${escapeControl(where(ev.service, ev.host))}  ${escapeControl(ev.message.slice(0, 120))}${after}`);
    });
  }
  if (op.error) {
    out.push('');
    out.push(`  error (${escapeControl(where(op.error.service, op.error.host))}, ${escapeControl(op.error.file)}:${op.error.line}): ${escapeControl(op.error.message)}`);
    for (const t of op.error.traceback) out.push(`    ${escapeControl(t)}`);
  }
  if (op.entries) {
    out.push('');
    out.push(`  entries (${op.entries.length}):`);
    for (const e of op.entries) out.push(...entryLines(op, e));
  }
  return out.join('\n');
}
