// Operations -> one self-contained HTML page to attach to a ticket: the operations table (sorted and filtered in
// the page), each operation's waterfall drawn to scale with its key events, failure evidence and traceback, and
// the inputs and warnings. Every piece of log text goes through `html()`: log lines are hostile input.

import { createHash } from 'node:crypto';
import type { FileStats, Totals } from '../model/file-stats.js';
import type { LineRef, Operation, Phase } from '../model/operation.js';
import { OUTCOMES } from '../model/operation.js';
import type { UnattachedError } from '../model/unattached-error.js';
import { formatDuration, operationDuration } from '../format/duration.js';
import { escapeControl } from '../format/escape.js';
import { componentWhere, hostsText, where } from '../format/hosts.js';
import { formatIso } from '../format/time.js';
import { SCRIPT, STYLE } from './html-assets.js';

export interface HtmlReportInput {
  readonly operations: readonly Operation[];
  readonly unattached: readonly UnattachedError[];
  readonly files: readonly FileStats[];
  readonly totals: Totals;
  readonly warnings: readonly string[];
  /** When the page was made (epoch ms): given by the caller, so that the renderer stays pure. */
  readonly generated: number;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text -> HTML text or attribute value: markup characters as entities, control and invisible characters visible,
 * and a leading `:` as an entity too: a traceback line begins a line of the page (in its `<pre>`), and under GitHub
 * Actions a line of stdout that begins `::` would be read as a workflow command (`::add-mask::`, `::error::`).
 */
export function html(text: string): string {
  return escapeControl(text).replace(/[&<>"']/g, (c) => ENTITIES[c] as string).replace(/^(\s*):/, '$1&#58;');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing from the network, nothing but this page's own script and stylesheet. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; base-uri 'none'; form-action 'none'`;

const iso = (t: number | null): string => (t === null ? '-' : formatIso(t, 3));
const offset = (ms: number): string => `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(3)}s`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function anchorOf(index: number): string {
  return `op-${index + 1}`;
}

function outcomeCell(op: Operation): string {
  return `<span class="outcome o-${op.outcome}">${op.outcome}</span>`;
}

function row(op: Operation, index: number): string {
  const request = op.requestIds[0] ?? '-';
  const cells = [
    `<td class="mono" data-v="${op.timed ? op.start : ''}">${op.timed ? iso(op.start) : '-'}</td>`,
    `<td><a href="#${anchorOf(index)}">${html(op.type)}${op.variant === null ? '' : ` (${html(op.variant)})`}</a></td>`,
    `<td class="mono">${html(op.instance?.slice(0, 8) ?? '-')}</td>`,
    `<td>${outcomeCell(op)}</td>`,
    `<td class="num" data-v="${op.httpStatus ?? ''}">${op.httpStatus ?? '-'}</td>`,
    `<td class="num" data-v="${op.timed ? op.end - op.start : ''}">${operationDuration(op)}</td>`,
    `<td>${html(hostsText(op))}</td>`,
    `<td class="mono">${html(request)}</td>`,
  ];
  // The filter also finds a whole instance UUID, every request ID and the error's words.
  const search = [op.instance ?? '', ...op.requestIds, op.error?.message ?? '', op.outcomeReason ?? ''].join(' ').toLowerCase();
  return `<tr data-i="${index}" data-op="${anchorOf(index)}" data-outcome="${op.outcome}" data-search="${html(search)}">${cells.join('')}</tr>`;
}

function operationsTable(ops: readonly Operation[]): string {
  const head = [['start', 'num'], ['type', ''], ['instance', ''], ['outcome', ''], ['HTTP', 'num'], ['duration', 'num'], ['hosts', ''], ['request', '']]
    .map(([name, type]) => `<th${type === 'num' ? ' data-type="num"' : ''} tabindex="0" title="sort by ${name}">${name}</th>`).join('');
  const options = OUTCOMES.map((o) => `<option value="${o}">${o}</option>`).join('');
  return `<div class="controls">
<input id="filter" type="search" placeholder="filter: type, instance, host, request ID, error text" aria-label="filter operations">
<select id="outcome" aria-label="outcome"><option value="">every outcome</option>${options}</select>
<span id="shown" class="muted">${ops.length} of ${ops.length} shown</span>
</div>
<table id="ops"><thead><tr>${head}</tr></thead><tbody>
${ops.map(row).join('\n')}
</tbody></table>`;
}

const WIDTH = 960;
const LABEL = 220;
const RIGHT = 70;
const ROW = 22;
const TOP = 20;

/** The phases to scale: a row per phase, its extent pale, its spans solid, key events as ticks, the failure red. */
export function waterfallSvg(op: Operation): string {
  if (!op.timed) {
    return `<p class="muted">Its lines have no timestamps: ${op.phases.map((p) => `${html(componentWhere(p))} (${plural(p.entries, 'line')})`).join(', ')}.</p>`;
  }
  const t0 = Math.min(op.start, ...op.phases.map((p) => p.start));
  const t1 = Math.max(op.end, ...op.phases.map((p) => p.end), ...op.events.map((e) => e.time), op.error?.time ?? -Infinity);
  const span = Math.max(1, t1 - t0);
  const bar = WIDTH - LABEL - RIGHT;
  const x = (t: number): number => LABEL + ((t - t0) / span) * bar;
  const fixed = (n: number): string => n.toFixed(1);
  const height = TOP + op.phases.length * ROW + 8;
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const t = t0 + (span * k) / 4;
    parts.push(`<line class="axis" x1="${fixed(x(t))}" y1="${TOP - 4}" x2="${fixed(x(t))}" y2="${height - 4}"/>`);
    parts.push(`<text x="${fixed(x(t))}" y="12" text-anchor="${k === 0 ? 'start' : k === 4 ? 'end' : 'middle'}">+${html(formatDuration(t - op.start))}</text>`);
  }
  if (t1 > op.end) {
    parts.push(`<line class="end" x1="${fixed(x(op.end))}" y1="${TOP - 4}" x2="${fixed(x(op.end))}" y2="${height - 4}"><title>its last step: +${html(formatDuration(op.end - op.start))}</title></line>`);
  }
  const rowOf = (service: string, host: string | null): number => op.phases.findIndex((p) => p.service === service && p.host === host);
  op.phases.forEach((p: Phase, i) => {
    const y = TOP + i * ROW;
    const from = x(p.start);
    const width = Math.max(1.5, x(p.end) - from);
    const wait = p.waitMs === null ? '' : p.waitMs >= 0 ? `, wait ${formatDuration(p.waitMs)}` : ', overlaps';
    const label = `${componentWhere(p)}: ${formatDuration(p.end - p.start)} at +${formatDuration(p.start - op.start)}${wait}, ${plural(p.entries, 'line')}`;
    parts.push(`<g class="phase s-${p.service}"><title>${html(label)}</title>`
      + `<text x="4" y="${y + 15}">${html(componentWhere(p).slice(0, 30))}</text>`
      + `<rect class="extent" x="${fixed(from)}" y="${y + 4}" width="${fixed(width)}" height="${ROW - 8}"/>`
      + p.spans.map((s) => `<rect class="span" x="${fixed(x(s.start))}" y="${y + 4}" width="${fixed(Math.max(1.5, x(s.end) - x(s.start)))}" height="${ROW - 8}"/>`).join('')
      // RIGHT leaves room for the duration after a bar that ends at the right edge.
      + `<text x="${fixed(from + width + 4)}" y="${y + 15}">${html(formatDuration(p.end - p.start))}</text>`
      + '</g>');
  });
  for (const e of op.events) {
    const i = rowOf(e.service, e.host);
    if (i < 0) continue;
    const y = TOP + i * ROW;
    parts.push(`<line class="event" x1="${fixed(x(e.time))}" y1="${y + 1}" x2="${fixed(x(e.time))}" y2="${y + ROW - 1}"><title>${html(`+${formatDuration(e.time - op.start)} ${e.name}: ${e.message}`)}</title></line>`);
  }
  const error = op.error;
  if (error !== null && error.time !== null) {
    const i = Math.max(0, rowOf(error.service, error.host));
    const cx = x(error.time);
    const cy = TOP + i * ROW + ROW / 2;
    parts.push(`<path class="error" d="M${fixed(cx)} ${fixed(cy - 7)} L${fixed(cx + 6)} ${fixed(cy + 5)} L${fixed(cx - 6)} ${fixed(cy + 5)} Z"><title>${html(`failure at +${formatDuration(error.time - op.start)}: ${error.message}`)}</title></path>`);
  }
  return `<svg class="waterfall" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="waterfall of ${html(op.type)}">${parts.join('')}</svg>`;
}

function lineRefs(refs: readonly LineRef[]): string {
  return `<ul class="lines">${refs.map((r) => `<li><span class="mono">${iso(r.time)}</span> ${html(where(r.service, r.host))} ${r.level === null ? '' : `<b>${html(r.level)}</b> `}`
    + `${html(r.message)} <span class="muted mono">${html(`${r.file}:${r.line}`)}</span></li>`).join('')}</ul>`;
}

function detail(op: Operation, index: number): string {
  const fields: [string, string][] = [
    ['instance', html(op.instance ?? '-')],
    ['requests', html(op.requestIds.join(' ') || '-')],
    ['when', op.timed ? `${iso(op.start)} .. ${iso(op.end)} (${operationDuration(op)})` : 'no timestamps'],
    ['outcome', `${outcomeCell(op)}${op.httpStatus === null ? '' : ` (HTTP ${op.httpStatus})`}${op.outcomeReason === null ? '' : `: ${html(op.outcomeReason)}`}`],
    ['hosts', html(hostsText(op))],
  ];
  if (op.user !== null || op.project !== null) fields.push(['user, project', html(`${op.user ?? '-'} ${op.project ?? '-'}`)]);
  const parts = [
    `<article class="op o-${op.outcome}" id="${anchorOf(index)}" data-outcome="${op.outcome}">`,
    `<h3>${html(op.type)}${op.variant === null ? '' : ` (${html(op.variant)})`} of ${html(op.instance ?? 'no instance')}: ${outcomeCell(op)}, ${op.timed ? operationDuration(op) : 'duration unknown'}</h3>`,
    `<dl>${fields.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    waterfallSvg(op),
  ];
  if (op.events.length > 0) {
    parts.push('<h4>Key events</h4><table class="events"><thead><tr><th class="num">at</th><th>event</th><th>where</th><th>message</th></tr></thead><tbody>'
      + op.events.map((e) => `<tr><td class="num mono">${op.timed ? offset(e.time - op.start) : '-'}</td>`
        + `<td>${html(e.name)}</td><td>${html(where(e.service, e.host))}</td><td>${html(e.message)}</td></tr>`).join('')
      + '</tbody></table>');
  }
  if (op.failureEvidence.length > 0) parts.push(`<h4>Failure evidence</h4>${lineRefs(op.failureEvidence)}`);
  const error = op.error;
  if (error !== null) {
    parts.push(`<h4>First error</h4><p><span class="mono">${iso(error.time)}</span> ${html(where(error.service, error.host))}: ${html(error.message)}`
      + ` <span class="muted mono">${html(`${error.file}:${error.line}`)}</span></p>`);
    if (error.traceback.length > 0) parts.push(`<pre class="traceback">${error.traceback.map(html).join('\n')}</pre>`);
  }
  if (op.errorsDuring.length > 0) parts.push(`<h4>Errors and warnings while it ran</h4>${lineRefs(op.errorsDuring)}`);
  parts.push('</article>');
  return parts.join('\n');
}

function inputsSection(files: readonly FileStats[], totals: Totals): string {
  const rows = files.map((f) => `<tr><td class="mono">${html(f.path)}</td><td>${html([...f.dialects].join(', ') || '-')}</td>`
    + `<td class="num">${f.lines}</td><td class="num">${f.entries}</td><td class="num">${f.continuations}</td><td class="num">${f.noise}</td><td class="num">${f.unparsed}</td>`
    + `<td>${html([...f.services].join(', ') || '-')}</td><td>${html([...f.hosts].join(', ') || '-')}</td>`
    + `<td class="mono">${f.start === null ? 'no timestamps' : `${iso(f.start)} .. ${iso(f.end)}`}</td></tr>`).join('\n');
  return `<h2 id="inputs">Inputs</h2>
<p>${plural(totals.files, 'file')}, ${plural(totals.lines, 'line')}: ${totals.entries} entries, ${totals.continuations} continuation, ${totals.noise} noise, ${totals.unparsed} unparsed</p>
<table class="inputs"><thead><tr><th>file</th><th>dialect</th><th class="num">lines</th><th class="num">entries</th><th class="num">continuation</th><th class="num">noise</th><th class="num">unparsed</th><th>services</th><th>hosts</th><th>time span</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

export function renderHtml(input: HtmlReportInput): string {
  const ops = input.operations;
  const counts = OUTCOMES.map((o) => `<span class="o-${o}">${ops.filter((op) => op.outcome === o).length} ${o}</span>`).join('');
  const title = `novatrace: ${plural(ops.length, 'operation')}`;
  const sections = [
    `<h1>${title}</h1>`,
    `<p class="summary">${counts}</p>`,
    `<p class="muted">Made by novatrace on ${iso(input.generated)} from ${plural(input.totals.files, 'log file')}. Times are UTC.</p>`,
  ];
  if (input.warnings.length > 0) {
    sections.push(`<h2 id="warnings">Warnings</h2><ul class="warnings">${input.warnings.map((w) => `<li>${html(w)}</li>`).join('')}</ul>`);
  }
  sections.push('<h2 id="operations">Operations</h2>', operationsTable(ops));
  sections.push('<h2 id="timelines">Timelines</h2>', ...ops.map(detail));
  if (input.unattached.length > 0) {
    sections.push('<h2 id="unattached">Errors outside operations</h2><ul class="lines">'
      + input.unattached.map((u) => `<li><span class="mono">${iso(u.time)}</span> ${html(where(u.component ?? u.service, u.host))}: ${html(u.message)}`
        + `${u.count > 1 ? ` <span class="muted">(${u.count} times)</span>` : ''}</li>`).join('') + '</ul>');
  }
  sections.push(inputsSection(input.files, input.totals));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="novatrace">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
${sections.join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
