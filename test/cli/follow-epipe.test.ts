// `novatrace follow ... | head -1`: when its reader goes away, follow stops quietly (exit 0) at its next write, as
// `tail -f` does, instead of following forever.

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'novatrace-epipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('follow whose reader goes away', () => {
  it('exits 0 once the pipe is closed and it writes again', async () => {
    const log = join(dir, 'n-api.log');
    writeFileSync(log, '');
    const child = spawn(process.execPath, [CLI, 'follow', '--no-tui', dir], { cwd: ROOT, env: { ...process.env, TZ: 'UTC', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Like `head -1`: read the first line (follow.ready), then close the pipe.
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    expect(first).toContain('"event":"follow.ready"');
    child.stdout.destroy();
    // Lines keep coming: follow writes its status about them, finds no reader, and stops.
    let done = false;
    void exited.then(() => { done = true; });
    for (let i = 0; i < 600 && !done; i++) {
      appendFileSync(log, `2026-11-22 02:40:05.${String(i % 1000).padStart(3, '0')} 22606 INFO nova.api.openstack.requestlog [req-0947ca7b-8d96-4694-aa35-a8881188621d] 127.0.0.1 "GET /v2.1/servers" status: 200 len: 1 microversion: 2.92 time: 0.1\n`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
