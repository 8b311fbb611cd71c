#!/usr/bin/env node
// What a second thread would cost the thread that correlates, at the least: turning entries handed over as
// offsets into reads plus numbers in typed arrays (no strings, no object cloning) back into entry objects. The
// entries are parsed first (not timed), each one's message located in its file's text, every other string put
// in a table; then the entries are built again from those numbers alone, as the receiving thread would.
// Needs the corpus of npm run bench. Repeat: npm run build && node --max-old-space-size=6000 bench/handover.mjs

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptionsFrom } from '../dist/parse/options.js';
import { EntryParser } from '../dist/parse/entry-parser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.join(ROOT, 'bench', 'out', 'corpus');
if (!existsSync(CORPUS)) {
  process.stderr.write(`bench/handover.mjs: no corpus at ${path.relative(ROOT, CORPUS)}: run npm run bench once first\n`);
  process.exit(1);
}
const files = readdirSync(CORPUS).flatMap((c) => readdirSync(path.join(CORPUS, c)).map((f) => path.join(CORPUS, c, f)));
const MAX = 2_000_000;
const FIELDS = 8;
const texts = [];
const textOf = new Int32Array(MAX);
const messageAt = new Int32Array(MAX);
const messageEnd = new Int32Array(MAX);
const ints = new Int32Array(MAX * FIELDS);
const times = new Float64Array(MAX);
const lineNos = new Int32Array(MAX);
const strings = [];
const stringIds = new Map();
const idOf = (s) => {
  if (s === null) return -1;
  let k = stringIds.get(s);
  if (k === undefined) {
    k = strings.length;
    strings.push(s);
    stringIds.set(s, k);
  }
  return k;
};
const locations = [];
const locationIds = new Map();
let n = 0;
for (const file of files) {
  const text = readFileSync(file, 'latin1');
  texts.push(text);
  const t = texts.length - 1;
  const starts = [];
  const parser = new EntryParser(file, new Date(), parseOptionsFrom({}), (e) => {
    textOf[n] = t;
    times[n] = e.time ?? NaN;
    lineNos[n] = e.line;
    const at = text.indexOf(e.message, starts[e.line - 1]);
    messageAt[n] = at;
    messageEnd[n] = at + e.message.length;
    const o = n * FIELDS;
    ints[o] = idOf(e.host);
    ints[o + 1] = idOf(e.logger);
    ints[o + 2] = idOf(e.requestId);
    ints[o + 3] = idOf(e.globalRequestId);
    ints[o + 4] = idOf(e.user);
    ints[o + 5] = idOf(e.project);
    ints[o + 6] = idOf(e.instance);
    let l = e.location === null ? -1 : locationIds.get(e.location);
    if (l === undefined) {
      l = locations.length;
      locations.push(e.location);
      locationIds.set(e.location, l);
    }
    ints[o + 7] = l;
    n++;
  });
  for (let s = 0; s < text.length;) {
    let end = text.indexOf('\n', s);
    if (end < 0) end = text.length;
    starts.push(s);
    parser.push(text.slice(s, end));
    s = end + 1;
  }
  parser.flush();
}

const str = (k) => (k < 0 ? null : strings[k]);
const t0 = performance.now();
let built = 0;
let last = null;
for (let i = 0; i < n; i++) {
  const o = i * FIELDS;
  const time = times[i];
  // Built and let go, as a stream hands them on: only the analysis engine keeps some.
  last = {
    time: Number.isNaN(time) ? null : time, precision: 3, service: 'compute', host: str(ints[o]), pid: null, level: 'DEBUG',
    logger: str(ints[o + 1]), globalRequestId: str(ints[o + 3]), requestId: str(ints[o + 2]), user: str(ints[o + 4]),
    project: str(ints[o + 5]), instance: str(ints[o + 6]), message: texts[textOf[i]].slice(messageAt[i], messageEnd[i]),
    location: ints[o + 7] < 0 ? null : locations[ints[o + 7]], continuation: [], file: files[textOf[i]], line: lineNos[i],
    dialect: 'oslo',
  };
  if (last.message.length >= 0) built++;
}
const ms = performance.now() - t0;
console.log(`rebuilt ${built} entries from offsets and tables in ${ms.toFixed(0)} ms (${((ms * 1e6) / built).toFixed(0)} ns each); ${strings.length} distinct strings, ${locations.length} code locations`);
