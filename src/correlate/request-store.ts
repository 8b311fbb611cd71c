// Open requests: the group of entries of each request ID, the other IDs an API request went on under (aliases),
// the request each nova-api worker is serving, and what is remembered of request IDs once their groups closed
// (periodic tasks, operations). A plain store: it decides nothing about operations.

import type { LogEntry } from '../model/entry.js';
import { detach } from '../model/detach.js';
import type { RequestGroup } from './request-group.js';
import { addToGroup, newGroup, workerKey } from './request-group.js';

/** Lines of a replaced context must follow the open request this closely to join it. */
const ALIAS_WITHIN_MS = 5_000;

export class RequestStore {
  /** Open groups by request ID, in the order they opened. */
  readonly open = new Map<string, RequestGroup>();
  private readonly aliasOf = new Map<string, string>();
  /** API worker (file and pid) -> the request whose dispatch line it logged and whose access line is still due. */
  private readonly servedBy = new Map<string, string>();
  /** Periodic-task request IDs -> when last seen: their lines are not steps of operations. */
  readonly periodic = new Map<string, number>();
  /** Requests recognized as starting operations -> when they closed. */
  readonly operations = new Map<string, number>();
  /** Entries held by open groups, kept as they come and go (the memory bound reads it at every sweep). */
  private held = 0;

  get(id: string): RequestGroup | undefined {
    return this.open.get(id);
  }

  /**
   * The group an entry's request ID names now: open, through an alias, or a new one. An API request whose context
   * is replaced mid-request (Queens: the dispatch line under the client's ID, then an identity-less admin context
   * until the 403) goes on under the new ID in the same worker: those lines join the request that was open there.
   */
  groupFor(entry: LogEntry, time: number): RequestGroup {
    const id = entry.requestId as string;
    const aliased = this.aliasOf.size === 0 ? undefined : this.aliasOf.get(id);
    if (aliased !== undefined) {
      const target = this.open.get(aliased);
      if (target) return target;
      this.aliasOf.delete(id);
    }
    let group = this.open.get(id);
    if (group) return group;
    if (entry.service === 'api' && entry.user === null && entry.project === null) {
      const openId = this.servedBy.get(workerKey(entry));
      const open = openId === undefined ? undefined : this.open.get(openId);
      if (open && open.api === null && time - open.last <= ALIAS_WITHIN_MS) {
        this.aliasOf.set(id, open.id);
        open.aliases.add(id);
        return open;
      }
    }
    group = newGroup(id, time);
    this.open.set(id, group);
    return group;
  }

  /** Adds the entry to the group groupFor gave it. */
  addTo(group: RequestGroup, entry: LogEntry, time: number): void {
    const before = group.entries.length;
    addToGroup(group, entry, time);
    this.held += group.entries.length - before;
    if (entry.service === 'api') this.trackApiWorker(group, entry);
    if (group.periodic) this.periodic.set(this.periodic.has(group.id) ? group.id : detach(group.id), time);
  }

  private trackApiWorker(group: RequestGroup, entry: LogEntry): void {
    const worker = workerKey(entry);
    if (group.api !== null) {
      if (this.servedBy.get(worker) === group.id) this.servedBy.delete(worker);
      for (const alias of group.aliases) this.aliasOf.delete(alias);
    } else if (group.action !== null && group.user !== null) {
      this.servedBy.set(worker, group.id);
    }
  }

  /** The group is closed: nothing joins it any more. */
  remove(group: RequestGroup): void {
    if (this.open.get(group.id) !== group) return;
    this.open.delete(group.id);
    this.held -= group.entries.length;
  }

  /** The request closed as the start of operations. */
  noteOperation(id: string, closedAt: number): void {
    this.operations.set(detach(id), closedAt);
  }

  /** Forgets what is older than `keepMs` before `now` (everything when `now` is Infinity). */
  forget(now: number, keepMs: number): void {
    for (const [id, closed] of this.operations) if (now - closed >= keepMs) this.operations.delete(id);
    for (const [id, seen] of this.periodic) if (now - seen >= keepMs) this.periodic.delete(id);
  }

  /** Request IDs remembered after their groups closed (periodic tasks, operations). */
  get remembered(): number {
    return this.operations.size + this.periodic.size;
  }

  /** Entries held by open groups. */
  heldEntries(): number {
    return this.held;
  }
}
