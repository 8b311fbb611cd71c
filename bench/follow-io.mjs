#!/usr/bin/env node
// Whether following keeps up with a busy Nova log: a child process appends real nova-compute lines (devstack CI,
// about 290 bytes each) at RATE lines/s for SECONDS, in writes every 10 ms like a logger flushing; this process
// follows the file and reports lines/s and the lag from a write to the event carrying its first line. Every line
// is checked to arrive exactly once, in order. With --big, also a 1 GB file read from its start (throughput and
// memory) and started at its end (the line count that keeps numbers true).
// With --rotate, instead: the writer rotates the file by copytruncate (copy to n-cpu.log.1, then truncate, as
// logrotate's `copytruncate` does) once a second, right after one of its writes, and the benchmark counts the lines
// lost (written, never seen) and seen twice over the rotations (issue 19: 5 to 9 in 10,000 at 1,000 lines/s, as
// tail -F loses them).
// Repeat: npm run build && node bench/follow-io.mjs [RATE] [SECONDS] [--big]
//         npm run build && node bench/follow-io.mjs 1000 60 --rotate

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { followPaths } from '../dist/io/follow/follow-paths.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const RATE = Number(args[0] ?? 100_000);
const SECONDS = Number(args[1] ?? 10);
const BIG = process.argv.includes('--big');
const ROTATE = process.argv.includes('--rotate');
/** --rotate: a copytruncate this often. */
const ROTATE_EVERY_MS = 1000;
const SOURCE = new URL('../../shared/realdata/devstack-ci-mitaka/screen-n-cpu.txt.gz', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'novatrace-bench-follow-'));
const path = join(dir, 'n-cpu.log');

// The writer: a separate process, as nova-compute would be. Line i: `<real line> #<i> <write time, ms>`.
const WRITER = `
const { copyFileSync, openSync, writeSync, readFileSync, truncateSync } = require('node:fs');
const { gunzipSync } = require('node:zlib');
const [path, source, rate, seconds, rotateEvery = '0'] = process.argv.slice(1);
let rotatedAt = performance.now();
let rotations = 0;
const real = gunzipSync(readFileSync(source)).toString('utf8').split('\\n').filter((l) => l.length > 0);
const fd = openSync(path, 'a');
const total = Number(rate) * Number(seconds);
const perTick = Math.round(Number(rate) / 100);
const start = performance.timeOrigin + performance.now();
let i = 0;
function tick() {
  const due = Math.min(total, Math.round(((performance.timeOrigin + performance.now() - start) / 1000) * Number(rate)) + perTick);
  if (i < due) {
    const at = (performance.timeOrigin + performance.now()).toFixed(3);
    let chunk = '';
    for (; i < due; i++) chunk += real[i % real.length] + ' #' + i + ' ' + at + '\\n';
    writeSync(fd, chunk);
    // Right after a write, as a rotation can come: the lines just written are read from the copy or not at all.
    if (Number(rotateEvery) > 0 && performance.now() - rotatedAt >= Number(rotateEvery) && i < total) {
      copyFileSync(path, path + '.1');
      truncateSync(path, 0);
      rotatedAt = performance.now();
      rotations++;
    }
  }
  if (i < total) setTimeout(tick, 10);
  else if (Number(rotateEvery) > 0) process.stdout.write(String(rotations));
}
tick();
`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function live() {
  closeSync(openSync(path, 'w'));
  const controller = new AbortController();
  const lags = [];
  let next = 0;
  let first = 0;
  let last = 0;
  const total = RATE * SECONDS;
  // Started once the first look is done: a missing named file is reported after it.
  const ready = join(dir, 'never-created.log');
  let writer = null;
  let done = null;
  for await (const event of followPaths([path, ready], { fromStart: false, signal: controller.signal })) {
    if (event.type === 'file' && event.path === ready) {
      writer = spawn(process.execPath, ['-e', WRITER, path, SOURCE.pathname, String(RATE), String(SECONDS)], { stdio: 'inherit' });
      done = new Promise((resolve) => writer.on('close', resolve));
      continue;
    }
    if (event.type !== 'lines') continue;
    const now = performance.timeOrigin + performance.now();
    if (first === 0) first = now;
    last = now;
    for (const line of event.lines) {
      const space = line.lastIndexOf(' ');
      const hash = line.lastIndexOf(' #', space - 1);
      const seq = Number(line.slice(hash + 2, space));
      if (seq !== next) throw new Error(`line ${seq} arrived where ${next} was expected`);
      next++;
    }
    const head = event.lines[0];
    lags.push(now - Number(head.slice(head.lastIndexOf(' ') + 1)));
    if (next === total) controller.abort();
  }
  await done;
  lags.sort((a, b) => a - b);
  const seconds = (last - first) / 1000;
  console.log(`live: ${total.toLocaleString('en')} lines written at ${RATE.toLocaleString('en')}/s for ${SECONDS} s, all seen once, in order`);
  console.log(`  followed ${(total / seconds).toFixed(0)} lines/s (first to last event ${seconds.toFixed(2)} s), ${lags.length} batches`);
  console.log(`  lag write -> event: p50 ${percentile(lags, 50).toFixed(1)} ms, p95 ${percentile(lags, 95).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms, max ${lags.at(-1).toFixed(1)} ms`);
}

async function big() {
  const real = gunzipSync(readFileSync(SOURCE)).toString('utf8').split('\n').filter((l) => l.length > 0);
  const fd = openSync(path, 'w');
  let bytes = 0;
  let lines = 0;
  while (bytes < 1024 ** 3) {
    const chunk = `${real.slice(0, 4000).map((l, k) => `${l} #${lines + k}`).join('\n')}\n`;
    writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
    lines += 4000;
  }
  closeSync(fd);
  for (const fromStart of [true, false]) {
    const controller = new AbortController();
    const ready = join(dir, 'never-created.log');
    let seen = 0;
    let peakRss = 0;
    const t = performance.now();
    let readyAt = 0;
    for await (const event of followPaths([path, ready], { fromStart, signal: controller.signal })) {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (event.type === 'lines') seen += event.lines.length;
      if (event.type === 'file' && event.path === ready) readyAt = performance.now() - t;
      if ((fromStart && seen === lines) || (!fromStart && readyAt > 0)) controller.abort();
    }
    const ms = performance.now() - t;
    if (fromStart) {
      console.log(`1 GB from its start: ${lines.toLocaleString('en')} lines in ${(ms / 1000).toFixed(2)} s (${(lines / (ms / 1000)).toFixed(0)} lines/s, ${(1024 / (ms / 1000)).toFixed(0)} MB/s), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
    } else {
      console.log(`1 GB from its end: ready after ${(readyAt / 1000).toFixed(2)} s (counting its ${lines.toLocaleString('en')} lines), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
    }
  }
}

/** --rotate: lines lost and seen twice over copytruncate rotations once a second. */
async function rotate() {
  closeSync(openSync(path, 'w'));
  const controller = new AbortController();
  const total = RATE * SECONDS;
  const seen = new Uint8Array(total);
  let distinct = 0;
  let twice = 0;
  let truncated = 0;
  const ready = join(dir, 'never-created.log');
  let writer = null;
  let done = null;
  let rotations = '';
  for await (const event of followPaths([path, ready], { fromStart: false, signal: controller.signal })) {
    if (event.type === 'file' && event.path === ready) {
      writer = spawn(process.execPath, ['-e', WRITER, path, SOURCE.pathname, String(RATE), String(SECONDS), String(ROTATE_EVERY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
      writer.stdout.on('data', (d) => { rotations += d; });
      done = new Promise((resolve) => writer.on('close', resolve));
      // The writer is done and follow has seen its last line, or 3 s more went by: what is not seen by then is lost.
      void done.then(() => setTimeout(() => controller.abort(), 3000));
      continue;
    }
    if (event.type === 'file' && event.path === path && event.change === 'truncated') truncated++;
    if (event.type !== 'lines') continue;
    for (const line of event.lines) {
      const space = line.lastIndexOf(' ');
      const hash = line.lastIndexOf(' #', space - 1);
      const seq = Number(line.slice(hash + 2, space));
      if (seen[seq] === 1) twice++;
      else distinct++;
      seen[seq] = 1;
    }
    if (distinct === total && writer?.exitCode !== null) controller.abort();
  }
  await done;
  console.log(`rotate: ${total.toLocaleString('en')} lines written at ${RATE.toLocaleString('en')}/s for ${SECONDS} s, copytruncate every ${ROTATE_EVERY_MS} ms right after a write: ${rotations} rotations, ${truncated} truncations seen`);
  console.log(`  lines lost: ${total - distinct} (${((total - distinct) / total * 100).toFixed(3)}%), seen twice: ${twice}`);
}

try {
  if (ROTATE) {
    await rotate();
  } else {
    await live();
  }
  if (BIG) await big();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
