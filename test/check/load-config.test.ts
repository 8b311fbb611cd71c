// Rules and signature files: what they compile to, and how a mistake is reported (file, line, field, what).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, loadSignature } from '../../src/check/load-config.js';
import { DEFAULT_RULES } from '../../src/check/validate-rules.js';
import { allowedOutcomes } from '../../src/check/rules.js';
import { ROOT } from '../helpers.js';

const YAML_RULES = `# a complete rules file
expect:
  boot: {count: ">= 3", outcome: succeeded}
  evacuate: {outcome: [succeeded, rejected]}
allow:
  delete: rejected
  "*": [incomplete]
budgets:
  boot: {max: 30s, p95: 20s}
  boot.scheduler: {median: 250ms}
forbid:
  services: [compute, conductor]
  level: critical
  tracebacks: false
  scope: operations
  allow:
    - message: "^Exception during message handling"
      logger: "^oslo_messaging"
      service: conductor
      level: ERROR
baseline:
  maxGrowth: 15%
  minDelta: 2s
`;

describe('loadRules', () => {
  it('compiles a complete YAML file', () => {
    const rules = loadRules(YAML_RULES, 'rules.yaml');
    expect(rules.expect).toEqual([
      { type: 'boot', count: { op: '>=', n: 3 }, outcomes: ['succeeded'] },
      { type: 'evacuate', count: { op: '>=', n: 1 }, outcomes: ['succeeded', 'rejected'] },
    ]);
    expect([...rules.allow]).toEqual([['delete', ['rejected']], ['*', ['incomplete']]]);
    expect(rules.budgets.map((b) => [b.key, b.type, b.service, b.stat, b.percentile, b.limitMs])).toEqual([
      ['boot', 'boot', null, 'max', 100, 30_000],
      ['boot', 'boot', null, 'p95', 95, 20_000],
      ['boot.scheduler', 'boot', 'scheduler', 'median', 50, 250],
    ]);
    expect(rules.forbid).toMatchObject({ services: ['compute', 'conductor'], level: 'CRITICAL', tracebacks: false, scope: 'operations' });
    expect(rules.forbid.allow[0]?.message.source).toBe('^Exception during message handling');
    expect(rules.baseline).toEqual({ maxGrowthPercent: 15, minDeltaMs: 2000 });
    // An expectation's outcomes are allowed for its type; `*` for every type.
    expect([...allowedOutcomes(rules, 'evacuate')].sort()).toEqual(['incomplete', 'rejected', 'succeeded']);
    expect([...allowedOutcomes(rules, 'delete')].sort()).toEqual(['incomplete', 'rejected', 'succeeded']);
    expect([...allowedOutcomes(rules, 'stop')].sort()).toEqual(['incomplete', 'succeeded']);
  });

  it('reads the hosts rule; without it, host incidents are not checked', () => {
    expect(loadRules('hosts: {evacuated: all}\n', 'rules.yaml').hosts).toEqual({ evacuated: 'all' });
    expect(loadRules('{"hosts": {"evacuated": "any"}}', 'rules.json').hosts).toEqual({ evacuated: 'any' });
    expect(DEFAULT_RULES.hosts).toBeNull();
  });

  it('reads the same rules from JSON', () => {
    const json = JSON.stringify({ expect: { boot: { count: 2 } }, budgets: { 'evacuate.compute': { p99: '1.5m' } } });
    const rules = loadRules(json, 'rules.json');
    expect(rules.expect).toEqual([{ type: 'boot', count: { op: '==', n: 2 }, outcomes: null }]);
    expect(rules.budgets[0]).toMatchObject({ type: 'evacuate', service: 'compute', percentile: 99, limitMs: 90_000 });
  });

  it.each([['an empty file', ''], ['an empty mapping', '{}'], ['only a comment', '# nothing yet\n']])('%s gives the defaults', (_name, text) => {
    const rules = loadRules(text, 'rules.yaml');
    expect(rules).toEqual(DEFAULT_RULES);
    expect(rules.forbid).toMatchObject({ services: ['api', 'conductor', 'scheduler', 'compute', 'other'], level: 'ERROR', tracebacks: true, scope: 'all' });
    expect(rules.expect).toEqual([]);
    expect([...allowedOutcomes(rules, 'boot')]).toEqual(['succeeded']);
  });

  it.each([
    ['an unknown top-level key', 'expect: {}\nbudget:\n  boot: {max: 3s}\n', 'rules.yaml:2: budget: unknown key (expected one of: input, expect, allow, budgets, forbid, baseline, hosts)'],
    ['an unknown key in an expectation', 'expect:\n  boot:\n    count: 3\n    outcomes: succeeded\n', 'rules.yaml:4: expect.boot.outcomes: unknown key (expected one of: count, outcome)'],
    ['an unknown operation type', 'expect:\n  launch: {count: 1}\n', 'rules.yaml:2: expect.launch: unknown operation type "launch"'],
    ['a bad duration', 'budgets:\n  boot:\n    max: 30s\n    p95: 20 secs\n', 'rules.yaml:4: budgets.boot.p95: "20 secs" is not a duration such as 250ms, 30s, 1.5m or 2h'],
    ['a duration with no unit', 'budgets:\n  boot: {max: 30}\n', 'rules.yaml:2: budgets.boot.max: 30 is not a duration'],
    ['an unknown budget statistic', 'budgets:\n  boot: {average: 3s}\n', 'rules.yaml:2: budgets.boot.average: unknown key (expected max, median or pNN, e.g. p95)'],
    ['an unknown phase service', 'budgets:\n  boot.placement: {max: 3s}\n', 'rules.yaml:2: budgets.boot.placement: unknown service "placement"'],
    ['an invalid regex', 'forbid:\n  allow:\n    - message: "Timed out (waiting"\n', 'rules.yaml:3: forbid.allow[0].message: invalid regular expression: Invalid regular expression: /Timed out (waiting/: Unterminated group'],
    ['an invalid logger regex', 'forbid:\n  allow:\n    - {message: x, logger: "nova.[compute"}\n', 'rules.yaml:3: forbid.allow[0].logger: invalid regular expression'],
    ['a backreference', 'forbid:\n  allow:\n    - message: "(\\\\w+) \\\\1"\n', 'rules.yaml:3: forbid.allow[0].message: a backreference at "\\\\1": backreferences and lookaround need a backtracking engine'],
    ['a lookahead', 'forbid:\n  allow:\n    - {message: x, logger: "nova(?!\\\\.compute)"}\n', 'rules.yaml:3: forbid.allow[0].logger: lookaround at "(?!\\\\.compute": backreferences and lookaround'],
    ['an allow pattern without message', 'forbid:\n  allow:\n    - {logger: oslo_messaging}\n', 'forbid.allow[0].message: missing'],
    ['a bad input count', 'input:\n  entries: some\n', 'rules.yaml:2: input.entries: "some" is not a count such as 3'],
    ['an unknown input key', 'input: {lines: 3}\n', 'rules.yaml:1: input.lines: unknown key (expected one of: entries, operations)'],
    ['a bad count', 'expect:\n  boot: {count: "at least 3"}\n', 'rules.yaml:2: expect.boot.count: "at least 3" is not a count such as 3'],
    ['an unknown outcome', 'allow:\n  boot: [crashed]\n', 'rules.yaml:2: allow.boot[0]: unknown outcome "crashed"'],
    ['an unknown level', 'forbid: {level: LOUD}\n', 'rules.yaml:1: forbid.level: unknown level "LOUD"'],
    ['a bad scope', 'forbid: {scope: some}\n', 'rules.yaml:1: forbid.scope: expected all or operations, got "some"'],
    ['a percentage without %', 'baseline: {maxGrowth: 20}\n', 'rules.yaml:1: baseline.maxGrowth: 20 is not a percentage such as "20%"'],
    ['a list at the top', '- boot\n', 'rules.yaml:1: (top level): expected a mapping, got a list'],
    ['hosts without evacuated', 'hosts: {}\n', 'rules.yaml:1: hosts: evacuated is missing (all: every instance of a failed host evacuated; any: at least one)'],
    ['hosts: an unknown evacuated value', 'expect: {}\nhosts:\n  evacuated: most\n', 'rules.yaml:3: hosts.evacuated: expected all or any, got "most"'],
    ['hosts: an unknown key', 'hosts:\n  evacuated: all\n  returned: clean\n', 'rules.yaml:3: hosts.returned: unknown key (expected one of: evacuated)'],
  ])('%s names the file, the field and what is wrong', (_name, text, message) => {
    expect(() => loadRules(text, 'rules.yaml')).toThrow(message);
  });

  it.each([
    ['an unknown key', '{"expect": {}, "forbids": {}}', 'rules.json: forbids: unknown key'],
    ['a bad duration', '{"budgets": {"boot": {"max": "3 days"}}}', 'rules.json: budgets.boot.max: "3 days" is not a duration'],
    ['an invalid regex', '{"forbid": {"allow": [{"message": "a{2,1}"}]}}', 'rules.json: forbid.allow[0].message: invalid regular expression'],
  ])('JSON: %s names the file and the field', (_name, text, message) => {
    expect(() => loadRules(text, 'rules.json')).toThrow(message);
  });

  it.each([
    ['YAML: an unquoted comparison', 'rules.yaml', 'expect:\n  boot:\n    count: >= 3\n', /^rules\.yaml:3: invalid YAML: .*\(quote values that start with > or \|, e\.g\. count: ">= 3"\)$/],
    ['YAML: an unclosed flow sequence', 'rules.yaml', 'forbid:\n  services: [api, compute\nallow: {}\n', /^rules\.yaml:\d: invalid YAML: /],
    ['YAML: a duplicate key', 'rules.yaml', 'expect: {}\nexpect: {}\n', /^rules\.yaml:2: invalid YAML: Map keys must be unique$/],
    ['JSON: a trailing comma', 'rules.json', '{\n  "expect": {},\n}\n', /^rules\.json:3: invalid JSON: /],
  ])('%s is one line with the file and line', (_name, file, text, message) => {
    let thrown: unknown;
    try {
      loadRules(text, file);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });
});

describe('loadSignature', () => {
  it('compiles a signature', () => {
    const s = loadSignature('bug: https://bugs.launchpad.net/nova/+bug/1\nmessage: "KeyError: .dns."\nlogger: ^nova\\.compute\nservice: compute\nlevel: ERROR\ntype: boot\n', 'dns.yaml');
    expect(s).toMatchObject({ bug: 'https://bugs.launchpad.net/nova/+bug/1', type: 'boot', file: 'dns.yaml' });
    expect(s.pattern).toMatchObject({ service: 'compute', level: 'ERROR' });
  });

  it.each([
    ['no bug', 'message: x\n', "sig.yaml: bug: missing (the bug's URL)"],
    ['a bug that is not a URL', 'bug: LP#1234\nmessage: x\n', 'sig.yaml:1: bug: "LP#1234" is not an http(s) URL'],
    ['no message', 'bug: https://example.org/1\n', 'sig.yaml: message: missing'],
    ['an invalid regex', 'bug: https://example.org/1\nmessage: "(unclosed"\n', 'sig.yaml:2: message: invalid regular expression'],
    ['a lookbehind', 'bug: https://example.org/1\nmessage: "(?<!Build of )instance"\n', 'sig.yaml:2: message: lookaround at "(?<!Build of": backreferences and lookaround'],
    ['an unknown key', 'bug: https://example.org/1\nmessage: x\nqueries: y\n', 'sig.yaml:3: queries: unknown key (expected one of: bug, message, logger, service, level, type)'],
    ['an unknown type', 'bug: https://example.org/1\nmessage: x\ntype: spawn\n', 'sig.yaml:3: type: unknown operation type "spawn"'],
  ])('%s is an error naming the file and field', (_name, text, message) => {
    expect(() => loadSignature(text, 'sig.yaml')).toThrow(message);
  });
});

describe("the README's complete example", () => {
  it('is fixtures/check/rules/complete-example.yaml, word for word, and it loads', () => {
    const file = 'fixtures/check/rules/complete-example.yaml';
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\`\`\`yaml\n${text}\`\`\``);
    const rules = loadRules(text, file);
    expect(rules.input).toEqual({ entries: { op: '>=', n: 1000 }, operations: { op: '>=', n: 5 } });
    expect(rules.expect.map((e) => e.type)).toEqual(['boot', 'stop', 'evacuate']);
    expect(rules.budgets.map((b) => `${b.key}.${b.stat}`)).toEqual(['boot.max', 'boot.p95', 'boot.scheduler.max', 'evacuate.median']);
    expect(rules.forbid.allow).toHaveLength(1);
    expect(rules.hosts).toEqual({ evacuated: 'all' });
  });
});
