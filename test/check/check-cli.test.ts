// `novatrace check` as CI runs it (the built CLI, TZ=UTC, NO_COLOR=1, CI=1), one fixture set and rules file per
// rule kind, passing and failing. Expected request IDs, lines and times come from the fixture files themselves.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { HAS_XMLLINT, validateJunit } from './xmllint.js';

const OPS = 'fixtures/operations';
const RULES = 'fixtures/check/rules';
const SIGNATURES = 'fixtures/check/signatures';
const PERIODIC = 'fixtures/check/logs/periodic-error/n-cpu-node2.log';
const tmp = mkdtempSync(join(tmpdir(), 'novatrace-check-'));

interface CheckJson {
  result: 'pass' | 'fail';
  exitCode: number;
  rules: { id: string; status: string; findings: { message: string; operation: { requestIds: string[]; instance: string | null } | null; location: { file: string; line: number } | null; knownBugs: { bug: string }[] }[] }[];
  operations: { type: string; outcome: string; durationMs: number }[];
}

async function checkJson(args: readonly string[]): Promise<{ code: number | null; report: CheckJson; stderr: string }> {
  const r = await runCli(['check', '--format', 'json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as CheckJson, stderr: r.stderr };
}

function rule(report: CheckJson, id: string): CheckJson['rules'][number] {
  const found = report.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}: ${report.rules.map((r) => r.id).join(', ')}`);
  return found;
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n');
}

/** 1-based numbers of the lines matching the pattern. */
function lineNumbers(path: string, pattern: RegExp): number[] {
  return lines(path).flatMap((l, i) => (pattern.test(l) ? [i + 1] : []));
}

/** The request ID of an API access line with this method, path part and status. */
function accessRequestId(path: string, status: number): string {
  const line = lines(path).find((l) => l.includes(`status: ${status}`));
  const id = line === undefined ? null : /\[None (req-[0-9a-f-]{36}) /.exec(line)?.[1];
  if (!id) throw new Error(`no ${status} access line in ${path}`);
  return id;
}

// A line that opens an entry (not a traceback line: those repeat the prefix but carry no context bracket).
const ERROR_ENTRY = /^\S+ \S+ \d+ ERROR \S+ \[None req-/;

describe('check --help', () => {
  it('explains every option', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--rules', '--signatures', '--baseline', '--allow-known', '--format', '--tz', '--year', '--alias']) {
      expect(r.stdout).toMatch(new RegExp(`${option}\\b.*\\S.*\\n`));
    }
  });
});

describe('defaults (no --rules): every operation succeeds, no ERROR or traceback anywhere', () => {
  it('a successful boot passes (exit 0)', async () => {
    const r = await runCli(['check', `${OPS}/boot-zed`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^novatrace check: PASS: 2 rules, 2 passed, 0 failed\n/);
    expect(r.stdout).toMatch(/^PASS {3}outcomes: every operation succeeds$/m);
    expect(r.stdout).toMatch(/^PASS {3}forbid: no ERROR or worse and no traceback in api, conductor, scheduler, compute, other$/m);
  });

  it('a rejected stop fails, named with its request ID and the API fault line', async () => {
    const api = `${OPS}/stop-rejected-zed/n-api.log`;
    const r = await runCli(['check', `${OPS}/stop-rejected-zed`]);
    expect(r.code).toBe(1);
    const fault = lineNumbers(api, /HTTP exception thrown: Cannot 'os-stop'/);
    expect(fault).toHaveLength(1);
    expect(r.stdout).toContain([
      'FAIL   outcomes: every operation succeeds',
      '       1 of 2 operations ended as allowed',
      `  - stop 0ca2998b-1344-4a0c-93b5-53d6108c97fa ${accessRequestId(api, 409)}`,
      "    rejected (HTTP 409): HTTP exception thrown: Cannot 'os-stop' instance 0ca2998b-1344-4a0c-93b5-53d6108c97fa while it is in vm_state stopped",
      `    at ${api}:${fault[0]}`,
    ].join('\n'));
  });

  it('a boot whose logs end mid-build fails as incomplete', async () => {
    const { code, report } = await checkJson([`${OPS}/boot-incomplete-zed`]);
    expect(code).toBe(1);
    const finding = rule(report, 'outcomes').findings[0];
    expect(finding?.message).toBe('incomplete: the logs end before it finishes');
    expect(finding?.operation?.requestIds[0]).toBe(accessRequestId(`${OPS}/boot-incomplete-zed/n-api.log`, 202));
    // Its last line is where the compute log stops.
    const cpu = `${OPS}/boot-incomplete-zed/n-cpu-node2.log`;
    expect(finding?.location).toEqual({ file: cpu, line: lines(cpu).filter(Boolean).length });
  });

  it('a failed boot fails outcomes and forbid: each ERROR entry named by file and line', async () => {
    const { code, report } = await checkJson([`${OPS}/boot-failed-zed`]);
    expect(code).toBe(1);
    const cpu = `${OPS}/boot-failed-zed/n-cpu-node1.log`;
    const cond = `${OPS}/boot-failed-zed/n-cond.log`;
    expect(rule(report, 'outcomes').findings.map((f) => f.location)).toEqual([{ file: cpu, line: lineNumbers(cpu, /Instance failed to spawn/)[0] }]);
    const expected = [...lineNumbers(cond, ERROR_ENTRY).map((line) => ({ file: cond, line })), ...lineNumbers(cpu, ERROR_ENTRY).map((line) => ({ file: cpu, line }))];
    expect(expected).toHaveLength(3);
    const found = rule(report, 'forbid').findings.map((f) => f.location);
    expect([...found].sort((a, b) => `${a?.file}:${a?.line}`.localeCompare(`${b?.file}:${b?.line}`))).toEqual(expected);
    const boot = accessRequestId(`${OPS}/boot-failed-zed/n-api.log`, 202);
    expect(rule(report, 'forbid').findings.every((f) => f.operation?.requestIds[0] === boot)).toBe(true);
  });

  it('an ERROR outside any operation fails too, with no operation named', async () => {
    const r = await runCli(['check', `${OPS}/boot-zed`, PERIODIC]);
    expect(r.code).toBe(1);
    const line = lineNumbers(PERIODIC, ERROR_ENTRY)[0];
    expect(r.stdout).toContain([
      'FAIL   forbid: no ERROR or worse and no traceback in api, conductor, scheduler, compute, other',
      '       1 such entry',
      '  - ERROR nova.compute.manager: Error updating resources for node node2.: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 5b1f0c2a9d3e4f6a8b7c6d5e4f3a2b1c (with traceback)',
      `    at ${PERIODIC}:${line}`,
    ].join('\n'));
  });
});

describe('rules files, one per rule kind', () => {
  it.each([
    ['expect + budgets: one boot, on time', 'boot-on-time.yaml', [`${OPS}/boot-zed`], 0],
    ['expect: three boots wanted', 'three-boots.yaml', [`${OPS}/boot-zed`], 1],
    ['budgets: faster than the compute host builds', 'fast-boot.yaml', [`${OPS}/boot-zed`], 1],
    ['allow: a refused stop is expected', 'rejected-stop-allowed.yaml', [`${OPS}/stop-rejected-zed`], 0],
    ['forbid scope operations: a periodic error is not one', 'errors-inside-operations.yaml', [`${OPS}/boot-zed`, PERIODIC], 0],
    ['forbid scope operations: a failed spawn is one', 'errors-inside-operations.yaml', [`${OPS}/boot-failed-zed`], 1],
    ['forbid allow pattern: the periodic timeout', 'rpc-timeout-allowed.yaml', [`${OPS}/boot-zed`, PERIODIC], 0],
    ['hosts: every instance of a failed host evacuated', 'hosts-evacuated.yaml', ['fixtures/hosts/host-evacuate-queens'], 0],
    ['hosts: one evacuation failed, one instance left behind', 'hosts-evacuated.yaml', ['fixtures/hosts/evacuate-failed-zed'], 1],
  ])('%s (%s)', async (_name, rules, paths, code) => {
    const r = await runCli(['check', '--rules', `${RULES}/${rules}`, ...paths]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(code === 0 ? /^novatrace check: PASS/ : /^novatrace check: FAIL/);
  });

  it('hosts: each instance left behind is a finding, the failed evacuation at its failing line', async () => {
    const dir = 'fixtures/hosts/evacuate-failed-zed';
    const { report } = await checkJson(['--rules', `${RULES}/hosts-evacuated.yaml`, dir]);
    // The fixture's node1 ran three servers: the first evacuated, the second's evacuation failed on node2
    // (`Setting instance vm_state to ERROR`), the third never evacuated.
    const failing = lines(`${dir}/n-cpu-node2.log`).findIndex((l) => l.includes('Setting instance vm_state to ERROR')) + 1;
    expect(rule(report, 'hosts').findings.map((f) => [f.message, f.location])).toEqual([
      ['host node1 failed; instance 7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d: evacuation failed (to node2)', { file: `${dir}/n-cpu-node2.log`, line: failing }],
      ['host node1 failed; instance 8b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e: never evacuated', null],
    ]);
  });

  it('expect: the shortfall is stated', async () => {
    const { report } = await checkJson(['--rules', `${RULES}/three-boots.yaml`, `${OPS}/boot-zed`]);
    expect(rule(report, 'expect.boot').findings.map((f) => f.message)).toEqual(['expected >= 3 succeeded boot, found 1']);
  });

  it('budgets: over max names the boot and where its logs end; the compute median is over too', async () => {
    const { report } = await checkJson(['--rules', `${RULES}/fast-boot.yaml`, `${OPS}/boot-zed`]);
    // "Took 2.73 seconds to build instance." on compute: the boot took at least that, and at most the
    // fixture's span (10:14:05.120 .. 10:14:08.728): over 2 s either way.
    const cpu = `${OPS}/boot-zed/n-cpu-node2.log`;
    expect(lines(cpu).some((l) => l.includes('Took 2.73 seconds to build instance.'))).toBe(true);
    const max = rule(report, 'budget.boot.max');
    expect(max.status).toBe('failed');
    expect(max.findings[0]?.operation?.requestIds[0]).toBe(accessRequestId(`${OPS}/boot-zed/n-api.log`, 202));
    expect(max.findings[0]?.location).toEqual({ file: cpu, line: lines(cpu).filter(Boolean).length });
    expect(rule(report, 'budget.boot.compute.median').status).toBe('failed');
  });
});

describe('known-failure signatures and --allow-known', () => {
  it('a failure a signature matches is still a failure (exit 1), reported as the known bug', async () => {
    const r = await runCli(['check', '--signatures', SIGNATURES, `${OPS}/boot-failed-zed`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`    known bug https://bugs.example.org/nova/libvirt-monitor-exit (${SIGNATURES}/libvirt-monitor-exit.yaml)`);
    expect(r.stdout).toMatch(/^novatrace check: FAIL: 2 rules, 0 passed, 0 failed, 2 failed with known bugs only$/m);
  });

  it('--allow-known: failures all explained by signatures pass (exit 0)', async () => {
    const r = await runCli(['check', '--allow-known', '--signatures', SIGNATURES, `${OPS}/boot-failed-zed`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^novatrace check: PASS: .*\(allowed by --allow-known\)$/m);
    expect(r.stdout).toMatch(/^KNOWN {2}outcomes: /m);
  });

  it('--allow-known does not pass a failure no signature explains', async () => {
    const r = await runCli(['check', '--allow-known', '--signatures', SIGNATURES, `${OPS}/stop-rejected-zed`]);
    expect(r.code).toBe(1);
  });

  it('a folder with no signature files is a warning', async () => {
    const empty = mkdtempSync(join(tmp, 'signatures-'));
    writeFileSync(join(empty, 'README.md'), 'no bugs known yet\n');
    const r = await runCli(['check', '--signatures', empty, `${OPS}/boot-zed`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`novatrace: warning: ${empty}: no signature files (*.yaml, *.yml, *.json): no failure will be reported as a known bug\n`);
  });

  it('a file in the folder that is not a signature is an error naming it', async () => {
    const r = await runCli(['check', '--signatures', 'fixtures/check/baselines', `${OPS}/boot-zed`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('novatrace: fixtures/check/baselines/boot-1s.json: operations: unknown key (expected one of: bug, message, logger, service, level, type)\n');
  });
});

describe('--baseline', () => {
  it('fails when the median boot grew by more than 20% over the baseline (1.0 s and 1.1 s: median 1.05 s)', async () => {
    const { code, report } = await checkJson(['--rules', `${RULES}/baseline-20.yaml`, '--baseline', 'fixtures/check/baselines/boot-1s.json', `${OPS}/boot-zed`]);
    expect(code).toBe(1);
    expect(rule(report, 'baseline.boot').findings[0]?.message).toMatch(/^boot median grew from 1\.05s to 3\.\d\ds \(\+\d+\.\d%, more than 20%\)$/);
  });

  it.each([['analyze --json', ['analyze', '--json']], ['check --format json', ['check', '--format', 'json']]])(
    'passes against its own earlier report (%s)', async (_name, command) => {
      const before = await runCli([...command, `${OPS}/boot-zed`]);
      const path = join(tmp, `${command[0]}.json`);
      writeFileSync(path, before.stdout);
      const { code, report } = await checkJson(['--baseline', path, `${OPS}/boot-zed`]);
      expect(code).toBe(0);
      expect(rule(report, 'baseline.boot').status).toBe('passed');
    },
  );
});

describe('output formats', () => {
  it('github: an annotation on the file and line of each finding', async () => {
    const r = await runCli(['check', '--format', 'github', `${OPS}/boot-failed-zed`]);
    expect(r.code).toBe(1);
    const cpu = `${OPS}/boot-failed-zed/n-cpu-node1.log`;
    const line = lineNumbers(cpu, /Instance failed to spawn/)[0];
    const boot = accessRequestId(`${OPS}/boot-failed-zed/n-api.log`, 202);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^::error file=${cpu},line=${line},title=novatrace outcomes::boot 9ae18742-0187-43c5-810c-7630ca0ab4d4 ${boot}: failed: Instance failed to spawn: libvirt\\.libvirtError: `));
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('::notice title=novatrace check::novatrace check: FAIL: 2 rules, 0 passed, 2 failed');
  });

  it.skipIf(!HAS_XMLLINT).each([
    ['a passing run', [`${OPS}/boot-zed`], 0],
    ['a failing run', [`${OPS}/boot-failed-zed`, PERIODIC], 1],
    ['known bugs', ['--signatures', SIGNATURES, `${OPS}/boot-failed-zed`], 1],
    ['known bugs allowed (skipped)', ['--allow-known', '--signatures', SIGNATURES, `${OPS}/boot-failed-zed`], 0],
    ['every rule kind', ['--rules', `${RULES}/fast-boot.yaml`, `${OPS}/boot-zed`, `${OPS}/stop-rejected-zed`], 1],
  ])('junit validates against the schema: %s', async (_name, args, code) => {
    const r = await runCli(['check', '--format', 'junit', ...args]);
    expect(r.code).toBe(code);
    const verdict = validateJunit(r.stdout);
    expect(verdict.output).toMatch(/validates/);
    expect(verdict.status).toBe(0);
  });

  it.skipIf(!HAS_XMLLINT)('junit: the warnings about the inputs are the rules suite\'s system-err, and it still validates', async () => {
    const r = await runCli(['check', '--format', 'junit', 'no/such.log', `${OPS}/boot-zed`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    <system-err>no/such.log: no such file or directory</system-err>\n  </testsuite>');
    expect(r.stdout.indexOf('<system-err>')).toBeLessThan(r.stdout.indexOf('name="novatrace.operations"'));
    const verdict = validateJunit(r.stdout);
    expect(verdict.output).toMatch(/validates/);
    expect(verdict.status).toBe(0);
  });

  it('json: the verdict and each rule', async () => {
    const { code, report } = await checkJson([`${OPS}/boot-zed`]);
    expect(code).toBe(0);
    expect(report.result).toBe('pass');
    expect(report.rules.map((r) => [r.id, r.status])).toEqual([['outcomes', 'passed'], ['forbid', 'passed']]);
    expect(report.operations.map((o) => [o.type, o.outcome])).toEqual([['boot', 'succeeded']]);
  });
});

describe('bad rules, signatures, baseline or options: one line, exit 2, before any log is read', () => {
  // The log path does not exist: the rules error must come first.
  const NO_LOGS = 'no/such/logs';
  it.each([
    ['an unknown key', ['--rules', 'fixtures/check/invalid/unknown-key.yaml'], 'fixtures/check/invalid/unknown-key.yaml:3: budget: unknown key (expected one of: input, expect, allow, budgets, forbid, baseline, hosts)'],
    ['a bad duration', ['--rules', 'fixtures/check/invalid/bad-duration.yaml'], 'fixtures/check/invalid/bad-duration.yaml:4: budgets.boot.p95: "20 secs" is not a duration such as 250ms, 30s, 1.5m or 2h'],
    ['an invalid regex', ['--rules', 'fixtures/check/invalid/bad-regex.yaml'], 'fixtures/check/invalid/bad-regex.yaml:3: forbid.allow[0].message: invalid regular expression: Invalid regular expression: /^Timed out (waiting/: Unterminated group'],
    ['a YAML syntax error', ['--rules', 'fixtures/check/invalid/unquoted-count.yaml'], 'fixtures/check/invalid/unquoted-count.yaml:3: invalid YAML: Block scalar header includes extra characters: >= (quote values that start with > or |, e.g. count: ">= 3")'],
    ['a JSON syntax error', ['--rules', 'fixtures/check/invalid/trailing-comma.json'], /^fixtures\/check\/invalid\/trailing-comma\.json:3: invalid JSON: /],
    ['an invalid regex in a signature', ['--signatures', 'fixtures/check/invalid-signatures'], 'fixtures/check/invalid-signatures/bad-logger.yaml:3: logger: invalid regular expression'],
    ['a missing rules file', ['--rules', 'no/rules.yaml'], 'no/rules.yaml: no such file or directory'],
    ['a signatures path that is a file', ['--signatures', `${RULES}/boot-on-time.yaml`], `${RULES}/boot-on-time.yaml: not a directory`],
    // Node 20's JSON.parse gives no position for this one: no line then.
    ['a baseline that is not JSON', ['--baseline', `${RULES}/boot-on-time.yaml`], /^fixtures\/check\/rules\/boot-on-time\.yaml(:1)?: invalid JSON: /],
    ['a baseline with no operations', ['--baseline', 'package.json'], 'package.json: operations: missing: not a `novatrace check --format json` or `analyze --json` report'],
    ['an unknown format', ['--format', 'tap'], '--format "tap": expected text, json, junit, github'],
  ])('%s', async (_name, args, message) => {
    const r = await runCli(['check', ...args, NO_LOGS]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    if (typeof message === 'string') expect(r.stderr).toContain(`novatrace: ${message}`);
    else expect(r.stderr.replace(/^novatrace: /, '')).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('with good rules, a missing log path is the error', async () => {
    const r = await runCli(['check', '--rules', `${RULES}/boot-on-time.yaml`, NO_LOGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`novatrace: ${NO_LOGS}: no such file or directory\n`);
  });
});

describe('input with no log entry: a warning, and an `input` rule that fails it', () => {
  const empty = join(tmp, 'empty.log');
  writeFileSync(empty, '');
  const binary = join(tmp, 'binary.log');
  writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  const inputRules = join(tmp, 'input.yaml');
  writeFileSync(inputRules, 'input:\n  entries: ">= 1"\n  operations: ">= 1"\n');

  it.each([
    ['an empty file', [empty], undefined, '0 lines read, 0 unparsed'],
    ['empty stdin', ['-'], '', '0 lines read, 0 unparsed'],
    ['a binary file', [binary], undefined, 'unparsed'],
  ])('%s passes the default rules but says it checked nothing', async (_name, paths, input, read) => {
    const r = await runCli(['check', '--format', 'json', ...paths], input);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { result: string; warnings: string[] };
    expect(report.result).toBe('pass');
    const warning = report.warnings.find((w) => w.startsWith('no log entry in the input'));
    expect(warning).toContain(read);
    expect(warning).toContain('every rule was checked against nothing');
    expect(r.stderr).toContain(`novatrace: warning: ${warning}`);
  });

  it.each([
    ['an empty file', [empty], undefined],
    ['empty stdin', ['-'], ''],
    ['a binary file', [binary], undefined],
  ])('%s fails a rules file that asks for entries and operations', async (_name, paths, input) => {
    const r = await runCli(['check', '--format', 'json', '--rules', inputRules, ...paths], input);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as CheckJson;
    expect(rule(report, 'input.entries').status).toBe('failed');
    expect(rule(report, 'input.entries').findings.map((f) => f.message)).toEqual(['expected >= 1 log entries, found 0']);
    expect(rule(report, 'input.operations').findings.map((f) => f.message)).toEqual(['expected >= 1 operations, found 0']);
  });

  it('a real run meets it, and the rule counts what it read', async () => {
    const dir = `${OPS}/boot-slow-queens`;
    const entries = readdirSync(dir).flatMap((f) => lines(join(dir, f)).filter((l) => /^\d{4}-\d\d-\d\d /.test(l))).length;
    const { code, report } = await checkJson(['--rules', inputRules, dir]);
    expect(code).toBe(0);
    expect(rule(report, 'input.entries')).toMatchObject({ status: 'passed' });
    expect((report.rules.find((r) => r.id === 'input.entries') as unknown as { detail: string }).detail).toBe(`${entries} log entries`);
  });
});

describe('a hostile pattern cannot hang a gate', () => {
  // `^(a+)+$` against 30 `a`s and a `!` took 58 s on a backtracking engine, four times more for every two characters.
  it('an allow pattern with nested quantifiers over an ERROR line built to defeat it', async () => {
    const log = join(tmp, 'hostile.log');
    writeFileSync(log, `2024-01-01 00:00:00.000 1 ERROR nova.compute.manager [-] ${'a'.repeat(30)}!\n`);
    const rules = join(tmp, 'hostile.yaml');
    writeFileSync(rules, 'forbid:\n  allow:\n    - message: "^(a+)+$"\n');
    const { code, report } = await checkJson(['--rules', rules, log]);
    expect(code).toBe(1);
    expect(rule(report, 'forbid').findings).toHaveLength(1);
  }, 20_000);

  it('a pattern that needs backtracking is refused when the rules are read', async () => {
    const rules = join(tmp, 'lookahead.yaml');
    writeFileSync(rules, 'forbid:\n  allow:\n    - message: "^Timed out(?! waiting)"\n');
    const r = await runCli(['check', '--rules', rules, 'no/such/logs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`novatrace: ${rules}:3: forbid.allow[0].message: lookaround at "(?! waiting)": backreferences and lookaround need a `
      + 'backtracking engine, which one log line can keep busy for hours; patterns run in linear time, so write it without them\n');
  });
});
