// Open requests: the group of entries of each request ID, the other IDs an API request went on under (aliases),
// the request each nova-api worker is serving, and what is remembered of request IDs once their groups closed
// (periodic tasks, operations). A plain store: it decides nothing about operations.

import type { LogEntry } from '../model/entry.js';
import { detach } from '../model/detach.js';
import type { RequestGroup } from './request-group.js';
import { addToGroup, newGroup, withId, workerKey } from './request-group.js';
import type { ApiAction, ApiCall } from './api-call.js';
import { readApiCall, readServerPath } from './api-call.js';

/** Lines of a replaced context must follow the open request this closely to join it. */
const ALIAS_WITHIN_MS = 5_000;

/** Whether an access line can be the answer to a request dispatched so (null: nothing says otherwise). */
function answers(action: ApiAction | null, call: ApiCall): boolean {
  if (action === null) return true;
  if (action.name === 'call') return call.method !== 'POST' && call.method !== 'PUT';
  if (action.name === 'action') return call.method === 'POST' && /\/action$/.test(call.path);
  return call.method === 'POST' || call.method === 'PUT';
}

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
  /** The open group groupFor found by its ID last: a request logs its lines in runs (no map lookup for the next). */
  private lastId: string | null = null;
  private lastGroup: RequestGroup | undefined;

  get(id: string): RequestGroup | undefined {
    return id === this.lastId ? this.lastGroup : this.open.get(id);
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
    let group = id === this.lastId ? this.lastGroup : this.open.get(id);
    if (group) {
      this.lastId = id;
      this.lastGroup = group;
      if (entry.service === 'api' && (group.api !== null || group.action !== null)) return this.answering(entry, group, time);
      return group;
    }
    if (entry.service === 'api' && entry.user === null && entry.project === null) {
      const openId = this.servedBy.get(workerKey(entry));
      const open = openId === undefined ? undefined : this.open.get(openId);
      if (open && open.api === null && time - open.last <= ALIAS_WITHIN_MS) {
        this.aliasOf.set(id, open.id);
        open.aliases = withId(open.aliases, id);
        return open;
      }
    }
    group = newGroup(id, time);
    this.open.set(id, group);
    this.lastId = id;
    this.lastGroup = group;
    return group;
  }

  /**
   * A second access line under a request that was answered already: eventlet's nova-api logged another request's
   * answer under this ID (Queens: the addFloatingIp's access line under the Neutron event request the same worker
   * served while it waited on Neutron), or before its own answer, as one its dispatch line cannot have (a POST
   * under a request dispatched without a body). It is the answer of the request the same worker dispatched and has
   * not answered, whose project or instance the path names; without one, it stays where it is.
   */
  private answering(entry: LogEntry, group: RequestGroup, time: number): RequestGroup {
    const call = readApiCall(entry);
    if (call === null || (group.api === null && answers(group.action, call))) return group;
    const server = readServerPath(call.path)?.server ?? null;
    const worker = workerKey(entry);
    let owner: RequestGroup | undefined;
    for (const g of this.open.values()) {
      if (g === group || g.api !== null || g.action === null || g.first > time) continue;
      const named = (server !== null && g.instances.has(server)) || (g.project !== null && call.path.includes(`/${g.project}/`));
      if (!named || !g.entries.some((e) => e.service === 'api' && workerKey(e) === worker)) continue;
      if (owner === undefined || g.first > owner.first) owner = g;
    }
    return owner ?? group;
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
    if (this.lastGroup === group) {
      this.lastId = null;
      this.lastGroup = undefined;
    }
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
