// `novatrace follow DIR` while the logs are being written: a real boot (fixtures/operations/boot-zed, whose
// instance and outcome are the fixture's ground truth) written in pieces, with its compute log rotated (by rename,
// or copied and truncated) in the middle and one line written in two halves. It must end as one succeeded boot,
// every line read exactly once. Each step waits for what the follower printed (never for a fixed time), so the test
// holds on a loaded machine.

import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IDLE_FLUSH_MS } from '../../src/live/line-feed.js';
import { CLI, ROOT } from '../helpers.js';

const FIXTURE = join(ROOT, 'fixtures', 'operations', 'boot-zed');
const INSTANCE = 'b554c560-5582-4f45-b5ad-abeb396ca152';
const lines = (name: string): string[] => readFileSync(join(FIXTURE, name), 'utf8').trimEnd().split('\n');

interface Event {
  readonly event: string;
  readonly path?: string;
  readonly change?: string;
  readonly operation?: {
    readonly type: string;
    readonly instance: string | null;
    readonly outcome: string | null;
    readonly end: string;
    readonly phases: readonly { readonly service: string; readonly entries: number }[];
  };
  readonly [key: string]: unknown;
}

const dirs: string[] = [];
/** Followers still running: a test that failed half-way leaves none behind. */
const running = new Set<() => Promise<number | null>>();
afterEach(async () => {
  await Promise.all([...running].map((stop) => stop()));
  running.clear();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Generous: on a loaded machine starting node alone can take seconds. */
async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A line's time in ms, read as UTC like the follower (TZ=UTC). */
const timeOf = (line: string): number => Date.parse(`${line.slice(0, 23).replace(' ', 'T')}Z`);

/**
 * `follow --no-tui DIR`, resolved once it says it is following (follow.ready): every file is open at its end, and
 * lines appended from then on are read. (Before follow.ready, a fixed wait lost them under load.)
 */
async function startFollow(dir: string): Promise<{ events: Event[]; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'follow', '--no-tui', dir], { env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Event[] = [];
  let rest = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (rest + d.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) events.push(JSON.parse(p) as Event);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const stop = async (): Promise<number | null> => {
    running.delete(stop);
    child.kill('SIGINT');
    return exited;
  };
  running.add(stop);
  await until('follow.ready', () => events.some((e) => e.event === 'follow.ready'));
  return { events, stop };
}

/** The boot as the last operation event tells it, when one came. */
function lastBoot(events: readonly Event[]): Event['operation'] {
  return events.filter((e) => e.operation?.type === 'boot').at(-1)?.operation;
}

describe.each([
  ['rotated by rename', (log: string) => renameSync(log, `${log}.1`), 'rotated'],
  ['copied and truncated', (log: string) => {
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
  }, 'truncated'],
])('follow a folder while a boot is written, its compute log %s in the middle', (_name, rotate, change) => {
  it('ends as one succeeded boot, every line read once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-follow-'));
    dirs.push(dir);
    const names = ['n-api.log', 'n-cond.log', 'n-sch.log', 'n-cpu.log'];
    for (const n of names) writeFileSync(join(dir, n), '');
    const follow = await startFollow(dir);

    const cpu = lines('n-cpu-node2.log');
    for (const n of ['n-api.log', 'n-cond.log', 'n-sch.log']) appendFileSync(join(dir, n), `${lines(n).join('\n')}\n`);
    const log = join(dir, 'n-cpu.log');
    appendFileSync(log, `${cpu.slice(0, 12).join('\n')}\n`);
    // One line in two writes: the first half must wait for the second.
    const split = cpu[12] as string;
    appendFileSync(log, split.slice(0, 40));
    // Not a synchronisation: makes it likely that the follower reads the first half alone.
    await sleep(400);
    appendFileSync(log, `${split.slice(40)}\n`);
    // Rotated only once the follower has read up to here: copy-truncate leaves lines written after a reader's last
    // read in the copy alone, which this reader does not follow (its lines would be read twice).
    await until('the compute lines before the rotation to be read', () => Date.parse(lastBoot(follow.events)?.end ?? '') >= timeOf(split));
    rotate(log);
    appendFileSync(log, `${cpu.slice(13).join('\n')}\n`);

    // The line that finishes the boot came in one write with the rest of the compute log (the others' lines came
    // earlier, each file in one write): a follower that read it has read every line by then.
    await until('the boot to finish', () => follow.events.some((e) => e.event === 'operation.finished'));
    // A file's last line is an entry, and counted, once the file has been quiet for IDLE_FLUSH_MS; stopped sooner,
    // follow leaves it out of its totals. Its lines were read before the finished event was printed, so waiting
    // this long after seeing it is enough on any machine, however loaded.
    await sleep(IDLE_FLUSH_MS + 50);
    expect(await follow.stop()).toBe(0);

    const ops = follow.events.filter((e) => e.operation !== undefined);
    // One boot. It may start before a line names its instance: on a loaded machine, follow can read the API's
    // lines before the writer has appended the conductor's and compute's.
    const started = ops.filter((e) => e.event === 'operation.started');
    expect(started.map((e) => e.operation?.type)).toEqual(['boot']);
    expect([INSTANCE, null]).toContain(started[0]?.operation?.instance);
    expect(ops.filter((e) => e.event === 'operation.finished').map((e) => [e.operation?.type, e.operation?.outcome, e.operation?.instance]))
      .toEqual([['boot', 'succeeded', INSTANCE]]);
    // The other services' logs were written whole before compute's lines: those come late (older than lines
    // already analyzed), and follow may say so, of the compute log alone.
    const warnings = follow.events.filter((e) => e.event === 'follow.warning');
    expect(warnings.filter((e) => e.change !== 'late').map((e) => [e.path, e.change])).toEqual([[log, change]]);
    expect(warnings.filter((e) => e.change === 'late').map((e) => e.path).filter((p) => p !== log)).toEqual([]);
    const stopped = follow.events[follow.events.length - 1] as Event;
    expect(stopped.event).toBe('follow.stopped');
    const written = ['n-api.log', 'n-cond.log', 'n-sch.log'].reduce((n, name) => n + lines(name).length, cpu.length);
    expect(stopped['lines']).toBe(written);
    expect(stopped['entries']).toBe(written);
    expect(stopped['unparsed']).toBe(0);
  }, 120_000);
});

describe('follow a folder whose compute log is written whole before the API log', () => {
  it('says the API lines came late, how many and the first, once the compute lines were analyzed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'novatrace-follow-'));
    dirs.push(dir);
    for (const n of ['n-api.log', 'n-cpu.log']) writeFileSync(join(dir, n), '');
    const follow = await startFollow(dir);
    const cpu = lines('n-cpu-node2.log');
    appendFileSync(join(dir, 'n-cpu.log'), `${cpu.join('\n')}\n`);
    // A status is printed after the tick that let the lines read go to the engine.
    await until('the compute lines to be read', () => follow.events.some((e) => e.event === 'follow.status' && (e['lines'] as number) >= cpu.length));
    const api = lines('n-api.log');
    const apiLog = join(dir, 'n-api.log');
    appendFileSync(apiLog, `${api.join('\n')}\n`);
    await until('a late warning', () => follow.events.some((e) => e.event === 'follow.warning' && e.change === 'late'));
    expect(await follow.stop()).toBe(0);

    const late = follow.events.filter((e) => e.event === 'follow.warning' && e.change === 'late');
    expect(late.map((e) => e.path)).toEqual([apiLog]);
    // Late: more than the reorder window (1 s) older than the newest compute entry analyzed (the last line, or the
    // one before it while the last waits for its file to be quiet).
    const olderThan = (line: string): number => api.filter((l) => timeOf(l) < timeOf(line) - 1000).length;
    const count = Number(/^(\d+) entries came after newer ones/.exec(late[0]?.['message'] as string)?.[1]);
    expect([olderThan(cpu.at(-1) as string), olderThan(cpu.at(-2) as string)]).toContain(count);
    expect(count).toBeGreaterThan(0);
    expect(late[0]?.['message']).toContain(`(first: ${apiLog}:1 at ${new Date(timeOf(api[0] as string)).toISOString()},`);
  }, 120_000);
});
