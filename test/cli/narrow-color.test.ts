// merge and trace narrowed by level, service, host and pattern; colour on a terminal (or when asked) and never
// in a pipe. Expected lines are counted in the fixture files themselves.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const FAILED = 'fixtures/operations/boot-failed-zed';
const EVACUATE = 'fixtures/operations/evacuate-zed';
const ESC = '\u001b[';
const stripAnsi = (text: string): string => text.replace(/\u001b\[\d+m/g, '');

function rawLines(file: string, pattern: RegExp): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => pattern.test(l));
}

/** merge's text output as entries: a line that starts an entry, and its indented continuation lines. */
function blocks(stdout: string): string[][] {
  const out: string[][] = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    if (line.startsWith('    ')) out[out.length - 1]?.push(line);
    else out.push([line]);
  }
  return out;
}

describe('merge --level, --service, --host, --grep', () => {
  it('--service compute --level WARNING: every compute line at WARNING or worse, entries and their tracebacks, and nothing else', async () => {
    const r = await runCli(['merge', '--service', 'compute', '--level', 'WARNING', FAILED]);
    expect(r.code).toBe(0);
    const expected = rawLines(`${FAILED}/n-cpu-node1.log`, /^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) /);
    const shown = blocks(r.stdout);
    // Each raw line is an entry or one of an entry's folded traceback lines.
    expect(shown.flat()).toHaveLength(expected.length);
    for (const [head] of shown) expect(head).toMatch(/ \[node1\/n-cpu\] (WARNING|ERROR|CRITICAL) /);
    // The conductor's ERROR lines are left out.
    expect(rawLines(`${FAILED}/n-cond.log`, / ERROR /).length).toBeGreaterThan(0);
  });

  it('--service takes a list', async () => {
    const r = await runCli(['merge', '--service', 'api,conductor', '--json', EVACUATE]);
    const services = new Set(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { service: string }).service));
    expect([...services].sort()).toEqual(['api', 'conductor']);
  });

  it('--host: the lines logged on that host, by its short name', async () => {
    const r = await runCli(['merge', '--host', 'node1.example.org', EVACUATE]);
    expect(r.code).toBe(0);
    const heads = blocks(r.stdout).map(([head]) => head);
    expect(heads.length).toBe(rawLines(`${EVACUATE}/n-cpu-node1.log`, /^\d{4}-\d\d-\d\d /).length);
    for (const head of heads) expect(head).toContain('[node1/n-cpu]');
  });

  it('--grep: a regular expression over the message', async () => {
    const r = await runCli(['merge', '--grep', 'Took [0-9.]+ seconds to (spawn|build)', 'fixtures/operations/boot-zed']);
    const expected = rawLines('fixtures/operations/boot-zed/n-cpu-node2.log', /Took [0-9.]+ seconds to (spawn|build)/);
    expect(expected.length).toBeGreaterThan(0);
    expect(blocks(r.stdout)).toHaveLength(expected.length);
  });

  it('--grep: and over the traceback lines of an entry', async () => {
    const r = await runCli(['merge', '--grep', 'virDomainCreateWithFlags', FAILED]);
    const shown = blocks(r.stdout);
    expect(shown.length).toBeGreaterThan(0);
    for (const block of shown) {
      expect(block[0]).not.toContain('virDomainCreateWithFlags');
      expect(block.join('\n')).toContain('virDomainCreateWithFlags');
    }
  });

  it('--request takes the first characters of a request ID, as the UI shortens it', async () => {
    const whole = await runCli(['merge', '--json', '--request', 'req-1585c4c0-9284-41cb-a829-54a3e5abe128', FAILED]);
    const short = await runCli(['merge', '--json', '--request', '1585c4c0', FAILED]);
    expect(short.stdout).toBe(whole.stdout);
    expect(whole.stdout.trim().split('\n').length).toBe(rawLines(`${FAILED}/n-api.log`, /req-1585c4c0/).length
      + rawLines(`${FAILED}/n-cond.log`, /req-1585c4c0/).length + rawLines(`${FAILED}/n-sch.log`, /req-1585c4c0/).length
      + rawLines(`${FAILED}/n-cpu-node1.log`, /^\S+ \S+ \d+ \w+ \S+ \[None req-1585c4c0/).length);
  });

  it.each([
    ['a pattern that needs backtracking', ['--grep', '(\\w+)\\1'], /^novatrace: --grep "\(\\w\+\)\\1": a backreference at "\\\\1": backreferences and lookaround need a backtracking engine/],
    ['an invalid pattern', ['--grep', 'Took ('], /^novatrace: --grep "Took \(": invalid regular expression/],
    ['an unknown service', ['--service', 'compute,placement'], /^novatrace: unknown service "placement" \(api, conductor, scheduler, compute, other\)\n$/],
  ])('%s is refused before any file is read', async (_name, args, message) => {
    const r = await runCli(['merge', ...args, 'no/such/logs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('trace --level, --service, --host, --grep', () => {
  it('lists only the entries asked for, and says how many it hid', async () => {
    const all = await runCli(['trace', 'req-1585c4c0', FAILED]);
    const total = Number(/ {2}entries \((\d+)\):/.exec(all.stdout)?.[1]);
    const r = await runCli(['trace', 'req-1585c4c0', '--level', 'ERROR', '--service', 'compute', FAILED]);
    expect(r.code).toBe(0);
    const heading = /  entries \((\d+) of (\d+), --level ERROR --service compute; (\d+) hidden\):/.exec(r.stdout);
    expect(heading).not.toBeNull();
    const [shown, of, hidden] = [Number(heading?.[1]), Number(heading?.[2]), Number(heading?.[3])];
    expect(of).toBe(total);
    expect(shown + hidden).toBe(total);
    const heads = r.stdout.slice(r.stdout.indexOf('  entries (')).split('\n').filter((l) => /^ {4,}\+\d/.test(l));
    expect(heads).toHaveLength(shown);
    for (const h of heads) expect(h).toMatch(/compute@node1\s+ERROR /);
    // The waterfall and the verdict are the operation's, whatever is listed.
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(all.stdout.split('\n').slice(0, 2));
  });

  it('--json lists the same entries', async () => {
    const r = await runCli(['trace', '--json', '--grep', 'Traceback', 'req-1585c4c0', FAILED]);
    const doc = JSON.parse(r.stdout) as { operations: { entries: { message: string; continuation: string[] }[] }[] };
    const entries = doc.operations[0]?.entries ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect([e.message, ...e.continuation].join('\n')).toContain('Traceback');
  });
});

describe('colour', () => {
  it.each([
    ['merge', ['merge', '--level', 'WARNING', FAILED], `${ESC}31mERROR${ESC}39m`],
    ['analyze', ['analyze', '--no-tui', FAILED], `${ESC}31mfailed${ESC}39m`],
    ['trace', ['trace', 'req-1585c4c0', FAILED], `: ${ESC}31mfailed${ESC}39m`],
    ['check', ['check', FAILED], `${ESC}31mFAIL${ESC}39m`],
  ])('%s --color always paints, and the text under the paint is --color never\'s, byte for byte', async (_name, args, painted) => {
    const [command, ...rest] = args as [string, ...string[]];
    const on = await runCli([command, '--color', 'always', ...rest]);
    const off = await runCli([command, '--color', 'never', ...rest], undefined, { FORCE_COLOR: '1' });
    expect(on.stdout).toContain(painted);
    expect(off.stdout).not.toContain(ESC);
    expect(stripAnsi(on.stdout)).toBe(off.stdout);
  });

  it.each([
    ['piped, by default', {}, false],
    ['FORCE_COLOR=1', { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=1 beats NO_COLOR=1, as in Node', { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, false],
  ])('--color auto, %s', async (_name, env, painted) => {
    const r = await runCli(['merge', '--level', 'ERROR', FAILED], undefined, { NO_COLOR: '', ...env });
    expect(r.stdout.includes(ESC)).toBe(painted);
  });

  it('JSON is never painted', async () => {
    const r = await runCli(['merge', '--json', '--level', 'ERROR', FAILED], undefined, { FORCE_COLOR: '1' });
    expect(r.stdout).not.toContain(ESC);
  });
});
