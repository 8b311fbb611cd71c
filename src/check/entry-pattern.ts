// What an allow-list entry or a known-bug signature matches: a regular expression over the message (and over each
// traceback line, where the exception's own text is), optionally narrowed by logger, service and level.

import type { Level, Service } from '../model/entry.js';
import { levelRank } from '../model/entry.js';
import type { Fields } from './fields.js';
import type { LinearRegex } from '../select/linear-regex.js';
import { readLevel, readRegex, readService } from './fields.js';
import type { FieldPath } from './rule-error.js';
import { RuleError } from './rule-error.js';

export interface EntryPattern {
  readonly message: LinearRegex;
  readonly logger: LinearRegex | null;
  readonly service: Service | null;
  readonly level: Level | null;
}

/** What a pattern is matched against: a kept error entry, or an operation's first error. */
export interface Evidence {
  readonly service: Service;
  /** Null where the line's level is not known (an operation's failure line that was not an ERROR). */
  readonly level: Level | null;
  readonly logger: string | null;
  readonly message: string;
  readonly traceback: readonly string[];
}

export const PATTERN_KEYS = ['message', 'logger', 'service', 'level'] as const;

/** Reads the pattern keys of an already key-checked mapping. */
export function readEntryPattern(fields: Fields, path: FieldPath): EntryPattern {
  if (fields['message'] === undefined) throw new RuleError([...path, 'message'], 'missing (a regular expression over the message)');
  return {
    message: readRegex(fields['message'], [...path, 'message']),
    logger: fields['logger'] === undefined ? null : readRegex(fields['logger'], [...path, 'logger']),
    service: fields['service'] === undefined ? null : readService(fields['service'], [...path, 'service']),
    level: fields['level'] === undefined ? null : readLevel(fields['level'], [...path, 'level']),
  };
}

export function matchesPattern(pattern: EntryPattern, evidence: Evidence): boolean {
  if (pattern.service !== null && pattern.service !== evidence.service) return false;
  // TRACE (pre-Kilo traceback lines) is ERROR by another name.
  if (pattern.level !== null && (evidence.level === null || levelRank(evidence.level) !== levelRank(pattern.level))) return false;
  if (pattern.logger !== null && (evidence.logger === null || !pattern.logger.test(evidence.logger))) return false;
  return pattern.message.test(evidence.message) || evidence.traceback.some((line) => pattern.message.test(line));
}
