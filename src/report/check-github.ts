// `novatrace check --format github`: GitHub Actions workflow commands. Each finding of a failing rule is an
// `::error` annotation on the log file and line that shows it (`::warning` when --allow-known lets a known bug
// pass), each warning about the inputs a `::warning` of its own, then one `::notice` with the verdict. Data and properties are escaped as @actions/core escapes them.

import type { CheckResult } from '../model/finding.js';
import { failsRun } from '../model/finding.js';
import { findingLine, headline } from './check-describe.js';
import { escapeControl } from '../format/escape.js';

// Log text may carry ESC and other controls: made visible first, except CR and LF, which GitHub's own escaping
// carries as %0D and %0A.
function visible(text: string): string {
  return text.replace(/[^\r\n]+/g, escapeControl);
}

/** A command's message: `%`, CR and LF escaped. */
export function escapeData(text: string): string {
  return visible(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value (file=, title=): also `:` and `,`, which would end the property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const props = Object.entries(properties)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

export function formatCheckGithub(result: CheckResult, warnings: readonly string[] = []): string {
  const lines: string[] = [];
  for (const rule of result.rules) {
    if (rule.status === 'passed') continue;
    const fails = failsRun(rule, result.allowKnown);
    for (const f of rule.findings) {
      const level = fails && (f.known.length === 0 || !result.allowKnown) ? 'error' : 'warning';
      lines.push(command(level, { file: f.location?.file, line: f.location?.line, title: `novatrace ${rule.id}` }, findingLine(f)));
    }
  }
  for (const w of warnings) lines.push(command('warning', { title: 'novatrace input' }, w));
  lines.push(command('notice', { title: 'novatrace check' }, headline(result.rules, result.allowKnown, result.exitCode)));
  return lines.join('\n');
}
