// The record every pipeline stage shares: one log entry, with its continuation lines folded in.

export const SERVICES = ['api', 'conductor', 'scheduler', 'compute', 'other'] as const;
export type Service = (typeof SERVICES)[number];

// Ordered from least to most severe; AUDIT (Grizzly to Juno) sits between INFO and WARNING,
// TRACE (traceback lines before Kilo) ranks with ERROR.
export const LEVELS = ['DEBUG', 'INFO', 'AUDIT', 'WARNING', 'ERROR', 'TRACE', 'CRITICAL'] as const;
export type Level = (typeof LEVELS)[number];

export const DIALECTS = [
  'oslo',
  'oslo-source-column',
  'os-log-merger',
  'journald-short',
  'journald-iso',
  'journald-json',
  'oslo-json',
  'message-only',
] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface CodeLocation {
  readonly func: string;
  readonly file: string;
  readonly line: number;
}

export interface LogEntry {
  /** Epoch milliseconds; the fraction keeps microseconds where the line has them. Null on message-only lines. */
  readonly time: number | null;
  /** Digits of fractional seconds the line carried: 0, 3 or 6. */
  readonly precision: number;
  readonly service: Service;
  readonly host: string | null;
  readonly pid: number | null;
  readonly level: Level | null;
  readonly logger: string | null;
  readonly globalRequestId: string | null;
  readonly requestId: string | null;
  readonly user: string | null;
  readonly project: string | null;
  readonly instance: string | null;
  readonly message: string;
  readonly location: CodeLocation | null;
  /** Folded lines: traceback lines with their repeated prefix removed, and prefix-less lines as written. */
  readonly continuation: readonly string[];
  readonly file: string;
  /** 1-based line number of the entry's first line in its source. */
  readonly line: number;
  readonly dialect: Dialect;
}

export function levelRank(level: Level | null): number {
  if (level === null) return -1;
  if (level === 'TRACE') return LEVELS.indexOf('ERROR');
  return LEVELS.indexOf(level);
}

export function isLevel(text: string): text is Level {
  return (LEVELS as readonly string[]).includes(text);
}

/**
 * What an entry says in one line: its message, or, when the first line carries nothing (Juno's neutronclient
 * `DEBUG neutronclient.client [req-...] ` then `REQ: curl ...`; neutron's `ERROR ... [req-...] ` then `Command: [...]`),
 * its first line that does. `fromContinuation`: that line is one of the continuation lines.
 */
export function headline(entry: LogEntry): { readonly text: string; readonly fromContinuation: boolean } {
  if (entry.message.trim() !== '') return { text: entry.message, fromContinuation: false };
  const line = entry.continuation.find((l) => l.trim() !== '');
  return line === undefined ? { text: entry.message, fromContinuation: false } : { text: line.trim(), fromContinuation: true };
}

/** A host's first label: Nova names a host by FQDN in requests and the scheduler where paths give the short name. */
export function shortHost(host: string): string;
export function shortHost(host: string | null): string | null;
export function shortHost(host: string | null): string | null {
  return host === null ? null : (host.split('.')[0] as string);
}
