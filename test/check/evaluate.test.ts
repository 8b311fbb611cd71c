// The check over synthetic operations and error entries: each rule kind, known bugs, --allow-known, the baseline.

import { describe, expect, it } from 'vitest';
import { readBaseline } from '../../src/check/baseline.js';
import type { ErrorEntry } from '../../src/check/error-entries.js';
import type { CheckInput } from '../../src/check/evaluate.js';
import { evaluateCheck } from '../../src/check/evaluate.js';
import { loadRules, loadSignature } from '../../src/check/load-config.js';
import type { CheckResult, RuleResult } from '../../src/model/finding.js';
import type { HostIncident } from '../../src/model/host-incident.js';
import type { Operation } from '../../src/model/operation.js';
import { errorEntry, operation } from './make.js';

const DNS = loadSignature("bug: https://bugs.example.org/dns\nmessage: \"KeyError: 'dns'\"\n", 'dns.yaml');

const BOOT_OK = operation({ type: 'boot', instance: 'aaaa', requestIds: ['req-a'], start: 0, end: 20_000 });
const BOOT_FAILED = operation({
  type: 'boot', instance: 'bbbb', requestIds: ['req-b'], start: 100_000, end: 125_000, outcome: 'failed',
  error: { time: 110_000, service: 'compute', host: 'node1', message: "Instance failed to spawn: KeyError: 'dns'", traceback: [], location: null, file: 'n-cpu.log', line: 186 },
});
const STOP_REJECTED = operation({
  type: 'stop', instance: 'aaaa', requestIds: ['req-c'], start: 200_000, end: 200_050, outcome: 'rejected', httpStatus: 409,
  error: { time: 200_040, service: 'api', host: null, message: 'HTTP exception thrown: Cannot stop', traceback: [], location: null, file: 'n-api.log', line: 7 },
});

function check(ops: readonly Operation[], rulesText = '', more: Partial<CheckInput> = {}): CheckResult {
  return evaluateCheck({
    operations: ops, entriesRead: 1000, errors: [], dropped: 0, rules: loadRules(rulesText, 'rules.yaml'), signatures: [], baseline: null,
    allowKnown: false, logStart: 0, ...more,
  });
}

function rule(result: CheckResult, id: string): RuleResult {
  const found = result.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id} in ${result.rules.map((r) => r.id).join(', ')}`);
  return found;
}

describe('input', () => {
  const RULES = 'input:\n  entries: ">= 100"\n  operations: ">= 2"\n';

  it('is off by default: no rule, whatever the run holds', () => {
    expect(check([], '', { entriesRead: 0 }).rules.map((r) => r.id)).toEqual(['outcomes', 'forbid']);
  });

  it('fails a run that holds fewer entries or operations than asked, one finding each', () => {
    const result = check([BOOT_OK], RULES, { entriesRead: 99 });
    expect(result.exitCode).toBe(1);
    expect(rule(result, 'input.entries').findings.map((f) => f.message)).toEqual(['expected >= 100 log entries, found 99']);
    expect(rule(result, 'input.operations').findings.map((f) => f.message)).toEqual(['expected >= 2 operations, found 1']);
  });

  it('passes one that holds enough, and comes first in the report', () => {
    const result = check([BOOT_OK, STOP_REJECTED], `${RULES}allow:\n  stop: rejected\n`, { entriesRead: 100 });
    expect(result.exitCode).toBe(0);
    expect(result.rules.slice(0, 2).map((r) => [r.id, r.status, r.detail])).toEqual([
      ['input.entries', 'passed', '100 log entries'], ['input.operations', 'passed', '2 operations'],
    ]);
  });
});

describe('outcomes', () => {
  it('passes when every operation succeeded', () => {
    const result = check([BOOT_OK]);
    expect(result.exitCode).toBe(0);
    expect(result.rules.map((r) => [r.id, r.status])).toEqual([['outcomes', 'passed'], ['forbid', 'passed']]);
  });

  it('fails on each failed or rejected operation, with its first error as location', () => {
    const result = check([BOOT_OK, BOOT_FAILED, STOP_REJECTED]);
    expect(result.exitCode).toBe(1);
    const r = rule(result, 'outcomes');
    expect(r.status).toBe('failed');
    expect(r.findings.map((f) => [f.operation?.requestIds[0], f.message, f.location])).toEqual([
      ['req-b', "failed: Instance failed to spawn: KeyError: 'dns'", { file: 'n-cpu.log', line: 186 }],
      ['req-c', 'rejected (HTTP 409): HTTP exception thrown: Cannot stop', { file: 'n-api.log', line: 7 }],
    ]);
  });

  it.each([
    ['allow per type', 'allow:\n  stop: rejected\n', 0],
    ['allow for every type', 'allow:\n  "*": [rejected]\n', 0],
    ['an expectation naming the outcome', 'expect:\n  stop: {outcome: rejected}\n', 0],
    ['allow of another outcome', 'allow:\n  stop: failed\n', 1],
    ['allow of another type', 'allow:\n  boot: rejected\n', 1],
  ])('%s', (_name, rules, findings) => {
    expect(rule(check([STOP_REJECTED], rules), 'outcomes').findings).toHaveLength(findings);
  });

  it('an incomplete operation says the logs end first', () => {
    const op = operation({ type: 'boot', outcome: 'incomplete' });
    expect(rule(check([op]), 'outcomes').findings[0]?.message).toBe('incomplete: the logs end before it finishes');
  });
});

describe('known bugs and --allow-known', () => {
  it('a failure a signature matches is still a failure, reported as the known bug', () => {
    const result = check([BOOT_FAILED], '', { signatures: [DNS] });
    const r = rule(result, 'outcomes');
    expect(r.status).toBe('known');
    expect(r.findings[0]?.known).toEqual([{ bug: 'https://bugs.example.org/dns', signature: 'dns.yaml' }]);
    expect(result.exitCode).toBe(1);
  });

  it('--allow-known passes a run whose failures are all explained', () => {
    expect(check([BOOT_FAILED], '', { signatures: [DNS], allowKnown: true }).exitCode).toBe(0);
  });

  it('--allow-known still fails on a failure no signature explains', () => {
    const result = check([BOOT_FAILED, STOP_REJECTED], '', { signatures: [DNS], allowKnown: true });
    expect(rule(result, 'outcomes').status).toBe('failed');
    expect(result.exitCode).toBe(1);
  });

  it('an expectation short by operations that failed with known bugs is explained by them', () => {
    const rules = 'expect:\n  boot: {count: 2, outcome: succeeded}\n';
    const known = check([BOOT_OK, BOOT_FAILED], rules, { signatures: [DNS] });
    expect(rule(known, 'expect.boot')).toMatchObject({ status: 'known', findings: [{ message: 'expected == 2 succeeded boot, found 1 (failed besides)' }] });
    const unknown = check([BOOT_OK, BOOT_FAILED], rules);
    expect(rule(unknown, 'expect.boot').status).toBe('failed');
  });
});

describe('expectations', () => {
  it.each([
    ['boot: {count: ">= 1"}', 'passed'],
    ['boot: {count: 2}', 'passed'],
    ['boot: {count: 2, outcome: succeeded}', 'failed'],
    ['boot: {count: 1, outcome: failed}', 'passed'],
    ['boot: {count: "< 2"}', 'failed'],
    ['evacuate: {}', 'failed'],
    ['evacuate: {count: 0}', 'passed'],
  ])('%s', (expectation, status) => {
    const result = check([BOOT_OK, BOOT_FAILED], `expect:\n  ${expectation}\n`);
    expect(result.rules.find((r) => r.kind === 'expect')?.status).toBe(status);
  });
});

describe('budgets', () => {
  const boots = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => operation({
    type: 'boot', instance: `i${i}`, requestIds: [`req-${i}`], start: i * 100_000, end: i * 100_000 + (i + 1) * 1000,
    phases: [{ service: 'scheduler', host: null, component: null, start: i * 100_000 + 10, end: i * 100_000 + 10 + (i + 1) * 100, waitMs: 0, entries: 3, spans: [{ start: i * 100_000 + 10, end: i * 100_000 + 10 + (i + 1) * 100 }] }],
  }));

  it.each([
    // durations 1..10 s: max 10 s, p95 9.55 s, median 5.5 s; scheduler 100..1000 ms
    ['boot: {max: 10s}', 'budget.boot.max', 0],
    ['boot: {max: 8s}', 'budget.boot.max', 2],
    ['boot: {p95: 9.5s}', 'budget.boot.p95', 1],
    ['boot: {p95: 9.6s}', 'budget.boot.p95', 0],
    ['boot: {median: 5s}', 'budget.boot.median', 1],
    ['boot.scheduler: {max: 900ms}', 'budget.boot.scheduler.max', 1],
    ['boot.scheduler: {max: 1s}', 'budget.boot.scheduler.max', 0],
    ['boot.compute: {max: 1ms}', 'budget.boot.compute.max', 0],
  ])('%s', (budget, id, findings) => {
    expect(rule(check(boots, `budgets:\n  ${budget}\n`), id).findings).toHaveLength(findings);
  });

  it('names each operation over max, slowest last', () => {
    const r = rule(check(boots, 'budgets:\n  boot: {max: 8.5s}\n'), 'budget.boot.max');
    expect(r.findings.map((f) => [f.operation?.requestIds[0], f.message])).toEqual([
      ['req-8', 'took 9.00s, over its max of 8.50s'],
      ['req-9', 'took 10.00s, over its max of 8.50s'],
    ]);
  });

  it('measures succeeded operations only', () => {
    expect(rule(check([BOOT_FAILED], 'budgets:\n  boot: {max: 1s}\n'), 'budget.boot.max')).toMatchObject({ status: 'passed', detail: 'no succeeded boot to measure' });
  });
});

describe('forbid', () => {
  const inBoot = errorEntry({ requestId: 'req-b', instance: 'bbbb', time: 110_000, message: "Instance failed to spawn: KeyError: 'dns'", hasTraceback: true, line: 186 });
  const outside = errorEntry({ service: 'conductor', logger: 'oslo_messaging.rpc.server', time: 500_000, message: 'Exception during message handling', line: 40, file: 'n-cond.log' });
  const warningWithTraceback = errorEntry({ service: 'api', level: 'WARNING', time: 500_100, message: 'Failed to notify cells', hasTraceback: true, line: 9, file: 'n-api.log' });
  const errors: ErrorEntry[] = [inBoot, outside, warningWithTraceback];

  it.each([
    ['defaults: every service, anywhere', '', [186, 40, 9]],
    ['only inside operations', 'forbid: {scope: operations}', [186]],
    ['some services', 'forbid: {services: [conductor]}', [40]],
    ['no tracebacks rule', 'forbid: {tracebacks: false}', [186, 40]],
    ['WARNING or worse', 'forbid: {level: WARNING, tracebacks: false}', [186, 40, 9]],
    ['an allow pattern', 'forbid:\n  allow:\n    - {message: "^Exception during message handling$", logger: "^oslo_messaging"}', [186, 9]],
    ['an allow pattern of another service', 'forbid:\n  allow:\n    - {message: "message handling", service: api}', [186, 40, 9]],
    ['off', 'forbid: {services: []}', null],
  ])('%s', (_name, rules, lines) => {
    const result = check([BOOT_FAILED], rules, { errors });
    const r = result.rules.find((x) => x.id === 'forbid');
    expect(r === undefined ? null : r.findings.map((f) => f.location?.line)).toEqual(lines);
  });

  it('an entry is attached to its operation by request ID, else by instance and time', () => {
    const byInstance = errorEntry({ requestId: null, instance: 'bbbb', time: 120_000, line: 200 });
    const late = errorEntry({ requestId: null, instance: 'bbbb', time: 900_000, line: 300 });
    const r = rule(check([BOOT_FAILED], '', { errors: [inBoot, byInstance, late] }), 'forbid');
    expect(r.findings.map((f) => [f.location?.line, f.operation?.requestIds[0] ?? null])).toEqual([[186, 'req-b'], [200, 'req-b'], [300, null]]);
  });

  it('signatures explain forbidden entries too, by the type of the operation they are in', () => {
    const dnsBoot = loadSignature("bug: https://bugs.example.org/dns\nmessage: KeyError\ntype: boot\n", 'dns.yaml');
    const r = rule(check([BOOT_FAILED], 'forbid: {services: [compute]}', { errors: [inBoot], signatures: [dnsBoot] }), 'forbid');
    expect(r.status).toBe('known');
  });

  it('entries past the bound fail the rule', () => {
    const r = rule(check([], '', { dropped: 12 }), 'forbid');
    expect(r.findings.map((f) => f.message)).toEqual(['12 more ERROR or traceback entries past the first 5000 were not examined']);
  });
});

describe('baseline', () => {
  const report = (durations: readonly number[], outcome = 'succeeded'): unknown => ({ operations: durations.map((durationMs) => ({ type: 'boot', outcome, durationMs })) });
  // This run: boots of 20 s and 30 s, median 25 s.
  const boots = [operation({ type: 'boot', start: 0, end: 20_000 }), operation({ type: 'boot', start: 50_000, end: 80_000 })];

  it.each([
    ['same median', [25_000], '', 0],
    ['+25% over 20 s, limit 20%', [20_000], '', 1],
    ['+25% over 20 s, limit 30%', [20_000], 'baseline: {maxGrowth: 30%}', 0],
    ['+25% but under minDelta', [20_000], 'baseline: {minDelta: 10s}', 0],
    ['faster', [40_000], '', 0],
    ['median of an even baseline (10 s, 30 s: 20 s)', [10_000, 30_000], '', 1],
  ])('%s', (_name, before, rules, findings) => {
    const r = rule(check(boots, rules, { baseline: readBaseline(report(before)) }), 'baseline.boot');
    expect(r.findings).toHaveLength(findings);
  });

  it('reads only succeeded operations of the baseline, and says when it shares no type with the run', () => {
    const baseline = readBaseline({ operations: [{ type: 'boot', outcome: 'failed', durationMs: 1 }, { type: 'stop', outcome: 'succeeded', durationMs: 5 }] });
    expect([...baseline.keys()]).toEqual(['stop']);
    const rules = check(boots, '', { baseline }).rules.filter((r) => r.kind === 'baseline');
    expect(rules.map((r) => [r.id, r.status, r.detail, r.findings.map((f) => f.message)])).toEqual([
      ['baseline', 'failed', 'baseline: stop; this run: boot (succeeded operations)', ['the baseline shares no operation type with this run: nothing was compared']],
    ]);
  });

  it('says a baseline median of 0 cannot be compared, instead of +Infinity%', () => {
    const r = rule(check(boots, '', { baseline: readBaseline(report([0])) }), 'baseline.boot');
    expect(r.findings.map((f) => f.message)).toEqual(["the baseline's boot median is 0 ms: nothing to compare 25.00s against"]);
  });

  it('leaves out the baseline operations whose lines had no times (durationMs null)', () => {
    const baseline = readBaseline({ operations: [{ type: 'boot', outcome: 'succeeded', durationMs: null }, { type: 'boot', outcome: 'succeeded', durationMs: 25_000 }] });
    expect(baseline.get('boot')).toEqual({ medianMs: 25_000, count: 1 });
  });

  it('the message says from what to what', () => {
    const r = rule(check(boots, '', { baseline: readBaseline(report([20_000])) }), 'baseline.boot');
    expect(r.findings[0]?.message).toBe('boot median grew from 20.00s to 25.00s (+25.0%, more than 20%)');
  });

  it.each([
    ['not a report', [1, 2], '(top level): expected a mapping'],
    ['no operations', { rules: [] }, 'operations: missing'],
    ['a duration that is not a number', { operations: [{ type: 'boot', outcome: 'succeeded', durationMs: '3s' }] }, 'operations[0].durationMs: expected a number'],
  ])('refuses %s', (_name, data, message) => {
    expect(() => readBaseline(data)).toThrow(message);
  });
});

describe('hosts', () => {
  const EVAC_OK = operation({ type: 'evacuate', instance: 'aaaa', requestIds: ['req-e1'], start: 10_000, httpStatus: 200, source: 'node2', destination: 'node1' });
  const EVAC_FAILED = operation({
    type: 'evacuate', instance: 'bbbb', requestIds: ['req-e2'], start: 11_000, httpStatus: 200, outcome: 'failed', source: 'node2', destination: 'node1',
    error: { time: 12_000, service: 'compute', host: 'node1', message: 'Setting instance vm_state to ERROR', traceback: [], location: null, file: 'n-cpu-node1.log', line: 42 },
  });
  function incident(instances: HostIncident['instances']): HostIncident {
    const evacuated = instances.filter((i) => i.fate === 'evacuated').length;
    return {
      host: 'node2', lastLine: 0, silenceMs: 60_000, ended: 'abrupt', events: [], evacuations: [], returned: null, start: 0, end: 60_000, unknown: [], volumes: [], volumeBackendOnHost: null, volumeBackends: [],
      instances, outcome: evacuated === instances.length ? 'all-evacuated' : evacuated === 0 ? 'none' : 'some-failed',
    };
  }
  const ALL = incident([{ instance: 'aaaa', fate: 'evacuated', requestId: 'req-e1', destination: 'node1', operations: [EVAC_OK] }]);
  const SOME = incident([
    { instance: 'aaaa', fate: 'evacuated', requestId: 'req-e1', destination: 'node1', operations: [EVAC_OK] },
    { instance: 'bbbb', fate: 'failed', requestId: 'req-e2', destination: 'node1', operations: [EVAC_FAILED] },
    { instance: 'cccc', fate: 'not-evacuated', requestId: null, destination: null, operations: [] },
  ]);

  it('is not checked unless the rules ask', () => {
    expect(check([EVAC_OK], '', { hostIncidents: [SOME] }).rules.map((r) => r.id)).not.toContain('hosts');
  });

  it('evacuated: all passes when every instance of every failed host was evacuated', () => {
    const r = rule(check([EVAC_OK], 'hosts: {evacuated: all}\n', { hostIncidents: [ALL] }), 'hosts');
    expect(r).toMatchObject({ status: 'passed', title: 'every instance of a failed host evacuated', detail: '1 failed host: 1 of 1 instance evacuated' });
  });

  it('evacuated: all: one finding per instance left behind, at its failed evacuation\'s line', () => {
    const result = check([EVAC_OK, EVAC_FAILED], 'hosts: {evacuated: all}\nallow: {evacuate: failed}\n', { hostIncidents: [SOME] });
    const r = rule(result, 'hosts');
    expect(r.status).toBe('failed');
    expect(r.findings.map((f) => [f.message, f.operation?.requestIds[0] ?? null, f.location])).toEqual([
      ['host node2 failed; instance bbbb: evacuation failed (to node1)', 'req-e2', { file: 'n-cpu-node1.log', line: 42 }],
      ['host node2 failed; instance cccc: never evacuated', null, null],
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('evacuated: any fails only a host none of whose instances was evacuated', () => {
    const none = incident([{ instance: 'cccc', fate: 'not-evacuated', requestId: null, destination: null, operations: [] }]);
    const r = rule(check([], 'hosts: {evacuated: any}\n', { hostIncidents: [SOME, none] }), 'hosts');
    expect(r.findings.map((f) => f.message)).toEqual(['host node2 failed; none of its 1 instance evacuated']);
  });
});
