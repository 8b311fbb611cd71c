// An ERROR entry that belongs to no operation (a periodic task's, a service's start-up), counted with its repeats:
// analyze's table, JSON and the terminal UI list them apart from the operations.

import type { LogEntry, Service } from './entry.js';

/** Entries of a group kept for the terminal UI to open (its first ones): 25,000 repeats are not all kept. */
export const UNATTACHED_SAMPLES = 50;

/** Where an entry is, and the host and instance the analysis gave it: enough to read it again from its file. */
export type EntryPlace = Pick<LogEntry, 'file' | 'line' | 'host' | 'instance'>;

export interface UnattachedError {
  readonly time: number | null;
  readonly service: Service;
  readonly host: string | null;
  /** For `other`, the service its file names (`nova-novncproxy`, `c-vol`); null otherwise. */
  readonly component: string | null;
  readonly message: string;
  count: number;
  /**
   * Its first UNATTACHED_SAMPLES entries, whole (traceback, file and line), when the analysis keeps entries to show
   * them (the terminal UI, trace); absent otherwise (JSON, check, follow's NDJSON keep the count alone).
   */
  readonly samples?: LogEntry[];
}
