// `forbid`: no entry at the rule's level or worse and no traceback in the given services (inside operations only,
// with `scope: operations`), except entries an allow-list pattern matches.

import { levelRank } from '../../model/entry.js';
import type { Finding } from '../../model/finding.js';
import type { AttachedEntry } from '../attach-entries.js';
import { matchesPattern } from '../entry-pattern.js';
import { MAX_KEPT_ERRORS } from '../error-entries.js';
import type { CheckContext, RuleDraft } from './context.js';

export function forbidden(ctx: CheckContext): RuleDraft[] {
  const rule = ctx.rules.forbid;
  if (rule.services.length === 0) return [];
  const services = new Set(rule.services);
  const minRank = levelRank(rule.level);
  const flagged = ({ entry, operation }: AttachedEntry): boolean =>
    services.has(entry.service)
    && (levelRank(entry.level) >= minRank || (rule.tracebacks && entry.hasTraceback))
    && (rule.scope === 'all' || operation !== null);
  const candidates = ctx.entries.filter(flagged);
  const offending = candidates.filter(({ entry }) => !rule.allow.some((p) => matchesPattern(p, entry)));
  const findings: Finding[] = offending.map((a) => ({
    message: `${a.entry.level ?? '-'} ${a.entry.logger ?? '-'}: ${a.entry.message}${a.entry.hasTraceback && !/Traceback/.test(a.entry.message) ? ' (with traceback)' : ''}`,
    operation: a.operation, location: { file: a.entry.file, line: a.entry.line }, known: ctx.knownForEntry(a),
  }));
  if (ctx.dropped > 0) {
    findings.push({ message: `${ctx.dropped} more ERROR or traceback entries past the first ${MAX_KEPT_ERRORS} were not examined`, operation: null, location: null, known: [] });
  }
  const what = `${rule.level} or worse${rule.tracebacks ? ' and no traceback' : ''}`;
  const where = `${rule.services.join(', ')}${rule.scope === 'operations' ? ' (inside operations)' : ''}`;
  const allowed = candidates.length - offending.length;
  return [{
    id: 'forbid', kind: 'forbid',
    title: `no ${what} in ${where}${rule.allow.length > 0 ? `, except ${rule.allow.length} allowed pattern${rule.allow.length === 1 ? '' : 's'}` : ''}`,
    detail: `${candidates.length} such entr${candidates.length === 1 ? 'y' : 'ies'}${allowed > 0 ? `, ${allowed} allowed` : ''}`,
    findings,
  }];
}
