// Peak RSS, wall and CPU time of a cold `analyze --json` at the bench's scaling sizes (a quarter of the corpus's
// copies, all of them, and the 1.2 GB corpus), two builds alternating (A, B, A, B, ...) at each size: issue 22's
// goal is a peak flat beyond the smallest size (within 20%) and at most 250 MB. Each run is printed, then medians.
// Usage: node bench/scaling-rss.mjs [--runs N] [--cache] [--only quarter|corpus|corpus-1g] [A_CLI] [B_CLI]
// (defaults: 5 runs, --no-cache; --cache gives each run a fresh cache folder, as npm run bench does;
// ../main/dist/cli.js against ./dist/cli.js). Needs GNU time at /usr/bin/time and bench/out (npm run bench makes it).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
};
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [, value] = args.splice(at, 2);
  return Number(value);
};
const runs = option('--runs', 5);
const withCache = flag('--cache');
const onlyAt = args.indexOf('--only');
const only = onlyAt < 0 ? null : args.splice(onlyAt, 2)[1];
const builds = [resolve(args[0] ?? join(root, '..', 'main', 'dist', 'cli.js')), resolve(args[1] ?? join(root, 'dist', 'cli.js'))];
const out = [join(root, 'bench', 'out'), join(root, '..', 'main', 'bench', 'out')].find((d) => existsSync(join(d, 'corpus'))) ?? join(root, 'bench', 'out');

const copies = (dir, n) => Array.from({ length: n }, (_, k) => join(dir, `copy-${String(k).padStart(3, '0')}`));
const bytes = (dirs) => dirs.reduce((sum, d) => sum + readdirSync(d).reduce((s, f) => s + statSync(join(d, f)).size, 0), 0);
const corpusCopies = readdirSync(join(out, 'corpus')).filter((f) => f.startsWith('copy-')).length;
const sizes = [
  { label: 'quarter', dirs: copies(join(out, 'corpus'), Math.ceil(corpusCopies / 4)) },
  { label: 'corpus', dirs: copies(join(out, 'corpus'), corpusCopies) },
  ...(existsSync(join(out, 'corpus-1g'))
    ? [{ label: 'corpus-1g', dirs: copies(join(out, 'corpus-1g'), readdirSync(join(out, 'corpus-1g')).filter((f) => f.startsWith('copy-')).length) }]
    : []),
].filter((s) => only === null || s.label === only).map((s) => ({ ...s, mb: bytes(s.dirs) / 1e6 }));

/** One run: wall seconds, CPU seconds (user + system) and peak RSS in MB, as GNU time reports them. */
function once(cli, dirs) {
  const cache = withCache ? mkdtempSync(join(tmpdir(), 'novatrace-scaling-')) : null;
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, cli, 'analyze', '--json', ...(cache ? ['--cache', cache] : ['--no-cache']), ...dirs],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', fail);
    child.on('close', (code) => {
      if (cache) rmSync(cache, { recursive: true, force: true });
      const last = err.trim().split('\n').pop() ?? '';
      const [wall, user, sys, kb] = last.split(' ').map(Number);
      // analyze exits 1 on findings (failed operations).
      if ((code !== 0 && code !== 1) || kb === undefined || Number.isNaN(kb)) fail(new Error(`${cli} exited ${code}: ${err}`));
      else done({ wall, cpu: user + sys, rss: (kb * 1024) / 1e6 });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

console.log(`A: ${builds[0]}\nB: ${builds[1]}\n${withCache ? 'a fresh --cache per run' : '--no-cache'}, ${runs} runs each, alternating`);
const results = sizes.map(() => [[], []]);
for (const [i, size] of sizes.entries()) {
  for (let r = 1; r <= runs; r++) {
    for (const b of [0, 1]) {
      const res = await once(builds[b], size.dirs);
      results[i][b].push(res);
      console.log(`${size.label} (${size.mb.toFixed(0)} MB) run ${r} ${'AB'[b]}: ${res.wall.toFixed(2)} s wall, ${res.cpu.toFixed(2)} s CPU, ${res.rss.toFixed(1)} MB peak RSS`);
    }
  }
}
console.log('\nmedians (highest peak RSS in brackets)');
for (const [i, size] of sizes.entries()) {
  for (const b of [0, 1]) {
    const rs = results[i][b];
    console.log(`${'AB'[b]} ${size.label.padEnd(9)} ${size.mb.toFixed(0).padStart(5)} MB: ${median(rs.map((x) => x.wall)).toFixed(2)} s wall, `
      + `${median(rs.map((x) => x.cpu)).toFixed(2)} s CPU, ${median(rs.map((x) => x.rss)).toFixed(1)} MB RSS (${Math.max(...rs.map((x) => x.rss)).toFixed(1)})`);
  }
}
for (const b of [0, 1]) {
  const peaks = sizes.map((_, i) => median(results[i][b].map((x) => x.rss)));
  console.log(`${'AB'[b]}: median peak RSS highest/lowest across sizes ${(Math.max(...peaks) / Math.min(...peaks)).toFixed(2)}, highest ${Math.max(...peaks).toFixed(1)} MB`);
}
