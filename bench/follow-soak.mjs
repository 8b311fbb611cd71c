#!/usr/bin/env node
// Soak benchmark of `novatrace follow` (npm run bench:follow): a writer (bench/follow-writer.mjs) appends the
// real Mitaka CI job's Nova logs, copy after copy with their own UUIDs and each line stamped with the wall clock
// at its write, to four files at SOAK_RATE lines a second for SOAK_SECONDS, while `novatrace follow --no-tui DIR`
// follows the folder and prints NDJSON. Measured:
//   - lines per second written, and whether follow read every one of them (its follow.stopped count);
//   - lag: an operation.started event's time minus its operation's first line's time; an operation.finished
//     event's time minus its newest line's time (lastLine), for operations finished by their lines (by "outcome")
//     and, apart, for those finished by quiet (by "quiet": they wait for the settle window on purpose) (max and
//     99th percentile);
//   - follow's RSS every 5 s (VmRSS) and its peak (VmHWM);
//   - repeats (issue 19): operation IDs said finished a second time, or started after their first finish (a
//     revised event is not one).
// SOAK_OPS=N asks for N operations a second instead of SOAK_RATE lines (INFO lines: about 24.7 lines an
// operation); SOAK_LEVEL=DEBUG|INFO; SOAK_PACE=P writes each copy at its own timing, P times faster, many at once.
// Goals (issues 5 and 17): keeps up with >= 100,000 lines/s, lag under 1 s by their lines and under the settle
// window + 1 s by quiet, RSS flat (the last third of the run within 10% of the middle third), peak RSS at most
// 400 MB at 110,000 lines/s and at most 150 MB at 1,000 lines/s.
// Repeat:  npm run build && npm run bench:follow
//          SOAK_SECONDS=180 SOAK_OPS=1000 npm run bench:follow
//          SOAK_SECONDS=120 SOAK_RATE=150000 npm run bench:follow
// Needs ../shared/realdata/devstack-ci-mitaka and about 30 MB of disk per second of run (the files are deleted).

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
/** SOAK_OPS: operations a second instead of lines (the copy's lines at INFO, Nova's default level, unless SOAK_LEVEL says DEBUG). */
const OPS = process.env.SOAK_OPS === undefined ? null : Number(process.env.SOAK_OPS);
const LEVEL = process.env.SOAK_LEVEL ?? (OPS === null ? 'DEBUG' : 'INFO');
const WRITER = path.join(REPO, 'bench/follow-writer.mjs');
/**
 * SOAK_PACE: each copy keeps the job's own timing, this many times faster, many copies at once (follow-writer.mjs);
 * 0 (the default) writes copies back to back, each in a few milliseconds.
 */
const PACE = Number(process.env.SOAK_PACE ?? 0);

/** Lines and operations in one copy of the CI job at LEVEL: one copy written, then analyzed. */
function measureCopy() {
  const once = fs.mkdtempSync(path.join(os.tmpdir(), 'novatrace-soak-copy-'));
  try {
    for (const s of ['api', 'cond', 'cpu', 'sch']) fs.writeFileSync(path.join(once, `n-${s}.log`), '');
    const wrote = JSON.parse(execFileSync(process.execPath, [WRITER, once, 'once', '0', LEVEL], { encoding: 'utf8' }));
    const analysis = JSON.parse(execFileSync(process.execPath, [path.join(REPO, 'dist/cli.js'), 'analyze', '--json', once], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } }));
    return { lines: wrote.lines, operations: analysis.operations.length };
  } finally {
    fs.rmSync(once, { recursive: true, force: true });
  }
}
const copy = OPS === null ? null : measureCopy();
const RATE = copy === null ? Number(process.env.SOAK_RATE ?? 110_000) : Math.round((OPS * copy.lines) / copy.operations);
const GOAL_RATE = 100_000;
const GOAL_LAG_MS = 1000;
/** follow's default --settle. */
const SETTLE_MS = 5000;
/** src/timeline/outcome.ts INCOMPLETE_WITHIN_MS. */
const LOGS_GO_ON_MS = 60_000;
/** Peak RSS allowed: 400 MB at the full rate, 150 MB at a slow one (1,000 lines/s). */
const GOAL_PEAK_MB = RATE > 0 && RATE <= 1000 ? 150 : 400;
const AFTER_MS = SETTLE_MS + 3000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novatrace-soak-'));
for (const s of ['api', 'cond', 'cpu', 'sch']) fs.writeFileSync(path.join(dir, `n-${s}.log`), '');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const memory = (pid) => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, hwm: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024 };
  } catch {
    return null;
  }
};
/** The largest of the values, and 0 (Math.max(...values) overflows the stack past about 100,000). */
const maxOf = (...lists) => lists.reduce((m, list) => list.reduce((a, b) => (b > a ? b : a), m), 0);
const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const follow = spawn(process.execPath, [path.join(REPO, 'dist/cli.js'), 'follow', '--no-tui', dir], {
  env: { ...process.env, TZ: 'UTC', CI: '1' }, stdio: ['ignore', 'pipe', 'inherit'],
});
const lags = { started: [], finished: [], quiet: [], logsWentOn: [] };
const counts = { started: 0, updated: 0, finished: 0, warnings: 0 };
const finishedBy = {};
/** Operation ID -> time of its first operation.finished: a second finished (or a started after it) is a repeat. */
const finishedAt = new Map();
const repeats = { count: 0, started: 0, ids: new Set(), after: [], sample: [] };
let stopped = null;
/** Operations finished by quiet later than the goal: printed, so that a miss can be looked into. */
const slow = [];
let ready;
const isReady = new Promise((r) => { ready = r; });
readline.createInterface({ input: follow.stdout }).on('line', (line) => {
  const e = JSON.parse(line);
  if (e.event === 'follow.ready') ready();
  else if (e.event === 'follow.status') return;
  else if (e.event === 'follow.stopped') stopped = e;
  else if (e.event === 'follow.warning') counts.warnings++;
  else {
    counts[e.event.slice('operation.'.length)]++;
    const at = Date.parse(e.time);
    if (e.event === 'operation.started') lags.started.push(at - Date.parse(e.operation.start));
    const first = finishedAt.get(e.operation.id);
    if ((e.event === 'operation.started' || e.event === 'operation.finished') && first !== undefined) {
      // Reported as a new operation again (not `revised`): a repeat.
      if (e.event === 'operation.started') repeats.started++;
      else repeats.count++;
      repeats.ids.add(e.operation.id);
      repeats.after.push(at - first);
      if (repeats.sample.length < 5) repeats.sample.push(`${e.event} ${e.operation.id} ${at - first} ms after its first finish`);
    }
    if (e.event === 'operation.finished') {
      if (first === undefined) finishedAt.set(e.operation.id, at);
      finishedBy[e.by] = (finishedBy[e.by] ?? 0) + 1;
      // A finish its lines caused, and one after the settle window of quiet (which waits on purpose), apart.
      // Counted from its newest line (a late lifecycle event may come after its end).
      if (e.by === 'outcome') lags.finished.push(at - Date.parse(e.lastLine));
      // One with no done line whose verdict rested on where the logs end is looked at again once they have gone
      // on INCOMPLETE_WITHIN_MS (60 s) past it, as analyze would judge it: that wait is on purpose too, counted apart.
      const lag = at - Date.parse(e.lastLine);
      if (e.by === 'quiet' && lag >= LOGS_GO_ON_MS) lags.logsWentOn.push(lag);
      else if (e.by === 'quiet') lags.quiet.push(lag);
      if (e.by === 'quiet' && lag >= SETTLE_MS + GOAL_LAG_MS) slow.push(e);
    }
  }
});
const exited = new Promise((r) => follow.on('exit', r));

await isReady; // follow has opened every file at its end
const samples = [];
const started = Date.now();
const sampler = setInterval(() => {
  const m = memory(follow.pid);
  if (m) samples.push({ t: (Date.now() - started) / 1000, ...m });
}, 5000);
const writer = spawn(process.execPath, [WRITER, dir, String(SECONDS), String(RATE), LEVEL, String(PACE)], { stdio: ['ignore', 'pipe', 'inherit'] });
let written = '';
writer.stdout.on('data', (d) => { written += d; });
await new Promise((r) => writer.on('exit', r));
const wrote = JSON.parse(written);
await sleep(AFTER_MS);
clearInterval(sampler);
const last = memory(follow.pid);
follow.kill('SIGINT');
await exited;
fs.rmSync(dir, { recursive: true, force: true });

const rate = wrote.lines / wrote.seconds;
const read = stopped?.lines ?? 0;
const maxLag = maxOf(lags.started, lags.finished);
const mid = samples.filter((s) => s.t > SECONDS / 3 && s.t <= (2 * SECONDS) / 3).map((s) => s.rss);
const end = samples.filter((s) => s.t > (2 * SECONDS) / 3 && s.t <= SECONDS).map((s) => s.rss);
const growth = mid.length && end.length ? Math.max(...end) / Math.max(...mid) - 1 : NaN;

console.log(`novatrace follow soak: ${SECONDS} s at ${RATE || 'full speed'} lines/s${copy === null ? '' : ` (${OPS} operations/s: a copy of the CI job is ${copy.lines} lines and ${copy.operations} operations)`}, ${LEVEL} lines, ${PACE > 0 ? `each copy at its own pace ${PACE}x faster` : 'copies back to back'}, Node ${process.version}, ${os.availableParallelism()} cores`);
console.log(`operations: ${(finishedAt.size / wrote.seconds).toFixed(0)} a second finished (distinct IDs)`);
console.log(`written:  ${wrote.lines} lines (${(wrote.bytes / 1e6).toFixed(0)} MB, ${wrote.copies} copies of the CI job) in ${wrote.seconds.toFixed(1)} s = ${Math.round(rate)} lines/s`);
console.log(`read:     ${read} lines by follow (${read === wrote.lines ? 'every line' : `${wrote.lines - read} missing`}), ${stopped?.unparsed ?? '?'} unparsed`);
console.log(`events:   ${counts.started} started, ${counts.updated} updated, ${counts.finished} finished (${Object.entries(finishedBy).map(([k, v]) => `${v} by ${k}`).join(', ')}), ${counts.warnings} warnings; ${stopped?.open ?? '?'} open at the stop, ${stopped?.dropped ?? '?'} dropped (--keep), ${stopped?.evicted ?? '?'} finished early (memory bound)`);
console.log(`lag:      started max ${maxOf(lags.started)} ms, p99 ${percentile(lags.started, 99)} ms; finished by its lines max ${maxOf(lags.finished)} ms, p99 ${percentile(lags.finished, 99)} ms; finished by quiet (settle ${SETTLE_MS} ms) max ${maxOf(lags.quiet)} ms, p99 ${percentile(lags.quiet, 99)} ms; ${lags.logsWentOn.length} by quiet once the logs went on 60 s past them (no done line: as analyze judges), max ${maxOf(lags.logsWentOn)} ms`);
console.log(`RSS:      ${samples.map((s) => `${s.t.toFixed(0)}s ${s.rss.toFixed(0)}`).join(', ')} MB; at the end ${last?.rss.toFixed(0)} MB, peak ${last?.hwm.toFixed(0)} MB`);
console.log(`repeats:  ${repeats.ids.size} operations reported as new again (${repeats.count} finished, ${repeats.started} started a second time; revised not counted)${repeats.after.length ? `, ${Math.round(percentile(repeats.after, 50) / 1000)} s (median) after their first finish` : ''}; ${finishedAt.size} distinct operations finished`);
for (const line of repeats.sample) console.log(`  repeat: ${line}`);
const quietLag = maxOf(lags.quiet);
const peak = last?.hwm ?? NaN;
const rateGoal = RATE === 0 || RATE >= GOAL_RATE ? `>= ${GOAL_RATE} lines/s read: ${rate >= GOAL_RATE && read === wrote.lines ? 'PASS' : 'MISS'}` : `every line read: ${read === wrote.lines ? 'PASS' : 'MISS'}`;
console.log(`goals:    ${rateGoal}; no repeats: ${repeats.ids.size === 0 ? 'PASS' : 'MISS'}; lag < ${GOAL_LAG_MS} ms: ${maxLag < GOAL_LAG_MS ? 'PASS' : 'MISS'}; by quiet < ${SETTLE_MS + GOAL_LAG_MS} ms: ${quietLag < SETTLE_MS + GOAL_LAG_MS ? 'PASS' : 'MISS'}; peak RSS <= ${GOAL_PEAK_MB} MB (${peak.toFixed(0)} MB): ${peak <= GOAL_PEAK_MB ? 'PASS' : 'MISS'}; RSS flat (last third within 10% of the middle third: ${(growth * 100).toFixed(1)}%): ${growth <= 0.1 ? 'PASS' : 'MISS'}`);
for (const e of slow.filter((x) => Date.parse(x.time) - Date.parse(x.lastLine) < LOGS_GO_ON_MS).slice(0, 10)) {
  const op = e.operation;
  console.log(`  slow by quiet: ${op.type} ${op.instance ?? '-'} ${op.requestIds.join(',')} start ${op.start} end ${op.end} last line ${e.lastLine} finished ${e.time}`);
}
