// When a command's RSS peaks: runs it once, reads its VmRSS from /proc every 25 ms, and prints the peak, the moment
// it came (as a share of the run), and the highest RSS by a quarter, half, three quarters and nine tenths of the run.
// A peak at the end is what the run keeps to write its answer and cache; one early and flat after is the reading's.
// Usage: node bench/rss-trace.mjs path/to/cli.js COMMAND [ARGS...]   (Linux: /proc)
// e.g. node bench/rss-trace.mjs dist/cli.js analyze --json --cache "$(mktemp -d)" bench/out/corpus-1g/copy-*

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [cli, ...args] = process.argv.slice(2);
if (cli === undefined) {
  console.error('usage: node bench/rss-trace.mjs path/to/cli.js COMMAND [ARGS...]');
  process.exit(2);
}
const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
const t0 = Date.now();
const samples = [];
const timer = setInterval(() => {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    if (m) samples.push([Date.now() - t0, Number(m[1]) / 1024]);
  } catch {
    // Not started yet, or gone.
  }
}, 25);
child.on('exit', (code) => {
  clearInterval(timer);
  const end = Date.now() - t0;
  const peak = samples.reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
  const by = (share) => samples.filter(([t]) => t <= share * end).reduce((a, [, mb]) => Math.max(a, mb), 0).toFixed(0);
  console.log(`exit ${code}; wall ${(end / 1000).toFixed(1)} s; peak RSS ${peak[1].toFixed(0)} MiB at ${(peak[0] / 1000).toFixed(1)} s `
    + `(${((100 * peak[0]) / end).toFixed(0)}% of the run); highest by 25% ${by(0.25)}, 50% ${by(0.5)}, 75% ${by(0.75)}, 90% ${by(0.9)}, `
    + `100% ${by(1)} MiB`);
});
