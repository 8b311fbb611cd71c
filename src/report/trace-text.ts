// `novatrace trace`: an operation's waterfall of phases drawn to scale, then every entry with its offset,
// service@host, level, code location and message; errors with their tracebacks in full.

import type { LogEntry } from '../model/entry.js';
import type { LineRef, Operation } from '../model/operation.js';
import { formatIso } from '../format/time.js';
import { formatDuration } from '../format/duration.js';
import { hostsText, where } from '../format/hosts.js';
import { formatWaterfall } from '../format/waterfall.js';
import { escapeControl } from '../format/escape.js';
import type { Paint } from '../format/paint.js';
import { NO_PAINT, OUTCOME_COLOR, hostColor, levelColor } from '../format/paint.js';
import { shortHost } from '../model/entry.js';

function entryLines(op: Operation, e: LogEntry, paint: Paint): string[] {
  const offset = e.time === null ? '        ' : `+${((e.time - op.start) / 1000).toFixed(3)}s`;
  const loc = e.location ? ` ${e.location.file.replace(/^.*\/(nova|oslo_\w+)\//, '$1/')}:${e.location.line} ${e.location.func}` : '';
  const at = escapeControl(where(e.service, e.host)).padEnd(18);
  const head = `  ${offset.padStart(10)}  ${e.host === null ? at : paint.color(hostColor(shortHost(e.host)), at)} `
    + `${paint.color(levelColor(e.level), (e.level ?? '-').padEnd(7))} ${escapeControl(e.logger ?? '-')}${escapeControl(loc)}`;
  const lines = [head, `      ${escapeControl(e.message)}`];
  for (const c of e.continuation) lines.push(`      ${escapeControl(c)}`);
  return lines;
}

/** Where each line is, one line each: the verdict can be checked against the raw file. */
function lineRefs(title: string, refs: readonly LineRef[]): string[] {
  if (refs.length === 0) return [];
  const out = ['', `  ${title}:`];
  for (const r of refs.slice(0, 20)) {
    out.push(`    ${escapeControl(r.file)}:${r.line}  ${escapeControl(where(r.service, r.host))}  ${r.level ?? '-'}  ${escapeControl(r.message.slice(0, 160))}`);
  }
  if (refs.length > 20) out.push(`    ... and ${refs.length - 20} more (trace --json lists them all)`);
  return out;
}

/** How trace prints: painted or not, and which of the operation's entries it lists (all by default). */
export interface TraceView {
  readonly paint?: Paint;
  readonly keep?: ((e: LogEntry) => boolean) | null;
  /** What `keep` keeps, in words (`--level WARNING`), for the entries' heading. */
  readonly narrowed?: string;
}

export function formatTrace(op: Operation, view: TraceView = {}): string {
  const paint = view.paint ?? NO_PAINT;
  const out: string[] = [];
  const title = op.variant ? `${op.type} (${op.variant})` : op.type;
  const why = op.outcomeReason === null ? '' : ` (${op.outcomeReason})`;
  out.push(`${title} of ${op.instance ?? 'no instance'}: ${paint.color(OUTCOME_COLOR[op.outcome], op.outcome)}${why}${op.httpStatus === null ? '' : ` (HTTP ${op.httpStatus})`}, ${op.timed ? formatDuration(op.end - op.start) : 'times unknown (its lines have no timestamps)'}`);
  out.push(`  ${op.timed ? `${formatIso(op.start, 3)} .. ${formatIso(op.end, 3)}` : 'in line order'}  requests ${escapeControl(op.requestIds.join(' '))}  hosts ${escapeControl(hostsText(op))}`);
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
  out.push(...lineRefs('failed on', op.failureEvidence), ...lineRefs('errors and warnings during it (not its verdict)', op.errorsDuring));
  if (op.entries) {
    out.push('');
    const keep = view.keep ?? null;
    const shown = keep === null ? op.entries : op.entries.filter(keep);
    out.push(keep === null ? `  entries (${op.entries.length}):`
      : `  entries (${shown.length} of ${op.entries.length}, ${view.narrowed ?? 'narrowed'}; ${op.entries.length - shown.length} hidden):`);
    for (const e of shown) out.push(...entryLines(op, e, paint));
  }
  return out.join('\n');
}
