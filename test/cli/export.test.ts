// `novatrace export` as a user runs it (the built CLI): each format on stdout and with -o, analyze's selection,
// usage errors as one line with exit 2, warnings on stderr, operations without times left out and counted.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalyzeRecord } from '../../src/model/records.js';
import { NO_API_WARNING, runCli } from '../helpers.js';
import { otlpProblems, otlpSpans, perfettoProblems } from '../export/trace-specs.js';

const SETS = ['fixtures/zed-boot', 'fixtures/operations/boot-failed-zed', 'fixtures/operations/stop-rejected-zed'];
const dir = mkdtempSync(join(tmpdir(), 'novatrace-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyzeJson(args: readonly string[]): Promise<AnalyzeRecord> {
  const r = await runCli(['analyze', '--json', ...args]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AnalyzeRecord;
}

describe('novatrace export', () => {
  it('perfetto: a process per operation analyze finds, the same on stdout and in -o FILE', async () => {
    const expected = await analyzeJson(SETS);
    const out = await runCli(['export', '--format', 'perfetto', ...SETS]);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const doc = JSON.parse(out.stdout) as { traceEvents: { ph: string; name: string; pid: number; args?: { name?: string } }[] };
    expect(perfettoProblems(doc)).toEqual([]);
    const processes = doc.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args?.name ?? '');
    expect(processes.map((name) => name.split(' ').at(-1))).toEqual(expected.operations.map((op) => op.requestIds[0]));
    const file = join(dir, 'trace.json');
    const written = await runCli(['export', '--format', 'perfetto', '-o', file, ...SETS]);
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(out.stdout);
  });

  it('otlp: a root span per operation analyze selects with --type and --outcome', async () => {
    const selection = ['--type', 'boot,stop', '--outcome', 'failed,rejected'];
    const expected = await analyzeJson([...selection, ...SETS]);
    expect(expected.operations.length).toBe(2);
    const out = await runCli(['export', '--format', 'otlp', ...selection, ...SETS]);
    expect(out.code).toBe(0);
    const doc: unknown = JSON.parse(out.stdout);
    expect(otlpProblems(doc)).toEqual([]);
    const roots = otlpSpans(doc).filter((s) => s.span['parentSpanId'] === undefined);
    expect(roots.map((s) => s.span['traceId'])).toEqual(expected.operations.map((op) => (op.requestIds[0] ?? '').slice(4).replaceAll('-', '')));
  });

  it('html: one page with a row per operation', async () => {
    const expected = await analyzeJson(SETS);
    const out = await runCli(['export', '--format', 'html', ...SETS]);
    expect(out.code).toBe(0);
    expect(out.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out.stdout.match(/<tr data-i=/g)).toHaveLength(expected.operations.length);
  });

  it.each([
    [['export', 'fixtures/zed-boot'], /required option '--format <format>' not specified/],
    [['export', '--format', 'pdf', 'fixtures/zed-boot'], /^novatrace: --format "pdf": expected perfetto, otlp, html$/m],
    [['export', '--format', 'otlp', '--type', 'reboots', 'fixtures/zed-boot'], /^novatrace: unknown operation type "reboots" \(boot, /m],
    [['export', '--format', 'html', '--since', 'yesterday', 'fixtures/zed-boot'], /^novatrace: .*yesterday/m],
    [['export', '--format', 'html', '-o', '/nonexistent-dir/x.html', 'fixtures/zed-boot'], /^novatrace: cannot write \/nonexistent-dir\/x.html: no such file or directory$/m],
    [['export', '--format', 'html', '-o', 'fixtures', 'fixtures/zed-boot'], /^novatrace: cannot write fixtures: is a directory$/m],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help')).length).toBe(1);
  });

  it('says on stderr what the inputs cannot show, as analyze does', async () => {
    const r = await runCli(['export', '--format', 'perfetto', 'fixtures/operations/boot-failed-zed/n-cpu-node1.log']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(NO_API_WARNING);
  });

  it('leaves out operations whose lines have no times, and says how many', async () => {
    const expected = await analyzeJson(['fixtures/timeless']);
    const untimed = expected.operations.filter((op) => !op.timed).length;
    expect(untimed).toBeGreaterThan(0);
    for (const format of ['perfetto', 'otlp']) {
      const r = await runCli(['export', '--format', format, 'fixtures/timeless']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`novatrace: warning: ${untimed} operation${untimed === 1 ? '' : 's'} left out of the ${format} trace: `);
      const doc = JSON.parse(r.stdout) as { traceEvents?: unknown[]; resourceSpans?: unknown[] };
      expect(doc.traceEvents ?? doc.resourceSpans).toEqual([]);
    }
  });
});
