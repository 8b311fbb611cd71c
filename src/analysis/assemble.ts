// One recognized operation of a request group -> what the timeline builder needs: its own lines (its request IDs,
// its instance's), the context lines of its instance within its window, and what the stores know around it (the
// deployment, where the instance was). Final assembly moves lines: those after the next API request on the
// instance go to the context for that request's operation, and the context lines claimed are taken. Live assembly
// (looking at an open request as it grows) moves and takes nothing.

import type { LogEntry } from '../model/entry.js';
import type { Deployment } from '../correlate/deployment.js';
import { gateOf } from '../correlate/message-gate.js';
import type { InstanceStore } from '../correlate/instance-store.js';
import type { RequestGroup } from '../correlate/request-group.js';
import type { RequestStore } from '../correlate/request-store.js';
import type { Draft } from '../operations/recognize.js';
import type { DoneSign } from '../operations/recognizer.js';
import type { BuildInput } from '../timeline/build.js';
import { EVACUATED_CLEANUP } from '../timeline/events.js';

/** How long after its last own line a completion logged elsewhere (under `[-]`, another request) still ends an operation. */
export const LATE_DONE_MS = 10 * 60_000;

export interface Stores {
  readonly requests: RequestStore;
  readonly instances: InstanceStore;
  readonly deployment: Deployment;
}

/**
 * A multi-create's compute lines that name no instance (locks, the resource tracker) go with the instances built on
 * their host: an instance's compute lines are those of the hosts where lines about it were logged.
 */
function ownHostsOnly(entries: readonly LogEntry[], instance: string): LogEntry[] {
  const hosts = new Set(entries.filter((e) => e.service === 'compute' && e.host !== null && (e.instance === instance || e.message.includes(instance)))
    .map((e) => e.host));
  return entries.filter((e) => e.service !== 'compute' || e.instance === instance || hosts.has(e.host));
}

/**
 * When the next request on this instance began in a service other than the API, after the operation's own last
 * line: a request recognized as an operation (known once it closed), or one of the same user (the user's next
 * action, which compute alone may not name: a start logs no line of its own there). Requests of other users are
 * not bounds: Neutron's and Cinder's external events come under their own IDs and belong to the operation they
 * serve.
 */
function nextServiceStart(stores: Stores, instance: string, own: readonly RequestGroup[], lastOwn: number): number | undefined {
  const user = own[0]?.user ?? null;
  const { operations, periodic } = stores.requests;
  let next: number | undefined;
  for (const start of stores.instances.serviceStartsOf(instance)) {
    const { time, id } = start;
    if (time <= lastOwn || (next !== undefined && time >= next) || periodic.has(id)) continue;
    if (own.some((g) => g.id === id || g.aliases.has(id))) continue;
    if (operations.has(id) || (user !== null && start.user === user)) next = time;
  }
  return next;
}

const NO_SIGNS: readonly DoneSign[] = [];

/**
 * Whether a line is one of the signs that an operation finished. Module functions and loops, not closures made per
 * operation and some(): it is asked of every line of every operation; two closures a line were 2% of the main
 * thread's allocations, and a closure made per call was optimized again and again (--trace-opt: 16 times a run).
 */
function doneLine(done: readonly DoneSign[], e: LogEntry): boolean {
  for (let i = 0; i < done.length; i++) {
    const sign = done[i] as DoneSign;
    if (!gateOf(sign.lines).mayMatch(e.message)) continue;
    for (const re of sign.lines) if (re.test(e.message)) return true;
  }
  return false;
}

function anyDone(done: readonly DoneSign[], lines: readonly LogEntry[]): boolean {
  for (let i = 0; i < lines.length; i++) if (doneLine(done, lines[i] as LogEntry)) return true;
  return false;
}

/**
 * `live`: nothing is moved or taken, and `unclosed` are lines of open requests that start no operation (so far):
 * when those close, their lines about the instance become its context, and a look now shows them there already.
 */
export function assemble(
  stores: Stores, group: RequestGroup, draft: Draft, graceMs: number, logsEnd: number, live: boolean, unclosed: readonly LogEntry[] = [],
): BuildInput {
  const { requests, instances, deployment } = stores;
  // Loops, not spreads, map and filter: every operation passes here, and arrays made empty and full by builtins have
  // different shapes, each one a recompilation of this function and of buildOperation (--trace-deopt: "wrong map").
  const groups: RequestGroup[] = [group];
  for (const id of group.globalIds) {
    const linked = requests.get(id);
    if (linked !== undefined) groups.push(linked);
  }
  // Multi-create: lines about another instance of the same request belong to that one. (A loop, not flatMap and
  // filter: every line of every operation passes here.)
  let own: LogEntry[] = [];
  for (const g of groups) {
    for (const e of g.entries) if (draft.instance === null || e.instance === null || e.instance === draft.instance) own.push(e);
  }
  own.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
  for (let i = 0; i < own.length; i++) own[i] = deployment.withHost(own[i] as LogEntry);
  if (draft.instance !== null && group.instances.size > 1) own = ownHostsOnly(own, draft.instance);
  // A request ID that leaked into a compute thread also marks the next operation's lines there (Queens: an
  // attach's ID on the following reboot's lines). Lines after the next API request on the same instance are
  // handed to that operation as context.
  const next = draft.instance === null ? undefined : instances.nextApiStart(draft.instance, group.first);
  if (next !== undefined && draft.instance !== null) {
    const later = own.filter((e) => e.time !== null && e.time > next && e.service !== 'api');
    if (later.length > 0) {
      const moved = new Set(later);
      own = own.filter((e) => !moved.has(e));
      if (!live) for (const e of later) instances.addContext(e.instance === null ? { ...e, instance: draft.instance } : e);
    }
  }
  const start = own.find((e) => e.time !== null)?.time ?? group.first;
  let lastOwn = group.last;
  for (let i = own.length - 1; i >= 0; i--) {
    const time = (own[i] as LogEntry).time;
    if (time !== null) {
      lastOwn = time;
      break;
    }
  }
  // Only an evacuation that was accepted can have its old host clean up after it.
  const cleanup = draft.recognizer.placement === 'evacuate' && (group.api === null || group.api.status < 400);
  // Context stops where the next operation on the instance begins (the window ends before `until`).
  const after = draft.instance === null ? undefined : nextServiceStart(stores, draft.instance, groups, lastOwn);
  const until = Math.min(lastOwn + graceMs, next ?? Infinity, after ?? Infinity);
  // nova-api refused it before any other service heard of it: lines about the instance under other request IDs
  // (a delayed VM Stopped of the delete before a second, refused delete) are not its.
  const refused = group.api !== null && group.api.status >= 400;
  // Periodic tasks (info-cache heal, power sync) are context of the host, not steps of the operation.
  const notPeriodic = (e: LogEntry): boolean => e.requestId === null || !requests.periodic.has(e.requestId);
  const wanted = (e: LogEntry): boolean => {
    if (e.time === null || e.time < start) return false;
    const inWindow = e.time < until && notPeriodic(e);
    // An old host's clean-up is wanted as `cleanup` says, any other line as its window does: where both say the
    // same, the pattern need not run (most context lines of an instance are outside the window of most operations).
    if (inWindow === cleanup) return inWindow;
    return EVACUATED_CLEANUP.test(e.message) ? cleanup : inWindow;
  };
  // Pushed into one literal, not spread and mapped: map's arrays (holey, and of another shape when empty) and a
  // literal's met in buildOperation's optimized code, which was made again for them (--trace-deopt: "wrong map").
  const context: LogEntry[] = [];
  if (draft.instance !== null && !refused) {
    for (const e of instances.claim(draft.instance, wanted, !live)) context.push(deployment.withHost(e));
    for (const e of unclosed) if (wanted(e)) context.push(deployment.withHost(e));
  }
  // A completion logged long after its last own line (a spawn that ends after a slow image download, logged under
  // `[-]` or Neutron's event request) still ends it: when none of its lines says it finished, its done lines about
  // the instance are its up to the next operation on it (LATE_DONE_MS at most).
  const done = draft.recognizer.completion.done ?? NO_SIGNS;
  const isDone = (e: LogEntry): boolean => doneLine(done, e);
  if (draft.instance !== null && !refused && done.some((sign) => sign.lines.length > 0) && !anyDone(done, own) && !anyDone(done, context)) {
    const lateUntil = Math.min(lastOwn + LATE_DONE_MS, next ?? Infinity, after ?? Infinity);
    const late = (e: LogEntry): boolean => e.time !== null && e.time >= until && e.time < lateUntil && isDone(e) && notPeriodic(e);
    const found = [...instances.claim(draft.instance, late, false), ...unclosed.filter(late)];
    const last = found.reduce((t, e) => Math.max(t, e.time ?? -Infinity), -Infinity);
    if (last > -Infinity) {
      // Its lines up to its completion are its: the completion and what came with it.
      const upTo = (e: LogEntry): boolean => e.time !== null && e.time >= until && e.time <= last && notPeriodic(e);
      for (const e of instances.claim(draft.instance, upTo, !live)) context.push(deployment.withHost(e));
      for (const e of unclosed) if (upTo(e)) context.push(deployment.withHost(e));
    }
  }
  // nova-api's error answers about the instance from its start until the next operation on it.
  const apiErrors = draft.instance === null ? [] : instances.apiErrorsOf(draft.instance, start, next ?? after ?? Infinity);
  return {
    draft, groups, own, context, apiErrors, logsEnd, computeLogged: deployment.computeLogged,
    libvirtHosts: deployment.libvirtHosts,
    debugHosts: deployment.debugHosts,
    computeHosts: deployment.computeHosts,
    timingHosts: deployment.timingHosts,
    previousHost: draft.instance === null ? null : instances.hostOf(draft.instance),
    hostLeft: draft.instance === null ? null : instances.hostLeftOf(draft.instance),
    keepEntries: true,
  };
}
