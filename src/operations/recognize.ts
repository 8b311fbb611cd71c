// Request group -> the operations it started: from the API request when the API log is there, else from
// compute-side evidence (lock holders, markers). Pure.

import type { LogEntry } from '../model/entry.js';
import type { ApiAction } from '../correlate/api-call.js';
import { readServerPath, shapeOfAction } from '../correlate/api-call.js';
import type { RequestGroup } from '../correlate/request-group.js';
import type { OperationType } from './registry.js';
import type { Recognizer } from './recognizer.js';
import { INSTANCE_LOCK, instanceLock } from './instance-lock.js';
import { messageGate } from '../correlate/message-gate.js';
import { BY_TYPE, RECOGNIZERS } from './registry.js';

export interface Draft {
  readonly recognizer: Recognizer;
  readonly variant: string | null;
  readonly instance: string | null;
  /** The instance named by the API path (null for boot): entries about other instances are not this one's. */
  readonly fromApi: boolean;
  /**
   * Named only by the release of its instance lock, at this time: its first lines are not in the input, or (a
   * greenthread going on under another request's ID, as Queens' delete under Neutron's event) they are in another
   * request. The analyzer tells which.
   */
  readonly releasedAt?: number | null;
}

// `Lock "<uuid>" acquired by "nova.compute.manager.ComputeManager.stop_instance.<locals>.do_stop_instance"`
// (py2: `nova.compute.manager.do_stop_instance`), and Juno's `Got semaphore / lock "do_stop_instance"`.
// The release of the instance lock names the holder too (instanceLock): an operation whose first lines were
// rotated away is still named by its last ones (see Draft.releasedAt).
const LOCK_HOLDER = /^(?:Lock "[^"]+" acquired by|Acquiring lock "[^"]+" by|Got semaphore \/ lock) "([^"]+)"/;

/**
 * Method and kind of path -> the recognizers' shapes for it, in the registry's order: every request closed is typed
 * here (most are reads no recognizer has a shape for), so the registry is not walked whole for each.
 */
const SHAPES = new Map<string, { readonly recognizer: Recognizer; readonly actions: readonly string[] | undefined }[]>();
for (const recognizer of RECOGNIZERS) {
  for (const shape of recognizer.api) {
    const key = `${shape.method} ${shape.path}`;
    let list = SHAPES.get(key);
    if (list === undefined) SHAPES.set(key, list = []);
    list.push({ recognizer, actions: shape.actions });
  }
}

function byShape(method: string, kind: string, key: string | null): Recognizer | null {
  for (const { recognizer, actions } of SHAPES.get(`${method} ${kind}`) ?? []) {
    if (actions && (key === null || !actions.includes(key))) continue;
    return recognizer;
  }
  return null;
}

/** The operation a dispatch line names, with the kind of path it went to; null for none (`addFloatingIp`, a show). */
export function dispatchedType(action: ApiAction): { recognizer: Recognizer; path: string } | null {
  const shape = shapeOfAction(action);
  const recognizer = shape === null ? null : byShape(shape.method, shape.path, action.key);
  return recognizer === null || shape === null ? null : { recognizer, path: shape.path };
}

/**
 * A request the API dispatched but never answered in these logs (they end first, or the worker hung): typed by its
 * dispatch line, on the instance the API's lines after it name (`Fetching instance by UUID`; a boot's own). Not
 * before an instance is named: an operation's ID names its instance, and following live, the operation must keep
 * the ID it was started with.
 */
function unansweredType(group: RequestGroup): { recognizer: Recognizer; server: string | null } | null {
  const typed = group.action === null ? null : dispatchedType(group.action);
  if (typed === null) return null;
  const { recognizer, path } = typed;
  if (path === 'servers') return group.instances.size > 0 ? { recognizer, server: null } : null;
  const server = group.entries.find((e) => e.service === 'api' && e.instance !== null)?.instance ?? null;
  return server === null ? null : { recognizer, server };
}

function apiType(group: RequestGroup): { recognizer: Recognizer; server: string | null } | null | 'untyped' {
  const api = group.api;
  if (api === null) return unansweredType(group);
  const path = readServerPath(api.path);
  if (path === null) return null;
  const key = group.action?.key ?? null;
  const recognizer = byShape(api.method, path.kind, key);
  if (recognizer !== null) return { recognizer, server: path.server };
  if (path.kind !== 'action' || api.method !== 'POST' || key !== null) return null;
  // A server action whose body was not logged (nova-api at INFO, the default): the API's own INFO lines may name
  // it, else compute evidence may.
  const named = actionFromInfo(group);
  return named === null ? 'untyped' : { recognizer: named, server: path.server };
}

// Catalog 3.2: a refusal names the action, `HTTP exception thrown: Cannot 'os-stop' instance <uuid> while it is in
// vm_state stopped`; 7.11: an evacuation refused while the source runs, `... Compute service of <host> is still in use.`
// Localized where the host's locale leaked into nova-api (Queens, Italian: `Impossibile 'attach_volume' l'istanza
// <uuid> mentre si trova in vm_state error`): the quoted action is the same in every language.
const REFUSED_ACTION = /^HTTP exception thrown: [^'\s]{1,20} '([\w-]+)' \S/;
const EVACUATE_REFUSED = /^HTTP exception thrown: Compute service of \S+ is still in use/;

/** What an action's INFO-level API lines say it was: its refusal, or its status (confirmResize alone answers 204, catalog 7.15). */
function actionFromInfo(group: RequestGroup): Recognizer | null {
  if (group.api?.status === 204) return BY_TYPE.get('confirm-resize') ?? null;
  for (const e of group.entries) {
    if (e.service !== 'api') continue;
    if (EVACUATE_REFUSED.test(e.message)) return BY_TYPE.get('evacuate') ?? null;
    const key = REFUSED_ACTION.exec(e.message)?.[1];
    if (key !== undefined) {
      const named = RECOGNIZERS.find((r) => r.api.some((shape) => shape.path === 'action' && shape.actions?.includes(key)));
      if (named) return named;
    }
  }
  return null;
}

/**
 * Every pattern a compute line must match to name an operation below: a line none of whose literal prefixes it
 * starts with is passed over without running them (a quarter of all lines are read here, most naming nothing).
 */
const NAMING = messageGate([
  LOCK_HOLDER, INSTANCE_LOCK,
  ...RECOGNIZERS.flatMap((r) => [...(r.computeMarkers ?? []), ...(r.computeMarkersBeside?.lines ?? [])]),
]);

/**
 * The first compute line that names an operation, in time order. `gated` false runs every pattern on every line:
 * the reference the gate is tested against.
 */
export function computeEvidence(entries: readonly LogEntry[], gated = true): { recognizer: Recognizer; entry: LogEntry; released: boolean } | null {
  const beside = new Map<Recognizer, boolean>();
  const hasBeside = (r: Recognizer): boolean => {
    let known = beside.get(r);
    if (known === undefined) {
      const lines = r.computeMarkersBeside?.beside ?? [];
      known = entries.some((e) => e.service === 'compute' && lines.some((re) => re.test(e.message)));
      beside.set(r, known);
    }
    return known;
  };
  for (const e of entries) {
    if (e.service !== 'compute' || (gated && !NAMING.mayMatch(e.message))) continue;
    const taken = LOCK_HOLDER.exec(e.message)?.[1];
    const released = taken === undefined ? instanceLock(e.message) : null;
    const holder = taken ?? (released?.taken === false ? released.holder : undefined);
    for (const r of RECOGNIZERS) {
      if (holder !== undefined && r.computeLocks?.some((l) => holder === l || holder.endsWith(`.${l}`))) return { recognizer: r, entry: e, released: taken === undefined };
      if (r.computeMarkers?.some((re) => re.test(e.message))) return { recognizer: r, entry: e, released: false };
      if (r.computeMarkersBeside?.lines.some((re) => re.test(e.message)) && hasBeside(r)) return { recognizer: r, entry: e, released: false };
    }
  }
  return null;
}

const LOCK_UUID = /^(?:Lock|Acquiring lock) "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/;

// The instance's power-state sync around a request (catalog 11): `Synchronizing instance power state after
// lifecycle event "Started"; current vm_state: stopped, current task_state: powering-on, ...` or `During
// sync_power_state the instance has a pending task (powering-on). Skip.`; after a suspend, `current vm_state:
// suspended, current task_state: None`.
const PENDING_TASK = /^During sync_power_state the instance has a pending task \(([\w-]+)\)|current task_state: ([\w-]+)/;
const VM_STATE_NOW = /current vm_state: (\w+), current task_state: None/;
/** Task states, and vm states reached, that name an operation whose compute side logs no line of its own. */
const BY_STATE: Readonly<Record<string, OperationType>> = { 'powering-on': 'start', suspending: 'suspend', suspended: 'suspend' };

/**
 * Start and suspend log nothing of their own on compute (catalog 7.3, 7.7): with no API log, a request whose
 * compute lines only check the power state (`Checking state`) is named by the power-state sync lines logged about
 * its instance around it ([-] context lines). Null when they do not name one.
 */
export function recognizeFromPowerSync(group: RequestGroup, context: readonly LogEntry[]): Draft | null {
  if (group.api !== null || group.periodic || group.instances.size !== 1) return null;
  if (!group.entries.some((e) => e.service === 'compute' && e.message.startsWith('Checking state'))) return null;
  for (const e of context) {
    const m = PENDING_TASK.exec(e.message);
    const state = m?.[1] ?? (m?.[2] !== 'None' ? m?.[2] : undefined) ?? VM_STATE_NOW.exec(e.message)?.[1];
    const type = state === undefined ? undefined : BY_STATE[state];
    const recognizer = type === undefined ? undefined : RECOGNIZERS.find((r) => r.type === type);
    if (recognizer) return { recognizer, variant: null, instance: [...group.instances][0] ?? null, fromApi: false };
  }
  return null;
}

export function recognize(group: RequestGroup): Draft[] {
  if (group.periodic) return [];
  const typed = apiType(group);
  if (typed !== null && typed !== 'untyped') {
    const { recognizer, server } = typed;
    const variant = recognizer.variant && group.action ? recognizer.variant(group.action.body) : null;
    if (server !== null) return [{ recognizer, variant, instance: server, fromApi: true }];
    // boot: one operation per instance the request built (multi-create), or one with no instance when none
    // was created (rejected at the API).
    const instances = [...group.instances];
    if (instances.length === 0) return [{ recognizer, variant, instance: null, fromApi: false }];
    return instances.map((instance) => ({ recognizer, variant, instance, fromApi: false }));
  }
  if (typed === null && group.api !== null) return [];
  // No API log, or an action the API did not describe: compute evidence. Periodic contexts were left out above.
  const evidence = computeEvidence(group.entries);
  if (evidence === null) return [];
  // A multi-create's one request builds each of its instances (on one host or several): a boot each.
  if (evidence.recognizer.type === 'boot' && group.instances.size > 1) {
    return [...group.instances].map((instance) => ({ recognizer: evidence.recognizer, variant: null, instance, fromApi: false }));
  }
  const only = group.instances.size === 1 ? [...group.instances][0] ?? null : null;
  const instance = evidence.entry.instance ?? LOCK_UUID.exec(evidence.entry.message)?.[1]
    ?? group.api?.path.match(/[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}/)?.[0] ?? only;
  const draft = { recognizer: evidence.recognizer, variant: null, instance, fromApi: typed === 'untyped' };
  return [evidence.released ? { ...draft, releasedAt: evidence.entry.time } : draft];
}

