// Entries (in time order) -> operations, in one pass. Entries are grouped by request ID; a group that has
// seen no entry for `closeAfterMs` of log time is closed and recognized. Entries about an instance logged under
// no request ID ([-]: lifecycle events, the live-migration monitor thread) or under a request that starts no
// operation (Neutron's external events, service start-up) are kept per instance as context, and join the
// operation of that instance whose time window holds them. Memory follows what is open, not the input size.

import type { LogEntry } from '../model/entry.js';
import { headline, levelRank } from '../model/entry.js';
import type { Operation } from '../model/operation.js';
import type { UnattachedError } from '../model/unattached-error.js';
import { dispatchedType, recognize, recognizeFromPowerSync } from '../operations/recognize.js';
import { instanceLock } from '../operations/instance-lock.js';
import { readServerPath } from './api-call.js';
import { buildLive } from '../timeline/build.js';
import type { BuildInput, LiveOperation } from '../timeline/build.js';
import type { Draft } from '../operations/recognize.js';
import { EVACUATED_CLEANUP } from '../timeline/events.js';
import type { RequestGroup } from './request-group.js';
import { addToGroup, newGroup, workerKey } from './request-group.js';
import { detach, detachData } from '../model/detach.js';
import { componentOf } from '../parse/origin.js';

export interface CorrelatorOptions {
  /** A request with no entry for this long (log time) is finished. */
  readonly closeAfterMs?: number;
  /** Context lines this long after an operation's last own line still belong to it (the delayed VM Stopped). */
  readonly graceMs?: number;
  /** Keep each operation's entries (trace), for the operations this says yes to. */
  readonly keepEntries?: (op: Operation) => boolean;
  /** Called with each operation as it is finished, and why its request closed. */
  readonly onFinished?: (op: Operation, closed: CloseReason) => void;
  /** Keep finished operations for finish() (default true; live following hands them on and forgets them). */
  readonly keepFinished?: boolean;
  /** How long a closed request waits for context lines before its operations are finished (default closeAfterMs). */
  readonly contextWaitMs?: number;
  /**
   * Live following: a request quiet this long (log time) closes now, unless its lines say its operation is still
   * going (incomplete): those wait for closeAfterMs. Default: none (a post-incident analysis waits closeAfterMs).
   */
  readonly settleQuietMs?: number;
  /** How long context lines are kept for operations to claim them (default 3 x closeAfterMs). */
  readonly contextKeepMs?: number;
  /**
   * At most this many entries held (open requests and context); beyond, the requests quiet the longest are closed
   * early and counted in `evicted`. Default: no bound (bounded by the input's time span instead).
   */
  readonly maxHeldEntries?: number;
}

const ERROR_RANK = levelRank('ERROR');

/**
 * A multi-create's compute lines that name no instance (locks, the resource tracker) go with the instances built on
 * their host: an instance's compute lines are those of the hosts where lines about it were logged.
 */
function ownHostsOnly(entries: readonly LogEntry[], instance: string): LogEntry[] {
  const hosts = new Set(entries.filter((e) => e.service === 'compute' && e.host !== null && (e.instance === instance || e.message.includes(instance)))
    .map((e) => e.host));
  return entries.filter((e) => e.service !== 'compute' || e.instance === instance || hosts.has(e.host));
}

function hasApiLine(group: RequestGroup): boolean {
  return group.entries.some((e) => e.service === 'api');
}

/** Request IDs kept to show, per kind of warning. */
const WARNING_SAMPLES = 3;

/** Requests of one kind that a warning counts: how many, and the first IDs (copies: they outlive their entries). */
export class RequestSample {
  count = 0;
  readonly requestIds: string[] = [];

  note(id: string): void {
    this.count++;
    if (this.requestIds.length < WARNING_SAMPLES) this.requestIds.push(detach(id));
  }
}

/** Lines of a replaced context must follow the open request this closely to join it. */
const ALIAS_WITHIN_MS = 5_000;


/** Why a request closed: quiet for closeAfterMs, quiet and done (live), over the memory bound, the input's end. */
export type CloseReason = 'idle' | 'quiet' | 'memory' | 'end';

/** A request's first line about an instance outside the API; its strings are copies (it outlives its entries). */
interface ServiceStart {
  readonly time: number;
  readonly id: string;
  readonly user: string | null;
}

interface Pending {
  readonly group: RequestGroup;
  /** Its operations, recognized when it closed (nothing joins a closed request). */
  readonly drafts: readonly Draft[];
  closedAt: number;
  reason: CloseReason;
}

export class Correlator {
  private readonly groups = new Map<string, RequestGroup>();
  /** Closed groups that start operations, waiting for their context to close too. */
  private ready: Pending[] = [];
  private readonly context = new Map<string, LogEntry[]>();
  private readonly instanceHost = new Map<string, string>();
  /** Instance -> the host its last move left. */
  private readonly hostLeft = new Map<string, string>();
  private readonly unattached = new Map<string, UnattachedError>();
  /** Periodic-task request IDs -> when last seen: their context lines are not steps of operations. */
  private readonly periodicIds = new Map<string, number>();
  /** API worker (file and pid) -> the request whose dispatch line it logged and whose access line is still due. */
  private readonly openApi = new Map<string, string>();
  private readonly aliasOf = new Map<string, string>();
  /** Instance -> first-line times of API requests that act on it (by their path). */
  private readonly apiStarts = new Map<string, number[]>();
  /**
   * Instance -> the requests that acted on it in a service other than the API, with the time each first named it:
   * with no API log, the next request on an instance (a compute-only start, delete) is where the context of the
   * operation before it stops.
   */
  private readonly serviceStarts = new Map<string, ServiceStart[]>();
  /**
   * Compute log file -> the one host its lines were seen with (false: several). A log whose name and path name no
   * host gets it from the resource tracker's periodic lines: the lines before the first of them have none.
   */
  private readonly fileHost = new Map<string, string | false>();
  /** Compute hosts that logged from the libvirt driver: there, an operation's libvirt done lines are always logged. */
  private readonly libvirtHosts = new Set<string>();
  /** Compute hosts that logged a DEBUG line: there, an operation's `Checking state` is logged. */
  private readonly debugHosts = new Set<string>();
  /** Instance -> when its lock was first seen taken (`Lock "<uuid>" acquired by`). */
  private readonly lockTaken = new Map<string, number>();
  /** Requests recognized as starting operations -> when they closed. */
  private readonly operationIds = new Map<string, number>();
  private readonly done: Operation[] = [];
  /** Groups that got entries since changedOperations() last looked. */
  private readonly changed = new Set<RequestGroup>();
  private readonly contextWait: number;
  private readonly contextKeep: number;
  /** Requests closed early to stay within maxHeldEntries. */
  evicted = 0;
  private now = -Infinity;
  private sinceSweep = 0;
  private readonly closeAfter: number;
  private readonly grace: number;

  constructor(private readonly options: CorrelatorOptions = {}) {
    this.closeAfter = options.closeAfterMs ?? 10 * 60_000;
    this.grace = options.graceMs ?? 30_000;
    this.contextWait = options.contextWaitMs ?? this.closeAfter;
    this.contextKeep = options.contextKeepMs ?? 3 * this.closeAfter;
  }

  /** A compute entry was seen: compute's silence about an operation means something. */
  private computeLogged = false;
  /** Entries that came more than closeAfterMs behind the newest one: the input was not in time order. */
  late = 0;
  /**
   * Server actions (`POST /servers/<id>/action`) that no line names: nova-api logs the body at DEBUG only. Their
   * count, and the first request IDs.
   */
  readonly unnamedActions = new RequestSample();
  /** Operations whose first lines are not in the input (rotated away): their count, and the first request IDs. */
  readonly begunBefore = new RequestSample();
  /**
   * A user's requests that compute or the conductor logged about an instance and that have no API line among the
   * inputs (in an earlier, rotated file; or another nova-api served them): named from compute's lines alone, or
   * naming no operation. Meaningful only when an API log is given: without one, every request is such.
   */
  readonly withoutApi = { named: new RequestSample(), unnamed: new RequestSample() };
  /** Requests nova-api dispatched and never answered, with no line naming their instance: no operation can be built. */
  readonly unanswered = new RequestSample();

  add(entry: LogEntry): void {
    if (entry.service === 'compute') {
      this.computeLogged = true;
      if (entry.message.startsWith('Lock "')) this.noteLockTaken(entry);
      if (entry.host !== null) {
        this.noteFileHost(entry.file, entry.host);
        if (entry.logger !== null && entry.logger.startsWith('nova.virt.libvirt') && !this.libvirtHosts.has(entry.host)) this.libvirtHosts.add(detach(entry.host));
        if (entry.level === 'DEBUG' && !this.debugHosts.has(entry.host)) this.debugHosts.add(detach(entry.host));
      }
    }
    const time = entry.time ?? this.now;
    if (time > this.now) this.now = time;
    else if (this.now - time > this.closeAfter) this.late++;
    if (entry.requestId !== null) {
      const group = this.groupFor(entry, time);
      if (entry.instance !== null && entry.service !== 'api' && !group.instances.has(entry.instance)) this.noteServiceStart(entry, group.id, time);
      addToGroup(group, entry, time);
      this.changed.add(group);
      if (entry.service === 'api') this.trackApiWorker(group, entry);
      if (group.periodic) {
        this.periodicIds.set(this.periodicIds.has(group.id) ? group.id : detach(group.id), time);
        // Service start-up shares the periodic context: the old host's evacuation clean-up is logged there.
        if (entry.instance !== null) this.addContext(entry);
        else this.noteError(entry);
      }
    } else if (entry.instance !== null) {
      this.addContext(entry);
    } else {
      this.noteError(entry);
    }
    if (++this.sinceSweep >= 4096) {
      this.sinceSweep = 0;
      this.sweep(false);
    }
  }

  /** Closes everything: the end of the input. */
  finish(): { operations: Operation[]; unattached: UnattachedError[] } {
    this.sweep(true);
    const operations = this.done.sort((a, b) => a.start - b.start);
    return { operations, unattached: [...this.unattached.values()].sort((a, b) => b.count - a.count) };
  }

  /**
   * The group an entry joins. An API request whose context is replaced mid-request (Queens: the dispatch line
   * under the client's ID, then an identity-less admin context until the 403) goes on under the new ID in the
   * same worker: those lines join the request that was open there.
   */
  private groupFor(entry: LogEntry, time: number): RequestGroup {
    const id = entry.requestId as string;
    const aliased = this.aliasOf.size === 0 ? undefined : this.aliasOf.get(id);
    if (aliased !== undefined) {
      const target = this.groups.get(aliased);
      if (target) return target;
      this.aliasOf.delete(id);
    }
    let group = this.groups.get(id);
    if (group) return group;
    if (entry.service === 'api' && entry.user === null && entry.project === null) {
      const openId = this.openApi.get(workerKey(entry));
      const open = openId === undefined ? undefined : this.groups.get(openId);
      if (open && open.api === null && time - open.last <= ALIAS_WITHIN_MS) {
        this.aliasOf.set(id, open.id);
        open.aliases.add(id);
        return open;
      }
    }
    group = newGroup(id, time);
    this.groups.set(id, group);
    return group;
  }

  private trackApiWorker(group: RequestGroup, entry: LogEntry): void {
    const worker = workerKey(entry);
    if (group.api !== null && !group.indexed) {
      group.indexed = true;
      const server = readServerPath(group.api.path)?.server ?? null;
      // A refused request changed nothing: the lines after it still belong to the operation before it.
      if (server !== null && group.api.method !== 'GET' && group.api.status < 400) {
        const starts = this.apiStarts.get(server) ?? [];
        starts.push(group.first);
        this.apiStarts.set(server, starts);
      }
    }
    if (group.api !== null) {
      if (this.openApi.get(worker) === group.id) this.openApi.delete(worker);
      for (const alias of group.aliases) this.aliasOf.delete(alias);
    } else if (group.action !== null && group.user !== null) {
      this.openApi.set(worker, group.id);
    }
  }

  private addContext(entry: LogEntry): void {
    const instance = entry.instance as string;
    let list = this.context.get(instance);
    if (!list) {
      list = [];
      this.context.set(instance, list);
    }
    list.push(entry);
  }

  private noteError(entry: LogEntry): void {
    if (levelRank(entry.level) < ERROR_RANK) return;
    const message = headline(entry).text;
    // Group repeats of one message: UUIDs, request IDs and numbers vary between them.
    const component = entry.service === 'other' ? componentOf(entry.file) : null;
    const key = `${entry.service}\u0000${component ?? ''}\u0000${message.replace(/[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}/gi, '<uuid>').replace(/\d+/g, 'N')}`;
    const seen = this.unattached.get(key);
    if (seen) seen.count++;
    else this.unattached.set(key, { time: entry.time, service: entry.service, host: detach(entry.host), component, message: detach(message), count: 1 });
  }

  /** Closes a request: one that starts operations waits for its context; another gives its lines to the context. */
  private close(id: string, group: RequestGroup, closedAt: number, reason: CloseReason): void {
    this.groups.delete(id);
    this.changed.delete(group);
    let drafts = this.recognized(group);
    if (drafts.length === 0) {
      const hint = this.powerSyncHint(group);
      if (hint !== null) drafts = [hint];
    }
    if (drafts.length > 0) {
      this.operationIds.set(detach(id), closedAt);
      this.ready.push({ group, drafts, closedAt, reason });
      return;
    }
    if (group.api !== null && group.action === null && group.api.method === 'POST' && readServerPath(group.api.path)?.kind === 'action') {
      this.unnamedActions.note(id);
    } else if (group.api === null && group.action !== null && dispatchedType(group.action) !== null) {
      this.unanswered.note(id);
    } else if (group.user !== null && group.instances.size > 0 && !hasApiLine(group)) {
      this.withoutApi.unnamed.note(id);
    }
    const keepContext = reason !== 'memory';
    // Other API requests about the instance (status polls) are the user looking, not the operation working.
    for (const e of group.entries) {
      if (keepContext && e.instance !== null && e.service !== 'api') this.addContext(e);
      else this.noteError(e);
    }
  }

  /** A compute-only request that only checked its instance's power state: what the power-state sync around it says it was. */
  private powerSyncHint(group: RequestGroup): Draft | null {
    const instance = group.instances.size === 1 ? [...group.instances][0] as string : null;
    const list = instance === null ? undefined : this.context.get(instance);
    if (!list) return null;
    const near = list.filter((e) => e.time !== null && e.time >= group.first - this.grace && e.time <= group.last + this.grace);
    return recognizeFromPowerSync(group, near);
  }

  /** Live: a quiet request whose operations' lines do not say they are still going. */
  private settled(group: RequestGroup): boolean {
    const drafts = this.recognized(group);
    return drafts.length === 0 || drafts.every((d) => buildLive(this.assemble(group, d, true)).operation.outcome !== 'incomplete');
  }

  private sweep(all: boolean): void {
    // 1. Close idle groups (live: quiet ones that look done, sooner).
    const quiet = this.options.settleQuietMs;
    for (const [id, group] of this.groups) {
      const idle = this.now - group.last;
      // An idle request closed when it had been quiet for closeAfter, whenever the sweep sees it: after a gap in the
      // logs longer than contextKeep, its operations are then due at once, before their context lines are forgotten.
      if (all || idle >= this.closeAfter) this.close(id, group, all ? this.now : group.last + this.closeAfter, all ? 'end' : 'idle');
      else if (quiet !== undefined && idle >= quiet && group.quietChecked !== group.last) {
        group.quietChecked = group.last;
        if (this.settled(group)) this.close(id, group, this.now, 'quiet');
      }
    }
    // 1b. Over the bound: the requests quiet the longest close now, their operations finished as they stand.
    const max = this.options.maxHeldEntries;
    if (!all && max !== undefined) {
      let held = this.heldEntries();
      if (held > max) {
        const oldest = [...this.groups.values()].sort((a, b) => a.last - b.last);
        for (const group of oldest) {
          if (held <= max * 0.8) break;
          held -= group.entries.length;
          this.evicted++;
          this.close(group.id, group, -Infinity, 'memory');
        }
        for (const p of this.ready) {
          if (held <= max * 0.8) break;
          held -= p.group.entries.length;
          p.closedAt = -Infinity;
          p.reason = 'memory';
        }
      }
    }
    // 2. Finish operations whose context has had time to close as well.
    const due = all ? this.ready : this.ready.filter((p) => this.now - p.closedAt >= this.contextWait);
    this.ready = all ? [] : this.ready.filter((p) => this.now - p.closedAt < this.contextWait);
    due.sort((a, b) => a.group.first - b.group.first);
    for (const p of due) this.finishGroup(p, all && p.reason !== 'memory' ? 'end' : p.reason);
    // 3. Forget API starts and context nobody can use any more.
    for (const [instance, starts] of this.apiStarts) {
      const recent = all ? [] : starts.filter((t) => this.now - t < this.contextKeep);
      if (recent.length === 0) this.apiStarts.delete(instance);
      else this.apiStarts.set(instance, recent);
    }
    for (const [instance, starts] of this.serviceStarts) {
      const recent = all ? [] : starts.filter((s) => this.now - s.time < this.contextKeep);
      if (recent.length === 0) this.serviceStarts.delete(instance);
      else if (recent.length < starts.length) this.serviceStarts.set(instance, recent);
    }
    for (const [instance, taken] of this.lockTaken) if (all || this.now - taken >= this.contextKeep) this.lockTaken.delete(instance);
    for (const [id, closed] of this.operationIds) if (all || this.now - closed >= this.contextKeep) this.operationIds.delete(id);
    for (const [id, seen] of this.periodicIds) if (all || this.now - seen >= this.contextKeep) this.periodicIds.delete(id);
    for (const [instance, list] of this.context) {
      if (all) {
        for (const e of list) this.noteError(e);
        this.context.delete(instance);
        continue;
      }
      const keep = list.filter((e) => this.now - (e.time ?? this.now) < this.contextKeep);
      if (keep.length < list.length) {
        const kept = new Set(keep);
        for (const e of list) if (!kept.has(e)) this.noteError(e);
      }
      if (keep.length === 0) this.context.delete(instance);
      else this.context.set(instance, keep);
    }
  }

  /**
   * One operation of a group, assembled for building. Final (`live` false): lines handed to the next operation
   * move to the context and the context lines it takes are removed. Live: nothing is moved or taken, so the
   * same group can be looked at again as it grows.
   */
  private assemble(group: RequestGroup, draft: Draft, live: boolean): BuildInput {
    const linked = [...group.globalIds].map((id) => this.groups.get(id)).filter((g): g is RequestGroup => g !== undefined);
    const groups = [group, ...linked];
    let own = groups.flatMap((g) => g.entries)
      .filter((e) => draft.instance === null || e.instance === null || e.instance === draft.instance)
      // Multi-create: lines about another instance of the same request belong to that one.
      .sort((a, b) => (a.time ?? 0) - (b.time ?? 0))
      .map((e) => this.withHost(e));
    if (draft.instance !== null && group.instances.size > 1) own = ownHostsOnly(own, draft.instance);
    // A request ID that leaked into a compute thread also marks the next operation's lines there (Queens:
    // an attach's ID on the following reboot's lines). Lines after the next API request on the same instance
    // are handed to that operation as context.
    const next = draft.instance === null ? undefined : this.nextApiStart(draft.instance, group.first);
    if (next !== undefined && draft.instance !== null) {
      const later = own.filter((e) => e.time !== null && e.time > next && e.service !== 'api');
      if (later.length > 0) {
        const moved = new Set(later);
        own = own.filter((e) => !moved.has(e));
        if (!live) for (const e of later) this.addContext(e.instance === null ? { ...e, instance: draft.instance } : e);
      }
    }
    const start = own.find((e) => e.time !== null)?.time ?? group.first;
    const lastOwn = [...own].reverse().find((e) => e.time !== null)?.time ?? group.last;
    // Only an evacuation that was accepted can have its old host clean up after it.
    const cleanup = draft.recognizer.type === 'evacuate' && (group.api === null || group.api.status < 400);
    // Context stops where the next operation on the instance begins (the window ends before `until`).
    const after = draft.instance === null ? undefined : this.nextServiceStart(draft.instance, groups, lastOwn);
    const until = Math.min(lastOwn + this.grace, next ?? Infinity, after ?? Infinity);
    // nova-api refused it before any other service heard of it: lines about the instance under other request IDs
    // (a delayed VM Stopped of the delete before a second, refused delete) are not its.
    const refused = group.api !== null && group.api.status >= 400;
    const context = (draft.instance === null || refused ? [] : this.claimContext(draft.instance, start, until, cleanup, !live)).map((e) => this.withHost(e));
    return {
      // Live, a compute log may just not have written yet: its silence is waited out as before.
      draft, groups, own, context, logsEnd: this.now, computeLogged: this.computeLogged || this.options.settleQuietMs !== undefined,
      libvirtHosts: this.libvirtHosts,
      debugHosts: this.debugHosts,
      previousHost: draft.instance === null ? null : this.instanceHost.get(draft.instance) ?? null,
      hostLeft: draft.instance === null ? null : this.hostLeft.get(draft.instance) ?? null,
      keepEntries: true,
    };
  }

  private finishGroup({ group, drafts }: Pending, reason: CloseReason): void {
    for (const draft of drafts) {
      const { operation: op, begunBefore } = buildLive(this.assemble(group, draft, false));
      if (begunBefore) this.begunBefore.note(group.id);
      else if (!draft.fromApi && !hasApiLine(group)) this.withoutApi.named.note(group.id);
      // Finished operations are kept to the end of the input: their strings must not pin the chunks they came from.
      const kept = { ...detachData({ ...op, entries: null }), entries: this.options.keepEntries?.(op) ? op.entries : null };
      if (this.options.keepFinished !== false) this.done.push(kept);
      this.options.onFinished?.(kept, reason);
      if (op.instance !== null && draft.recognizer.onHostLeft !== true) {
        const host = op.destination ?? op.selected ?? op.hosts[op.hosts.length - 1] ?? null;
        if (host !== null && op.outcome !== 'rejected' && op.outcome !== 'failed') {
          this.instanceHost.set(kept.instance as string, detach(host));
          if (draft.recognizer.move && op.source !== null) this.hostLeft.set(kept.instance as string, detach(op.source));
        }
      }
    }
  }

  /**
   * The operations of the requests that got entries since the last call, as they stand now, and whether their
   * lines already show how they ended (live following). Their final form comes through `onFinished` when their
   * request closes.
   */
  changedOperations(): LiveOperation[] {
    const out: LiveOperation[] = [];
    for (const group of this.changed) {
      if (group.periodic || this.groups.get(group.id) !== group) continue;
      for (const draft of this.recognized(group)) out.push(buildLive(this.assemble(group, draft, true)));
    }
    this.changed.clear();
    return out;
  }

  private heldEntries(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.entries.length;
    for (const p of this.ready) n += p.group.entries.length;
    for (const list of this.context.values()) n += list.length;
    return n;
  }

  /** Requests held (open, waiting for context, or changed since the live view looked): bounded by what is open. */
  get held(): number {
    return this.groups.size + this.ready.length + this.changed.size;
  }

  /** Start of the first API request on this instance after `after`, if one is known. */
  private nextApiStart(instance: string, after: number): number | undefined {
    let next: number | undefined;
    for (const start of this.apiStarts.get(instance) ?? []) {
      if (start > after && (next === undefined || start < next)) next = start;
    }
    return next;
  }

  /**
   * The operations a request starts. One named only by its lock's release is one whose lock was taken before the
   * input began, not one whose lock was taken here under another request (that request is the operation).
   */
  private recognized(group: RequestGroup): Draft[] {
    return recognize(group).filter((d) => !this.lockTakenBefore(d));
  }

  private noteFileHost(file: string, host: string): void {
    const known = this.fileHost.get(file);
    if (known === undefined) this.fileHost.set(detach(file), detach(host));
    else if (known !== false && known !== host) this.fileHost.set(file, false);
  }

  /** A compute line logged before its file's host was learned, with that host (the file has one). */
  private withHost(entry: LogEntry): LogEntry {
    if (entry.host !== null || entry.service !== 'compute') return entry;
    const host = this.fileHost.get(entry.file);
    return typeof host === 'string' ? { ...entry, host } : entry;
  }

  private noteLockTaken(entry: LogEntry): void {
    const lock = instanceLock(entry.message);
    if (lock?.taken === true && entry.time !== null && !this.lockTaken.has(lock.instance)) this.lockTaken.set(detach(lock.instance), entry.time);
  }

  private lockTakenBefore(draft: Draft): boolean {
    if (draft.releasedAt === undefined || draft.instance === null) return false;
    const taken = this.lockTaken.get(draft.instance);
    return taken !== undefined && (draft.releasedAt === null || taken <= draft.releasedAt);
  }

  private noteServiceStart(entry: LogEntry, id: string, time: number): void {
    const instance = entry.instance as string;
    const start = { time, id: detach(id), user: detach(entry.user) };
    const starts = this.serviceStarts.get(instance);
    if (starts === undefined) this.serviceStarts.set(detach(instance), [start]);
    else starts.push(start);
  }

  /**
   * When the next request on this instance began in a service other than the API, after the operation's own last
   * line: a request recognized as an operation (known once it closed), or one of the same user (the user's next
   * action, which compute alone may not name: a start logs no line of its own there). Requests of other users are
   * not bounds: Neutron's and Cinder's external events come under their own IDs and belong to the operation they
   * serve.
   */
  private nextServiceStart(instance: string, own: readonly RequestGroup[], lastOwn: number): number | undefined {
    const user = own[0]?.user ?? null;
    let next: number | undefined;
    for (const start of this.serviceStarts.get(instance) ?? []) {
      const { time, id } = start;
      if (time <= lastOwn || (next !== undefined && time >= next) || this.periodicIds.has(id)) continue;
      if (own.some((g) => g.id === id || g.aliases.has(id))) continue;
      if (this.operationIds.has(id) || (user !== null && start.user === user)) next = time;
    }
    return next;
  }

  private claimContext(instance: string, from: number, to: number, cleanup: boolean, take: boolean): LogEntry[] {
    const list = this.context.get(instance);
    if (!list) return [];
    // Periodic tasks (info-cache heal, power sync) are context of the host, not steps of the operation.
    const mine = list.filter((e) => {
      if (e.time === null || e.time < from) return false;
      if (EVACUATED_CLEANUP.test(e.message)) return cleanup;
      return e.time < to && (e.requestId === null || !this.periodicIds.has(e.requestId));
    });
    if (take && mine.length > 0) {
      const taken = new Set(mine);
      this.context.set(instance, list.filter((e) => !taken.has(e)));
    }
    return mine;
  }
}
