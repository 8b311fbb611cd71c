// ERROR entries that belong to no operation, grouped by their message with UUIDs, request IDs and numbers left
// out (25,000 errors of three kinds are three rows), each with its count and first time. A plain store.

import type { LogEntry } from '../model/entry.js';
import { headline, levelRank } from '../model/entry.js';
import { detach } from '../model/detach.js';
import type { EntryPlace, UnattachedError } from '../model/unattached-error.js';
import { UNATTACHED_SAMPLES } from '../model/unattached-error.js';
import { componentOf } from '../parse/origin.js';

const ERROR_RANK = levelRank('ERROR');
const UUID = /[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}/gi;

export class UnattachedErrors {
  private readonly byKey = new Map<string, UnattachedError>();
  /** Where each group's first UNATTACHED_SAMPLES entries are, when asked for (`places`). */
  private readonly placesOf = new Map<UnattachedError, EntryPlace[]>();

  /**
   * `samples`: entries kept whole per group, for the terminal UI to open (0: none, the count alone). `places`: note
   * where the first UNATTACHED_SAMPLES entries of each group are, whatever `samples` is (the persistent cache keeps
   * them, so that the UI started on a kept analysis reads those entries again).
   */
  constructor(private readonly samples = UNATTACHED_SAMPLES, private readonly places = false) {}

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
      const places = this.placesOf.get(seen);
      if (places !== undefined && places.length < UNATTACHED_SAMPLES) places.push(placeOf(entry));
    } else {
      const group: UnattachedError = { time: entry.time, service: entry.service, host: detach(entry.host), component, message: detach(message), count: 1 };
      const kept = this.samples > 0 ? { ...group, samples: [entry] } : group;
      this.byKey.set(key, kept);
      if (this.places) this.placesOf.set(kept, [placeOf(entry)]);
    }
  }

  /** Where the first entries of a group of list() are (`places` asked for; else none). */
  placesFor(group: UnattachedError): readonly EntryPlace[] {
    return this.placesOf.get(group) ?? [];
  }

  /** Most frequent first. */
  list(): UnattachedError[] {
    return [...this.byKey.values()].sort((a, b) => b.count - a.count);
  }
}

/** Copies of the strings: a line's fields must not pin the chunk of text they were cut from. */
const placeOf = (e: LogEntry): EntryPlace => ({ file: e.file, line: e.line, host: detach(e.host), instance: detach(e.instance) });
