// `novatrace check --format json`: the verdict, every rule with all its findings, duration statistics per type,
// and the operations as `analyze --json` writes them (so this report can be the next run's --baseline).

import type { CheckResult, Finding, RuleResult } from '../model/finding.js';
import { operationRecord, summarize } from './operation-json.js';
import type { Totals } from '../model/file-stats.js';

function findingRecord(f: Finding): Record<string, unknown> {
  const op = f.operation;
  return {
    message: f.message,
    operation: op === null ? null : { id: op.id, type: op.type, instance: op.instance, requestIds: op.requestIds, outcome: op.outcome },
    location: f.location,
    knownBugs: f.known,
  };
}

function ruleRecord(rule: RuleResult): Record<string, unknown> {
  return { id: rule.id, kind: rule.kind, title: rule.title, detail: rule.detail, status: rule.status, findings: rule.findings.map(findingRecord) };
}

export function checkRecord(result: CheckResult, parse: Totals, warnings: readonly string[] = []): Record<string, unknown> {
  const count = (status: string): number => result.rules.filter((r) => r.status === status).length;
  return {
    result: result.exitCode === 0 ? 'pass' : 'fail',
    exitCode: result.exitCode,
    allowKnown: result.allowKnown,
    summary: { rules: result.rules.length, passed: count('passed'), failed: count('failed'), known: count('known'), operations: summarize(result.operations) },
    rules: result.rules.map(ruleRecord),
    durations: Object.fromEntries(result.durations),
    operations: result.operations.map(operationRecord),
    parse,
    warnings,
  };
}
