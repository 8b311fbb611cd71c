// The errors view's rows: every ERROR (or worse) entry, those of operations and those of none, grouped by message
// template (src/format/message-template.ts) with counts, most frequent first. Built on first use and remembered
// per model: the list opens without waiting for it.

import type { LogEntry } from '../model/entry.js';
import { headline, levelRank } from '../model/entry.js';
import { componentWhere, where } from '../format/hosts.js';
import { messageTemplate } from '../format/message-template.js';
import type { UiModel } from './model.js';
import { entriesOf } from './model.js';

const ERROR_RANK = levelRank('ERROR');

export interface ErrorMember {
  readonly entry: LogEntry;
  /** The operation it is one of the lines of (its ID), or null: it belongs to none. */
  readonly op: string | null;
  /** Its index among the operation's entries (-1 with no operation). */
  readonly index: number;
}

export interface ErrorGroup {
  readonly template: string;
  /** Every error of the group, kept or not. */
  readonly count: number;
  /** Of them, in operations. */
  readonly inOperations: number;
  readonly first: number | null;
  /** service@host of the first, or how many places logged them. */
  readonly where: string;
  /** The errors that can be opened, in time order: all those of operations, the first few of the others. */
  readonly members: readonly ErrorMember[];
}

const built = new WeakMap<UiModel, readonly ErrorGroup[]>();

interface Draft {
  template: string;
  count: number;
  inOperations: number;
  first: number | null;
  places: Set<string>;
  members: ErrorMember[];
}

export function errorGroups(model: UiModel): readonly ErrorGroup[] {
  const hit = built.get(model);
  if (hit) return hit;
  const drafts = new Map<string, Draft>();
  const draftOf = (template: string): Draft => {
    let d = drafts.get(template);
    if (!d) {
      d = { template, count: 0, inOperations: 0, first: null, places: new Set(), members: [] };
      drafts.set(template, d);
    }
    return d;
  };
  const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));
  for (const op of model.operations) {
    entriesOf(op).forEach((e, index) => {
      if (levelRank(e.level) < ERROR_RANK) return;
      const d = draftOf(messageTemplate(headline(e).text));
      d.count++;
      d.inOperations++;
      d.first = earliest(d.first, e.time);
      d.places.add(where(e.service, e.host));
      d.members.push({ entry: e, op: op.id, index });
    });
  }
  for (const u of model.unattached) {
    const d = draftOf(messageTemplate(u.message));
    d.count += u.count;
    d.first = earliest(d.first, u.time);
    d.places.add(componentWhere(u));
    for (const e of u.samples ?? []) d.members.push({ entry: e, op: null, index: -1 });
  }
  const groups = [...drafts.values()].map((d): ErrorGroup => {
    const members = d.members.sort((a, b) => (a.entry.time ?? 0) - (b.entry.time ?? 0));
    const first = members[0];
    const whereText = d.places.size === 1 ? [...d.places][0] as string : `${d.places.size} places`;
    return { template: d.template, count: d.count, inOperations: d.inOperations, first: d.first ?? first?.entry.time ?? null, where: whereText, members };
  }).sort((a, b) => b.count - a.count || (a.first ?? 0) - (b.first ?? 0));
  built.set(model, groups);
  return groups;
}
