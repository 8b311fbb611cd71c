// The log entries the forbidden-content rule and the signatures look at: every entry at the rule's level or worse
// (ERROR at least) and every entry with a traceback, in any service, inside operations or not. They are seen as
// the merge produces them, before the analyzer, and kept as copies of their own (a kept substring would pin the
// read (up to 256 KB) it was cut from), up to a bound: past it they are only counted.

import type { Level, LogEntry, Service } from '../model/entry.js';
import { levelRank } from '../model/entry.js';
import { detachData } from '../model/detach.js';

export interface ErrorEntry {
  readonly time: number | null;
  readonly service: Service;
  readonly host: string | null;
  readonly level: Level | null;
  readonly logger: string | null;
  readonly requestId: string | null;
  readonly globalRequestId: string | null;
  readonly instance: string | null;
  readonly message: string;
  /** The folded lines (traceback), at most MAX_TRACEBACK_LINES of them. */
  readonly traceback: readonly string[];
  readonly hasTraceback: boolean;
  readonly file: string;
  readonly line: number;
}

const TRACEBACK = /Traceback \(most recent call last\)/;
const MAX_MESSAGE = 4096;
const MAX_TRACEBACK_LINES = 200;
export const MAX_KEPT_ERRORS = 5000;

export function hasTraceback(entry: Pick<LogEntry, 'message' | 'continuation'>): boolean {
  return TRACEBACK.test(entry.message) || entry.continuation.some((l) => TRACEBACK.test(l));
}

export class ErrorEntryCollector {
  readonly kept: ErrorEntry[] = [];
  /** Entries that qualified after the bound was reached. */
  dropped = 0;
  /** Time of the first entry seen (of any level): when the logged run began. */
  firstTime: number | null = null;
  private readonly minRank: number;

  constructor(minLevel: Level, private readonly limit: number = MAX_KEPT_ERRORS) {
    // Signatures match ERROR entries even when the rule forbids only CRITICAL.
    this.minRank = Math.min(levelRank(minLevel), levelRank('ERROR'));
  }

  readonly observe = (entry: LogEntry): void => {
    if (this.firstTime === null && entry.time !== null) this.firstTime = entry.time;
    const traceback = hasTraceback(entry);
    if (!traceback && levelRank(entry.level) < this.minRank) return;
    if (this.kept.length >= this.limit) {
      this.dropped++;
      return;
    }
    this.kept.push(detachData<ErrorEntry>({
      time: entry.time, service: entry.service, host: entry.host, level: entry.level, logger: entry.logger,
      requestId: entry.requestId, globalRequestId: entry.globalRequestId, instance: entry.instance,
      message: entry.message.length > MAX_MESSAGE ? entry.message.slice(0, MAX_MESSAGE) : entry.message,
      traceback: entry.continuation.slice(0, MAX_TRACEBACK_LINES), hasTraceback: traceback,
      file: entry.file, line: entry.line,
    }));
  };
}
