// Everything logged under one request ID, across services and hosts: the unit correlation works on.

import type { LogEntry } from '../model/entry.js';
import { detach } from '../model/detach.js';
import type { ApiAction, ApiCall } from './api-call.js';
import { readApiAction, readApiCall } from './api-call.js';

/** Entries kept per request: a runaway request (a never-ending task under one ID) cannot take all memory. */
export const MAX_GROUP_ENTRIES = 20_000;

export interface RequestGroup {
  readonly id: string;
  /** Global request IDs its lines carried beside it (NO_IDS until one did: see withId). */
  globalIds: ReadonlySet<string>;
  user: string | null;
  project: string | null;
  first: number;
  last: number;
  readonly entries: LogEntry[];
  dropped: number;
  api: ApiCall | null;
  action: ApiAction | null;
  readonly instances: Set<string>;
  /** Other request IDs the API request went on under (a context replaced mid-request). */
  aliases: ReadonlySet<string>;
  /** Workers (file and pid) where this ID leaked into periodic tasks. */
  leakedWorkers: ReadonlySet<string>;
  /** Its API request is in the instance store's index of API starts. */
  indexed: boolean;
  /** A periodic-task context: kept as context, its entries not stored. */
  periodic: boolean;
}

export const PERIODIC_LOGGER = /periodic_task$/;

// Nova's periodic tasks (ComputeManager's @periodic_task methods and what they lock under): in a worker where a
// request's ID leaked into periodic work, their lines are periodic even when they name the request's instance
// (Queens: the power-state sync's "Triggering sync for uuid <instance>" 19 s after an attach ended).
export const PERIODIC_CODE = /\b(?:_sync_power_states|query_driver_power_state_and_sync|_heal_instance_info_cache|_poll_\w+|_instance_usage_audit|update_available_resource|_sync_scheduler_instance_info|_cleanup_running_deleted_instances|_run_image_cache_manager_pass|_run_pending_deletes|_cleanup_incomplete_migrations|_check_instance_build_time|_reclaim_queued_deletes)\b/;

function periodicCode(entry: LogEntry): boolean {
  return (entry.location !== null && PERIODIC_CODE.test(entry.location.func)) || PERIODIC_CODE.test(entry.message);
}

function concernsInstances(group: RequestGroup, entry: LogEntry): boolean {
  if (entry.instance !== null) return group.instances.has(entry.instance);
  for (const instance of group.instances) if (entry.message.includes(instance)) return true;
  return false;
}

/**
 * File -> pid -> its worker's key, made once per worker (and in memory of its own), not per line: nova-api's every
 * line asks for it. Bounded: cleared past a few thousand files or workers, when the keys are made again.
 */
const WORKER_KEYS = new Map<string, Map<number | null, string>>();
const MAX_WORKER_KEYS = 4096;

export function workerKey(entry: LogEntry): string {
  let byPid = WORKER_KEYS.get(entry.file);
  if (byPid === undefined) {
    if (WORKER_KEYS.size >= MAX_WORKER_KEYS) WORKER_KEYS.clear();
    WORKER_KEYS.set(detach(entry.file), byPid = new Map());
  }
  let key = byPid.get(entry.pid);
  if (key === undefined) {
    if (byPid.size >= MAX_WORKER_KEYS) byPid.clear();
    byPid.set(entry.pid, key = detach(`${entry.file}\u0000${entry.pid ?? ''}`));
  }
  return key;
}

/**
 * The empty set a group's rarely filled sets start as (three sets a request, 20 MB of the main thread's allocations
 * in a cold analyze of the bench's 300 MB, most never added to). Typed read-only: only withId adds, never to it.
 */
export const NO_IDS: ReadonlySet<string> = new Set();

/**
 * `set` with `id` added: an empty set is never added to, but replaced by a set of its own (NO_IDS, and the one empty
 * set a checkpoint's groups share once deserialized: structured clone keeps one object for one).
 */
export function withId(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (set.size === 0) return new Set([id]);
  (set as Set<string>).add(id);
  return set;
}

export function newGroup(id: string, time: number): RequestGroup {
  return {
    id, globalIds: NO_IDS, user: null, project: null, first: time, last: time, entries: [], dropped: 0,
    api: null, action: null, instances: new Set(), aliases: NO_IDS, leakedWorkers: NO_IDS, indexed: false, periodic: false,
  };
}

export function addToGroup(group: RequestGroup, entry: LogEntry, time: number): void {
  if (entry.service === 'api' && group.api !== null && group.api.time !== null && time > group.api.time) {
    // The access line ends the HTTP request. uwsgi can log the worker's next request under the same ID (a
    // leaked thread-local context): api lines after it are another request's.
    group.dropped++;
    return;
  }
  if (time < group.first) group.first = time;
  if (time > group.last) group.last = time;
  if (entry.globalRequestId !== null && entry.globalRequestId !== group.id) group.globalIds = withId(group.globalIds, entry.globalRequestId);
  group.user ??= entry.user;
  group.project ??= entry.project;
  if (entry.instance !== null) group.instances.add(entry.instance);
  if (entry.service === 'api') {
    group.api ??= readApiCall(entry);
    group.action ??= readApiAction(entry);
  }
  // Nova runs periodic tasks under a context of no user (`[req-X - -]`, `[None req-X - - - - - -]`, in every
  // release of ../shared/realdata); a periodic line under a user's request is that request's ID leaked there.
  const userRequest = group.api !== null || group.user !== null;
  // endsWith: PERIODIC_LOGGER's own test, without running a pattern on every line's logger.
  const periodicLogger = entry.logger !== null && entry.logger.endsWith('periodic_task');
  if (periodicLogger && userRequest) {
    // A user request's ID leaked into a worker's periodic-task thread (Queens): from here on, that worker's
    // lines under this ID are periodic work, unless they are about the request's own instances (the
    // operation's greenthread still runs in the same process).
    group.leakedWorkers = withId(group.leakedWorkers, workerKey(entry));
  }
  if (group.leakedWorkers.size > 0 && group.leakedWorkers.has(workerKey(entry)) && (!concernsInstances(group, entry) || periodicCode(entry))) {
    group.dropped++;
    return;
  }
  if (!group.periodic && periodicLogger && !userRequest) {
    group.periodic = true;
    group.dropped += group.entries.length;
    group.entries.length = 0;
  }
  if (group.periodic || group.entries.length >= MAX_GROUP_ENTRIES) {
    group.dropped++;
    return;
  }
  group.entries.push(entry);
}
