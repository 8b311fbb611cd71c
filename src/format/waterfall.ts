// An operation's phases drawn to scale, one row each: `#` where the service's lines are, `-` where it was quiet,
// with each phase's duration, start offset and wait. trace prints it; the terminal UI's timeline shows it.

import type { Operation } from '../model/operation.js';
import { formatDuration } from './duration.js';
import { escapeControl } from './escape.js';
import { componentWhere } from './hosts.js';

const BAR = 40;

/** Width of the waterfall's label column: the bars start 4 characters after it. */
export function waterfallLabelWidth(op: Operation): number {
  return Math.max(...op.phases.map((p) => escapeControl(componentWhere(p)).length), 5);
}

export function formatWaterfall(op: Operation, width = BAR): string[] {
  const span = Math.max(1, op.end - op.start);
  const labelWidth = waterfallLabelWidth(op);
  const cellFrom = (t: number): number => Math.min(width - 1, Math.floor(((t - op.start) / span) * width));
  const cellTo = (t: number, from: number): number => Math.max(from + 1, Math.min(width, Math.ceil(((t - op.start) / span) * width)));
  // No times (message-only logs): which services and hosts took part, and how many lines each, without a scale.
  if (!op.timed) return op.phases.map((p) => `  ${escapeControl(componentWhere(p)).padEnd(labelWidth)} |${' '.repeat(width)}| ${p.entries} line${p.entries === 1 ? '' : 's'}, times unknown`);
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
