// End to end: the built `novatrace analyze` in a real terminal (tmux), driven by keys as a person would, on the
// real Queens logs of Test_12, whose boot fails with `KeyError: 'dns'` (the ground truth). Asserts on
// what tmux's screen shows, and that q leaves with exit code 0.

import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_FORMAT } from '../../src/io/cache/store.js';
import { appendAll, cutInTime, stamps } from '../grown-logs.js';
import { CLI, HAS_REALDATA, REALDATA, ROOT, runCli } from '../helpers.js';

const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const TEST_12 = join(REALDATA, 'fault-injection-queens', 'Nova', 'Test_12');

if (!HAS_TMUX && process.env['CI']) throw new Error('CI must run the terminal UI test, but tmux is not installed (.ci/run installs it)');
if (!HAS_REALDATA && process.env['CI']) throw new Error(`CI must run the terminal UI test, but ${REALDATA} is absent`);
const reason = !HAS_TMUX ? 'tmux is not installed (apt-get install tmux)' : `${REALDATA} is absent`;
if (!HAS_TMUX || !HAS_REALDATA) console.warn(`terminal UI end-to-end test skipped: ${reason}`);

const SOCKET = `novatrace-test-${process.pid}`;
const SESSION = 'e2e';
const SESSION_HOST = 'hosts';
const dir = mkdtempSync(join(tmpdir(), 'novatrace-tmux-'));
const exitFile = join(dir, 'exit');

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(session = SESSION, escapes = false): string {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session);
}

/** Generous: on a loaded machine analyze alone can take many seconds. */
const WAIT_MS = 60_000;

async function waitFor(what: string, test: (text: string) => boolean, ms = WAIT_MS, session = SESSION): Promise<string> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    last = screen(session);
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last screen:\n${last}`);
}

/** The exit code the shell wrote to `file` once the program ended. */
async function exitCode(file: string, session = SESSION): Promise<string> {
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    const code = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (code !== '') return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for the exit code in ${file}; last screen:\n${screen(session)}`);
}

/** Whether a row of `capture-pane -e` starts in inverse video (the selection): its leading SGR codes set 7. */
function startsInverse(row: string): boolean {
  let inverse = false;
  for (const [, params] of row.match(/^(?:\u001B\[[0-9;]*m)+/)?.[0].matchAll(/\u001B\[([0-9;]*)m/g) ?? []) {
    for (const p of (params ?? '').split(';')) {
      if (p === '' || p === '0' || p === '27') inverse = false;
      else if (p === '7') inverse = true;
    }
  }
  return inverse;
}

/** The selected row's text, once one is shown. */
async function waitForSelected(what: string, test: (row: string) => boolean): Promise<string> {
  const plain = (row: string): string => row.replace(/\u001B\[[0-9;]*m/g, '');
  const until = Date.now() + WAIT_MS;
  let last = '';
  while (Date.now() < until) {
    last = screen(SESSION, true);
    const row = last.split('\n').find(startsInverse);
    if (row !== undefined && test(plain(row))) return plain(row);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last screen:\n${last.replace(/\u001B\[[0-9;]*m/g, '')}`);
}

/**
 * One key; the caller then waits for the screen it brings before the next. Keys sent back to back can reach the
 * program in one read on a busy machine: Esc then ? is then Alt-?, as in any terminal.
 */
function press(key: string): void {
  tmux('send-keys', '-t', SESSION, key);
}

afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_TMUX || !HAS_REALDATA)('novatrace analyze in a terminal', () => {
  it('list, timeline, first error, detail, help, and a clean exit on q', async () => {
    const command = `cd ${ROOT} && env -u CI NO_COLOR=1 TZ=UTC ${process.execPath} ${CLI} analyze ${TEST_12}; echo $? > ${exitFile}`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command);

    const list = await waitFor('the operations list', (s) => s.includes('novatrace  3 operations') && /^↑↓ move/m.test(s));
    const rows = list.split('\n');
    // The run's two workload outputs (foreground_wl/) hold no log entry: warned about on stderr, counted here.
    expect(rows[1]).toBe('2 warnings about the inputs: printed when you quit');
    expect(rows[3]).toMatch(/^ {2}START +TYPE +INSTANCE +OUTCOME +DURATION +REQUEST +HOSTS +WHY$/);
    expect(rows[4]).toMatch(/^✗ 06-27 06:43:\d\d {2}boot +[0-9a-f]{8} {2}failed +[\d.]+s {2}req-022f2e61 {2}localhost\.local… {2}Instance failed/);
    expect(rows[5]).toMatch(/^⊘ 06-27 06:4\d:\d\d {2}add-floating-ip +[0-9a-f]{8} {2}rejected/);
    expect(rows[6]).toMatch(/^⊘ 06-27 06:4\d:\d\d {2}attach-volume +[0-9a-f]{8} {2}rejected/);
    expect(rows[39 - 1]).toMatch(/^↑↓ move {2}Enter open .* q quit$/);

    // Down to the floating IP and back up to the boot, then open it: each key once the screen shows the last one's effect.
    press('Down');
    await waitForSelected('the floating IP selected', (row) => row.includes('add-floating-ip'));
    press('Up');
    await waitForSelected('the boot selected', (row) => / boot +[0-9a-f]{8} /.test(row));
    press('Enter');
    // (With its lines: the run's cache may hold this analysis, and then they come after the list.)
    const timeline = await waitFor('the timeline', (s) => /^boot of [0-9a-f-]{36} {2}✗ failed/.test(s) && /^── entries \d+-\d+ of 205 ─+$/m.test(s));
    expect(timeline).toMatch(/^ {2}api +\|/m);
    expect(timeline).toMatch(/^ {2}compute@localhost\.localdomain +\|/m);
    // A failed boot opens on its first failure evidence, so not on its first entries.
    expect(timeline).toMatch(/^── entries \d+-\d+ of 205 ─+$/m);
    // What the verdict rests on, with its file and line: the spawn failure.
    expect(timeline).toMatch(/^ {2}failed on nova-compute\.log\.bzip2\.out:\d+ .*Instance failed to spawn/m);

    // e selects the error entry; Enter shows it with its traceback.
    press('e');
    expect(await waitForSelected('the error entry selected', (row) => row.includes(' ERROR '))).toContain("KeyError: 'dns'");
    press('Enter');
    // Under the line that says which operation it is of.
    const detail = await waitFor('the entry detail', (s) => /^✗ failed {2}boot of f69134e5/.test(s) && /^entry \d+ of 205 /m.test(s));
    expect(detail).toMatch(/^level +ERROR$/m);
    expect(detail).toContain("KeyError: 'dns'");
    // The traceback is long: G scrolls to the end, where the raw lines are read back from the file (G keeps the
    // end in view when they come after it). The first raw line can show below the traceback before G takes
    // effect: what G brings is the error's own raw line.
    press('G');
    const rawError = /^ {2}\d+: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \d+ ERROR nova\.compute\.manager \[instance: [0-9a-f-]{36}\]/m;
    await waitFor('the raw lines', (s) => rawError.test(s));

    press('Escape');
    await waitFor('the timeline after Esc', (s) => /^boot of /.test(s));
    press('?');
    const help = await waitFor('the help', (s) => s.startsWith('keys'));
    expect(help).toContain('any key closes this help');
    press('q');
    await waitFor('the timeline again', (s) => /^boot of /.test(s));
    press('q');
    await waitFor('the list again', (s) => s.includes('novatrace  3 operations'));
    press('q');
    expect(await exitCode(exitFile)).toBe('0');
  }, 180_000);
});

/** Starts analyze of Test_12 in its own tmux session of the given size; returns the file its exit code goes to. */
function start(session: string, columns: number, rows: number): string {
  const file = join(dir, `${session}-exit`);
  const command = `cd ${ROOT} && env -u CI NO_COLOR=1 TZ=UTC ${process.execPath} ${CLI} analyze ${TEST_12}; echo $? > ${file}`;
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), command);
  return file;
}

function pressIn(session: string, ...keys: string[]): void {
  tmux('send-keys', '-t', session, ...keys);
}

/** The selected row of a session's screen (inverse video), once one passes `test`. */
async function selectedIn(session: string, what: string, test: (row: string) => boolean): Promise<string> {
  const plain = (row: string): string => row.replace(/\u001B\[[0-9;]*m/g, '');
  const until = Date.now() + WAIT_MS;
  let last = '';
  while (Date.now() < until) {
    last = screen(session, true);
    const row = last.split('\n').find(startsInverse);
    if (row !== undefined && test(plain(row))) return plain(row);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last screen:\n${last.replace(/\u001B\[[0-9;]*m/g, '')}`);
}

const LIST = (s: string): boolean => s.includes('novatrace  3 operations') && /q quit$/m.test(s);

describe.skipIf(!HAS_TMUX || !HAS_REALDATA)('digging into an incident in a terminal (issue 20)', () => {
  it('80x24: every view keeps outcome, type, instance, duration and a short request ID', async () => {
    const S = 'narrow';
    const exit = start(S, 80, 24);
    const list = await waitFor('the list at 80x24', LIST, WAIT_MS, S);
    const rows = list.split('\n');
    expect(rows[3]).toMatch(/^ {2}START +TYPE +INSTANCE +OUTCOME +DURATION +REQUEST$/);
    expect(rows[4]).toMatch(/^✗ 06-27 06:43:\d\d {2}boot +f69134e5 {2}failed +[\d.]+s {2}req-022f2e61$/);
    expect(rows.every((r) => r.length <= 80)).toBe(true);
    pressIn(S, 'Enter');
    const timeline = await waitFor('the timeline at 80x24', (s) => s.startsWith('boot of '), WAIT_MS, S);
    expect(timeline.split('\n')[0]).toMatch(/^boot of f69134e5 {2}✗ failed {2}HTTP 202 {2}[\d.]+s {2}req-022f2e61$/);
    // A failed boot opens on its first failure evidence, not on its first DEBUG line.
    expect(await selectedIn(S, 'the failure selected', (r) => r.includes(' ERROR '))).toContain('Instance failed to spawn');
    pressIn(S, 'Enter');
    const detail = await waitFor('the entry at 80x24', (s) => /^entry \d+ of \d+ /m.test(s), WAIT_MS, S);
    expect(detail.split('\n')[0]).toMatch(/^✗ failed {2}boot of f69134e5 {2}[\d.]+s {2}req-022f2e61$/);
    pressIn(S, 'q');
    await waitFor('the timeline again', (s) => s.startsWith('boot of '), WAIT_MS, S);
    pressIn(S, 'q');
    await waitFor('the list again', LIST, WAIT_MS, S);
    pressIn(S, 'q');
    expect(await exitCode(exit, S)).toBe('0');
  }, 180_000);

  it('Esc on a filtered list clears the filter, never quits; q quits with a filter on, exit 0', async () => {
    const S = 'esc';
    const exit = start(S, 120, 30);
    await waitFor('the list', LIST, WAIT_MS, S);
    pressIn(S, 'f');
    await waitFor('the failed and rejected', (s) => s.includes('outcome: failed + rejected'), WAIT_MS, S);
    pressIn(S, '/');
    await waitFor('the filter being typed', (s) => /^\/▏/m.test(s), WAIT_MS, S);
    pressIn(S, 'v', 'o', 'l', 'u', 'm', 'e', 'Enter');
    const narrowed = await waitFor('the filter kept', (s) => s.includes('filter: "volume"'), WAIT_MS, S);
    expect(narrowed).toMatch(/[12] of 3 shown/);
    pressIn(S, 'Escape');
    const cleared = await waitFor('the filter cleared', (s) => s.includes('filter: -  outcome: all') && s.includes('3 of 3 shown'), WAIT_MS, S);
    expect(cleared).toMatch(/q quit$/m);
    pressIn(S, 'Escape');
    await waitFor('Esc with nothing to clear', (s) => /^nothing to clear; q quits$/m.test(s), WAIT_MS, S);
    expect(existsSync(exit)).toBe(false);
    pressIn(S, 't');
    await waitFor('a type filter', (s) => s.includes('type: boot'), WAIT_MS, S);
    pressIn(S, 'q');
    expect(await exitCode(exit, S)).toBe('0');
  }, 180_000);

  it('search: / in the list narrows by what the entries say; in the timeline it jumps, n goes on; l narrows levels', async () => {
    const S = 'search';
    const exit = start(S, 120, 40);
    await waitFor('the list', LIST, WAIT_MS, S);
    // Only in the boot's traceback and error.
    pressIn(S, '/');
    await waitFor('the filter being typed', (s) => /^\/▏/m.test(s), WAIT_MS, S);
    pressIn(S, 'K', 'e', 'y', 'E', 'r', 'r', 'o', 'r', 'Enter');
    const found = await waitFor('the boot alone', (s) => s.includes('filter: "KeyError"') && s.includes('1 of 3 shown'), WAIT_MS, S);
    expect(found).toMatch(/^✗ .* boot +f69134e5 /m);
    pressIn(S, 'Enter');
    // The timeline searches for the list's filter: the rule counts its matches.
    const timeline = await waitFor('the timeline with the search', (s) => /^── entries \d+-\d+ of 205 · "KeyError" \d+ match/m.test(s), WAIT_MS, S);
    const count = Number(/"KeyError" (\d+) match/.exec(timeline)?.[1]);
    expect(count).toBeGreaterThan(0);
    pressIn(S, 'Escape');
    await waitFor('the search cleared', (s) => /^── entries \d+-\d+ of 205 ─+$/m.test(s), WAIT_MS, S);
    pressIn(S, '/');
    await waitFor('the search being typed', (s) => /^\/▏ {2}Enter search/m.test(s), WAIT_MS, S);
    pressIn(S, '/', 'c', 'l', 'a', 'i', 'm', ' ', 's', 'u', 'c', '/', 'Enter');
    await selectedIn(S, 'the claim selected', (r) => /claim successful/i.test(r));
    expect(screen(S)).toMatch(/"\/claim suc\/" \d+ match(es)? \(regex\)/);
    pressIn(S, 'g');
    await selectedIn(S, 'the first entry selected', (r) => /^ +\+0\.0\d\ds {2}api /.test(r));
    pressIn(S, 'n');
    await selectedIn(S, 'n: the claim again', (r) => /claim successful/i.test(r));
    pressIn(S, 'Escape');
    await waitFor('the regex search cleared', (s) => /^── entries \d+-\d+ of 205 ─+$/m.test(s), WAIT_MS, S);
    pressIn(S, 'l', 'l');
    const warnings = await waitFor('WARNING and above', (s) => /^── entries \d+-\d+ of \d+ \(\d+ of 205 hidden: WARNING\+\)/m.test(s), WAIT_MS, S);
    const body = warnings.split('\n').filter((r) => /^ +\+\d+\.\d{3}s /.test(r));
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((r) => / (WARNING|ERROR|CRITICAL) /.test(r))).toBe(true);
    pressIn(S, 'l');
    await waitFor('all levels again', (s) => /^── entries \d+-\d+ of 205 ─+$/m.test(s), WAIT_MS, S);
    pressIn(S, 'q');
    await waitFor('the list', LIST, WAIT_MS, S);
    pressIn(S, 'q');
    expect(await exitCode(exit, S)).toBe('0');
  }, 180_000);

  it('errors view: grouped with counts; Enter opens an error with its traceback; o jumps to its operation', async () => {
    const S = 'errors';
    const exit = start(S, 120, 40);
    await waitFor('the list', LIST, WAIT_MS, S);
    pressIn(S, 'E');
    const errors = await waitFor('the errors view', (s) => s.startsWith('errors: '), WAIT_MS, S);
    expect(errors).toMatch(/^ +COUNT IN OPS {2}FIRST +WHERE +MESSAGE/m);
    expect(errors).toMatch(/^ +1 +1 {2}06-27 06:43:\d\d {2}compute@localhost\.l… {2}Instance failed to spawn: KeyError: 'dns'$/m);
    await selectedIn(S, 'the spawn failure selected', (r) => r.includes("KeyError: 'dns'"));
    pressIn(S, 'Enter');
    await waitFor('its errors', (s) => /^1 × Instance failed to spawn/.test(s), WAIT_MS, S);
    pressIn(S, 'Enter');
    const detail = await waitFor('the error, whole', (s) => /^entry \d+ of 205 {2}compute@/m.test(s), WAIT_MS, S);
    expect(detail).toMatch(/^level +ERROR$/m);
    expect(detail).toMatch(/^traceback and continuation \(\d+ lines\)$/m);
    // Its file and line whole (wrapped at 120 columns if the path is long).
    expect(detail.replace(/\n {12}/g, '')).toMatch(/^file +\/\S+\/nova-compute\.log\.bzip2\.out:\d+$/m);
    pressIn(S, 'o');
    const timeline = await waitFor('its operation', (s) => s.startsWith('boot of f69134e5'), WAIT_MS, S);
    expect(timeline).toMatch(/✗ failed/);
    expect(await selectedIn(S, 'the error selected in the timeline', (r) => r.includes(' ERROR '))).toContain("KeyError: 'dns'");
    pressIn(S, 'q');
    await waitFor('the error again', (s) => /^entry \d+ of 205 /m.test(s), WAIT_MS, S);
    pressIn(S, 'q');
    pressIn(S, 'q');
    pressIn(S, 'q');
    await waitFor('the list', LIST, WAIT_MS, S);
    pressIn(S, 'q');
    expect(await exitCode(exit, S)).toBe('0');
  }, 180_000);
});

describe.skipIf(!HAS_TMUX)('a failed host in a terminal (issue 21): H from an evacuation, Esc back', () => {
  it('fixtures/hosts/host-evacuate-queens: H on an evacuate opens node1, Enter its evacuation, Esc back, q exits 0', async () => {
    const hostExit = join(dir, 'host-exit');
    const fixture = join(ROOT, 'fixtures', 'hosts', 'host-evacuate-queens');
    const command = `cd ${ROOT} && env -u CI NO_COLOR=1 TZ=UTC ${process.execPath} ${CLI} analyze ${fixture}; echo $? > ${hostExit}`;
    tmux('new-session', '-d', '-s', SESSION_HOST, '-x', '120', '-y', '30', command);
    const list = await waitFor('the list', (s) => s.startsWith('novatrace  3 operations') && /^↑↓ move/m.test(s), WAIT_MS, SESSION_HOST);
    // 120 columns: the notice's short form beside the span.
    expect(list.split('\n')[0]).toBe('novatrace  3 operations  ✓3 ✗0 ⊘0 …0   2018-05-22 13:12:44 → 13:13:30 UTC   1 host failure: node1 (H)');

    // The second evacuation (c06c73d0), then H: node1's incident, its first instance selected.
    pressIn(SESSION_HOST, 'Down');
    await selectedIn(SESSION_HOST, 'the second evacuation', (row) => / evacuate +c06c73d0 /.test(row));
    pressIn(SESSION_HOST, 'H');
    const host = await waitFor('the host failure', (s) => s.startsWith('host-failure of node1: all evacuated (2 of 2 instances; 1 deleted meanwhile)'), WAIT_MS, SESSION_HOST);
    expect(host).toMatch(/^── lines 1-\d+ of 21 /m);
    expect(host).toMatch(/^ {4}c06c73d0-a3e0-46c3-a6b6-6a9e3d3c3e97 {2}evacuated {5}req-ef7e9b7d-735f-49fe-8fd8-76622e648105 -> node2$/m);
    expect(host).toMatch(/^ {2}returned: first line 2018-05-22T13:16:00\.100Z/m);
    expect(await selectedIn(SESSION_HOST, 'the first instance', (row) => row.startsWith('    be5b62cf-'))).toContain('evacuated');

    // Down to the second instance, Enter: its evacuation's timeline; Esc: the host again; Esc: the list.
    pressIn(SESSION_HOST, 'Down');
    await selectedIn(SESSION_HOST, 'the second instance', (row) => row.startsWith('    c06c73d0-'));
    pressIn(SESSION_HOST, 'Enter');
    await waitFor('its evacuation', (s) => /^evacuate of c06c73d0-a3e0-46c3-a6b6-6a9e3d3c3e97 {2}✓ succeeded/.test(s), WAIT_MS, SESSION_HOST);
    pressIn(SESSION_HOST, 'Escape');
    await waitFor('the host failure again', (s) => s.startsWith('host-failure of node1'), WAIT_MS, SESSION_HOST);
    pressIn(SESSION_HOST, 'Escape');
    await waitFor('the list again', (s) => s.startsWith('novatrace  3 operations'), WAIT_MS, SESSION_HOST);
    expect(await selectedIn(SESSION_HOST, 'the second evacuation still selected', (row) => / evacuate +c06c73d0 /.test(row))).toContain('succeeded');

    pressIn(SESSION_HOST, 'q');
    expect(await exitCode(hostExit, SESSION_HOST)).toBe('0');
  }, 180_000);
});

describe.skipIf(!HAS_TMUX)('novatrace follow in a terminal', () => {
  it('shows a boot as it is written, with the status line, and Ctrl-C leaves with exit code 0', async () => {
    const logs = mkdtempSync(join(dir, 'logs-'));
    const names = ['n-api.log', 'n-cond.log', 'n-sch.log', 'n-cpu.log'];
    for (const n of names) writeFileSync(join(logs, n), '');
    const followExit = join(dir, 'follow-exit');
    // The status line says `starting: opening the files` until every file is open at its end; then `following`:
    // lines written from then on are read.
    const command = `cd ${ROOT} && env -u CI NO_COLOR=1 TZ=UTC ${process.execPath} ${CLI} follow ${logs}; echo $? > ${followExit}`;
    tmux('new-session', '-d', '-s', 'live', '-x', '120', '-y', '30', command);
    await waitFor('the live list, its files open', (s) => s.startsWith('novatrace  0 operations') && /^following 4 files /m.test(s), WAIT_MS, 'live');

    // A real launch (fixtures/operations/boot-zed: one boot of b554c560, succeeded) written into the files.
    const fixture = join(ROOT, 'fixtures', 'operations', 'boot-zed');
    for (const [from, to] of [['n-api.log', 'n-api.log'], ['n-cond.log', 'n-cond.log'], ['n-sch.log', 'n-sch.log'], ['n-cpu-node2.log', 'n-cpu.log']] as const) {
      appendFileSync(join(logs, to), readFileSync(join(fixture, from)));
    }
    const done = await waitFor('the boot, finished', (s) => /^✓ \d\d-\d\d \d\d:\d\d:\d\d {2}boot +b554c560 {2}succeeded/m.test(s), WAIT_MS, 'live');
    expect(done).toMatch(/^novatrace {2}1 operations/);
    expect(done).toMatch(/^following 4 files · [\d,]+ lines\/s · behind .* · 0 open · 1 finished/m);

    tmux('send-keys', '-t', 'live', 'C-c');
    expect(await exitCode(followExit, 'live')).toBe('0');
  }, 180_000);
});

describe.skipIf(!HAS_TMUX || !HAS_REALDATA)('the terminal UI on logs that grew since the last analysis', () => {
  it('goes on from where that analysis ended (the old parts not read again), and opens an appended operation with its lines', async () => {
    const folder = join(REALDATA, 'zed-rig', 'full');
    const all = stamps(folder);
    const { logs, parts } = cutInTime(folder, [all[Math.floor(all.length / 2)] as string]);
    const cache = join(dir, 'grown-cache');
    // Parsed on a worker thread, which keeps the resume marks a checkpoint needs (inputs under 8 MiB are read on
    // the main thread otherwise).
    const pool = { NOVATRACE_PARSE_THREADS: '1' };
    expect((await runCli(['analyze', '--json', '--cache', cache, logs], undefined, pool)).code).toBe(0);

    // An accepted action in the middle of the old part of n-api.log, far from the ends the fingerprints hash, made
    // refused (its access line's 202 a 409), and the file indexes gone: an analysis that reads the old part again
    // calls it rejected; one that goes on from the checkpoint does not see the edit.
    const api = join(logs, 'n-api.log');
    const text = readFileSync(api, 'latin1');
    const at = text.indexOf('" status: 202 ', Math.floor(text.length / 2));
    expect(at).toBeGreaterThan(4096);
    expect(text.length - at).toBeGreaterThan(16 * 1024);
    const edited = /\[None (req-[0-9a-f-]{36}) /.exec(text.slice(text.lastIndexOf('\n', at) + 1, at))?.[1] as string;
    expect(edited).toBeDefined();
    writeFileSync(api, `${text.slice(0, at)}" status: 409 ${text.slice(at + 14)}`, 'latin1');
    rmSync(join(cache, `v${CACHE_FORMAT}`, 'files'), { recursive: true, force: true });
    appendAll(logs, parts[0] as Map<string, Buffer>);

    interface Op { readonly type: string; readonly instance: string; readonly requestIds: readonly string[]; readonly outcome: string }
    const whole = (JSON.parse((await runCli(['analyze', '--json', '--no-cache', logs])).stdout) as { operations: Op[] }).operations;
    expect(whole.find((op) => op.requestIds.includes(edited))?.outcome).toBe('rejected');
    const last = whole.at(-1) as Op;
    const lastId = last.requestIds[0] as string;
    // The last operation began after the old end: its lines are all in the appended part.
    expect(readFileSync(api, 'latin1').indexOf(lastId)).toBeGreaterThan(text.length);
    const lines = /^ {2}entries \((\d+)\):$/m.exec((await runCli(['trace', lastId, '--no-cache', logs])).stdout)?.[1];
    expect(Number(lines)).toBeGreaterThan(0);

    const grownExit = join(dir, 'grown-exit');
    const command = `cd ${ROOT} && env -u CI NO_COLOR=1 TZ=UTC NOVATRACE_PARSE_THREADS=1 ${process.execPath} ${CLI} analyze --cache ${cache} ${logs}; echo $? > ${grownExit}`;
    tmux('new-session', '-d', '-s', 'grown', '-x', '140', '-y', '50', command);
    const list = await waitFor('the list of the grown logs', (s) => s.includes(`novatrace  ${whole.length} operations`) && /q quit$/m.test(s), WAIT_MS, 'grown');
    // The operation edited in the old part is as the first analysis saw it.
    expect(list).toMatch(new RegExp(`^✓ .* succeeded .* ${edited.slice(0, 12)} `, 'm'));

    pressIn('grown', 'G');
    await selectedIn('grown', 'the last operation selected', (row) => row.includes(lastId.slice(0, 12)));
    pressIn('grown', 'Enter');
    // Every line of it, read again from the appended part (after the list shows: the timeline may open before).
    const timeline = await waitFor('its timeline with its lines', (s) => s.includes(`of ${last.instance}`) && new RegExp(`^── entries 1-\\d+ of ${lines} ─+$`, 'm').test(s), WAIT_MS, 'grown');
    expect(timeline).not.toContain("reading the operations' lines");
    pressIn('grown', 'q');
    await waitFor('the list again', (s) => s.includes(`novatrace  ${whole.length} operations`), WAIT_MS, 'grown');
    pressIn('grown', 'q');
    expect(await exitCode(grownExit, 'grown')).toBe('0');
  }, 240_000);
});
