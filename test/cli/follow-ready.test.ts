// `novatrace follow` says it is following (follow.ready) only once every file is open where its reading starts:
// lines written the moment follow.ready is printed are all read. Run under CPU load from another process (a busy
// loop on each core), where opening the files and the folder's first scan take longest: the command once
// announced before its followers had opened the files, and lost the lines written in its first moments.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

interface Event {
  readonly event: string;
  readonly lines?: number;
  readonly unparsed?: number;
  readonly files?: readonly { readonly path: string; readonly offset: number }[];
}

// Real lines of a Zed compute log (fixtures/operations/boot-zed), each a log entry of its own.
const LINES = readFileSync(join(ROOT, 'fixtures', 'operations', 'boot-zed', 'n-cpu-node2.log'), 'utf8').trimEnd().split('\n')
  .filter((l) => /^\d{4}-/.test(l));

let hogs: ChildProcess[] = [];
beforeAll(() => {
  hogs = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
});
afterAll(() => {
  for (const h of hogs) h.kill('SIGKILL');
});

async function round(n: number): Promise<{ written: number; stopped: Event | undefined; ready: Event | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'novatrace-ready-'));
  try {
    const files = ['n-api.log', 'n-cpu.log'].map((f) => join(dir, f));
    for (const f of files) writeFileSync(f, '');
    const child = spawn(process.execPath, [CLI, 'follow', '--no-tui', dir], { env: { ...process.env, TZ: 'UTC', CI: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const events: Event[] = [];
    let written = 0;
    const all = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const e = JSON.parse(line) as Event;
        events.push(e);
        if (e.event === 'follow.ready') {
          // The moment it is said: no wait at all before writing.
          for (const f of files) {
            const text = LINES.map((l, i) => `${l} #${n}-${i}\n`).join('');
            appendFileSync(f, text);
            written += LINES.length;
          }
        }
        if (e.event === 'follow.status' && written > 0 && e.lines === written) resolve();
      });
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 60_000).unref());
    await Promise.race([all, deadline]);
    child.kill('SIGINT');
    await exited;
    return { written, stopped: events.find((e) => e.event === 'follow.stopped'), ready: events.find((e) => e.event === 'follow.ready') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('follow.ready', () => {
  it.each([1, 2, 3])('lines written the moment it is printed are all read, under CPU load (round %i)', async (n) => {
    const { written, stopped, ready } = await round(n);
    expect(ready?.files?.map((f) => [f.path.split('/').pop(), f.offset])).toEqual([['n-api.log', 0], ['n-cpu.log', 0]]);
    expect(written).toBe(2 * LINES.length);
    expect(stopped).toMatchObject({ lines: written, unparsed: 0 });
  }, 90_000);
});
