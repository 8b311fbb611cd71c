#!/usr/bin/env node
// Memory and time of reading one endless line, every way a log comes in (issues 17 and 19): `stats` over
//   - a plain file holding a single 560 MB line with no newline (once stopped stats with "Invalid string length"),
//   - a gzip file holding a 200 MB line between two ordinary lines (once cost 470 MB of memory),
//   - a gzip bomb: 1 GB of NUL bytes in about 1 MB of .gz (once ran for minutes at 950 MB RSS), also through merge,
//     analyze and check, and piped on stdin,
//   - a 100 MB line between two ordinary ones piped on stdin, plain and gzipped (gzip on stdin was once read as text),
//     and through a FIFO,
// each run under GNU time -v: prints the exit code, peak RSS and wall time, and stats' total line. With --max-line
// at its default (1 MB) the line is cut there, so peak RSS must stay far below the line's size, and the time must
// follow the bytes (linear), not the line's length squared.
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

/** A 100 MB line between two ordinary ones. */
function line100() {
  return [...line(`${L1}\n${HEAD}`, 100 * MB + L1.length + 1, `\n${L2}\n`)].map((c) => Buffer.from(c));
}

async function writeGzip(file, bytes) {
  await pipeline(Readable.from(line(`${L1}\n${HEAD}`, bytes + L1.length + 1, `\n${L2}\n`)), createGzip({ level: 1 }), fs.createWriteStream(file));
}

/**
 * Runs `shell` (a command line in which $NT is the CLI) under GNU time, killed after 2 minutes. It passes when it
 * exits 0 within 200 MB and says the long line's whole length (`bytes`): read to its end, decompressed, and cut.
 */
function measure(name, shell, bytes) {
  // Killed after 2 minutes (exit 137): before the one splitter, split2 read a long line in quadratic time.
  const script = `NT="${process.execPath} ${path.join(DIST, 'cli.js')}"; ${shell}`;
  const args = ['-v', 'timeout', '-s', 'KILL', '120', 'bash', '-c', script];
  const result = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const field = (label) => new RegExp(`${label}: (.+)`).exec(result.stderr)?.[1]?.trim() ?? '?';
  const rssMb = Number(field('Maximum resident set size \\(kbytes\\)')) * 1024 / MB;
  const exit = Number(field('Exit status'));
  const total = result.stdout.split('\n').find((l) => /^(total:|parsed) /.test(l)) ?? '';
  const error = result.stderr.split('\n').find((l) => l.startsWith('novatrace:')) ?? result.stderr.split('\n').find((l) => /Error/.test(l)) ?? '';
  console.log(`${name}: exit ${exit}, peak RSS ${rssMb.toFixed(1)} MB, wall ${field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')}`);
  for (const l of result.stdout.split('\n').filter((l) => /cut line|unparsed line/.test(l))) console.log(`  ${l.trim().slice(0, 160)}`);
  if (total) console.log(`  ${total}`);
  if (exit === 137) console.log('  killed after 2 minutes');
  else if (exit !== 0 && exit !== 1) console.log(`  ${error.slice(0, 200)}`);
  // check exits 1 when a rule fails: its verdict on these inputs, not a failure to read them.
  const counted = `${bytes.toLocaleString('en-US')} bytes`;
  const whole = result.stdout.includes(counted) || result.stderr.includes(counted);
  if (!whole) console.log(`  the line's ${counted} are not reported: not read to its end, or not decompressed`);
  return { ok: (exit === 0 || (exit === 1 && shell.includes(' check '))) && rssMb < 200 && whole };
}

/** 1 GB of NUL bytes, gzipped. */
async function writeBomb(file) {
  const zeros = Buffer.alloc(1 << 20);
  function* chunks() {
    for (let k = 0; k < 1000; k++) yield zeros.subarray(0, 1e6);
  }
  await pipeline(Readable.from(chunks()), createGzip({ level: 9 }), fs.createWriteStream(file));
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novatrace-long-line-'));
try {
  console.log(`build: ${path.relative(REPO, DIST) || '.'}`);
  const results = [];
  const plain = path.join(dir, 'one-line.log');
  writePlain(plain, 560 * MB);
  results.push(measure(`stats, one ${fs.statSync(plain).size.toLocaleString('en-US')}-byte line, no newline`, `$NT stats ${plain}`, 560 * MB));
  fs.rmSync(plain);
  const gz = path.join(dir, 'long-line.log.gz');
  await writeGzip(gz, 200 * MB);
  results.push(measure(`stats, a 200,000,000-byte line in a ${fs.statSync(gz).size.toLocaleString('en-US')}-byte .gz`, `$NT stats ${gz}`, 200 * MB));
  fs.rmSync(gz);
  const bomb = path.join(dir, 'bomb.log.gz');
  await writeBomb(bomb);
  const bombSize = fs.statSync(bomb).size.toLocaleString('en-US');
  for (const command of ['stats', 'merge', 'analyze', 'check']) {
    const shell = `$NT ${command} ${bomb}${command === 'merge' ? ' > /dev/null' : ''}`;
    results.push(measure(`${command}, a gzip bomb: 1,000,000,000 NUL bytes in a ${bombSize}-byte .gz`, shell, 1e9));
  }
  results.push(measure('stats, the gzip bomb piped on stdin', `cat ${bomb} | $NT stats -`, 1e9));
  fs.rmSync(bomb);
  const line = path.join(dir, 'line-100mb.log');
  fs.writeFileSync(line, '');
  for (const chunk of line100()) fs.appendFileSync(line, chunk);
  await pipeline(fs.createReadStream(line), createGzip({ level: 1 }), fs.createWriteStream(`${line}.gz`));
  results.push(measure('stats, a 100,000,000-byte line between two others, a plain file', `$NT stats ${line}`, 100 * MB));
  results.push(measure('stats, the same lines piped on stdin', `cat ${line} | $NT stats -`, 100 * MB));
  results.push(measure('stats, the same lines gzipped, piped on stdin', `cat ${line}.gz | $NT stats -`, 100 * MB));
  results.push(measure('stats, the same lines gzipped, through a FIFO', `mkfifo ${dir}/fifo && (cat ${line}.gz > ${dir}/fifo &) && $NT stats ${dir}/fifo`, 100 * MB));
  results.push(measure('stats, the same lines gzipped, through <(cat)', `$NT stats <(cat ${line}.gz)`, 100 * MB));
  const ok = results.every((r) => r.ok);
  console.log(ok ? 'PASS: every run reads the whole line and exits 0 (check: 0 or 1) with peak RSS under 200 MB' : 'FAIL: expected the whole line read, exit 0 (check: 0 or 1) and peak RSS under 200 MB');
  process.exitCode = ok ? 0 : 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
