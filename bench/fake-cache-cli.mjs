#!/usr/bin/env node
// A stand-in for a novatrace build with a persistent index, to try bench/bench.mjs's cache rows (warm, trace, grown,
// --no-cache, the byte-identity checks) before the real index exists:
//   BENCH_CLI=bench/fake-cache-cli.mjs BENCH_MB=20 BENCH_RUNS=1 npm run bench
// It takes --cache DIR and --no-cache on every command and lists --cache in its help. With --cache it keeps each
// command's whole output in DIR, keyed by its other arguments and the size and modification time of every file
// under them: run again with the files unchanged, it prints that output back (warm); a file that grew misses and the
// command runs in full (FAKE_CACHE_STALE=1: it does not, a stale cache). Everything else is the real dist/cli.js (FAKE_CACHE_REAL_CLI to name another).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REAL = process.env.FAKE_CACHE_REAL_CLI ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

const args = process.argv.slice(2);
let cacheDir = null;
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cache') cacheDir = args[++i] ?? null;
  else if (args[i] !== '--no-cache') rest.push(args[i]);
}

const run = (stdout) => spawnSync(process.execPath, [REAL, ...rest], { stdio: ['inherit', stdout, 'inherit'] });

if (rest.includes('--help') || rest.includes('-h')) {
  const r = spawnSync(process.execPath, [REAL, ...rest], { encoding: 'utf8' });
  process.stdout.write(r.stdout.replace(/^( {2}-h, --help)/m,
    '  --cache <dir>           (fake) keep the output in this folder\n  --no-cache              (fake) keep nothing\n$1'));
  process.exit(r.status ?? 1);
}

if (cacheDir === null) {
  process.exit(run('inherit').status ?? 1);
}

/** size and mtime of every file under p (a file or a folder), in name order. */
function stamp(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) for (const name of fs.readdirSync(p).sort()) stamp(path.join(p, name), out);
  else out.push(`${p}\t${st.size}\t${st.mtimeMs}`);
  return out;
}
const stamps = rest.filter((a) => fs.existsSync(a)).flatMap((a) => stamp(a, []));
// FAKE_CACHE_STALE=1 keys on the arguments alone: a grown file then gets the old output (the bench must say so).
const key = createHash('sha256').update(JSON.stringify([rest, process.env.FAKE_CACHE_STALE === '1' ? [] : stamps])).digest('hex');
const outFile = path.join(cacheDir, `${key}.out`);
const codeFile = path.join(cacheDir, `${key}.code`);
fs.mkdirSync(cacheDir, { recursive: true });
if (!fs.existsSync(codeFile)) {
  const tmp = `${outFile}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  const r = run(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, outFile);
  fs.writeFileSync(codeFile, String(r.status ?? 1));
}
const code = Number(fs.readFileSync(codeFile, 'utf8'));
const fd = fs.openSync(outFile, 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
  for (let off = 0; off < n;) off += fs.writeSync(1, buffer, off, n - off);
}
fs.closeSync(fd);
process.exit(code);
