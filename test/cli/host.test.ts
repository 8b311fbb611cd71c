// `novatrace host`, spawned as a user runs it: its options, and bad input as a one-line error with exit 2.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

describe('novatrace host', () => {
  it('--help explains every option', async () => {
    const r = await runCli(['host', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--json', '--tz', '--year', '--alias', '--max-line']) expect(r.stdout).toMatch(new RegExp(`${option}\\b.*\\S.*\\n`));
  });

  it.each([
    ['a host that is no host name', ['host', 'compute 1', 'fixtures/zed-boot'], /^novatrace: host "compute 1": expected a host name/],
    ['a path that does not exist', ['host', 'compute1', 'fixtures/no-such-folder'], /^novatrace: .*no-such-folder/],
    ['a host no line names (fixtures/zed-boot has n-cpu-compute1.log and n-cpu-compute2.log)', ['host', 'nosuchhost', 'fixtures/zed-boot'], /^novatrace: host nosuchhost is named by no line of these logs \(hosts: compute1, compute2\)\n$/],
  ])('%s: one line, exit 2', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a host with no failure says so, exit 0; --json gives an empty list', async () => {
    const text = await runCli(['host', 'compute2.example.org', 'fixtures/zed-boot']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('compute2.example.org: no host failure in these logs (no evacuation from it while it was silent)\n');
    const json = await runCli(['host', '--json', 'compute2', 'fixtures/zed-boot']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ host: 'compute2', incidents: [], warnings: [] });
  });

  it('docs/hosts.md shows what it prints on fixtures/hosts/host-evacuate-volume-zed, word for word (the volumes section)', async () => {
    const command = 'npx novatrace host compute2 fixtures/hosts/host-evacuate-volume-zed';
    const r = await runCli(['host', 'compute2', 'fixtures/hosts/host-evacuate-volume-zed']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n  volumes (as the logs say when the first evacuation came):\n');
    const text = readFileSync('docs/hosts.md', 'utf8');
    const start = text.indexOf(`$ ${command}\n`);
    expect(start).toBeGreaterThan(-1);
    expect(text.slice(start + command.length + 3, text.indexOf('\n```', start) + 1)).toBe(r.stdout);
  });
});
