// Whole ink frames of each view after keystrokes, on the hand-built sample model. Expected frames are written
// from the model's data and the layout rules (column widths, cuts), never from a run of the code.

import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Starting } from '../../src/ui/components/starting.js';
import { StartupStore } from '../../src/ui/startup-store.js';
import { firstFrameText } from '../../src/ui/first-frame.js';
import { App } from '../../src/ui/components/app.js';
import type { Size } from '../../src/ui/layout.js';
import { LINES_PENDING, buildModel } from '../../src/ui/model.js';
import type { UiModel } from '../../src/ui/model.js';
import { PARSE, UNATTACHED, operation, sampleModel } from './sample-model.js';
import { hostModel } from './host-model.js';
import type { Columns } from '../../src/ui/screens/list-screen.js';
import { columnsFor } from '../../src/ui/screens/list-screen.js';

const KEYS = {
  down: '\u001B[B',
  up: '\u001B[A',
  enter: '\r',
  escape: '\u001B',
} as const;

type Rendered = ReturnType<typeof render>;
let mounted: Rendered | null = null;

afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/**
 * Until the app has drawn all it will draw for what happened so far: React renders from the event loop's check
 * phase, a read's promise settles in microtasks, ink writes a frame per render. Rendering has settled when a few
 * turns of the loop add no frame. (A fixed pause raced the renders on a loaded machine: a timer that fired late
 * let the next key in before the last one's render, which the key then read stale.)
 */
async function settled(app: Rendered): Promise<void> {
  const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
  let seen = -1;
  while (app.frames.length !== seen) {
    seen = app.frames.length;
    for (let i = 0; i < 3; i++) await turn();
  }
}

/** ink-testing-library's stdout is 100 columns wide: give it the terminal's width, as a real one has. */
function setColumns(app: Rendered, columns: number): void {
  Object.defineProperty(app.stdout, 'columns', { configurable: true, get: () => columns });
}

async function open(model: UiModel, size: Size): Promise<Rendered> {
  mounted = render(<App model={model} size={size} colors={false} />);
  setColumns(mounted, size.columns);
  mounted.rerender(<App model={model} size={size} colors={false} />);
  await settled(mounted);
  return mounted;
}

async function press(app: Rendered, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    app.stdin.write(k);
    await settled(app);
  }
}

/** The frame's lines without trailing blanks, and without the blank lines that pad the body. */
function lines(app: Rendered): string[] {
  return (app.lastFrame() ?? '').split('\n').map((l) => l.trimEnd());
}

/** Expected frame: `body` padded with blank lines so that `footer` is on the frame's last line. */
function frame(rows: number, body: readonly string[], footer: string): string[] {
  const out = [...body];
  while (out.length < rows - 1) out.push('');
  return [...out, footer];
}

const NARROW: Size = { columns: 80, rows: 24 };
const WIDE: Size = { columns: 160, rows: 16 };

const LIST_FOOTER_80 = '↑↓ move  Enter open  / search  n/N next  f outcome  t type  ? help  q quit';

describe('operations list', () => {
  it('80x24: header, filters, titles, one row per operation, the keys', async () => {
    const app = await open(sampleModel(), NARROW);
    expect(lines(app)).toEqual(frame(23, [
      'novatrace  4 operations  ✓1 ✗1 ⊘1 …1   2016-06-28 13:56:12 → 13:59:17 UTC',
      'filter: -  outcome: all  type: all  sort: time   4 of 4 shown',
      '  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '✓ 06-28 13:56:12  boot            4f1713a9  succeeded      9.23s  req-c354514b',
      '✗ 06-28 13:56:42  boot            8661f614  failed         3.10s  req-0b6f73c9',
      '⊘ 06-28 13:57:12  delete          4c45d1e7  rejected        49ms  req-04a5fab4',
      '… 06-28 13:58:12  live-migrate    bf3695c6  incomplete     1m05s  req-a2b6e763',
    ], LIST_FOOTER_80));
  });

  it('160 columns: outcomes named, the hosts, why a failed or incomplete one is so, every key in the footer', async () => {
    const app = await open(sampleModel(), WIDE);
    // The hosts column is as wide as the widest shown (12: cmp1 -> cmp2); the reason takes the rest.
    const hosts = (h: string): string => h.padEnd(12);
    expect(lines(app)).toEqual(frame(15, [
      'novatrace  4 operations  ✓ 1 succeeded ✗ 1 failed ⊘ 1 rejected … 1 incomplete   2016-06-28 13:56:12 → 13:59:17 UTC',
      'filter: -  outcome: all  type: all  sort: time   4 of 4 shown',
      `  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST       ${hosts('HOSTS')}  WHY`,
      `✓ 06-28 13:56:12  boot            4f1713a9  succeeded      9.23s  req-c354514b  ${hosts('cmp1')}`,
      `✗ 06-28 13:56:42  boot            8661f614  failed         3.10s  req-0b6f73c9  ${hosts('cmp2')}  Instance failed to spawn`,
      `⊘ 06-28 13:57:12  delete          4c45d1e7  rejected        49ms  req-04a5fab4  ${hosts('-')}`,
      `… 06-28 13:58:12  live-migrate    bf3695c6  incomplete     1m05s  req-a2b6e763  ${hosts('cmp1 -> cmp2')}  the logs end before it finished`,
    ].map((l) => l.trimEnd()), '↑↓ move  Enter open  / search  n/N next  f outcome  t type  s sort  E errors  H host failure  ? help  q quit'));
  });

  it('f shows failed and rejected; s then sorts them by duration', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, 'f');
    expect(lines(app).slice(1, 6)).toEqual([
      'filter: -  outcome: failed + rejected  type: all  sort: time   2 of 4 shown',
      '  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '✗ 06-28 13:56:42  boot            8661f614  failed         3.10s  req-0b6f73c9',
      '⊘ 06-28 13:57:12  delete          4c45d1e7  rejected        49ms  req-04a5fab4',
      '',
    ]);
    await press(app, 'f', 'f', 's');
    expect(lines(app).slice(1, 7)).toEqual([
      'filter: -  outcome: all  type: all  sort: duration   4 of 4 shown',
      '  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '… 06-28 13:58:12  live-migrate    bf3695c6  incomplete     1m05s  req-a2b6e763',
      '✓ 06-28 13:56:12  boot            4f1713a9  succeeded      9.23s  req-c354514b',
      '✗ 06-28 13:56:42  boot            8661f614  failed         3.10s  req-0b6f73c9',
      '⊘ 06-28 13:57:12  delete          4c45d1e7  rejected        49ms  req-04a5fab4',
    ]);
  });

  it('/ filters as you type; Enter keeps the filter, / and Esc clear it', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, '/', 'c', 'm', 'p', '2');
    expect(lines(app)).toEqual(frame(23, [
      'novatrace  4 operations  ✓1 ✗1 ⊘1 …1   2016-06-28 13:56:12 → 13:59:17 UTC',
      '/cmp2▏  outcome: all  type: all  sort: time   2 of 4 shown',
      '  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '✗ 06-28 13:56:42  boot            8661f614  failed         3.10s  req-0b6f73c9',
      '… 06-28 13:58:12  live-migrate    bf3695c6  incomplete     1m05s  req-a2b6e763',
    ], LIST_FOOTER_80));
    await press(app, KEYS.enter);
    expect(lines(app)[1]).toBe('filter: "cmp2"  outcome: all  type: all  sort: time   2 of 4 shown');
    // Keys are commands again once the filter is committed: t picks the first type present (boot).
    await press(app, 't');
    expect(lines(app).slice(1, 4)).toEqual([
      'filter: "cmp2"  outcome: all  type: boot  sort: time   1 of 4 shown',
      '  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '✗ 06-28 13:56:42  boot            8661f614  failed         3.10s  req-0b6f73c9',
    ]);
    await press(app, '/', KEYS.escape);
    expect(lines(app)[1]).toBe('filter: -  outcome: all  type: boot  sort: time   2 of 4 shown');
  });

  it('Esc on a filtered list clears the filter; on a bare list it says that q quits', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, 'f', '/cmp2\r');
    expect(lines(app)[1]).toBe('filter: "cmp2"  outcome: failed + rejected  type: all  sort: time   1 of 4 shown');
    await press(app, KEYS.escape);
    expect(lines(app)[1]).toBe('filter: -  outcome: all  type: all  sort: time   4 of 4 shown');
    await press(app, KEYS.escape);
    expect(lines(app)[22]).toBe('nothing to clear; q quits');
    await press(app, 'j');
    expect(lines(app)[22]).toBe(LIST_FOOTER_80);
  });

  it('keys that arrive in one read each count: a pasted filter and Enter, then jj', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, '/cmp\r');
    expect(lines(app)[1]).toBe('filter: "cmp"  outcome: all  type: all  sort: time   3 of 4 shown');
    await press(app, 'jj\r');
    // The third of the three rows with "cmp". Its whole title would take 97 columns: the instance is cut to 8
    // characters, and the reason, last, is cut at 80.
    expect(lines(app)[0]).toBe('live-migrate of bf3695c6  … incomplete  HTTP 202  1m05s  req-a2b6e763  (the log…');
  });

  it('an incomplete operation says why after its status and duration, where the terminal has room', async () => {
    const app = await open(sampleModel(), WIDE);
    await press(app, '/cmp\r', 'jj\r');
    expect(lines(app)[0]).toBe('live-migrate of bf3695c6-0000-1111-2222-333333333333  … incomplete  HTTP 202  1m05s  req-a2b6e763  (the logs end before it finished)');
  });

  it('an empty result says so and still quits on q', async () => {
    const app = await open(buildModel([], [], PARSE), NARROW);
    expect(lines(app)).toEqual(frame(23, [
      // With no time span the header fits in 80 columns with the outcomes named (77 characters).
      'novatrace  0 operations  ✓ 0 succeeded ✗ 0 failed ⊘ 0 rejected … 0 incomplete',
      'filter: -  outcome: all  type: all  sort: time   0 of 0 shown',
      '  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '(no operations in these logs)',
    ], LIST_FOOTER_80));
  });
});

describe('timeline', () => {
  it('Enter: the waterfall to scale, the events, the entries', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, KEYS.enter);
    expect(lines(app)).toEqual(frame(23, [
      // With its request ID the whole title takes 88 columns: the instance is cut to 8 characters.
      'boot of 4f1713a9  ✓ succeeded  HTTP 202  9.23s  req-c354514b',
      '2016-06-28 13:56:12.000 → 13:56:21.230 UTC  hosts cmp1  req-c354514b-0c97-415e-…',
      `  api          |##${' '.repeat(28)}|    500ms at +0ms`,
      `  conductor    | ##${' '.repeat(27)}|    100ms at +600ms  wait 100ms`,
      `  compute@cmp1 |  ${'#'.repeat(28)}|    8.33s at +900ms  wait 200ms`,
      `  events       |  ▲${' '.repeat(27)}| claim`,
      `── entries 1-6 of 6 ${'─'.repeat(60)}`,
      '   +0.000s  api                  INFO    10.0.0.1 "POST /v2.1/servers HTTP/1.1"…',
      '   +0.600s  conductor            DEBUG   Selected host: WeighedHost [host: (cmp…',
      '   +0.900s  compute@cmp1         INFO    Claim successful',
      '   +1.500s  compute@cmp1         WARNING Timeout waiting for vif plugging callb…',
      '   +9.000s  compute@cmp1         INFO    Took 8.10 seconds to spawn the instanc…',
      '   +9.230s  compute@cmp1         INFO    Took 9.23 seconds to build instance.',
    ], '↑↓ move  Enter open  / search  n/N next  E errors  ? help  Esc back'));
  });

  it('160 columns: the code location column', async () => {
    const app = await open(sampleModel(), WIDE);
    await press(app, KEYS.enter);
    const rows = lines(app);
    expect(rows[8]).toBe(`   +0.600s  conductor            DEBUG   ${'manager.py:2200'.padEnd(26)} Selected host: WeighedHost [host: (cmp1, cmp1) ram: 7000 disk: 20 io_ops: 0 instances: 0]`);
    expect(rows[9]).toBe(`   +0.900s  compute@cmp1         INFO    ${''.padEnd(26)} Claim successful`);
  });

  it('e on a failed boot: the error entry, with its traceback counted', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, KEYS.down, KEYS.enter, 'e', KEYS.enter);
    // The error entry is the seventh entry() made in sample-model.ts: line 107.
    expect(lines(app)).toEqual(frame(23, [
      '✗ failed  boot of 8661f614  3.10s  req-0b6f73c9',
      'entry 3 of 4  compute@cmp2  ERROR  /logs/n-compute.log:107',
      'time        2016-06-28T13:56:45.000Z (+3.000s)',
      'service     compute@cmp2  pid 4242',
      'level       ERROR',
      'logger      nova.compute.manager',
      'location    -',
      'file        /logs/n-compute.log:107',
      'request     req-11111111-2222-3333-4444-555555555555',
      'instance    -',
      'user        demo  project demo',
      '',
      'message',
      '  Instance failed to spawn',
      '',
      'traceback and continuation (4 lines)',
      '  Traceback (most recent call last):',
      // 80 characters after the 2-column indent: hard-wrapped at 78.
      '    File "/opt/stack/nova/nova/compute/manager.py", line 2218, in _build_resourc',
      '  es',
      '      yield resources',
      "  KeyError: 'dns'",
      '',
    ], '↑↓ move  o operation  / search  n/N next  E errors  ? help  Esc back'));
  });
});

describe('narrow and wide terminals', () => {
  it.each<[number, Columns]>([
    // Outcome, type, instance, duration and request always; then the start, the hosts, the reason.
    // 200 - 34 (mark, instance, outcome, duration) - 16 (type) - 14 (request) - 16 (start) - 14 (hosts) - 2.
    [200, { start: 14, type: 16, request: 12, hosts: 12, reason: 104 }],
    [120, { start: 14, type: 16, request: 12, hosts: 12, reason: 24 }],
    [100, { start: 14, type: 16, request: 12, hosts: 18, reason: 0 }],
    [80, { start: 14, type: 16, request: 12, hosts: 0, reason: 0 }],
    [74, { start: 8, type: 16, request: 12, hosts: 0, reason: 0 }],
    [64, { start: 0, type: 16, request: 12, hosts: 0, reason: 0 }],
    // The type gives up its padding first; then a request ID that cannot fit at all leaves room for the time alone.
    [58, { start: 0, type: 10, request: 12, hosts: 0, reason: 0 }],
    [56, { start: 8, type: 10, request: 0, hosts: 0, reason: 0 }],
    [48, { start: 0, type: 10, request: 0, hosts: 0, reason: 0 }],
  ])('%i columns', (width, columns) => {
    expect(columnsFor(width, 12, 12, true)).toEqual(columns);
  });

  it('80x24: request IDs that share their first 8 characters show as many as tell them apart', async () => {
    const twin = (request: string, at: number) => operation({ type: 'stop', instance: `0000000${at}-aaaa-bbbb-cccc-dddddddddddd`, request, outcome: 'succeeded', start: at * 1000, end: at * 1000 + 120 });
    const app = await open(buildModel([
      twin('req-022f2e61-b641-42c6-af94-490d95045ad8', 1),
      twin('req-022f2e61-b6ff-4000-8000-000000000000', 2),
      twin('req-9a9a9a9a-0000-4000-8000-000000000000', 3),
    ], [], PARSE), NARROW);
    // The column is as wide as the longest (16): the start time drops its date to make room.
    expect(lines(app).slice(2, 6)).toEqual([
      '  START     TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '✓ 13:56:13  stop            00000001  succeeded      120ms  req-022f2e61-b64',
      '✓ 13:56:14  stop            00000002  succeeded      120ms  req-022f2e61-b6f',
      '✓ 13:56:15  stop            00000003  succeeded      120ms  req-9a9a9a9a',
    ]);
  });

  it('200x50: the list with its hosts and why each failed or incomplete one is so', async () => {
    const app = await open(sampleModel(), { columns: 200, rows: 50 });
    const rows = lines(app);
    expect(rows).toHaveLength(49);
    expect(rows[2]).toBe(`  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST       ${'HOSTS'.padEnd(12)}  WHY`);
    expect(rows[4]).toBe(`✗ 06-28 13:56:42  boot            8661f614  failed         3.10s  req-0b6f73c9  ${'cmp2'.padEnd(12)}  Instance failed to spawn`);
    expect(rows[48]).toBe('↑↓ move  Enter open  / search  n/N next  f outcome  t type  s sort  E errors  H host failure  ? help  q quit');
  });

  it('200x50: the timeline title has room for the whole instance and the request ID', async () => {
    const app = await open(sampleModel(), { columns: 200, rows: 50 });
    await press(app, KEYS.enter);
    const rows = lines(app);
    expect(rows[0]).toBe('boot of 4f1713a9-2ad0-4dce-8b3d-30dea178e0a5  ✓ succeeded  HTTP 202  9.23s  req-c354514b');
    expect(rows[1]).toBe('2016-06-28 13:56:12.000 → 13:56:21.230 UTC  hosts cmp1  req-c354514b-0c97-415e-ba7f-18750569f103');
    expect(rows[48]).toBe('↑↓ move  Enter open  / search  n/N next  E errors  H host failure  e first error  l level  s service  h host  ? help  Esc back');
  });

  it('200x50: the help of a timeline lists its keys', async () => {
    const app = await open(sampleModel(), { columns: 200, rows: 50 });
    await press(app, KEYS.enter, '?');
    const rows = lines(app);
    expect(rows[0]).toBe('keys in a timeline');
    expect(rows).toContain('  l       levels: INFO+, WARNING+, all');
    expect(rows).toContain('  h       hosts: each present, then all');
  });

  it('200x50: a group of errors with the place and operation of each', async () => {
    const app = await open(sampleModel(), { columns: 200, rows: 50 });
    await press(app, 'E', 'j', KEYS.enter);
    expect(lines(app).slice(0, 3)).toEqual([
      '1 × Instance failed to spawn',
      `TIME            WHERE                 ${'OPERATION'.padEnd(48)}  MESSAGE`,
      // From 140 columns the operation as the list names it: with its duration and short request ID.
      `06-28 13:56:45  compute@cmp2          ${'✗ boot 8661f614  3.10s  req-0b6f73c9'.padEnd(48)}  Instance failed to spawn`,
    ]);
  });
});

describe('narrowing a timeline', () => {
  it('80x24: l twice leaves the warnings and errors; the rule says what is hidden and how many', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, KEYS.enter, 'l', 'l');
    const rows = lines(app);
    expect(rows[6]).toBe(`── entries 1-1 of 1 (5 of 6 hidden: WARNING+) ${'─'.repeat(34)}`);
    expect(rows[7]).toBe('   +1.500s  compute@cmp1         WARNING Timeout waiting for vif plugging callb…');
    expect(rows[8]).toBe('');
    await press(app, 's', 's');
    expect(lines(app)[6]).toBe(`── entries 1-1 of 1 (5 of 6 hidden: WARNING+, compute) ${'─'.repeat(25)}`);
    await press(app, KEYS.escape);
    expect(lines(app)[6]).toBe(`── entries 1-6 of 6 ${'─'.repeat(60)}`);
  });

  it('200x50: a failed boot opens on its error, and its rule names a host narrowing', async () => {
    const app = await open(sampleModel(), { columns: 200, rows: 50 });
    await press(app, KEYS.down, KEYS.enter, 'h');
    const rows = lines(app);
    const rule = rows.findIndex((r) => r.startsWith('── entries'));
    expect(rows[rule]).toBe(`── entries 1-3 of 3 (1 of 4 hidden: cmp2) ${'─'.repeat(158)}`);
    expect(rows[rule + 2]).toMatch(/^ {3}\+3\.000s {2}compute@cmp2 +ERROR +Instance failed to spawn \[\+4\]$/);
  });
});

describe('search in a timeline and an entry', () => {
  it('80x24: / types in the footer; Enter selects the first match and the rule counts them', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, KEYS.enter, '/', 't', 'o', 'o', 'k');
    expect(lines(app)[22]).toBe('/took▏  Enter search  Esc cancel  /re/ regex');
    await press(app, KEYS.enter);
    const rows = lines(app);
    expect(rows[6]).toBe(`── entries 1-6 of 6 · "took" 2 matches ${'─'.repeat(41)}`);
    expect(rows[22]).toBe('↑↓ move  Enter open  / search  n/N next  E errors  ? help  Esc back');
    await press(app, 'n', 'n');
    expect(lines(app)[22]).toBe('match 1 of 2 (wrapped around)');
  });

  it('200x50: an entry counts the lines the search matches in its title', async () => {
    const app = await open(sampleModel(), { columns: 200, rows: 50 });
    await press(app, KEYS.down, KEYS.enter, 'e', KEYS.enter, '/dns\r');
    expect(lines(app).slice(0, 2)).toEqual(['✗ failed  boot of 8661f614  3.10s  req-0b6f73c9', 'entry 3 of 4  compute@cmp2  ERROR  /logs/n-compute.log:107  · "dns" 1 line']);
  });
});

describe('entry detail raw lines', () => {
  it('shows the lines read back from the file, numbered', async () => {
    const model = sampleModel(async (e) => [{ line: e.line, text: `2016-06-28 13:56:12.000 4242 INFO nova.api [-] ${e.message}` }]);
    const app = await open(model, { columns: 120, rows: 30 });
    await press(app, KEYS.enter, 'j', 'j', KEYS.enter);
    const rows = lines(app);
    const at = rows.indexOf('raw lines: /logs/n-compute.log');
    expect(at).toBeGreaterThan(0);
    expect(rows[at + 1]).toBe('  103: 2016-06-28 13:56:12.000 4242 INFO nova.api [-] Claim successful');
  });
});

describe('errors outside operations and help', () => {
  it('80x24: E lists every error grouped by template with counts; Enter a group, Enter an error, o its operation', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, 'E');
    expect(lines(app)).toEqual(frame(23, [
      'errors: 2 kinds, 4 in all, 1 in operations',
      '  COUNT IN OPS  FIRST           MESSAGE (variable parts as <n>, <uuid>, ...)',
      '      3      -  06-28 13:54:08  No compute node record for host cmp<n>',
      '      1      1  06-28 13:56:45  Instance failed to spawn',
    ], '↑↓ move  Enter open  o operation  ? help  Esc back'));
    // The first group belongs to no operation: o says so in the footer.
    await press(app, 'o');
    expect(lines(app)[22]).toBe('no error of this group belongs to an operation');
    await press(app, KEYS.enter);
    expect(lines(app).slice(0, 5)).toEqual([
      '3 × No compute node record for host cmp<n>',
      // Below 100 columns the place gives way to the message.
      'TIME            OPERATION                 MESSAGE  (2 of 3 kept: errors of no o…',
      '06-28 13:54:08  -                         No compute node record for host cmp1',
      '06-28 13:55:08  -                         No compute node record for host cmp1',
      '',
    ]);
    await press(app, KEYS.enter);
    const detail = lines(app);
    expect(detail[0]).toBe('of no operation (a periodic task, a service starting, ...)');
    expect(detail[1]).toMatch(/^error {2}compute@cmp1 {2}ERROR {2}\/logs\/n-compute\.log:\d+$/);
    expect(detail).toContain('  ComputeHostNotFound_Remote: Compute host cmp1 could not be found.');
    await press(app, 'o');
    expect(lines(app)[22]).toBe('this error belongs to no operation (a periodic task, a service starting, ...)');
    await press(app, KEYS.escape, KEYS.escape, 'j', KEYS.enter, KEYS.enter);
    expect(lines(app)[1]).toBe('entry 3 of 4  compute@cmp2  ERROR  /logs/n-compute.log:107');
    expect(lines(app)).toContain("  KeyError: 'dns'");
    await press(app, 'o');
    expect(lines(app)[0]).toBe('boot of 8661f614  ✗ failed  HTTP 202  3.10s  req-0b6f73c9');
  });

  it('200x50: the place each kind was logged, and o from a group to its operation', async () => {
    const app = await open(sampleModel(), { columns: 200, rows: 50 });
    await press(app, 'E');
    const rows = lines(app);
    expect(rows.slice(0, 4)).toEqual([
      'errors: 2 kinds, 4 in all, 1 in operations',
      `  COUNT IN OPS  FIRST           ${'WHERE'.padEnd(20)}  MESSAGE (variable parts as <n>, <uuid>, ...)`,
      `      3      -  06-28 13:54:08  ${'compute@cmp1'.padEnd(20)}  No compute node record for host cmp<n>`,
      `      1      1  06-28 13:56:45  ${'compute@cmp2'.padEnd(20)}  Instance failed to spawn`,
    ]);
    await press(app, 'j', 'o');
    expect(lines(app)[0]).toMatch(/^boot of 8661f614-1111-2222-3333-444444444444 {2}✗ failed/);
    await press(app, 'q');
    expect(lines(app)[0]).toBe('errors: 2 kinds, 4 in all, 1 in operations');
  });

  it('? lists the keys of the view it is opened from; any key closes it', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, '?');
    const row = (label: string, description: string): string => `  ${label.padEnd(8)}${description}`;
    // No footer: the help takes the whole frame (23 lines).
    expect(lines(app)).toEqual(frame(23, [
      'keys in the operations list',
      '',
      row('↑ k', 'move up'),
      row('↓ j', 'move down'),
      row('PgUp', 'page up'),
      row('PgDn', 'page down'),
      row('g', 'first row'),
      row('G', 'last row'),
      row('Enter', "open the operation, entry, error group, error or instance's evacuation"),
      row('/', 'search: text (any case) or /regex/; the list narrows'),
      row('n', 'next match (no search: next warning or error)'),
      row('N', 'previous match (or warning or error)'),
      row('f', 'outcomes: all, failed + rejected, incomplete'),
      row('t', 'operation types: all, then each type'),
      row('s', 'sort by time, duration, type'),
      row('E', 'errors, grouped by message'),
      row('H', "the failure of the operation's host (an evacuation's source)"),
      row('?', 'this help'),
      row('Esc', 'clear the filter or search, else back'),
      row('q', 'quit from the list; back elsewhere'),
      '',
      'any key closes this help; Ctrl-C quits from anywhere',
    ], ''));
    await press(app, 'x');
    expect(lines(app)[0]).toMatch(/^novatrace/);
  });
});

describe('a host failure (H), on fixtures/hosts/host-evacuate-queens', () => {
  // What `novatrace host node1 fixtures/hosts/host-evacuate-queens` prints (test/hosts/fixtures.test.ts, docs/hosts.md):
  // node1 SIGKILLed, forced down, `nova host-evacuate` of two instances to node2, a third deleted meanwhile.
  const INCIDENT = [
    '  last line 2018-05-22T13:10:30.803Z, then silent for 5m29s; ended abrupt: no service stop logged',
    '',
    '  what Nova said and did:',
    '    2018-05-22T13:11:30.160Z  force-down        api       req-8d9e0f1a-2b3c-4d4e-9f5a-7b8c9d0e1f2a  PUT /v2.1/os-services/force-down status 200, body {"host": "node1", "binary": "nova-compute", "forced_down": true}',
    '    2018-05-22T13:12:44.500Z  hypervisor-lookup api       req-9e0f1a2b-3c4d-4e5f-8a6b-8c9d0e1f2a3b  GET /v2.1/os-hypervisors/node1/servers status 200',
    "    2018-05-22T13:13:30.300Z  service-down      api       req-f08fac8e-8460-4a0f-9fe9-877330759216  instance's host node1 is down, deleting from database",
    '',
    '  evacuations:',
    '    host-evacuate of 2 instances after hypervisor lookup req-9e0f1a2b-3c4d-4e5f-8a6b-8c9d0e1f2a3b at 2018-05-22T13:12:44.500Z: req-de6d8a6c-624f-48ed-9ec7-65511d537094, req-ef7e9b7d-735f-49fe-8fd8-76622e648105',
    '',
    '  instances:',
    '    be5b62cf-92df-45b2-95a5-598a3d2c2b86  evacuated     req-de6d8a6c-624f-48ed-9ec7-65511d537094 -> node2',
    '    c06c73d0-a3e0-46c3-a6b6-6a9e3d3c3e97  evacuated     req-ef7e9b7d-735f-49fe-8fd8-76622e648105 -> node2',
    '    d17d84e1-b4f1-47d4-b7c7-7b0f4e4d4fa8  deleted       req-f08fac8e-8460-4a0f-9fe9-877330759216',
    '',
    '  returned: first line 2018-05-22T13:16:00.100Z, started 2018-05-22T13:16:00.100Z',
    '    2018-05-22T13:16:01.803Z  clean-up  be5b62cf-92df-45b2-95a5-598a3d2c2b86  Deleting instance as it has been evacuated from this host',
    '    2018-05-22T13:16:02.503Z  clean-up  c06c73d0-a3e0-46c3-a6b6-6a9e3d3c3e97  Deleting instance as it has been evacuated from this host',
    '',
    '  unknown from these logs:',
    '    instances node1 held but no line of the logs given names are not listed',
  ];
  const TITLE = 'host-failure of node1: all evacuated (2 of 2 instances; 1 deleted meanwhile)';
  const HOST_FOOTER = '↑↓ move  Enter open  ? help  Esc back';
  /** A line wider than the screen ends in an ellipsis at its last column. */
  const cutTo = (width: number) => (l: string): string => (l.length > width ? `${l.slice(0, width - 1)}…` : l);

  it('80x24: too narrow for an instance row whole, so IDs show their first 8 characters and times lose the date', async () => {
    const app = await open(await hostModel(), NARROW);
    // Too narrow for the notice about the failed host beside the header's span: it is left out whole.
    expect(lines(app)[0]).toBe('novatrace  3 operations  ✓3 ✗0 ⊘0 …0   2018-05-22 13:12:44 → 13:13:30 UTC');
    expect(lines(app)[3]).toMatch(/^✓ 05-22 13:12:44 {2}evacuate +be5b62cf {2}succeeded/);
    await press(app, 'H');
    expect(lines(app)).toEqual(frame(23, [
      TITLE,
      `── lines 1-20 of 21  (Enter on an instance: its evacuation) ${'─'.repeat(80 - 60)}`,
      ...[
        '  last line 13:10:30.803, then silent for 5m29s; ended abrupt: no service stop logged',
        '',
        '  what Nova said and did:',
        '    13:11:30.160  force-down        api       req-8d9e0f1a  PUT /v2.1/os-services/force-down status 200, body {"host": "node1", "binary": "nova-compute", "forced_down": true}',
        '    13:12:44.500  hypervisor-lookup api       req-9e0f1a2b  GET /v2.1/os-hypervisors/node1/servers status 200',
        "    13:13:30.300  service-down      api       req-f08fac8e  instance's host node1 is down, deleting from database",
        '',
        '  evacuations:',
        '    host-evacuate of 2 instances after hypervisor lookup req-9e0f1a2b at 13:12:44.500: req-de6d8a6c, req-ef7e9b7d',
        '',
        '  instances:',
        '    be5b62cf  evacuated     req-de6d8a6c -> node2',
        '    c06c73d0  evacuated     req-ef7e9b7d -> node2',
        '    d17d84e1  deleted       req-f08fac8e',
        '',
        '  returned: first line 13:16:00.100, started 13:16:00.100',
        '    13:16:01.803  clean-up  be5b62cf  Deleting instance as it has been evacuated from this host',
        '    13:16:02.503  clean-up  c06c73d0  Deleting instance as it has been evacuated from this host',
        '',
        '  unknown from these logs:',
      ].map(cutTo(80)),
    ], HOST_FOOTER));
    // G scrolls to the last line.
    await press(app, 'G');
    expect(lines(app)[1]).toMatch(/^── lines 2-21 of 21 /);
    expect(lines(app)[21]).toBe('    instances node1 held but no line of the logs given names are not listed');
  });

  it('200x50: every line as novatrace host prints it; Enter on an instance opens its evacuation, Esc comes back', async () => {
    const app = await open(await hostModel(), { columns: 200, rows: 50 });
    expect(lines(app)[0]).toBe('novatrace  3 operations  ✓ 3 succeeded ✗ 0 failed ⊘ 0 rejected … 0 incomplete   2018-05-22 13:12:44 → 13:13:30 UTC   1 host failure: node1 (H on an operation of it)');
    await press(app, 'H');
    const host = lines(app);
    expect(host).toEqual(frame(49, [TITLE, `── lines 1-21 of 21  (Enter on an instance: its evacuation) ${'─'.repeat(200 - 60)}`, ...INCIDENT.map(cutTo(200))], HOST_FOOTER));
    // The first instance is selected: Enter opens its evacuation; j, Enter the second's.
    await press(app, KEYS.enter);
    expect(lines(app)[0]).toMatch(/^evacuate of be5b62cf-92df-45b2-95a5-598a3d2c2b86 {2}✓ succeeded .*req-de6d8a6c/);
    await press(app, KEYS.escape);
    expect(lines(app)).toEqual(host);
    await press(app, 'j', KEYS.enter);
    expect(lines(app)[0]).toMatch(/^evacuate of c06c73d0-a3e0-46c3-a6b6-6a9e3d3c3e97 {2}✓ succeeded .*req-ef7e9b7d/);
    // Esc back to the host, Esc back to the list.
    await press(app, KEYS.escape, KEYS.escape);
    expect(lines(app)[0]).toMatch(/^novatrace {2}3 operations/);
  });

  it('H on an operation of a host that did not fail: the footer says so', async () => {
    const app = await open(sampleModel(), NARROW);
    await press(app, 'H');
    expect(lines(app)[0]).toMatch(/^novatrace {2}4 operations/);
    expect(lines(app)[22]).toBe('cmp1: no host failure in these logs');
  });
});

/**
 * What opening the first problem gives once the lines are there, and the entry it selects (Enter shows it: the
 * selection itself is drawn in reverse video, which these frames do not keep).
 */
async function firstProblemOpened(full: UiModel): Promise<{ readonly expected: string[]; readonly selected: string[] }> {
  const reference = await open(full, NARROW);
  await press(reference, 'f', KEYS.enter);
  const expected = lines(reference);
  await press(reference, KEYS.enter);
  const selected = lines(reference);
  reference.unmount();
  return { expected, selected };
}

describe('start-up: reading, then the list', () => {
  const PROGRESS = { bytes: 4_000_000, total: 61_100_000, filesRead: 159, files: 511, entries: 3585 };

  it('80x24: a progress bar with the bytes and files read, then the list once the model is ready', async () => {
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    setColumns(mounted, 80);
    await settled(mounted);
    expect(lines(mounted)).toEqual(frame(23, ['novatrace  reading the logs…', 'finding the inputs'], 'q quit'));
    store.progress(PROGRESS);
    await vi.waitFor(() => expect(lines(mounted as Rendered)[1]).not.toBe('finding the inputs'));
    // 4.0 of 61.1 MB is 6%: 4 of the 60 characters of the bar.
    expect(lines(mounted)).toEqual(frame(23, [
      'novatrace  reading the logs…',
      `[####${'-'.repeat(56)}]   6%`,
      '4.0 MB of 61.1 MB read · 159 of 511 files · 3,585 entries',
    ], 'q quit'));
    store.ready(sampleModel());
    await settled(mounted);
    expect(lines(mounted)[0]).toMatch(/^novatrace {2}4 operations/);
  });

  it('a kept analysis: the list at once, saying its lines are being read; an operation opened meanwhile gets them when they come', async () => {
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    setColumns(mounted, 80);
    await settled(mounted);
    const full = sampleModel();
    const bare = full.operations.map((op) => ({ ...op, entries: null }));
    store.ready(buildModel(bare, UNATTACHED, PARSE, undefined, null, ['/logs/work.log: no line reads as a log entry'], [], true));
    await settled(mounted);
    expect(lines(mounted)[0]).toMatch(/^novatrace {2}4 operations/);
    // (Cut at 80 columns: the warnings' count follows it.)
    expect(lines(mounted)[1]?.startsWith(`${LINES_PENDING} · 1 warning`)).toBe(true);
    await press(mounted, KEYS.enter);
    expect(lines(mounted)).toContain(`(${LINES_PENDING})`);
    const title = lines(mounted)[0];
    // The lines come: the same operation, now with its entries, and the list's status no longer says they are read.
    store.ready(buildModel(full.operations, UNATTACHED, PARSE, undefined, null, ['/logs/work.log: no line reads as a log entry']));
    await settled(mounted);
    expect(lines(mounted)[0]).toBe(title);
    expect(lines(mounted)).not.toContain(`(${LINES_PENDING})`);
    const first = full.operations[0]?.entries?.[0];
    expect(first).toBeDefined();
    expect(lines(mounted).some((l) => l.includes((first as NonNullable<typeof first>).message.slice(0, 30)))).toBe(true);
    await press(mounted, KEYS.escape);
    expect(lines(mounted)[1]).toBe('1 warning about the inputs: printed when you quit');
  });

  it('a kept analysis: a failed operation opened before its lines came goes, when they come, where it would have opened', async () => {
    const full = sampleModel();
    const bare = buildModel(full.operations.map((op) => ({ ...op, entries: null })), UNATTACHED, PARSE, undefined, null, [], [], true);
    const { expected, selected } = await firstProblemOpened(full);
    expect(expected).not.toContain(`(${LINES_PENDING})`);
    expect(selected.find((l) => /^entry \d+ of \d+/.test(l))).not.toMatch(/^entry 1 of/);
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    setColumns(mounted, 80);
    store.ready(bare);
    await settled(mounted);
    await press(mounted, 'f', KEYS.enter);
    expect(lines(mounted)).toContain(`(${LINES_PENDING})`);
    store.ready(full);
    await vi.waitFor(() => expect(lines(mounted as Rendered)).toEqual(expected));
    await press(mounted, KEYS.enter);
    expect(lines(mounted)).toEqual(selected);
  });

  it('a kept analysis: a timeline opened before the lines asks for its own first, and shows them while the others are read', async () => {
    const full = sampleModel();
    const asked: string[] = [];
    const want = (op: { readonly id: string }): void => {
      asked.push(op.id);
    };
    const pending = (ops: UiModel['operations']) => buildModel(ops, UNATTACHED, PARSE, undefined, null, [], [], true, want);
    const { expected, selected } = await firstProblemOpened(full);
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    setColumns(mounted, 80);
    store.ready(pending(full.operations.map((op) => ({ ...op, entries: null }))));
    await settled(mounted);
    // The list asks for nothing; the timeline opened asks for its operation's lines, once.
    expect(asked).toEqual([]);
    await press(mounted, 'f', KEYS.enter);
    expect(lines(mounted)).toContain(`(${LINES_PENDING})`);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    const opened = full.operations.find((op) => op.id === asked[0]);
    expect(opened?.outcome).toBe('failed');
    // Its lines come alone, the others still pending: it shows them, where it would have opened.
    store.ready(pending(full.operations.map((op) => (op.id === opened?.id ? op : { ...op, entries: null }))));
    await vi.waitFor(() => expect(lines(mounted as Rendered)).toEqual(expected));
    await press(mounted, KEYS.enter);
    expect(lines(mounted)).toEqual(selected);
    expect(asked).toHaveLength(1);
    // Every line comes: the view stays where it is.
    store.ready(full);
    await settled(mounted);
    expect(lines(mounted)).toEqual(selected);
  });

  it('a kept analysis: the errors view says its count is partial until the lines come, then shows what it would have', async () => {
    const full = sampleModel();
    const reference = await open(full, NARROW);
    await press(reference, 'E');
    const expected = lines(reference);
    reference.unmount();
    expect(expected[0]).toMatch(/^errors: \d+ kinds, \d+ in all, [1-9]\d* in operations$/);
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    setColumns(mounted, 80);
    store.ready(buildModel(full.operations.map((op) => ({ ...op, entries: null })), full.unattached, PARSE, undefined, null, [], [], true));
    await settled(mounted);
    await press(mounted, 'E');
    expect(lines(mounted)[0]).toMatch(new RegExp(`^errors: \\d+ kinds, \\d+ in all so far · ${LINES_PENDING}$`));
    store.ready(full);
    await vi.waitFor(() => expect(lines(mounted as Rendered)).toEqual(expected));
  });

  it('a key pressed as the list is first drawn is not lost (it reaches the list, not the progress frame it replaced)', async () => {
    const full = sampleModel();
    const reference = await open(full, NARROW);
    await press(reference, KEYS.enter);
    const expected = lines(reference);
    reference.unmount();
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    setColumns(mounted, 80);
    await settled(mounted);
    // The list is drawn at once; Enter comes before React has run its effects (the list's own key handler).
    store.ready(full);
    mounted.stdin.write(KEYS.enter);
    await vi.waitFor(() => expect(lines(mounted as Rendered)).toEqual(expected));
  });

  it("keeps the terminal in raw mode from the progress frame to the list (a key pressed between them stays a key)", async () => {
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    await settled(mounted);
    // ink turns raw mode off when no key handler is left; a real terminal then turns Enter into a line feed.
    const raw = vi.spyOn(mounted.stdin as unknown as { setRawMode(on: boolean): void }, 'setRawMode');
    store.ready(sampleModel());
    await settled(mounted);
    expect(lines(mounted)[0]).toMatch(/^novatrace {2}4 operations/);
    expect(raw.mock.calls.filter(([on]) => !on)).toEqual([]);
  });

  it('200x50: the same lines, the bar at most 60 wide; the plain-text first frame drawn before ink says the same', () => {
    const wide = { columns: 200, rows: 50 };
    const text = firstFrameText(PROGRESS, wide).split('\r\n');
    expect(text).toHaveLength(49);
    expect(text.slice(0, 3)).toEqual(['novatrace  reading the logs…', `[####${'-'.repeat(56)}]   6%`, '4.0 MB of 61.1 MB read · 159 of 511 files · 3,585 entries']);
    expect(text[48]).toBe('q quit');
    expect(firstFrameText(null, NARROW).split('\r\n').slice(0, 2)).toEqual(['novatrace  reading the logs…', 'finding the inputs']);
  });

  it('q while reading quits', async () => {
    const store = new StartupStore();
    mounted = render(<Starting store={store} size={NARROW} colors={false} />);
    await settled(mounted);
    mounted.stdin.write('q');
    await settled(mounted);
    // ink's exit unmounts the app: nothing more is drawn after q.
    const frames = mounted.frames.length;
    store.ready(sampleModel());
    await settled(mounted);
    expect(mounted.frames.length).toBe(frames);
  });
});

describe('warnings of the analysis', () => {
  it('are counted under the header, since the screen hides stderr until it closes', async () => {
    const first = "/logs/mergedlogs.log is os-log-merger's output: the lines of the files it merged count twice if those files are given too";
    const app = await open(buildModel([], [], PARSE, undefined, null, [first, '/logs/work.log: no line reads as a log entry']), NARROW);
    expect(lines(app)).toEqual(frame(23, [
      'novatrace  0 operations  ✓ 0 succeeded ✗ 0 failed ⊘ 0 rejected … 0 incomplete',
      '2 warnings about the inputs: printed when you quit',
      'filter: -  outcome: all  type: all  sort: time   0 of 0 shown',
      '  START           TYPE            INSTANCE  OUTCOME     DURATION  REQUEST',
      '(no operations in these logs)',
    ], LIST_FOOTER_80));
    app.unmount();
    const one = await open(buildModel([], [], PARSE, undefined, null, [first]), NARROW);
    expect(lines(one)[1]).toBe('1 warning about the inputs: printed when you quit');
  });
});

describe('terminal text from logs', () => {
  it('escapes control characters instead of sending them', async () => {
    const base = sampleModel();
    const op = base.operations[0] as UiModel['operations'][number];
    const evil = { ...op, entries: [{ ...(op.entries?.[0] as NonNullable<typeof op.entries>[number]), message: 'owned \u001b]0;title\u0007 \u001b[2J done' }] };
    const app = await open(buildModel([evil], UNATTACHED, PARSE), NARROW);
    await press(app, KEYS.enter);
    const frameText = app.lastFrame() ?? '';
    expect(frameText).not.toContain('\u001b]0');
    expect(frameText).not.toContain('\u0007');
    expect(frameText).toContain('owned \\e]0;title\\x07 \\e[2J done');
  });
});

describe('resize', () => {
  it('redraws for the new size', async () => {
    const model = sampleModel();
    const app = await open(model, NARROW);
    setColumns(app, 160);
    app.rerender(<App model={model} size={{ columns: 160, rows: 16 }} colors={false} />);
    await settled(app);
    const rows = lines(app);
    expect(rows).toHaveLength(15);
    expect(rows[0]).toContain('✓ 1 succeeded');
    expect(rows[2]).toMatch(/ REQUEST +HOSTS +WHY$/);
  });
});
