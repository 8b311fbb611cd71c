// Under GitHub Actions, a log line novatrace prints as text (`  ::add-mask::x`, `::error file=...::`: the runner
// trims leading spaces) must not become a workflow command: text output is wrapped in `::stop-commands::<token>`
// ... `::<token>::` with a fresh random token. JSON, JUnit and `--format github` (whose annotations are meant) are not.

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const LOG = [
  '2026-11-22 02:40:05.100 22606 ERROR nova.compute.manager [req-0947ca7b-8d96-4694-aa35-a8881188621d] ::add-mask::secret',
  '::error file=/etc/passwd,line=1::pwned',
  '2026-11-22 02:40:05.200 22606 INFO nova.compute.manager [-] after',
  '',
].join('\n');

describe('text output under GitHub Actions', () => {
  it.each([['merge', '-'], ['analyze', '--no-tui', '-'], ['stats', '-']])('%s %s %s is wrapped in stop-commands with a fresh token', async (...args) => {
    const runs = await Promise.all([runCli(args, LOG, { GITHUB_ACTIONS: 'true' }), runCli(args, LOG, { GITHUB_ACTIONS: 'true' })]);
    const tokens = runs.map((r) => {
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0] ?? '')?.[1];
      expect(token, r.stdout).toBeDefined();
      expect(lines[lines.length - 1]).toBe(`::${token as string}::`);
      return token;
    });
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it.each(['perfetto', 'otlp', 'html'])('export --format %s is not text: no line of it can begin with ::', async (format) => {
    const r = await runCli(['export', '--format', format, '-'], LOG, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('::stop-commands::');
    expect(r.stdout).not.toMatch(/^\s*::/m);
  });

  it('leaves JSON and the GitHub annotations alone, and text outside GitHub Actions', async () => {
    const json = await runCli(['merge', '--json', '-'], LOG, { GITHUB_ACTIONS: 'true' });
    expect(json.stdout.startsWith('{')).toBe(true);
    const plain = await runCli(['merge', '-'], LOG);
    expect(plain.stdout).not.toContain('::stop-commands::');
    const github = await runCli(['check', '--format', 'github', '-'], LOG, { GITHUB_ACTIONS: 'true' });
    expect(github.stdout).not.toContain('::stop-commands::');
    expect(github.stdout).toMatch(/^::error /m);
  });
});
