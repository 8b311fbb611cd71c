// Words every check renderer shares: how an operation, a log location, known bugs and a rule's status read.
// Plain text, not yet escaped for any output.

import type { Finding, KnownBug, LogLocation, RuleResult } from '../model/finding.js';
import type { Operation } from '../model/operation.js';

export function operationLabel(op: Operation): string {
  const type = op.variant ? `${op.type} (${op.variant})` : op.type;
  return [type, op.instance ?? null, op.requestIds[0] ?? null].filter((p): p is string => p !== null).join(' ');
}

export function locationText(location: LogLocation): string {
  return `${location.file}:${location.line}`;
}

export function knownText(known: readonly KnownBug[]): string {
  return known.map((k) => `known bug ${k.bug}`).join(', ');
}

/** One line: the operation (unless the reader already knows it), what is wrong, and the known bugs. */
export function findingLine(finding: Finding, named = true): string {
  const about = finding.operation === null || !named ? '' : `${operationLabel(finding.operation)}: `;
  const known = finding.known.length > 0 ? ` (${knownText(finding.known)})` : '';
  return `${about}${finding.message}${known}`;
}

export function headline(rules: readonly RuleResult[], allowKnown: boolean, exitCode: number): string {
  const failed = rules.filter((r) => r.status === 'failed').length;
  const known = rules.filter((r) => r.status === 'known').length;
  const parts = [
    `${rules.length} rule${rules.length === 1 ? '' : 's'}`,
    `${rules.length - failed - known} passed`,
    `${failed} failed`,
  ];
  if (known > 0) parts.push(`${known} failed with known bugs only${allowKnown ? ' (allowed by --allow-known)' : ''}`);
  return `novatrace check: ${exitCode === 0 ? 'PASS' : 'FAIL'}: ${parts.join(', ')}`;
}
