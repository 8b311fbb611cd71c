// Shared test helpers: run the parser over lines or byte chunks, and run the built CLI.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { LogEntry } from '../src/model/entry.js';
import type { ParseOptions } from '../src/parse/entry-parser.js';
import type { FileStats } from '../src/model/file-stats.js';
import { EntryParser } from '../src/parse/entry-parser.js';
import { openSource } from '../src/io/read-source.js';
import { UTC } from '../src/parse/time.js';
import { runAnalyze } from '../src/commands/analyze.js';
import { parseOptionsFrom } from '../src/parse/options.js';
import { NO_PAINT } from '../src/format/paint.js';
import { Output } from '../src/io/output.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REALDATA = resolve(ROOT, '..', 'shared', 'realdata');
export const HAS_REALDATA = existsSync(REALDATA);
export const CLI = join(ROOT, 'dist', 'cli.js');
/** What analyze, trace and check say when only compute logs are given. */
export const NO_API_WARNING = "novatrace: warning: no nova-api log among the inputs: operations are named from compute's lines "
  + 'alone; requests the API refused are missing, and so are those compute logs nothing of (lock, unlock; start and '
  + 'suspend when the hypervisor sends no lifecycle events); a resize reads as a migrate (compute logs both alike)\n';

export const OPTIONS: ParseOptions = Object.freeze({ zone: UTC, year: null, aliases: [] });

export function parseLines(lines: readonly string[], path = 'test.log', options: ParseOptions = OPTIONS): { entries: LogEntry[]; stats: FileStats } {
  const entries: LogEntry[] = [];
  const parser = new EntryParser(path, new Date(Date.UTC(2026, 0, 31)), options, (e) => entries.push(e));
  for (const line of lines) parser.push(line);
  parser.flush();
  return { entries, stats: parser.stats };
}

/** Feeds raw byte chunks through the real stream pipeline (the line splitter + parser), as stdin would. */
export async function parseChunks(chunks: readonly (string | Buffer)[], options: ParseOptions = OPTIONS): Promise<{ entries: LogEntry[]; stats: FileStats[] }> {
  const stdin = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  const opened = openSource({ path: '-', stdin: true, modified: new Date() }, options, { live: false, stdin });
  const entries: LogEntry[] = [];
  for await (const batch of opened.batches) entries.push(...batch);
  return { entries, stats: opened.stats() };
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `novatrace analyze --json <paths>` run in this process (the unit tests' way: no child process), with what the CLI
 * would print on stdout and stderr. Paths are read from the project's root, as runCli's are.
 */
export async function analyzeInProcess(paths: readonly string[]): Promise<RunResult> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (d: Buffer) => chunks.push(d));
  let stderr = '';
  const given = { parse: parseOptionsFrom({}), json: true, tui: false, filter: {}, paint: NO_PAINT };
  const code = await runAnalyze(paths.map((p) => resolve(ROOT, p)), given, new Output(stream), (m) => {
    stderr += `novatrace: warning: ${m}\n`;
  });
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), stderr };
}

export function runCli(args: readonly string[], input?: string | Buffer, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      // GITHUB_ACTIONS off unless a test sets it: under it, text output is guarded (test/cli/github-guard.test.ts).
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', CI: '1', GITHUB_ACTIONS: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/**
 * Several log files interleaved by their lines' timestamps as `tail -F a b c` prints them: a `==> path <==`
 * header whenever the file changes; continuation lines stay with their entry's first line.
 */
export function tailInterleave(files: readonly string[]): string {
  const stamp = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)/;
  const records: { time: string; file: number; order: number; lines: string[] }[] = [];
  files.forEach((file, i) => {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    let current: (typeof records)[number] | null = null;
    for (const line of text.split('\n')) {
      if (line === '' && current === null) continue;
      const m = stamp.exec(line);
      if (m || current === null) {
        current = { time: m?.[1] ?? '', file: i, order: records.length, lines: [line] };
        records.push(current);
      } else {
        current.lines.push(line);
      }
    }
  });
  records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.file - b.file || a.order - b.order));
  const out: string[] = [];
  let last = -1;
  for (const r of records) {
    if (r.file !== last) {
      if (last !== -1) out.push('');
      out.push(`==> ${files[r.file]} <==`);
      last = r.file;
    }
    out.push(...r.lines);
  }
  return `${out.join('\n')}\n`;
}

const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/;

/**
 * A log cut where a rotation or a copy would cut it: the lines whose `YYYY-MM-DD HH:MM:SS.mmm` prefix `keep` says
 * yes to, each line without one (a traceback's) with the line before it (the first ones with the first stamped one).
 */
export function cutLog(text: string | readonly string[], keep: (stamp: string) => boolean): string {
  const lines = typeof text === 'string' ? text.split('\n') : text;
  const first = lines.find((l) => STAMP.test(l));
  let kept = first !== undefined && keep(first.slice(0, 23));
  return lines.filter((l) => {
    if (STAMP.test(l)) kept = keep(l.slice(0, 23));
    return kept;
  }).join('\n');
}

/** `use(fd, path)` on a new file opened for writing in a folder of its own: the file is closed and the folder removed after. */
export async function withNewFile<T>(use: (fd: number, path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'novatrace-written-'));
  const path = join(dir, 'out');
  const fd = openSync(path, 'w');
  try {
    return await use(fd, path);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
