// `novatrace stats` output: per-file counts and totals, as text or JSON (schema in docs/json.md).

import type { FileStats, Totals } from '../model/file-stats.js';
import { formatByteSize } from '../parse/byte-size.js';
import { formatIso } from '../format/time.js';
import { escapeControl, safeJson } from '../format/escape.js';

export function totalsOf(files: readonly FileStats[]): Totals {
  const t = { files: files.length, lines: 0, entries: 0, continuations: 0, noise: 0, unparsed: 0 };
  for (const f of files) {
    t.lines += f.lines;
    t.entries += f.entries;
    t.continuations += f.continuations;
    t.noise += f.noise;
    t.unparsed += f.unparsed;
  }
  return t;
}

function iso(time: number | null, precision: number): string | null {
  return time === null ? null : formatIso(time, precision);
}

export function statsRecord(files: readonly FileStats[], warnings: readonly string[] = []): Record<string, unknown> {
  const totals = totalsOf(files);
  return {
    files: files.map((f) => ({
      path: f.path,
      dialects: [...f.dialects].sort(),
      lines: f.lines,
      entries: f.entries,
      continuations: f.continuations,
      noise: f.noise,
      unparsed: f.unparsed,
      unparsedSamples: f.unparsedSamples,
      cut: f.cut,
      cutSamples: f.cutSamples,
      services: [...f.services].sort(),
      hosts: [...f.hosts].sort(),
      start: iso(f.start, f.startPrecision),
      end: iso(f.end, f.endPrecision),
    })),
    totals: {
      lines: totals.lines,
      entries: totals.entries,
      continuations: totals.continuations,
      noise: totals.noise,
      unparsed: totals.unparsed,
      cut: files.reduce((sum, f) => sum + f.cut, 0),
    },
    warnings,
  };
}

export function formatStatsJson(files: readonly FileStats[], warnings: readonly string[] = []): string {
  return safeJson(statsRecord(files, warnings));
}

function list(values: Iterable<string>): string {
  const sorted = [...values].sort();
  return sorted.length === 0 ? '-' : sorted.join(', ');
}

export function formatStatsText(files: readonly FileStats[]): string {
  const out: string[] = [];
  for (const f of files) {
    out.push(escapeControl(f.path));
    out.push(`  dialect ${list(f.dialects)}; ${f.lines} lines: ${f.entries} entries, ${f.continuations} continuation, ${f.noise} noise, ${f.unparsed} unparsed`);
    const span = f.start === null ? 'no timestamps' : `${iso(f.start, f.startPrecision)} .. ${iso(f.end, f.endPrecision)}`;
    out.push(`  services ${list(f.services)}; hosts ${escapeControl(list(f.hosts))}; ${span}`);
    for (const s of f.unparsedSamples) out.push(`  unparsed line ${s.line}: ${escapeControl(s.text)}`);
    if (f.unparsed > f.unparsedSamples.length) out.push(`  ... and ${f.unparsed - f.unparsedSamples.length} more unparsed lines`);
    for (const s of f.cutSamples) out.push(`  cut line ${s.line}: ${s.bytes.toLocaleString('en-US')} bytes, longer than --max-line (${formatByteSize(f.maxLine)})`);
    if (f.cut > f.cutSamples.length) out.push(`  ... and ${f.cut - f.cutSamples.length} more cut lines`);
  }
  const t = totalsOf(files);
  const services = new Set(files.flatMap((f) => [...f.services]));
  const cut = files.reduce((sum, f) => sum + f.cut, 0);
  const cutNote = cut === 0 ? '' : ` (${cut} cut at --max-line)`;
  out.push(`total: ${t.files} files, ${t.lines} lines: ${t.entries} entries, ${t.continuations} continuation, ${t.noise} noise, ${t.unparsed} unparsed${cutNote}; services ${list(services)}`);
  return `${out.join('\n')}\n`;
}
