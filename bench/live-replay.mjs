#!/usr/bin/env node
// Live against offline on real logs: real log files are written into a folder that `novatrace follow --no-tui`
// follows, in the order their services wrote them, at their original pace (speed 1), faster (speed 10: each gap
// a tenth as long) or all at once (speed 0); then follow is stopped and the last word it said on each operation
// (its last operation.finished or operation.revised event) is compared with `analyze --json` of the same files.
// Also measured, per operation, the lag of its finished event after its last line was written: within 1 s when
// its lines say it is done (by: outcome), within the settle window + 1 s when it settles by quiet.
//
// Usage: node bench/live-replay.mjs [--speed N] [--settle Ns] [--max-gap S] [--from-start] NAME=PATH[,PATH...] ...
//   (npm run build first). Prints one JSON line per set and exits 1 when any set differs.
// Used by the corpus tests (test/corpus/live-offline.test.ts) through its exports.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

/** Raw lines of a file, gunzipped when it is gzip. */
function rawLines(file) {
  const bytes = fs.readFileSync(file);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Log files novatrace reads in a folder (as its folder search finds them): `*.log`, `*.log.*`, `*.log-*`, `*.txt(.gz)`. */
const LOG_NAME = /\.log$|\.log[.-]|\.txt(?:\.gz)?$/;

/** Every log file under a path (a file, or a folder walked in name order). */
function filesUnder(p, named = true) {
  const st = fs.statSync(p);
  if (st.isFile()) return named || LOG_NAME.test(p) ? [p] : [];
  return fs.readdirSync(p).sort().flatMap((name) => filesUnder(path.join(p, name), false));
}

/**
 * The records to write: each entry of each file (its first line and every line up to the next entry: continuation
 * and noise), with its time, in the order a merge by time gives (ties by file, then line). Each file's relative
 * name under `dest` keeps its folders and drops `.gz`. Entry times come from novatrace's own parser, so every
 * dialect it reads can be replayed.
 */
export async function planReplay(inputs, dest) {
  const { openSource } = await import(path.join(REPO, 'dist', 'io', 'read-source.js'));
  const { UTC } = await import(path.join(REPO, 'dist', 'parse', 'time.js'));
  const options = Object.freeze({ zone: UTC, year: 2026, aliases: [] });
  const files = [];
  for (const input of inputs) {
    const base = fs.statSync(input).isFile() ? path.dirname(input) : input;
    for (const file of filesUnder(input)) files.push({ src: file, dest: path.join(dest, path.relative(base, file).replace(/\.gz$/, '')) });
  }
  const records = [];
  for (const [index, f] of files.entries()) {
    const lines = rawLines(f.src);
    const opened = openSource({ path: f.src, stdin: false, modified: fs.statSync(f.src).mtime }, options, { live: false });
    const starts = [];
    for await (const batch of opened.batches) for (const e of batch) starts.push({ line: e.line, time: e.time });
    let time = null;
    starts.forEach((s, i) => {
      time = s.time ?? time;
      const from = i === 0 ? 0 : s.line - 1;
      const to = i + 1 < starts.length ? starts[i + 1].line - 1 : lines.length;
      records.push({ file: index, time, order: records.length, text: lines.slice(from, to).map((l) => `${l}\n`).join('') });
    });
    if (starts.length === 0 && lines.length > 0) records.push({ file: index, time: null, order: records.length, text: lines.map((l) => `${l}\n`).join('') });
  }
  // Records without a time keep their place after the record before them in their file; those before a file's
  // first time take it, and a file with no time at all (devstack's localrc.txt) goes out with the first record.
  const earliest = Math.min(...records.map((r) => r.time ?? Infinity));
  const firstOf = new Map();
  for (const r of records) if (r.time !== null && !firstOf.has(r.file)) firstOf.set(r.file, r.time);
  const lastOf = new Map();
  for (const r of records) {
    if (r.time === null) r.time = lastOf.get(r.file) ?? firstOf.get(r.file) ?? (Number.isFinite(earliest) ? earliest : 0);
    lastOf.set(r.file, r.time);
  }
  records.sort((a, b) => a.time - b.time || a.file - b.file || a.order - b.order);
  return { files, records };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes the records into their files: `speed` 0 writes each file whole at once (in file order); else each record
 * when its time has come, gaps divided by `speed` and cut to `maxGapMs` of wall time. Returns, per record, the
 * wall time it was written.
 */
export async function writeReplay({ files, records }, { speed, maxGapMs = Infinity }) {
  for (const f of files) fs.mkdirSync(path.dirname(f.dest), { recursive: true });
  const fds = files.map((f) => fs.openSync(f.dest, 'a'));
  const written = new Array(records.length);
  try {
    if (speed === 0) {
      const texts = files.map(() => []);
      for (const r of records) texts[r.file].push(r.text);
      texts.forEach((t, i) => fs.writeSync(fds[i], t.join('')));
      const now = Date.now();
      written.fill(now);
      return written;
    }
    let wall = Date.now();
    let prev = records[0]?.time ?? 0;
    for (let i = 0; i < records.length;) {
      // Every record of one moment (1 ms) at once.
      const at = records[i].time;
      wall += Math.min(maxGapMs, Math.max(0, at - prev) / speed);
      prev = at;
      const wait = wall - Date.now();
      if (wait > 1) await sleep(wait);
      const now = Date.now();
      for (; i < records.length && records[i].time - at < 1; i++) {
        fs.writeSync(fds[records[i].file], records[i].text);
        written[i] = now;
      }
    }
    return written;
  } finally {
    fds.forEach((fd) => fs.closeSync(fd));
  }
}

/** `novatrace follow --no-tui DIR`: its events as they come, and a stop that sends SIGINT and waits for it to exit. */
export function startFollow(dir, args = []) {
  const child = spawn(process.execPath, [CLI, 'follow', '--no-tui', ...args, dir], {
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line);
    e.receivedAt = Date.now();
    events.push(e);
  });
  const exited = new Promise((r) => child.on('close', (code) => r(code)));
  return {
    events,
    get stderr() { return stderr; },
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
    /**
     * Stops follow (SIGSTOP) and waits until every thread of it has stopped, so that what is written next is all
     * there at its next look: files written "at once" are then at once for follow too, not one file read and
     * analyzed before the next is written. Linux only (it reads /proc); elsewhere a no-op.
     */
    async pause() {
      if (process.platform !== 'linux') return;
      child.kill('SIGSTOP');
      const stopped = () => fs.readdirSync(`/proc/${child.pid}/task`).every((t) => {
        const stat = fs.readFileSync(`/proc/${child.pid}/task/${t}/stat`, 'utf8');
        return /^[Tt]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
      });
      await waitFor('follow to stop (SIGSTOP)', stopped, 60_000);
    },
    resume() {
      if (process.platform === 'linux') child.kill('SIGCONT');
    },
  };
}

export async function waitFor(what, check, ms = 60_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** `novatrace analyze --json` of a folder. */
export function analyzeJson(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'analyze', '--json', dir], { env: { ...process.env, TZ: 'UTC', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`analyze exited ${code}`))));
  });
}

/** What is compared of an operation: what it is, what became of it, when and where. */
export function essentials(op) {
  return {
    id: op.id, type: op.type, variant: op.variant, instance: op.instance, requestIds: op.requestIds, outcome: op.outcome,
    outcomeReason: op.outcomeReason, start: op.start, end: op.end, hosts: op.hosts, source: op.source, destination: op.destination,
  };
}

/** The last word follow said on each operation, by id, in the order they were first finished. */
export function lastWords(events) {
  const last = new Map();
  for (const e of events) {
    if (e.event === 'operation.finished' || e.event === 'operation.revised') last.set(e.operation.id, e);
  }
  return last;
}

/**
 * One set: plan, follow an empty folder, write, wait until the files are read and every operation follow started
 * is finished, then as long again as the settle window (+ 1.5 s) with no event, stop, compare.
 */
export async function replaySet(inputs, { speed, maxGapMs = Infinity, settleMs = 5000, followArgs = [], fromStart = false }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novatrace-replay-'));
  try {
    const plan = await planReplay(inputs, dir);
    for (const f of plan.files) {
      fs.mkdirSync(path.dirname(f.dest), { recursive: true });
      fs.writeFileSync(f.dest, '');
    }
    // --from-start: the files are there, whole, before follow starts; else follow starts on empty files first.
    const before = fromStart ? await writeReplay(plan, { speed: 0 }) : null;
    const follow = startFollow(dir, [...followArgs, ...(fromStart ? ['--from-start'] : []), '--settle', `${settleMs}ms`]);
    await waitFor('follow.ready', () => follow.events.some((e) => e.event === 'follow.ready'), 60_000);
    // At once: every file is written while follow is stopped, as a folder that appears whole between two looks.
    if (before === null && speed === 0) await follow.pause();
    const written = before ?? await writeReplay(plan, { speed, maxGapMs });
    if (before === null && speed === 0) follow.resume();
    const writtenAt = new Map();
    plan.records.forEach((r, i) => { if (!writtenAt.has(r.time)) writtenAt.set(r.time, written[i]); });
    // Every line read (follow says so every 2 s while lines come), then quiet for the settle window and more: the
    // operations that settle by quiet have been finished.
    const total = plan.records.reduce((n, r) => n + r.text.split('\n').length - 1, 0);
    await waitFor(`follow to read all ${total} lines`, () => follow.events.some((e) => e.event === 'follow.status' && e.lines >= total), 600_000);
    const quietFor = settleMs + 1500;
    await waitFor('follow to go quiet', () => {
      const last = follow.events.findLast((e) => e.event !== 'follow.status');
      return last !== undefined && Date.now() - last.receivedAt >= quietFor;
    }, 600_000);
    const code = await follow.stop();
    const offline = await analyzeJson(dir);
    const words = lastWords(follow.events);
    const startedIds = new Set(follow.events.filter((e) => e.event === 'operation.started').map((e) => e.operation.id));
    const live = [...words.values()].map((e) => essentials(e.operation)).sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    const expected = offline.operations.map(essentials).sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    // Lag of each operation's first finished event after its last own line was written.
    const lags = { outcome: [], quiet: [], other: [] };
    const firstFinished = new Map();
    for (const e of follow.events) if (e.event === 'operation.finished' && !firstFinished.has(e.operation.id)) firstFinished.set(e.operation.id, e);
    const recordTimes = [...writtenAt.keys()].sort((a, b) => a - b);
    const wallOf = (iso) => {
      const t = Date.parse(iso);
      // The first record at or after the time (times carry microseconds the ISO form rounds).
      let lo = 0;
      let hi = recordTimes.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (recordTimes[mid] < t - 0.5) lo = mid + 1;
        else hi = mid;
      }
      return writtenAt.get(recordTimes[lo]);
    };
    for (const [id, e] of firstFinished) {
      // From the wall time its newest line was written (by its lines or quiet), else its end's.
      const lag = Date.parse(e.time) - wallOf(e.lastLine ?? e.operation.end);
      (lags[e.by] ?? lags.other).push({ id, lag });
    }
    const stopped = follow.events.find((e) => e.event === 'follow.stopped');
    // Entries follow says came after newer ones had been analyzed (its `late` warnings).
    const late = follow.events.filter((e) => e.event === 'follow.warning' && e.change === 'late').map((e) => e.message);
    return { code, stderr: follow.stderr, live, expected, started: startedIds.size, lags, stopped, written: total, late, events: follow.events };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Operations that differ between live and offline, by id (missing on one side, or any essential that differs). */
export function differences(live, expected) {
  const byId = (list) => new Map(list.map((o) => [o.id, o]));
  const l = byId(live);
  const x = byId(expected);
  const out = [];
  for (const [id, op] of x) {
    const got = l.get(id);
    if (got === undefined) out.push({ id, missing: 'live', offline: op });
    else if (JSON.stringify(got) !== JSON.stringify(op)) out.push({ id, live: got, offline: op });
  }
  for (const [id, op] of l) if (!x.has(id)) out.push({ id, missing: 'offline', live: op });
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  let speed = 1;
  let settle = '5s';
  let maxGap = Infinity;
  let fromStart = false;
  const sets = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--speed') speed = Number(args[++i]);
    else if (args[i] === '--settle') settle = args[++i];
    else if (args[i] === '--max-gap') maxGap = Number(args[++i]) * 1000;
    else if (args[i] === '--from-start') fromStart = true;
    else {
      const [name, list] = args[i].includes('=') ? args[i].split(/=(.*)/s) : [path.basename(args[i]), args[i]];
      sets.push({ name, inputs: list.split(',') });
    }
  }
  const settleMs = /^(\d+)s$/.test(settle) ? Number(settle.slice(0, -1)) * 1000 : 5000;
  let bad = 0;
  for (const set of sets) {
    const started = Date.now();
    const r = await replaySet(set.inputs, { speed, maxGapMs: maxGap, settleMs, fromStart });
    const diff = differences(r.live, r.expected);
    if (diff.length > 0) bad++;
    const max = (list) => (list.length === 0 ? null : Math.max(...list.map((x) => x.lag)));
    process.stdout.write(`${JSON.stringify({
      set: set.name, speed, seconds: (Date.now() - started) / 1000, operations: r.expected.length, live: r.live.length, started: r.started,
      differences: diff.length, finishedBy: { outcome: r.lags.outcome.length, quiet: r.lags.quiet.length, other: r.lags.other.length },
      maxLagMs: { outcome: max(r.lags.outcome), quiet: max(r.lags.quiet), other: max(r.lags.other) },
      lines: r.stopped?.lines ?? null, exit: r.code, late: r.late,
    })}\n`);
    for (const d of diff.slice(0, 10)) process.stdout.write(`  ${JSON.stringify(d)}\n`);
  }
  process.exitCode = bad > 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
