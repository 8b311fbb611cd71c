#!/usr/bin/env node
// How long the terminal UI's list takes per key press with 10,000 operations: the reducer's action plus building
// the screen (what ink then draws is one frame of the terminal's height, whatever the list's length).
// Repeat: npm run build && node bench/ui-scroll.mjs

import { buildModel } from '../dist/ui/model.js';
import { initialState, reduce } from '../dist/ui/view-state.js';
import { listScreen } from '../dist/ui/screens/list-screen.js';

const OPS = 10_000;
const T0 = Date.UTC(2026, 0, 1);
const types = ['boot', 'stop', 'start', 'delete', 'evacuate', 'live-migrate'];
const outcomes = ['succeeded', 'failed', 'rejected', 'incomplete'];
const operations = Array.from({ length: OPS }, (_, i) => ({
  id: `req-${i}`, type: types[i % types.length], variant: null, instance: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  requestIds: [`req-${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`], user: 'u', project: 'p',
  start: T0 + i * 1000, end: T0 + i * 1000 + (i % 97) * 100, outcome: outcomes[i % 7 === 0 ? 1 : 0], httpStatus: 202,
  hosts: [`compute${i % 5}`], selected: null, source: null, destination: null, phases: [], events: [], error: null, entries: [],
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
time('typing a filter, 30 characters', 30, (s, i) => (i === 0 ? press(s, 'filter') : reduce(model, s, { type: 'key', name: 'x', text: 'abc'[i % 3] })));
