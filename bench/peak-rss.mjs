// Peak RSS and time of `analyze --json` on the bench corpus, two builds alternating (A, B, A, B, ...): issue 22's
// bound is 250 MB on every run, so each run's peak is printed, then the medians and the highest.
// Usage: node bench/peak-rss.mjs [--runs N] [--concurrent K] [A_CLI] [B_CLI]
// (defaults: 10 runs, 1 at a time, ../main/dist/cli.js against ./dist/cli.js; --concurrent 3 runs three of a build at
// once, the busy machine on which the peak used to double). Needs GNU time at /usr/bin/time.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [, value] = args.splice(at, 2);
  return Number(value);
};
const runs = option('--runs', 10);
const concurrent = option('--concurrent', 1);
const builds = [resolve(args[0] ?? join(root, '..', 'main', 'dist', 'cli.js')), resolve(args[1] ?? join(root, 'dist', 'cli.js'))];
const corpus = join(root, 'bench', 'out', 'corpus');
const mainCorpus = join(root, '..', 'main', 'bench', 'out', 'corpus');
const input = existsSync(corpus) ? corpus : mainCorpus;

/** One run: wall seconds, CPU seconds (user + system) and peak RSS in MB, as GNU time reports them. */
function once(cli) {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, cli, 'analyze', '--json', input], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', fail);
    child.on('close', (code) => {
      const last = err.trim().split('\n').pop() ?? '';
      const [wall, user, sys, kb] = last.split(' ').map(Number);
      if (code !== 0 || kb === undefined || Number.isNaN(kb)) fail(new Error(`${cli} exited ${code}: ${err}`));
      else done({ wall, cpu: user + sys, rss: kb / 1024 });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const seen = builds.map(() => []);
console.log(`analyze --json ${input}: ${runs} runs of each build, ${concurrent} at a time, alternating`);
for (let i = 0; i < runs; i++) {
  for (const [b, cli] of builds.entries()) {
    const results = await Promise.all(Array.from({ length: concurrent }, () => once(cli)));
    for (const r of results) {
      seen[b].push(r);
      console.log(`${b === 0 ? 'A' : 'B'} ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU, ${r.rss.toFixed(0)} MB peak RSS`);
    }
  }
}
for (const [b, cli] of builds.entries()) {
  const rs = seen[b];
  const over = rs.filter((r) => r.rss > 250).length;
  console.log(`${b === 0 ? 'A' : 'B'} ${cli}: median ${median(rs.map((r) => r.wall)).toFixed(2)} s wall, ${median(rs.map((r) => r.cpu)).toFixed(2)} s CPU, `
    + `${median(rs.map((r) => r.rss)).toFixed(0)} MB peak RSS (highest ${Math.max(...rs.map((r) => r.rss)).toFixed(0)} MB; ${over} of ${rs.length} over 250 MB)`);
}
