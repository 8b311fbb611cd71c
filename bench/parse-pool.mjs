#!/usr/bin/env node
// Parsing on worker threads against parsing in the main thread: analyze --json (or another command) with
// NOVATRACE_PARSE_THREADS=0, 1 and 2, a baseline build (another worktree's dist/cli.js) and lnav's level histogram,
// alternating in rounds (the machine's speed drifts; colleagues' runs share it), each run timed by /usr/bin/time:
// median wall seconds, CPU seconds (user + system, all threads), peak RSS (main thread and workers: one process).
// Usage: node bench/parse-pool.mjs [--rounds 5] [--baseline ../main/dist/cli.js] [--command analyze --json]
//        [--threads 0,1,2] [--no-lnav] <folder> [<lnav glob>]
// Repeat: npm run build && node bench/parse-pool.mjs bench/out/corpus 'bench/out/corpus/copy-*/screen-n-*.txt'

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let rounds = 5;
let baseline = null;
let command = ['analyze', '--json'];
let threads = ['0', '1', '2'];
let lnav = true;
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--rounds') rounds = Number(args[++i]);
  else if (a === '--baseline') baseline = path.resolve(args[++i]);
  else if (a === '--command') command = args[++i].split(' ');
  else if (a === '--threads') threads = args[++i].split(',');
  else if (a === '--no-lnav') lnav = false;
  else rest.push(a);
}
const [input, glob] = rest;
if (input === undefined) {
  process.stderr.write('usage: node bench/parse-pool.mjs [--rounds N] [--baseline cli.js] [--command "analyze --json"] [--threads 0,1,2] [--no-lnav] <input> [<lnav glob>]\n');
  process.exit(2);
}

const variants = [];
if (baseline !== null) variants.push({ name: `baseline ${path.relative(process.cwd(), baseline)}`, argv: ['node', baseline, ...command, input], env: {} });
for (const t of threads) variants.push({ name: `this build, NOVATRACE_PARSE_THREADS=${t}`, argv: ['node', path.join(ROOT, 'dist', 'cli.js'), ...command, input], env: { NOVATRACE_PARSE_THREADS: t } });
if (lnav && glob !== undefined) variants.push({ name: 'lnav level histogram', argv: ['lnav', '-n', '-c', ';SELECT log_level, count(*) FROM all_logs GROUP BY log_level', glob], env: {} });

function timed(v) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...v.argv], {
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', CI: '1', NOVATRACE_PROGRESS: '0', ...v.env },
    stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28, encoding: 'utf8',
  });
  const last = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall: last[0], cpu: last[1] + last[2], rssMb: last[3] / 1024 };
}

const results = variants.map(() => []);
for (let round = 0; round < rounds; round++) {
  variants.forEach((v, k) => {
    const r = timed(v);
    results[k].push(r);
    process.stderr.write(`round ${round + 1}: ${v.name}: ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU, ${r.rssMb.toFixed(0)} MB\n`);
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const lnavWall = lnav && glob !== undefined ? median(results[results.length - 1].map((r) => r.wall)) : null;
process.stdout.write(`${command.join(' ')} ${input}, median of ${rounds} (alternating)\n`);
variants.forEach((v, k) => {
  const rs = results[k];
  const wall = median(rs.map((r) => r.wall));
  const ratio = lnavWall === null ? '' : `  ${(wall / lnavWall).toFixed(2)}x lnav`;
  process.stdout.write(`${v.name.padEnd(44)} ${wall.toFixed(2)} s wall  ${median(rs.map((r) => r.cpu)).toFixed(2)} s CPU  `
    + `${median(rs.map((r) => r.rssMb)).toFixed(0)} MB RSS (max ${Math.max(...rs.map((r) => r.rssMb)).toFixed(0)})${ratio}\n`);
});
