// `novatrace follow` as a user runs it, off a terminal: NDJSON events. The Mitaka CI job's four Nova logs are
// interleaved as `tail -F` prints them and piped in; the finished operations must be the job's ground truth
// (issue 3: 12 boots, 13 deletes of which one answered 404, 3 rescues, 2 unrescues, 1 rebuild, 8 volume attaches
// of which one answered 409, 7 detaches of which one answered 409).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HAS_REALDATA, REALDATA, ROOT, runCli, tailInterleave } from '../helpers.js';

if (!HAS_REALDATA && process.env['CI']) throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);
if (!HAS_REALDATA) console.warn(`follow corpus test skipped: ${REALDATA} is absent`);

interface Event {
  readonly event: string;
  readonly time: string;
  readonly state?: string;
  readonly operation?: { readonly id: string; readonly type: string; readonly outcome: string | null; readonly httpStatus: number | null };
  readonly [key: string]: unknown;
}

const parse = (stdout: string): Event[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Event);

describe.skipIf(!HAS_REALDATA)('follow - on the Mitaka CI logs, interleaved as tail -F prints them', () => {
  const dir = join(REALDATA, 'devstack-ci-mitaka');
  const files = ['api', 'cond', 'cpu', 'sch'].map((s) => join(dir, `screen-n-${s}.txt.gz`));

  it('finishes exactly the job\'s operations, each started first, and counts every line', async () => {
    const input = tailInterleave(files);
    const r = await runCli(['follow', '-'], input);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const events = parse(r.stdout);
    const finished = events.filter((e) => e.event === 'operation.finished').map((e) => e.operation as NonNullable<Event['operation']>);
    const count = (type: string, outcome: string, status?: number): number =>
      finished.filter((o) => o.type === type && o.outcome === outcome && (status === undefined || o.httpStatus === status)).length;
    expect(count('boot', 'succeeded')).toBe(12);
    expect(count('delete', 'succeeded')).toBe(12);
    expect(count('delete', 'rejected', 404)).toBe(1);
    expect(count('rescue', 'succeeded')).toBe(3);
    expect(count('unrescue', 'succeeded')).toBe(2);
    expect(count('rebuild', 'succeeded')).toBe(1);
    expect(count('attach-volume', 'succeeded')).toBe(7);
    expect(count('attach-volume', 'rejected', 409)).toBe(1);
    expect(count('detach-volume', 'succeeded')).toBe(6);
    expect(count('detach-volume', 'rejected', 409)).toBe(1);
    expect(finished).toHaveLength(46);

    // Each finished operation was started before, once, and revised only after it was finished; in-progress events
    // carry no outcome yet.
    const startedAt = new Map(events.flatMap((e, i) => (e.event === 'operation.started' ? [[e.operation?.id, i] as const] : [])));
    const finishedAt = new Map(events.flatMap((e, i) => (e.event === 'operation.finished' ? [[e.operation?.id, i] as const] : [])));
    events.forEach((e, i) => {
      if (e.event === 'operation.finished') expect(startedAt.get(e.operation?.id)).toBeLessThan(i);
      if (e.event === 'operation.revised') expect(finishedAt.get(e.operation?.id)).toBeLessThan(i);
      if (e.event === 'operation.started' || e.event === 'operation.updated') expect(e.operation?.outcome).toBeNull();
    });
    expect(events.filter((e) => e.event === 'operation.started')).toHaveLength(46);

    const stopped = events[events.length - 1] as Event;
    expect(stopped.event).toBe('follow.stopped');
    // Every input line counted: the headers and their blank separators are the stream's own noise.
    expect(stopped['lines']).toBe(input.split('\n').length - 1);
    expect(stopped['unparsed']).toBe(0);
    expect(stopped['files']).toBe(4);
  });
});

describe('follow: bad options and unparsed lines', () => {
  it.each([
    ['--idle-timeout', ['follow', '--idle-timeout', '10 minutes', '-'], /--idle-timeout "10 minutes": expected a duration/],
    ['--keep', ['follow', '--keep', '0', '-'], /--keep "0": expected a whole number/],
  ])('a bad %s is one line, exit 2', async (_name, args, message) => {
    const r = await runCli(args, '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a compressed log alone is nothing to follow: one line, exit 2 (it would be waited on forever)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-gz-'));
    const gz = join(dir, 'n-cpu.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(ROOT, 'fixtures', 'operations', 'boot-zed', 'n-cpu-node2.log'))));
    try {
      const r = await runCli(['follow', gz]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`novatrace: nothing to follow: ${gz} is compressed, so no longer written to; follow the uncompressed logs\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing file in a missing folder is one line, exit 2', async () => {
    const r = await runCli(['follow', '/nonexistent-novatrace/n-cpu.log']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^novatrace: \/nonexistent-novatrace\/n-cpu\.log: /);
  });

  it('reports lines that match no log format as a warning event, with the first one', async () => {
    const r = await runCli(['follow', '-'], 'this is not a log line\nneither is this\n');
    expect(r.code).toBe(0);
    const events = parse(r.stdout);
    expect(events[0]).toMatchObject({ event: 'follow.ready', files: [{ path: '-', offset: 0 }] });
    expect(events[1]).toMatchObject({ event: 'follow.warning', change: 'unparsed' });
    expect(String(events[1]?.['message'])).toMatch(/^2 lines matched no log format; first: <stdin>:1: this is not a log line$/);
    expect(events[2]).toMatchObject({ event: 'follow.stopped', lines: 2, unparsed: 2 });
  });
});
