// `novatrace check` as text: the verdict, then each rule with what it measured and, when it failed, each finding
// with its operation, request ID, the log file:line that shows it, and the known bugs that explain it.

import type { CheckResult, Finding, RuleResult } from '../model/finding.js';
import { OUTCOMES } from '../model/operation.js';
import { escapeControl } from '../format/escape.js';
import type { Paint } from '../format/paint.js';
import { NO_PAINT } from '../format/paint.js';
import { summarize } from './operation-json.js';
import { headline, knownText, locationText, operationLabel } from './check-describe.js';
import type { Totals } from '../model/file-stats.js';

/** A rule with thousands of findings would bury the others: the rest are counted. */
const SHOWN_FINDINGS = 20;
const MESSAGE_WIDTH = 300;

/** KNOWN only where --allow-known lets it pass; otherwise a known failure fails like any other. */
function status(rule: RuleResult, allowKnown: boolean, paint: Paint): string {
  if (rule.status === 'passed') return `${paint.color('green', 'PASS')} `;
  return rule.status === 'known' && allowKnown ? paint.color('yellow', 'KNOWN') : `${paint.color('red', 'FAIL')} `;
}

function clip(text: string): string {
  return text.length > MESSAGE_WIDTH ? `${text.slice(0, MESSAGE_WIDTH)}...` : text;
}

function findingLines(f: Finding): string[] {
  const lines: string[] = [];
  if (f.operation !== null) lines.push(`  - ${escapeControl(operationLabel(f.operation))}`);
  lines.push(`${f.operation === null ? '  - ' : '    '}${escapeControl(clip(f.message))}`);
  if (f.location !== null) lines.push(`    at ${escapeControl(locationText(f.location))}`);
  if (f.known.length > 0) lines.push(`    ${escapeControl(knownText(f.known))} (${f.known.map((k) => escapeControl(k.signature)).join(', ')})`);
  return lines;
}

export function formatCheckText(result: CheckResult, parse: Totals, paint: Paint = NO_PAINT): string {
  const out = [paint.color(result.exitCode === 0 ? 'green' : 'red', headline(result.rules, result.allowKnown, result.exitCode)), ''];
  for (const rule of result.rules) {
    out.push(`${status(rule, result.allowKnown, paint)}  ${rule.id}: ${escapeControl(rule.title)}`);
    out.push(`       ${escapeControl(rule.detail)}`);
    for (const f of rule.findings.slice(0, SHOWN_FINDINGS)) out.push(...findingLines(f));
    if (rule.findings.length > SHOWN_FINDINGS) out.push(`  ... and ${rule.findings.length - SHOWN_FINDINGS} more (--format json lists them all)`);
  }
  const s = summarize(result.operations);
  out.push('');
  out.push(`${s.total} operations: ${OUTCOMES.map((o) => `${s.byOutcome[o]} ${o}`).join(', ')}`);
  out.push(`parsed ${parse.files} files, ${parse.lines} lines: ${parse.entries} entries, ${parse.continuations} continuation, ${parse.noise} noise, ${parse.unparsed} unparsed`);
  return out.join('\n');
}
