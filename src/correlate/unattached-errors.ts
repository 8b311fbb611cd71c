// ERROR entries that belong to no operation, grouped by their message with UUIDs, request IDs and numbers left
// out (25,000 errors of three kinds are three rows), each with its count and first time. A plain store.

import type { LogEntry } from '../model/entry.js';
import { headline, levelRank } from '../model/entry.js';
import { detach } from '../model/detach.js';
import type { UnattachedError } from '../model/unattached-error.js';
import { UNATTACHED_SAMPLES } from '../model/unattached-error.js';
import { componentOf } from '../parse/origin.js';

const ERROR_RANK = levelRank('ERROR');
const UUID = /[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}/gi;

export class UnattachedErrors {
  private readonly byKey = new Map<string, UnattachedError>();

  /** `samples`: entries kept whole per group, for the terminal UI to open (0: none, the count alone). */
  constructor(private readonly samples = UNATTACHED_SAMPLES) {}

  /** Counts the entry if it is an ERROR (or worse); other levels are no errors. */
  note(entry: LogEntry): void {
    if (levelRank(entry.level) < ERROR_RANK) return;
    const message = headline(entry).text;
    const component = entry.service === 'other' ? componentOf(entry.file) : null;
    const key = `${entry.service}\u0000${component ?? ''}\u0000${message.replace(UUID, '<uuid>').replace(/\d+/g, 'N')}`;
    const seen = this.byKey.get(key);
    if (seen) {
      seen.count++;
      if (seen.samples !== undefined && seen.samples.length < this.samples) seen.samples.push(entry);
    } else {
      const group: UnattachedError = { time: entry.time, service: entry.service, host: detach(entry.host), component, message: detach(message), count: 1 };
      this.byKey.set(key, this.samples > 0 ? { ...group, samples: [entry] } : group);
    }
  }

  /** Most frequent first. */
  list(): UnattachedError[] {
    return [...this.byKey.values()].sort((a, b) => b.count - a.count);
  }
}
