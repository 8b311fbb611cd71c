// The same log reached twice (a symlink, a hard link, a copied tree of the same host's logs) is read once, with a
// warning naming both paths: its lines would otherwise count twice in every phase and every total.

import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'novatrace-dup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('duplicate inputs', () => {
  it('reads a symlinked, hard-linked or copied file once and warns with both paths', async () => {
    const a = join(dir, 'host-a');
    const b = join(dir, 'host-a-copy');
    mkdirSync(a);
    mkdirSync(b);
    for (const f of ['n-api.log', 'n-cpu-compute1.log']) copyFileSync(join('fixtures/zed-boot', f), join(a, f));
    copyFileSync(join(a, 'n-cpu-compute1.log'), join(b, 'n-cpu-compute1.log'));
    symlinkSync(join(a, 'n-api.log'), join(b, 'api-link.log'));
    linkSync(join(a, 'n-api.log'), join(b, 'api-hard.log'));
    const lines = (f: string): number => readFileSync(join('fixtures/zed-boot', f), 'utf8').trimEnd().split('\n').length;

    const r = await runCli(['stats', a, b]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('read once')).sort()).toEqual([
      `novatrace: warning: ${join(b, 'api-hard.log')} is the same file as ${join(a, 'n-api.log')}: read once`,
      `novatrace: warning: ${join(b, 'api-link.log')} is the same file as ${join(a, 'n-api.log')}: read once`,
      `novatrace: warning: ${join(b, 'n-cpu-compute1.log')} has the same content as ${join(a, 'n-cpu-compute1.log')}: read once`,
    ]);
    expect(r.stdout).toContain(`2 files, ${lines('n-api.log') + lines('n-cpu-compute1.log')} lines`);
  });
});
