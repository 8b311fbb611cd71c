// `novatrace follow DIR` while the logs are being written: a real boot (fixtures/operations/boot-zed, whose
// instance and outcome are the fixture's ground truth) written in pieces, with its compute log rotated (by rename,
// or copied and truncated) in the middle and one line written in two halves. It must end as one succeeded boot,
// every line read exactly once.

import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

const FIXTURE = join(ROOT, 'fixtures', 'operations', 'boot-zed');
const INSTANCE = 'b554c560-5582-4f45-b5ad-abeb396ca152';
const lines = (name: string): string[] => readFileSync(join(FIXTURE, name), 'utf8').trimEnd().split('\n');

interface Event {
  readonly event: string;
  readonly change?: string;
  readonly operation?: { readonly type: string; readonly instance: string | null; readonly outcome: string | null };
  readonly [key: string]: unknown;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, test: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function startFollow(dir: string): { events: Event[]; stop: () => Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'follow', '--no-tui', dir], { env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Event[] = [];
  let rest = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (rest + d.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) events.push(JSON.parse(p) as Event);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    events,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
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
    const follow = startFollow(dir);
    await sleep(1500); // following from the end of the empty files

    const cpu = lines('n-cpu-node2.log');
    for (const n of ['n-api.log', 'n-cond.log', 'n-sch.log']) appendFileSync(join(dir, n), `${lines(n).join('\n')}\n`);
    const log = join(dir, 'n-cpu.log');
    appendFileSync(log, `${cpu.slice(0, 12).join('\n')}\n`);
    // One line in two writes: the first half must wait for the second.
    const split = cpu[12] as string;
    appendFileSync(log, split.slice(0, 40));
    await sleep(400);
    appendFileSync(log, `${split.slice(40)}\n`);
    await sleep(600);
    rotate(log);
    await sleep(600);
    appendFileSync(log, `${cpu.slice(13).join('\n')}\n`);

    await until('the boot to finish', () => follow.events.some((e) => e.event === 'operation.finished'));
    await sleep(500);
    expect(await follow.stop()).toBe(0);

    const ops = follow.events.filter((e) => e.operation !== undefined);
    // One boot. It may start before a line names its instance: on a loaded machine, follow can read the API's
    // lines before the writer has appended the conductor's and compute's.
    const started = ops.filter((e) => e.event === 'operation.started');
    expect(started.map((e) => e.operation?.type)).toEqual(['boot']);
    expect([INSTANCE, null]).toContain(started[0]?.operation?.instance);
    expect(ops.filter((e) => e.event === 'operation.finished').map((e) => [e.operation?.type, e.operation?.outcome, e.operation?.instance]))
      .toEqual([['boot', 'succeeded', INSTANCE]]);
    expect(follow.events.filter((e) => e.event === 'follow.warning').map((e) => e.change)).toEqual([change]);
    const stopped = follow.events[follow.events.length - 1] as Event;
    expect(stopped.event).toBe('follow.stopped');
    const written = ['n-api.log', 'n-cond.log', 'n-sch.log'].reduce((n, name) => n + lines(name).length, cpu.length);
    expect(stopped['lines']).toBe(written);
    expect(stopped['entries']).toBe(written);
    expect(stopped['unparsed']).toBe(0);
  }, 40_000);
});
