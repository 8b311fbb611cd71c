#!/usr/bin/env node
// New files beside a folder analyzed before (npm run bench:new-files): the bench corpus (bench/out/corpus: 248 files,
// 62 copies of the Mitaka CI job a day apart) is copied to bench/out/scratch-new and analyzed once with a fresh
// --cache DIR (untimed); then the next day's copy (copy-062: its four files, made by the corpus's own rewriting) is
// written beside the others. Timed, alternating, RUNS times each: `analyze --json --cache DIR` on the folder, DIR
// put back before each run as the first analysis left it (so each run goes on from the same checkpoint), and
// `analyze --json --no-cache` on the same folder. Checked: both give the same bytes.
// Repeat:  npm run build && npm run bench:new-files [-- --runs N]
// Needs the corpus of `npm run bench` (built here if missing) and GNU time at /usr/bin/time.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { median } from './bench-lib.mjs';
import { CORPUS_DIR, OUT_DIR, REPO, SERVICES, SOURCE_DIR, benchCorpus, copyLines, copyName, fileName, readSource } from './corpus.mjs';

const SCRATCH = path.join(OUT_DIR, 'scratch-new');
const CLI = path.join(REPO, 'dist/cli.js');

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt < 0 ? 5 : Number(args[runsAt + 1]);
const log = (m) => process.stderr.write(`${m}\n`);

const { corpus } = benchCorpus({ mb: 300, log });
fs.rmSync(SCRATCH, { recursive: true, force: true });
fs.mkdirSync(SCRATCH, { recursive: true });
const logs = path.join(SCRATCH, 'logs');
fs.cpSync(CORPUS_DIR, logs, { recursive: true });
const env = { ...process.env, TZ: 'UTC', XDG_CACHE_HOME: path.join(SCRATCH, 'xdg') };

/** One run under GNU time: its wall and CPU seconds, peak RSS, and the sha256 of what it printed. */
function timed(cliArgs) {
  const out = path.join(SCRATCH, 'out.json');
  const fd = fs.openSync(out, 'w');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, CLI, ...cliArgs], { stdio: ['ignore', fd, 'pipe'], env, encoding: 'utf8' });
  fs.closeSync(fd);
  if (r.status !== 0) throw new Error(`novatrace ${cliArgs.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
  const [wall, user, sys, rssKb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, sha: createHash('sha256').update(fs.readFileSync(out)).digest('hex') };
}

const first = path.join(SCRATCH, 'cache-first');
log(`analyzing ${corpus.files} files (${(corpus.bytes / 1e6).toFixed(1)} MB) once with --cache (untimed) ...`);
timed(['analyze', '--json', '--cache', first, logs]);
const next = path.join(logs, copyName(corpus.copies));
fs.mkdirSync(next);
let added = 0;
for (const service of SERVICES) {
  const text = [...copyLines(readSource(SOURCE_DIR, service), corpus.copies)].join('');
  fs.writeFileSync(path.join(next, fileName(service)), text, 'latin1');
  added += text.length;
}
log(`added ${path.relative(REPO, next)}: ${SERVICES.length} files, ${(added / 1e6).toFixed(2)} MB`);

const resumed = [];
const whole = [];
const cache = path.join(SCRATCH, 'cache');
for (let run = 1; run <= RUNS; run++) {
  fs.rmSync(cache, { recursive: true, force: true });
  fs.cpSync(first, cache, { recursive: true });
  const a = timed(['analyze', '--json', '--cache', cache, logs]);
  const b = timed(['analyze', '--json', '--no-cache', logs]);
  resumed.push(a);
  whole.push(b);
  log(`run ${run}/${RUNS}: --cache ${a.wall.toFixed(2)} s (cpu ${a.cpu.toFixed(2)} s, ${a.rssMb.toFixed(0)} MB); --no-cache ${b.wall.toFixed(2)} s (cpu ${b.cpu.toFixed(2)} s, ${b.rssMb.toFixed(0)} MB)`);
}
const same = [...resumed, ...whole].every((r) => r.sha === whole[0].sha);
const row = (name, rs) => `${name.padEnd(44)} ${median(rs.map((r) => r.wall)).toFixed(2).padStart(6)} s  cpu ${median(rs.map((r) => r.cpu)).toFixed(2).padStart(5)} s  peak RSS ${Math.max(...rs.map((r) => r.rssMb)).toFixed(0).padStart(4)} MB`;
const load = execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
console.log(`new files beside ${corpus.files} files analyzed before: ${SERVICES.length} files, ${(added / 1e6).toFixed(2)} MB (a next day's copy); median of ${RUNS}, alternating; load average after ${load}`);
console.log(row('analyze --json --cache DIR (goes on)', resumed));
console.log(row('analyze --json --no-cache (whole folder)', whole));
console.log(`ratio ${(median(resumed.map((r) => r.wall)) / median(whole.map((r) => r.wall))).toFixed(2)}; the same bytes every run: ${same ? 'PASS' : 'FAIL'}`);
fs.rmSync(SCRATCH, { recursive: true, force: true });
process.exitCode = same ? 0 : 1;
