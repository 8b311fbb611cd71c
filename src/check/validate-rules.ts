// Plain data from a rules file -> Rules, or a RuleError naming the field and what is wrong. Runs before any log
// is read: a typo in CI's rules must fail the job at once, not after an hour of logs.

import type { Level, Service } from '../model/entry.js';
import { SERVICES } from '../model/entry.js';
import type { Outcome } from '../model/operation.js';
import { COUNT_HINT, parseCount } from './count-expression.js';
import type { EntryPattern } from './entry-pattern.js';
import { PATTERN_KEYS, readEntryPattern } from './entry-pattern.js';
import {
  readBoolean, readDuration, readList, readObject, readOneOrMany, readOperationType, readLevel, readOutcome, readPercent, readService,
} from './fields.js';
import type { FieldPath } from './rule-error.js';
import { RuleError } from './rule-error.js';
import type { AllowKey, BaselineRule, Budget, Expectation, ForbidRule, HostsRule, InputRule, Rules } from './rules.js';

const TOP_KEYS = ['input', 'expect', 'allow', 'budgets', 'forbid', 'baseline', 'hosts'] as const;

export const DEFAULT_FORBID: ForbidRule = Object.freeze({
  services: SERVICES, level: 'ERROR' as Level, tracebacks: true, scope: 'all' as const, allow: [],
});
const NO_INPUT_RULE: InputRule = Object.freeze({ entries: null, operations: null });
export const DEFAULT_BASELINE: BaselineRule = Object.freeze({ maxGrowthPercent: 20, minDeltaMs: 0 });

export function validateRules(data: unknown): Rules {
  // An empty YAML file is null: the defaults.
  const top = data === null ? {} : readObject(data, [], TOP_KEYS);
  return Object.freeze({
    input: top['input'] === undefined ? NO_INPUT_RULE : readInput(top['input'], ['input']),
    expect: top['expect'] === undefined ? [] : readExpectations(top['expect'], ['expect']),
    allow: top['allow'] === undefined ? new Map() : readAllow(top['allow'], ['allow']),
    budgets: top['budgets'] === undefined ? [] : readBudgets(top['budgets'], ['budgets']),
    forbid: top['forbid'] === undefined ? DEFAULT_FORBID : readForbid(top['forbid'], ['forbid']),
    baseline: top['baseline'] === undefined ? DEFAULT_BASELINE : readBaseline(top['baseline'], ['baseline']),
    hosts: top['hosts'] === undefined ? null : readHosts(top['hosts'], ['hosts']),
  });
}

export const DEFAULT_RULES: Rules = validateRules({});

function readCount(value: unknown, path: FieldPath) {
  const count = parseCount(value);
  if (count === null) throw new RuleError(path, `${JSON.stringify(value)} is not ${COUNT_HINT}`);
  return count;
}

function readInput(value: unknown, path: FieldPath): InputRule {
  const fields = readObject(value, path, ['entries', 'operations']);
  return {
    entries: fields['entries'] === undefined ? null : readCount(fields['entries'], [...path, 'entries']),
    operations: fields['operations'] === undefined ? null : readCount(fields['operations'], [...path, 'operations']),
  };
}

function readExpectations(value: unknown, path: FieldPath): Expectation[] {
  return Object.entries(readObject(value, path)).map(([key, spec]) => {
    const at = [...path, key];
    const type = readOperationType(key, at);
    const fields = readObject(spec, at, ['count', 'outcome']);
    const count = fields['count'] === undefined ? { op: '>=' as const, n: 1 } : readCount(fields['count'], [...at, 'count']);
    const outcomes = fields['outcome'] === undefined ? null : readOneOrMany(fields['outcome'], [...at, 'outcome'], readOutcome);
    return { type, count, outcomes };
  });
}

function readAllow(value: unknown, path: FieldPath): Map<AllowKey, readonly Outcome[]> {
  const allow = new Map<AllowKey, readonly Outcome[]>();
  for (const [key, outcomes] of Object.entries(readObject(value, path))) {
    const at = [...path, key];
    allow.set(key === '*' ? '*' : readOperationType(key, at), readOneOrMany(outcomes, at, readOutcome));
  }
  return allow;
}

const STAT = /^(max|median|p(\d{1,2}(?:\.\d+)?))$/;

function readBudgets(value: unknown, path: FieldPath): Budget[] {
  const budgets: Budget[] = [];
  for (const [key, spec] of Object.entries(readObject(value, path))) {
    const at = [...path, key];
    const [typeText, serviceText, ...rest] = key.split('.');
    if (rest.length > 0) throw new RuleError(at, 'expected TYPE or TYPE.SERVICE (boot, boot.scheduler)');
    const type = readOperationType(typeText, at);
    const service: Service | null = serviceText === undefined ? null : readService(serviceText, at);
    const stats = readObject(spec, at);
    if (Object.keys(stats).length === 0) throw new RuleError(at, 'no budget given (max, median or pNN, e.g. p95)');
    for (const [stat, limit] of Object.entries(stats)) {
      const m = STAT.exec(stat);
      if (!m) throw new RuleError([...at, stat], 'unknown key (expected max, median or pNN, e.g. p95)');
      const percentile = m[1] === 'max' ? 100 : m[1] === 'median' ? 50 : Number(m[2]);
      budgets.push({ key, type, service, stat, percentile, limitMs: readDuration(limit, [...at, stat]) });
    }
  }
  return budgets;
}

function readForbid(value: unknown, path: FieldPath): ForbidRule {
  const fields = readObject(value, path, ['services', 'level', 'tracebacks', 'scope', 'allow']);
  const scope = fields['scope'] ?? DEFAULT_FORBID.scope;
  if (scope !== 'all' && scope !== 'operations') throw new RuleError([...path, 'scope'], `expected all or operations, got ${JSON.stringify(scope)}`);
  return {
    services: fields['services'] === undefined ? DEFAULT_FORBID.services
      : readList(fields['services'], [...path, 'services']).map((s, i) => readService(s, [...path, 'services', i])),
    level: fields['level'] === undefined ? DEFAULT_FORBID.level : readLevel(fields['level'], [...path, 'level']),
    tracebacks: fields['tracebacks'] === undefined ? DEFAULT_FORBID.tracebacks : readBoolean(fields['tracebacks'], [...path, 'tracebacks']),
    scope,
    allow: fields['allow'] === undefined ? [] : readList(fields['allow'], [...path, 'allow']).map((p, i): EntryPattern => {
      const at = [...path, 'allow', i];
      return readEntryPattern(readObject(p, at, PATTERN_KEYS), at);
    }),
  };
}

function readBaseline(value: unknown, path: FieldPath): BaselineRule {
  const fields = readObject(value, path, ['maxGrowth', 'minDelta']);
  return {
    maxGrowthPercent: fields['maxGrowth'] === undefined ? DEFAULT_BASELINE.maxGrowthPercent : readPercent(fields['maxGrowth'], [...path, 'maxGrowth']),
    minDeltaMs: fields['minDelta'] === undefined ? DEFAULT_BASELINE.minDeltaMs : readDuration(fields['minDelta'], [...path, 'minDelta']),
  };
}

function readHosts(value: unknown, path: FieldPath): HostsRule {
  const fields = readObject(value, path, ['evacuated']);
  const evacuated = fields['evacuated'];
  // Named at `hosts`, whose line the file has: the missing key has none.
  if (evacuated === undefined) throw new RuleError(path, 'evacuated is missing (all: every instance of a failed host evacuated; any: at least one)');
  if (evacuated !== 'all' && evacuated !== 'any') throw new RuleError([...path, 'evacuated'], `expected all or any, got ${JSON.stringify(evacuated)}`);
  return { evacuated };
}
