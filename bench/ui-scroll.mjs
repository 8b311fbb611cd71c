#!/usr/bin/env node
// How long the terminal UI's list takes per key press with 10,000 operations: the reducer's action plus building
// the screen (what ink then draws is one frame of the terminal's height, whatever the list's length); then how soon
// `novatrace analyze` on a terminal draws its first frame and its list, on the fixtures and on a big input.
// Repeat: npm run build && node bench/ui-scroll.mjs

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LINES_PENDING, buildModel } from '../dist/ui/model.js';
import { initialState, reduce } from '../dist/ui/view-state.js';
import { listScreen } from '../dist/ui/screens/list-screen.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OPS = 10_000;
const T0 = Date.UTC(2026, 0, 1);
const types = ['boot', 'stop', 'start', 'delete', 'evacuate', 'live-migrate'];
const outcomes = ['succeeded', 'failed', 'rejected', 'incomplete'];
const operations = Array.from({ length: OPS }, (_, i) => ({
  id: `req-${i}`, type: types[i % types.length], variant: null, instance: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  requestIds: [`req-${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`], user: 'u', project: 'p',
  start: T0 + i * 1000, end: T0 + i * 1000 + (i % 97) * 100, outcome: outcomes[i % 7 === 0 ? 1 : 0], httpStatus: 202,
  hosts: [`compute${i % 5}`], selected: null, source: null, destination: null, phases: [], events: [], error: null, entries: [],
  timed: true, outcomeReason: null, failureEvidence: [], errorsDuring: [],
}));
const model = buildModel(operations, [], { files: 1, lines: 0, entries: 0, continuations: 0, noise: 0, unparsed: 0 });
const press = (state, command) => reduce(model, state, { type: 'command', command });

function time(label, steps, step) {
  let state = initialState({ columns: 120, rows: 40 });
  listScreen(model, state);
  const t = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) {
    state = step(state, i);
    listScreen(model, state);
  }
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / steps;
  console.log(`${label.padEnd(44)} ${ms.toFixed(3)} ms per key press`);
}

console.log(`${OPS} operations, 120x40 terminal`);
time('down (j), 5,000 times', 5000, (s) => press(s, 'down'));
time('page down, 250 times', 250, (s) => press(s, 'pageDown'));
time('sort (s): re-sorts all, 30 times', 30, (s) => press(s, 'cycleSort'));
time('outcome filter (f), 30 times', 30, (s) => press(s, 'cycleOutcome'));
time('typing a filter, 30 characters', 30, (s, i) => (i === 0 ? press(s, 'search') : reduce(model, s, { type: 'key', name: 'x', text: 'abc'[i % 3] })));

// The first frame: from starting `novatrace analyze` on a terminal (a pseudo-terminal of 80x24 made by script(1))
// to the first frame drawn (the progress of reading), and to the list; q then quits. Median of a few runs.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/**
 * `open`: Enter as soon as the list is drawn, opening its first operation; `opened` is then how long after the Enter
 * its timeline showed its lines (a kept analysis reads that operation's lines first: Analysis.linesOf).
 */
function startOnce(paths, { open = false } = {}) {
  return new Promise((resolve, reject) => {
    const command = `stty cols 80 rows 24; exec env -u CI NO_COLOR=1 TZ=UTC ${process.execPath} dist/cli.js analyze ${paths.join(' ')} 2>/dev/null`;
    const t0 = process.hrtime.bigint();
    const child = spawn('script', ['-q', '-f', '-e', '-c', command, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
    let text = '';
    let first = null;
    let list = null;
    let lines = null;
    let entered = null;
    let opened = null;
    let quitting = false;
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    child.stdout.on('data', (chunk) => {
      const frame = chunk.toString('utf8').replace(ANSI, '');
      text += frame;
      if (first === null && text.includes('novatrace')) first = ms();
      if (list === null && / operations /.test(text) && text.includes('q quit')) list = ms();
      // A kept analysis is listed before its operations' lines are read again (the list's status line says so while
      // they are): they are there at the first frame drawn without it. ink draws whole frames.
      if (list !== null && lines === null && !text.includes(LINES_PENDING)) lines = list;
      else if (list !== null && lines === null && frame.includes('q quit') && !frame.includes(LINES_PENDING)) lines = ms();
      if (open && list !== null && entered === null) {
        entered = ms();
        child.stdin.write('\r');
      } else if (open && entered !== null && opened === null && frame.includes('Esc back') && !frame.includes(`(${LINES_PENDING})`)) {
        opened = ms() - entered;
      }
      // (q goes back from a timeline, and quits from the list.)
      if ((open ? opened !== null : lines !== null) && !quitting) {
        quitting = true;
        child.stdin.write(open ? 'qq' : 'q');
      }
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(killer);
      if (first === null || list === null || (lines === null && !open)) reject(new Error(`no list shown for ${paths.join(' ')}; last output: ${text.slice(-400)}`));
      else if (open && opened === null) reject(new Error(`no timeline shown for ${paths.join(' ')}; last output: ${text.slice(-400)}`));
      else resolve({ first, list, lines, opened });
    });
  });
}

async function firstFrame(label, paths, runs, how = {}) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await startOnce(paths, how));
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = median(results.map((r) => r.first));
  const list = median(results.map((r) => r.list));
  // Opening a timeline at once: its own lines, not every operation's, are what is waited for.
  const lines = how.open ? null : median(results.map((r) => r.lines));
  const after = how.open ? `opened timeline's lines ${median(results.map((r) => r.opened)).toFixed(0).padStart(5)} ms after Enter` : `lines ${lines.toFixed(0).padStart(6)} ms`;
  console.log(`${label.padEnd(76)} first frame ${first.toFixed(0).padStart(5)} ms   list ${list.toFixed(0).padStart(6)} ms   ${after}   (median of ${runs})`);
  return { first, list, lines };
}

if (spawnSync('script', ['--version']).status !== 0) {
  console.log('first frame: skipped (script(1), of util-linux, is not installed)');
} else {
  console.log('\nfirst frame of `novatrace analyze` in an 80x24 pseudo-terminal (goal: within 500 ms on the fixtures)');
  // The floor: starting Node and the CLI alone, on this machine as loaded as it is now.
  const floor = [0, 1, 2].map(() => {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, ['dist/cli.js', '--version'], { cwd: ROOT });
    return Number(process.hrtime.bigint() - t) / 1e6;
  }).sort((a, b) => a - b)[1];
  console.log(`${'node dist/cli.js --version (the floor)'.padEnd(76)} ${floor.toFixed(0).padStart(17)} ms`);
  const fixtures = await firstFrame('fixtures/ (1.7 MB, 247 files), --no-cache', ['--no-cache', 'fixtures'], 5);
  const corpus = join(ROOT, 'bench', 'out', 'corpus');
  const realdata = join(ROOT, '..', 'shared', 'realdata', 'fault-injection-queens-dev');
  const big = existsSync(corpus) ? { label: `bench/out/corpus (${readdirSync(corpus).length} copies, npm run bench)`, path: corpus }
    : existsSync(realdata) ? { label: '../shared/realdata/fault-injection-queens-dev (61 MB)', path: realdata } : null;
  if (big === null) console.log('big input: skipped (no bench/out/corpus, which npm run bench makes, nor ../shared/realdata)');
  else {
    // Each run names its cache: --no-cache; an empty folder (the first run, which writes it); the same folder again
    // (the second run, answered from the kept analysis, its operations' lines read again from the files' indexes).
    const cache = mkdtempSync(join(tmpdir(), 'novatrace-bench-ui-'));
    try {
      await firstFrame(`${big.label}, --no-cache`, ['--no-cache', big.path], 1);
      await firstFrame(`${big.label}, first run (empty --cache)`, ['--cache', cache, big.path], 1);
      await firstFrame(`${big.label}, again (same --cache)`, ['--cache', cache, big.path], 3);
      await firstFrame(`${big.label}, again, Enter at once`, ['--cache', cache, big.path], 3, { open: true });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }
  console.log(`goal: first frame on the fixtures within 500 ms: ${fixtures.first <= 500 ? 'PASS' : 'FAIL'}`);
}
