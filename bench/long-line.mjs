#!/usr/bin/env node
// Memory bound of reading one endless line (issue 17, "one way in"): `stats` over
//   - a plain file holding a single 560 MB line with no newline (once stopped stats with "Invalid string length"),
//   - a gzip file holding a 200 MB line between two ordinary lines (once cost 470 MB of memory),
// each run under GNU time -v: prints stats' exit code, peak RSS and wall time, and its total line. With --max-line
// at its default (1 MB) the line is cut there, so peak RSS must stay far below the line's size.
//
// Run:  node bench/long-line.mjs [dist-dir]     (default dist/; give another build's dist to compare)
// The files are written to a temp folder (about 560 MB on disk for a minute) and removed afterwards.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(REPO, process.argv[2] ?? 'dist');
const MB = 1e6;
const HEAD = '2026-11-22 02:40:05.123 20764 DEBUG nova.compute.manager [-] ';
const L1 = '2026-11-22 02:40:05.100 20764 INFO nova.compute.manager [-] the line before';
const L2 = '2026-11-22 02:40:05.200 20764 INFO nova.compute.manager [-] the line after';
const CHUNK = Buffer.alloc(1 << 20, 'x');

/** `prefix`, then `bytes` bytes of 'x' in all, then `suffix`, as a stream of chunks. */
function* line(prefix, bytes, suffix) {
  yield Buffer.from(prefix);
  let left = bytes - Buffer.byteLength(prefix);
  while (left > 0) {
    const n = Math.min(left, CHUNK.length);
    yield CHUNK.subarray(0, n);
    left -= n;
  }
  yield Buffer.from(suffix);
}

function writePlain(file, bytes) {
  const fd = fs.openSync(file, 'w');
  for (const chunk of line(HEAD, bytes, '')) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

async function writeGzip(file, bytes) {
  await pipeline(Readable.from(line(`${L1}\n${HEAD}`, bytes + L1.length + 1, `\n${L2}\n`)), createGzip({ level: 1 }), fs.createWriteStream(file));
}

function measure(name, file) {
  // Killed after 2 minutes (exit 137): before the one splitter, split2 read a long line in quadratic time.
  const args = ['-v', 'timeout', '-s', 'KILL', '120', process.execPath, path.join(DIST, 'cli.js'), 'stats', file];
  const result = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const field = (label) => new RegExp(`${label}: (.+)`).exec(result.stderr)?.[1]?.trim() ?? '?';
  const rssMb = Number(field('Maximum resident set size \\(kbytes\\)')) * 1024 / MB;
  const exit = Number(field('Exit status'));
  const total = result.stdout.split('\n').find((l) => l.startsWith('total:')) ?? '';
  const error = result.stderr.split('\n').find((l) => l.startsWith('novatrace:')) ?? result.stderr.split('\n').find((l) => /Error/.test(l)) ?? '';
  console.log(`${name}: exit ${exit}, peak RSS ${rssMb.toFixed(1)} MB, wall ${field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')}`);
  for (const l of result.stdout.split('\n').filter((l) => /cut line|unparsed line/.test(l))) console.log(`  ${l.trim().slice(0, 160)}`);
  if (total) console.log(`  ${total}`);
  if (exit === 137) console.log('  killed after 2 minutes');
  else if (exit !== 0) console.log(`  ${error.slice(0, 200)}`);
  return { exit, rssMb };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novatrace-long-line-'));
try {
  console.log(`build: ${path.relative(REPO, DIST) || '.'}`);
  const plain = path.join(dir, 'one-line.log');
  writePlain(plain, 560 * MB);
  const a = measure(`stats, one ${fs.statSync(plain).size.toLocaleString('en-US')}-byte line, no newline`, plain);
  fs.rmSync(plain);
  const gz = path.join(dir, 'long-line.log.gz');
  await writeGzip(gz, 200 * MB);
  const b = measure(`stats, a 200,000,000-byte line in a ${fs.statSync(gz).size.toLocaleString('en-US')}-byte .gz`, gz);
  const ok = a.exit === 0 && b.exit === 0 && a.rssMb < 200 && b.rssMb < 200;
  console.log(ok ? 'PASS: both exit 0 with peak RSS under 200 MB' : 'FAIL: expected exit 0 and peak RSS under 200 MB');
  process.exitCode = ok ? 0 : 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
