// `novatrace check --format junit`: the Jenkins/Ant JUnit XML that CI systems read. Two suites: one test case per
// rule, and one per operation in the logs (failing when any finding is about it). Known failures are failures of
// type `known-bug`, or skipped test cases under --allow-known.

import { groupBy } from '../check/group-by.js';
import type { CheckResult, Finding, RuleResult, RuleStatus } from '../model/finding.js';
import { statusOf } from '../model/finding.js';
import type { Operation } from '../model/operation.js';
import { findingLine, locationText, operationLabel } from './check-describe.js';
import { xmlAttribute, xmlText } from './xml-escape.js';

export interface JunitContext {
  readonly hostname: string;
  /** Epoch ms for the suites' timestamp when the logs had no time. */
  readonly now: number;
}

interface Case {
  readonly classname: string;
  readonly name: string;
  readonly seconds: number;
  readonly findings: readonly Finding[];
  readonly kind: string;
  /** A finding in the failure's message: a rule's names its operation, an operation's need not. */
  readonly describe: (f: Finding) => string;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The schema's timestamp: ISO 8601 to the second, no zone (UTC here). */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function body(findings: readonly Finding[]): string {
  return findings.map((f) => [findingLine(f), ...(f.location === null ? [] : [`  at ${locationText(f.location)}`])].join('\n')).join('\n');
}

/** A test case's result: a rule's status, with known failures skipped under --allow-known. */
function outcomeOf(c: Case, allowKnown: boolean): RuleStatus | 'skipped' {
  const status = statusOf(c.findings);
  return status === 'known' && allowKnown ? 'skipped' : status;
}

function testcase(c: Case, allowKnown: boolean): string {
  const open = `    <testcase classname="${xmlAttribute(c.classname)}" name="${xmlAttribute(c.name)}" time="${c.seconds.toFixed(3)}"`;
  const outcome = outcomeOf(c, allowKnown);
  if (outcome === 'passed') return `${open}/>`;
  const first = c.findings[0] as Finding;
  const more = c.findings.length > 1 ? ` (and ${c.findings.length - 1} more)` : '';
  const bugs = [...new Set(c.findings.flatMap((f) => f.known.map((k) => k.bug)))];
  const inner = outcome === 'skipped'
    ? `<skipped message="${xmlAttribute(`known bug ${bugs.join(', ')}`)}"/>`
    : `<failure message="${xmlAttribute(`${c.describe(first)}${more}`)}" type="${outcome === 'known' ? 'known-bug' : xmlAttribute(c.kind)}">${xmlText(body(c.findings))}</failure>`;
  return `${open}>\n      ${inner}\n    </testcase>`;
}

function suite(
  name: string,
  id: number,
  cases: readonly Case[],
  allowKnown: boolean,
  ctx: JunitContext,
  start: number,
  /** The suite's <system-err>: the warnings about the inputs, a line each. */
  warnings: readonly string[] = [],
): { xml: string; counts: number[] } {
  const outcomes = cases.map((c) => outcomeOf(c, allowKnown));
  const failures = outcomes.filter((o) => o === 'failed' || o === 'known').length;
  const skipped = outcomes.filter((o) => o === 'skipped').length;
  const time = cases.reduce((sum, c) => sum + c.seconds, 0);
  const attributes = `name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}" `
    + `timestamp="${timestamp(start)}" hostname="${xmlAttribute(ctx.hostname || 'localhost')}" id="${id}" package="novatrace"`;
  const inner = [
    ...cases.map((c) => testcase(c, allowKnown)),
    ...(warnings.length === 0 ? [] : [`    <system-err>${xmlText(warnings.join('\n'))}</system-err>`]),
  ];
  const xml = inner.length === 0 ? `  <testsuite ${attributes}/>` : `  <testsuite ${attributes}>\n${inner.join('\n')}\n  </testsuite>`;
  return { xml, counts: [cases.length, failures, skipped, time] };
}

function ruleCase(rule: RuleResult): Case {
  return { classname: `novatrace.rules.${rule.kind}`, name: `${rule.id}: ${rule.title}`, seconds: 0, findings: rule.findings, kind: rule.kind, describe: findingLine };
}

function operationCase(op: Operation, findings: readonly Finding[]): Case {
  const describe = (f: Finding): string => findingLine(f, false);
  return { classname: `novatrace.operations.${op.type}`, name: operationLabel(op), seconds: Number(seconds(op.end - op.start)), findings, kind: 'operation', describe };
}

export function formatCheckJunit(result: CheckResult, ctx: JunitContext, warnings: readonly string[] = []): string {
  const byOperation = groupBy(result.rules.flatMap((r) => r.findings), (f) => f.operation);
  const start = result.logStart ?? ctx.now;
  const rules = suite('novatrace.rules', 0, result.rules.map(ruleCase), result.allowKnown, ctx, start, warnings);
  const ops = suite('novatrace.operations', 1, result.operations.map((op) => operationCase(op, byOperation.get(op) ?? [])), result.allowKnown, ctx, start);
  const total = (i: number): number => (rules.counts[i] as number) + (ops.counts[i] as number);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="novatrace check" tests="${total(0)}" failures="${total(1)}" errors="0" skipped="${total(2)}" time="${total(3).toFixed(3)}">`,
    rules.xml,
    ops.xml,
    '</testsuites>',
  ].join('\n');
}
