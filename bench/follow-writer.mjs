#!/usr/bin/env node
// The soak benchmark's writer: appends the real Mitaka CI job's Nova logs to n-api.log, n-cond.log, n-cpu.log and
// n-sch.log in DIR, in the order the services wrote them, copy after copy (each with its own UUIDs, bench/rewrite.mjs),
// at RATE lines a second (0: as fast as it can) for SECONDS. Each line's timestamp is replaced by the wall clock at its write, so that a reader's
// lag is its event time minus the line's time. Prints {"lines", "bytes", "seconds", "copies", "linesPerCopy"} at the end.
// LEVEL INFO leaves out the DEBUG records (Nova's default log level in production: about 24 lines per operation
// instead of 350, so that a few tens of thousands of lines a second are a thousand operations a second). SECONDS
// `once` writes one copy at full speed (the soak bench analyzes it to learn the copy's operations).
// PACE > 0: each copy keeps the job's own timing, PACE times faster (10: its 14 minutes in 86 s), and a new copy
// starts as often as RATE asks, many at once, each started before the run so that it begins in the steady state.
// Operations then last what they last in the job (divided by PACE), not the few milliseconds of a copy written back
// to back: a request waits for its compute host, a volume, a network, while thousands of others go on.
// Usage: node bench/follow-writer.mjs DIR SECONDS|once [RATE] [DEBUG|INFO] [PACE]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { UUID_RE, makeUuidRewriter } from './rewrite.mjs';

const [dir, secondsText, rateText = '0', level = 'DEBUG', paceText = '0'] = process.argv.slice(2);
const pace = Number(paceText);
const once = secondsText === 'once';
const seconds = once ? Infinity : Number(secondsText);
const rate = once ? 0 : Number(rateText);
if (!dir || !(seconds > 0) || !(rate >= 0) || (level !== 'DEBUG' && level !== 'INFO') || !(pace >= 0) || (pace > 0 && !(rate > 0))) {
  console.error('usage: follow-writer.mjs DIR SECONDS|once [RATE] [DEBUG|INFO] [PACE]');
  process.exit(2);
}
const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/realdata/devstack-ci-mitaka');
const SERVICES = ['api', 'cond', 'cpu', 'sch'];
const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/;
/** Flushed this often so that lines reach the files in small steps, as services write them. */
const FLUSH_BYTES = 64 * 1024;
const ACCESS_TIME = / time: \d+\.\d+\n/;
/** The level field of an oslo line: `2016-06-28 13:54:07.882 30596 DEBUG ...`. */
const LEVEL = /^\S+ \S+ \d+ (\w+) /;

// Records (a stamped line and its continuation lines) of all four files, in time order.
const records = [];
SERVICES.forEach((service, file) => {
  const text = gunzipSync(fs.readFileSync(path.join(SOURCE, `screen-n-${service}.txt.gz`))).toString('latin1');
  let current = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const stamped = STAMP.test(line);
    if (stamped || current === null) {
      current = { time: stamped ? line.slice(0, 23) : '', file, order: records.length, text: `${line}\n` };
      records.push(current);
    } else {
      current.text += `${line}\n`;
    }
  }
});
if (level === 'INFO') {
  // A DEBUG record goes with its continuation lines.
  const kept = records.filter((r) => LEVEL.exec(r.text)?.[1] !== 'DEBUG');
  records.length = 0;
  records.push(...kept);
}
records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.file - b.file || a.order - b.order));

const fds = SERVICES.map((s) => fs.openSync(path.join(dir, `n-${s}.log`), 'a'));
const buffers = SERVICES.map(() => []);
const sizes = SERVICES.map(() => 0);
let lines = 0;
let bytes = 0;
const flush = (i) => {
  if (sizes[i] === 0) return;
  const chunk = buffers[i].join('');
  fs.writeSync(fds[i], chunk, null, 'latin1');
  bytes += chunk.length;
  buffers[i] = [];
  sizes[i] = 0;
};

let stampMs = 0;
let stampText = '';
const now = () => {
  const ms = Date.now();
  if (ms !== stampMs) {
    stampMs = ms;
    stampText = new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
  }
  return stampText;
};

const started = Date.now();
const until = started + seconds * 1000;
let copies = 0;
const linesPerCopy = records.reduce((n, r) => n + r.text.split('\n').length - 1, 0);
const write = (rec, rewrite) => {
  let text = rec.text.replace(UUID_RE, rewrite);
  if (rec.time !== '') text = now() + text.slice(23);
  // The access line's `time:` is the request's original duration, which the wall-clock stamps no longer keep:
  // analysis starts an API operation that long before its access line, which would count as lag.
  if (rec.file === 0) text = text.replace(ACCESS_TIME, ' time: 0.000000\n');
  buffers[rec.file].push(text);
  sizes[rec.file] += text.length;
  lines += text.split('\n').length - 1;
  if (sizes[rec.file] >= FLUSH_BYTES) flush(rec.file);
};
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

if (pace > 0) {
  // Each record's time in its copy, from the copy's first stamped line, PACE times faster.
  const first = Date.parse(`${records.find((r) => r.time !== '').time.replace(' ', 'T')}Z`);
  let previous = 0;
  const offset = records.map((r) => (previous = r.time === '' ? previous : (Date.parse(`${r.time.replace(' ', 'T')}Z`) - first) / pace));
  const span = offset[offset.length - 1];
  /** Milliseconds between two copies' starts. */
  const stride = (1000 * linesPerCopy) / rate;
  // Active copies by the time of their next record: a binary heap.
  const heap = [];
  const at = (c) => c.start + offset[c.r];
  const up = (i) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (at(heap[p]) <= at(heap[i])) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const down = (i) => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const m = l + 1 < heap.length && at(heap[l + 1]) < at(heap[l]) ? l + 1 : l;
      if (at(heap[i]) <= at(heap[m])) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  };
  // Copies that began before the run are under way at its start: their records before it are not written.
  let k = -Math.ceil(span / stride);
  for (;;) {
    const t = Date.now() - started;
    if (t >= seconds * 1000) break;
    for (; k * stride <= t; k++) {
      const copy = { start: k * stride, r: 0, rewrite: makeUuidRewriter(k) };
      while (copy.r < records.length && at(copy) < 0) copy.r++;
      if (copy.r < records.length) {
        heap.push(copy);
        up(heap.length - 1);
      }
    }
    while (heap.length > 0 && at(heap[0]) <= t) {
      const copy = heap[0];
      write(records[copy.r], copy.rewrite);
      if (++copy.r < records.length) {
        down(0);
      } else {
        copies++;
        const last = heap.pop();
        if (heap.length > 0) {
          heap[0] = last;
          down(0);
        }
      }
    }
    SERVICES.forEach((_, i) => flush(i));
    const next = Math.min(heap.length > 0 ? at(heap[0]) : Infinity, k * stride);
    const wait = next - (Date.now() - started);
    if (wait > 0) sleep(Math.min(wait, 10));
  }
}

outer: for (let k = 0; pace === 0; k++) {
  const rewrite = makeUuidRewriter(k);
  for (let r = 0; r < records.length; r++) {
    const rec = records[r];
    write(rec, rewrite);
    if ((r & 255) === 0) {
      // Everything buffered goes out every 256 records: no line waits long in this process.
      SERVICES.forEach((_, i) => flush(i));
      const t = Date.now();
      if (t >= until) break outer;
      // Ahead of the rate: wait (busy-waiting would steal the reader's core).
      if (rate > 0) {
        const due = started + (lines / rate) * 1000;
        if (due > t) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, due - t);
      }
    }
  }
  copies++;
  if (once) break;
}
SERVICES.forEach((_, i) => flush(i));
fds.forEach((fd) => fs.closeSync(fd));
process.stdout.write(`${JSON.stringify({ lines, bytes, seconds: (Date.now() - started) / 1000, copies, linesPerCopy })}\n`);
