#!/usr/bin/env node
// A backlog followed from its start (npm run bench:follow-backlog): `novatrace follow --from-start --no-tui` on the
// bench corpus (bench/out/corpus: 248 files, 62 copies of the Mitaka CI job a day apart) and on the same bytes as 4
// files (bench/out/corpus-4files), as an operator does on a folder of logs before following it live. Measured: how
// long until follow says its first operation started, and until it has said every operation `analyze --json` finds
// in the same files started (what the operator waits for); the run is then stopped (SIGINT) once follow's status has
// also counted every line, and GNU time gives its wall and CPU seconds and peak RSS; follow's follow.stopped line
// gives the operations it started and finished.
// With a second CLI (BASE), the two builds alternate, run after run.
// Goal (issue 22's 250 MB for a cold analyze, which follow's backlog used to pass threefold): peak RSS at most
// 400 MB, the bound npm run bench:follow holds follow to at 110,000 lines a second; every operation said.
// Repeat:  npm run build && npm run bench:follow-backlog [-- --runs N] [-- BASE_CLI]
// Needs the corpora of `npm run bench` (built here if missing) and GNU time at /usr/bin/time.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { median } from './bench-lib.mjs';
import { CORPUS_DIR, FOUR_DIR, REPO, benchCorpus } from './corpus.mjs';

const GOAL_RSS_MB = 400;

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt < 0 ? 3 : Number(args.splice(runsAt, 2)[1]);
const builds = [path.join(REPO, 'dist/cli.js'), ...args.slice(0, 1).map((a) => path.resolve(a))];
const log = (m) => process.stderr.write(`${m}\n`);

/** One follow of `dir` from its start until `lines` lines are counted, then SIGINT: time, RSS, what it said. */
function followOnce(cli, dir, lines) {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, cli, 'follow', '--from-start', '--no-tui', dir],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO, env: { ...process.env, TZ: 'UTC' } });
    const t0 = performance.now();
    let stderr = '';
    let stopped = null;
    let signalled = false;
    let started = 0;
    let firstStarted = null;
    let allStarted = null;
    let allRead = false;
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    readline.createInterface({ input: child.stdout }).on('line', (text) => {
      const event = JSON.parse(text);
      if (event.event === 'operation.started') {
        started++;
        firstStarted ??= (performance.now() - t0) / 1000;
        if (started === operations) allStarted = (performance.now() - t0) / 1000;
      } else if (event.event === 'follow.status' && event.lines >= lines) {
        allRead = true;
      } else if (event.event === 'follow.stopped') {
        stopped = event;
      }
      if (allRead && allStarted !== null && !signalled) {
        signalled = true;
        // GNU time's child is node: SIGINT to it, as Ctrl-C would.
        execFileSync('pkill', ['-INT', '-P', String(child.pid)]);
      }
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      const m = /(\S+) (\S+) (\S+) (\d+)\s*$/.exec(stderr.trim());
      if (code !== 0 || m === null || stopped === null) return fail(new Error(`follow exited ${code}: ${stderr.slice(-400)}`));
      done({ firstStarted, allStarted, wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, started: stopped.started, finished: stopped.finished });
    });
  });
}

function operationsOf(dir) {
  const out = execFileSync(process.execPath, [builds[0], 'analyze', '--json', dir], { cwd: REPO, maxBuffer: 1 << 30, env: { ...process.env, TZ: 'UTC' } });
  return JSON.parse(out).operations.length;
}

const { corpus } = benchCorpus({ mb: 300, fourFiles: true, log });
const operations = operationsOf(CORPUS_DIR);
log(`corpus: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.lines} lines; analyze says ${operations} operations`);

const rows = [];
for (const [shape, dir] of [['248 files', CORPUS_DIR], ['4 files', FOUR_DIR]]) {
  const runs = builds.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    for (const [b, cli] of builds.entries()) {
      const run = await followOnce(cli, dir, corpus.lines);
      runs[b].push(run);
      log(`${shape} ${path.relative(REPO, cli)} run ${r + 1}: first started ${run.firstStarted.toFixed(2)} s, all started ${run.allStarted.toFixed(2)} s; ${run.wall.toFixed(2)} s, CPU ${run.cpu.toFixed(2)} s, peak RSS ${run.rssMb.toFixed(0)} MB, ${run.started} started, ${run.finished} finished`);
    }
  }
  for (const [b, cli] of builds.entries()) {
    const rss = Math.max(...runs[b].map((x) => x.rssMb));
    const said = runs[b].every((x) => x.started === operations && x.finished === operations);
    rows.push({
      shape, cli: path.relative(REPO, cli), first: median(runs[b].map((x) => x.firstStarted)), all: median(runs[b].map((x) => x.allStarted)),
      wall: median(runs[b].map((x) => x.wall)), cpu: median(runs[b].map((x) => x.cpu)),
      rssMb: median(runs[b].map((x) => x.rssMb)), maxRssMb: rss, said, pass: rss <= GOAL_RSS_MB && said,
    });
  }
}
console.log(`follow --from-start: seconds to its first operation.started and to every one of ${operations}; then, once all ${corpus.lines} lines are counted, SIGINT: wall and CPU to its exit, peak RSS (median of ${RUNS}; goal: peak RSS <= ${GOAL_RSS_MB} MB, every operation started and finished):`);
for (const row of rows) {
  console.log(`  ${row.shape.padEnd(9)} ${row.cli.padEnd(28)} first ${row.first.toFixed(2)} s, all ${row.all.toFixed(2)} s; exit ${row.wall.toFixed(2)} s, CPU ${row.cpu.toFixed(2)} s; peak RSS ${row.rssMb.toFixed(0)} MB (highest ${row.maxRssMb.toFixed(0)}); all said: ${row.said ? 'yes' : 'no'}  ${row.pass ? 'PASS' : 'FAIL'}`);
}
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
