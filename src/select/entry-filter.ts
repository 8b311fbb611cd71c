// --request, --instance, --level, --service, --host, --grep, --since, --until -> one predicate over entries,
// resolved once.

import type { Level, LogEntry, Service } from '../model/entry.js';
import { LEVELS, isLevel, levelRank, shortHost } from '../model/entry.js';
import type { LinearRegex } from './linear-regex.js';

export interface EntryFilterOptions {
  /** A request ID or the first characters of one (`req-` optional). */
  readonly request?: string | undefined;
  readonly instance?: string | undefined;
  readonly level?: Level | undefined;
  readonly services?: ReadonlySet<Service> | undefined;
  /** A short name or an FQDN: compared by short name. */
  readonly host?: string | undefined;
  readonly grep?: LinearRegex | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
}

export type EntryPredicate = (entry: LogEntry) => boolean;

/** `req-` is optional on the command line: `--request 5f2adc28-...` finds `req-5f2adc28-...`. */
export function normalizeRequestId(id: string): string {
  const t = id.trim().toLowerCase();
  return t.startsWith('req-') ? t : `req-${t}`;
}

const UUID_SHAPE = 'hhhhhhhh-hhhh-hhhh-hhhh-hhhhhhhhhhhh';
/** Characters of an instance UUID that pick it: the tables and the terminal UI show the first 8. */
export const INSTANCE_PREFIX_MIN = 8;

export interface InstanceSelector {
  /** Lowercased: the whole UUID, or its first characters. */
  readonly text: string;
  /** Only the first characters were given. */
  readonly prefix: boolean;
  readonly test: (instance: string | null) => boolean;
}

/** An instance UUID, or its first 8 characters or more (as the tables show it); throws on anything else. */
export function instanceSelector(text: string): InstanceSelector {
  const t = text.trim().toLowerCase();
  const shaped = t.length >= INSTANCE_PREFIX_MIN && t.length <= UUID_SHAPE.length
    && [...t].every((c, i) => (UUID_SHAPE[i] === '-' ? c === '-' : /[0-9a-f]/.test(c)));
  if (!shaped) throw new Error(`--instance "${text}": expected an instance UUID, or its first ${INSTANCE_PREFIX_MIN} characters or more`);
  if (t.length === UUID_SHAPE.length) return { text: t, prefix: false, test: (instance) => instance === t };
  return { text: t, prefix: true, test: (instance) => instance !== null && instance.startsWith(t) };
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
    // The tables and the UI shorten request IDs: the first characters of one pick it.
    const id = normalizeRequestId(options.request);
    tests.push((e) => e.requestId?.toLowerCase().startsWith(id) === true || e.globalRequestId?.toLowerCase().startsWith(id) === true);
  }
  if (options.instance) {
    const { test } = instanceSelector(options.instance);
    tests.push((e) => test(e.instance));
  }
  if (options.level) {
    const min = levelRank(options.level);
    tests.push((e) => levelRank(e.level) >= min);
  }
  const { services, host, grep } = options;
  if (services !== undefined) tests.push((e) => services.has(e.service));
  if (host !== undefined) {
    const wanted = shortHost(host);
    tests.push((e) => e.host !== null && shortHost(e.host) === wanted);
  }
  if (grep !== undefined) tests.push((e) => entryMatches(e, grep));
  const { since, until } = options;
  if (since !== undefined) tests.push((e) => e.time !== null && e.time >= since);
  if (until !== undefined) tests.push((e) => e.time !== null && e.time <= until);
  if (tests.length === 0) return null;
  return (e) => tests.every((t) => t(e));
}

/** `--grep`: the pattern anywhere in the entry as merge prints it: message, logger, IDs, traceback lines. */
export function entryMatches(e: LogEntry, pattern: LinearRegex): boolean {
  return pattern.test(e.message) || (e.logger !== null && pattern.test(e.logger))
    || (e.requestId !== null && pattern.test(e.requestId)) || (e.globalRequestId !== null && pattern.test(e.globalRequestId))
    || (e.instance !== null && pattern.test(e.instance)) || e.continuation.some((line) => pattern.test(line));
}
