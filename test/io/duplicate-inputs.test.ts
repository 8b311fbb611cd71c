// The same log reached twice (a symlink, a hard link, a copied tree of the same host's logs) is read once, with a
// warning naming both paths: its lines would otherwise count twice in every phase and every total.

import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('files of one size that share their first bytes (100 KB) are told apart by the rest of their bytes, and read both', async () => {
    // First bytes (4 KB) are compared before whole contents: two logs equal for 100 KB and different in their last line are two logs.
    const d = join(dir, 'same-head');
    mkdirSync(d);
    const line = readFileSync('fixtures/zed-boot/n-api.log', 'utf8').split('\n')[0] as string;
    const body = `${line}\n`.repeat(Math.ceil(100_000 / (line.length + 1)));
    writeFileSync(join(d, 'a.log'), `${body}${line.replace(/\d(?=\D*$)/, '1')}\n`);
    writeFileSync(join(d, 'b.log'), `${body}${line.replace(/\d(?=\D*$)/, '2')}\n`);
    writeFileSync(join(d, 'c.log'), `${body}${line.replace(/\d(?=\D*$)/, '1')}\n`);
    const r = await runCli(['stats', d]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('read once'))).toEqual([
      `novatrace: warning: ${join(d, 'c.log')} has the same content as ${join(d, 'a.log')}: read once`,
    ]);
  });
});
