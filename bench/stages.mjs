#!/usr/bin/env node
// Where analyze --json's time goes on the bench corpus, stage by stage, against lnav's level histogram on the same
// files: what bounds any split of the work over threads.
//   parse      read, decode, parse and merge every file; entries dropped (no correlation)
//   correlate  the analysis engine alone (stores, recognition, timelines), fed entries parsed beforehand (not timed)
//   analyze    the whole pipeline, in process (no start-up)
//   lnav       lnav's level histogram, wall time of the process (as npm run bench runs it)
// Wall and CPU time (all threads: V8's collector has helper threads) are printed: analyze's CPU time over the
// machine's cores bounds any split of its work over threads.
// Each stage runs in its own process, rounds alternate the stages (the machine's speed drifts), medians printed.
// Needs the corpus of npm run bench (bench/out/corpus). Repeat: npm run build && node bench/stages.mjs [rounds]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.join(ROOT, 'bench', 'out', 'corpus');
const STAGES = ['parse', 'correlate', 'analyze'];

async function stage(name) {
  const { resolveInputs } = await import('../dist/io/inputs.js');
  const { firstTimes, readAll } = await import('../dist/commands/read-all.js');
  const { mergeByTime } = await import('../dist/merge/k-way.js');
  const { Analyzer } = await import('../dist/analysis/analyzer.js');
  const { parseOptionsFrom } = await import('../dist/parse/options.js');
  const { analyzeInputs } = await import('../dist/commands/analysis.js');
  const merged = async (each) => {
    const options = parseOptionsFrom({});
    const { sources } = await resolveInputs([CORPUS]);
    const reading = readAll(sources, options, false);
    let n = 0;
    for await (const batch of mergeByTime(reading.streams, await firstTimes(sources, options))) {
      n += batch.length;
      if (each) for (const e of batch) each(e);
    }
    reading.finish();
    return n;
  };
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  let detail;
  if (name === 'parse') {
    detail = `${await merged(null)} entries`;
  } else if (name === 'correlate') {
    const entries = [];
    await merged((e) => entries.push(e));
    t0 = performance.now();
    c0 = process.cpuUsage();
    const analyzer = new Analyzer({});
    for (const e of entries) analyzer.add(e);
    detail = `${analyzer.finish().operations.length} operations from ${entries.length} entries`;
  } else {
    detail = `${(await analyzeInputs([CORPUS], parseOptionsFrom({}), () => {})).operations.length} operations`;
  }
  // CPU time of every thread of the process: V8's collector also runs on helper threads.
  const cpu = process.cpuUsage(c0);
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, detail })}\n`);
}

function run(name) {
  if (name === 'lnav') {
    const home = mkdtempSync(path.join(tmpdir(), 'novatrace-stages-lnav-'));
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'lnav', '-n', '-c', ';SELECT log_level, count(*) FROM all_logs GROUP BY log_level', `${CORPUS}/copy-*/screen-n-*.txt`],
      { env: { ...process.env, HOME: home }, encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - t0) / 1000;
    rmSync(home, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`lnav failed: ${r.stderr.trim().split('\n')[0]}`);
    const [user, system] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    return { seconds, cpu: user + system, detail: 'level histogram' };
  }
  // Room for every parsed entry at once (the correlate stage holds them all before it starts the clock).
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--stage', name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`stage ${name} failed: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

async function main() {
  if (process.argv[2] === '--stage') return stage(process.argv[3]);
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('no build: run npm run build first');
  if (!existsSync(CORPUS)) throw new Error(`no corpus at ${path.relative(ROOT, CORPUS)}: run npm run bench once first`);
  const rounds = Number(process.argv[2] ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds: expected a positive integer, got "${process.argv[2]}"`);
  const hasLnav = spawnSync('lnav', ['-V']).status === 0;
  const names = hasLnav ? [...STAGES, 'lnav'] : STAGES;
  const times = new Map(names.map((n) => [n, []]));
  const cpus = new Map(names.map((n) => [n, []]));
  const details = new Map();
  for (let i = 0; i < rounds; i++) {
    for (const name of names) {
      const { seconds, cpu, detail } = run(name);
      times.get(name).push(seconds);
      cpus.get(name).push(cpu);
      details.set(name, detail);
    }
  }
  const m = new Map(names.map((n) => [n, median(times.get(n))]));
  const c = new Map(names.map((n) => [n, median(cpus.get(n))]));
  console.log(`analyze's stages on ${path.relative(ROOT, CORPUS)}, median of ${rounds} alternating rounds, Node ${process.version}`);
  for (const name of names) {
    const all = times.get(name).map((s) => s.toFixed(2)).join(' ');
    console.log(`  ${name.padEnd(10)} ${m.get(name).toFixed(2).padStart(6)} s  cpu ${c.get(name).toFixed(2).padStart(5)} s   (${all})  ${details.get(name)}`);
  }
  const parse = m.get('parse');
  const cores = availableParallelism();
  console.log(`  split over ${cores} cores, nothing handed over: at least analyze cpu / ${cores} = ${(c.get('analyze') / cores).toFixed(2)} s`);
  console.log(`    (stages apart: (parse cpu + correlate cpu) / ${cores} = ${((c.get('parse') + c.get('correlate')) / cores).toFixed(2)} s; together they collect more)`);
  if (hasLnav) console.log(`  lnav: ${m.get('lnav').toFixed(2)} s; parse alone is ${(parse / m.get('lnav')).toFixed(2)}x lnav's time`);
  else console.log('  lnav: not installed, not timed');
}

main().catch((error) => {
  process.stderr.write(`bench/stages.mjs: ${error.message}\n`);
  process.exitCode = 1;
});
