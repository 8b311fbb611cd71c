// --request, --instance, --level, --since, --until -> one predicate over entries, resolved once.

import type { Level, LogEntry } from '../model/entry.js';
import { LEVELS, isLevel, levelRank } from '../model/entry.js';

export interface EntryFilterOptions {
  readonly request?: string | undefined;
  readonly instance?: string | undefined;
  readonly level?: Level | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
}

export type EntryPredicate = (entry: LogEntry) => boolean;

/** `req-` is optional on the command line: `--request 5f2adc28-...` finds `req-5f2adc28-...`. */
export function normalizeRequestId(id: string): string {
  const t = id.trim().toLowerCase();
  return t.startsWith('req-') ? t : `req-${t}`;
}

export function parseLevel(text: string): Level {
  const upper = text.trim().toUpperCase();
  const level = upper === 'WARN' ? 'WARNING' : upper;
  if (!isLevel(level)) throw new Error(`unknown level "${text}" (${LEVELS.join(', ')})`);
  return level;
}

export function buildEntryFilter(options: EntryFilterOptions): EntryPredicate | null {
  const tests: EntryPredicate[] = [];
  if (options.request) {
    const id = normalizeRequestId(options.request);
    tests.push((e) => e.requestId?.toLowerCase() === id || e.globalRequestId?.toLowerCase() === id);
  }
  if (options.instance) {
    const uuid = options.instance.trim().toLowerCase();
    tests.push((e) => e.instance === uuid);
  }
  if (options.level) {
    const min = levelRank(options.level);
    tests.push((e) => levelRank(e.level) >= min);
  }
  const { since, until } = options;
  if (since !== undefined) tests.push((e) => e.time !== null && e.time >= since);
  if (until !== undefined) tests.push((e) => e.time !== null && e.time <= until);
  if (tests.length === 0) return null;
  return (e) => tests.every((t) => t(e));
}
