// Known-failure signatures, one file per bug as OpenStack's elastic-recheck keeps its queries: a pattern over a
// failure's log lines and the bug's URL. A failure a signature matches is reported as that known bug.

import type { KnownBug } from '../model/finding.js';
import type { OperationType } from '../operations/registry.js';
import type { EntryPattern, Evidence } from './entry-pattern.js';
import { PATTERN_KEYS, matchesPattern, readEntryPattern } from './entry-pattern.js';
import { readObject, readOperationType, readString } from './fields.js';
import { RuleError } from './rule-error.js';

export interface Signature {
  readonly bug: string;
  readonly pattern: EntryPattern;
  /** Only failures of (or inside) operations of this type. */
  readonly type: OperationType | null;
  /** The file it was read from, for reports. */
  readonly file: string;
}

export function validateSignature(data: unknown, file: string): Signature {
  const fields = readObject(data, [], ['bug', ...PATTERN_KEYS, 'type']);
  if (fields['bug'] === undefined) throw new RuleError(['bug'], "missing (the bug's URL)");
  const bug = readString(fields['bug'], ['bug']);
  let url: URL | null = null;
  try {
    url = new URL(bug);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new RuleError(['bug'], `"${bug}" is not an http(s) URL`);
  return {
    bug,
    pattern: readEntryPattern(fields, []),
    type: fields['type'] === undefined ? null : readOperationType(fields['type'], ['type']),
    file,
  };
}

/** The bugs whose signature matches any of the evidence of one failure; `type` is the operation it concerns. */
export function knownBugs(signatures: readonly Signature[], evidence: readonly Evidence[], type: string | null): KnownBug[] {
  const bugs: KnownBug[] = [];
  for (const s of signatures) {
    if (s.type !== null && s.type !== type) continue;
    if (evidence.some((e) => matchesPattern(s.pattern, e))) bugs.push({ bug: s.bug, signature: s.file });
  }
  return bugs;
}
