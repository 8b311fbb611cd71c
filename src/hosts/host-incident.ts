// Host incidents from the final operations and the per-host facts: each compute host that went silent and had
// instances evacuated from it, with what the rest of Nova said and did about it, what became of each instance, and
// the host's return. Pure: the same operations and facts give the same incidents.

import { shortHost } from '../model/entry.js';
import type {
  EvacuationRun, HostCleanup, HostEnding, HostEvent, HostIncident, HostReturn, IncidentInstance, IncidentOutcome, InstanceFate, InstanceVolumes,
} from '../model/host-incident.js';
import type { Operation } from '../model/operation.js';
import type { HostFacts, HostRecord, HostRun } from './host-facts.js';
import { POWER_SYNC } from './host-facts.js';

/** Events this long before the host's last line belong to its incident (a refused evacuation while it was up). */
const BEFORE_MS = 10 * 60_000;
/** After its return, this long for its start-up, its clean-up and being forced up. */
const AFTER_RETURN_MS = 10 * 60_000;
/** A stop line this close to a run's last line ended it. */
const STOP_WITHIN_MS = 30_000;
/** novaclient's host-evacuate waits for each answer: the next POST comes at once. */
const BACK_TO_BACK_MS = 3_000;
/** The first evacuate after the hypervisor lookup. */
const AFTER_LOOKUP_MS = 60_000;
/** The host still naming an evacuated instance this long after its clean-up: it acts on one it believes it owns. */
const AFTER_CLEANUP_MS = 60_000;

const OWN_KINDS = new Set(['start', 'cleanup', 'cleanup-failed', 'power-sync']);

/** An evacuation and the host it left: its own source, else the host that last named its instance before it. */
interface FromHost {
  readonly op: Operation;
  readonly host: string;
}

/** The hosts' incidents, in time order. */
export function hostIncidents(operations: readonly Operation[], facts: HostFacts): HostIncident[] {
  // An evacuation that failed on the destination names no source (the source's clean-up, which would, never came).
  const evacuations: FromHost[] = operations.flatMap((op) => {
    if (op.type === 'rebuild') return rebuildElsewhere(op, facts);
    if (op.type !== 'evacuate') return [];
    const host = op.source ?? (op.instance === null ? null : facts.lastHostOf(op.instance, op.start));
    return host === null ? [] : [{ op, host: shortHost(host) }];
  });
  const groups = new Map<string, { host: string; run: number; ops: Operation[] }>();
  for (const { op, host } of evacuations) {
    if (op.outcome === 'rejected') continue;
    const run = runAt(facts.get(host), op.start);
    const key = `${host}\u0000${run}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, g = { host, run, ops: [] });
    g.ops.push(op);
  }
  const incidents = [...groups.values()].map((g) => incident(g.host, g.run, g.ops, evacuations, operations, facts));
  return incidents.sort((a, b) => a.start - b.start || a.host.localeCompare(b.host));
}

/**
 * A rebuild named from compute's lines alone (no API log) on a host other than the one that last named its instance:
 * an evacuation before Rocky, whose destination logged `Rebuilding instance` for both (catalog 7.11 c).
 */
function rebuildElsewhere(op: Operation, facts: HostFacts): FromHost[] {
  if (op.httpStatus !== null || op.instance === null) return [];
  const at = op.destination ?? op.hosts[0] ?? null;
  const before = facts.lastHostOf(op.instance, op.start);
  return at === null || before === null || shortHost(at) === shortHost(before) ? [] : [{ op, host: shortHost(before) }];
}

/** The index of the host's run of lines in which (or after which) `time` falls; -1 when none is before it. */
function runAt(record: HostRecord | undefined, time: number): number {
  if (record === undefined) return -1;
  let found = -1;
  for (let i = 0; i < record.runs.length; i++) {
    if ((record.runs[i] as HostRun).first <= time) found = i;
    else break;
  }
  return found;
}

function apiEnd(op: Operation): number {
  const api = op.phases.find((p) => p.service === 'api');
  return api?.end ?? op.start;
}

function incident(host: string, runIndex: number, accepted: Operation[], evacuations: readonly FromHost[], all: readonly Operation[], facts: HostFacts): HostIncident {
  const record = facts.get(host);
  const run = runIndex < 0 ? undefined : record?.runs[runIndex];
  const next = runIndex < 0 ? record?.runs[0] : record?.runs[runIndex + 1];
  const firstEvac = Math.min(...accepted.map((op) => op.start));
  const lastLine = run?.last ?? null;
  const from = (lastLine ?? firstEvac) - BEFORE_MS;
  const lastEvacEnd = Math.max(...accepted.map((op) => op.end));
  const to = Math.max(lastEvacEnd, next === undefined ? facts.end : next.first + AFTER_RETURN_MS);
  const within = (t: number | null): boolean => t !== null && t >= from && t <= to;
  const unknown: string[] = [];

  const ended: HostEnding = run === undefined ? 'unknown' : run.stop !== null && run.last - run.stop.time <= STOP_WITHIN_MS ? 'clean' : 'abrupt';
  if (run === undefined && next === undefined) {
    unknown.push(`no nova-compute log of ${host} among the inputs: its last line, how it stopped and whether it came back are unknown`);
  } else if (run === undefined) {
    unknown.push(`the nova-compute log of ${host} given begins after its silence began: its last line before it, and how it stopped, are unknown`);
  } else if (run.last > firstEvac) {
    unknown.push(`${host} still logged until ${new Date(run.last).toISOString()}, after the first evacuation was accepted: it was not silent when evacuated`);
  }

  const own = (record?.events ?? []).filter((e) => within(e.time));
  const events = dedupeRefusals(own.filter((e) => !OWN_KINDS.has(e.kind)));
  if (!facts.apiLogged) {
    unknown.push('no nova-api log among the inputs: force-down and force-up, enable and disable, the hypervisor lookup of '
      + '`nova host-evacuate` and refused evacuations are unknown');
  }
  if (events.some((e) => e.kind === 'service-update')) {
    unknown.push('nova-api logged os-services updates of the host without their body (its DEBUG lines are off): whether '
      + 'each forced the service down or up, or disabled or enabled it, is unknown');
  }
  if (accepted.some((op) => op.type === 'rebuild')) {
    unknown.push('evacuations read from compute\'s lines alone as rebuilds on another host (before Rocky, compute logs '
      + '`Rebuilding instance` for both): taken for evacuations');
  }

  // Every evacuation of an instance of this host in the incident's window, refused ones included.
  const mine = evacuations.filter((e) => e.host === host && within(e.op.start)).map((e) => e.op).sort((a, b) => a.start - b.start);
  const runs = evacuationRuns(mine, events.filter((e) => e.kind === 'hypervisor-lookup'));

  const instances = instancesOf(host, mine, lastLine ?? firstEvac, to, record, all);
  const returned = next === undefined ? null : returnOf(next, own, instances, record, to, all);
  if (next === undefined && run !== undefined) {
    unknown.push(`${host} logged nothing after its last line until the logs end: whether it came back, and cleaned up, is unknown`);
  }
  if (record !== undefined && record.dropped > 0) unknown.push(`${record.dropped} older runs or events of ${host} were dropped (memory bound)`);
  unknown.push(`instances ${host} held but no line of the logs given names are not listed`);

  const volumes = instances.flatMap((i) => volumesOf(i, firstEvac, facts));
  const backends = facts.backends.get(shortHost(host));
  const volumeBackendOnHost = facts.cinderVolumeLogged ? backends !== undefined : null;
  if (!facts.apiDebug && facts.computeVolumeLines === 0) {
    unknown.push(`the volumes attached to ${host}'s instances cannot be known: no nova-api DEBUG lines (the volumeId of an `
      + 'os-volume_attachments request) and no compute line naming a volume');
  } else if (volumes.some((v) => v.unnamed > 0)) {
    unknown.push('nova-api logged volume attachments without their body and no compute line named their volume: which volumes they attached is unknown');
  }
  // Said where it matters: some instance of the host has a volume.
  if (volumeBackendOnHost === null && volumes.length > 0) {
    unknown.push(`no cinder-volume log among the inputs: whether ${host} runs the volume backend of its instances' volumes (which they cannot reach while it is down) is unknown`);
  }

  const times = [
    ...(lastLine === null ? [] : [lastLine]), ...events.flatMap((e) => (e.time === null ? [] : [e.time])),
    ...mine.flatMap((op) => [op.start, op.end]), ...(returned?.cleanups ?? []).flatMap((c) => (c.time === null ? [] : [c.time])),
    ...(returned?.started == null ? [] : [returned.started]),
  ];
  // An instance deleted while the host was down had nothing left to evacuate: it counts neither way.
  const counted = instances.filter((i) => i.fate !== 'deleted');
  const evacuated = counted.filter((i) => i.fate === 'evacuated').length;
  const outcome: IncidentOutcome = evacuated === counted.length ? 'all-evacuated' : evacuated === 0 ? 'none' : 'some-failed';
  return {
    host: record?.host ?? host,
    lastLine,
    silenceMs: lastLine === null ? null : (next === undefined ? facts.end : next.first) - lastLine,
    ended, events, evacuations: runs, instances, returned, outcome,
    volumes, volumeBackendOnHost, volumeBackends: backends === undefined ? [] : [...backends.keys()],
    start: Math.min(...times), end: Math.max(...times),
    unknown,
  };
}

/**
 * An instance's volumes when the incident's first evacuation came: attaches and detaches (nova-api's and compute's
 * lines say the same attach twice: a set), and whether its evacuation found its root disk on a volume.
 */
function volumesOf(i: IncidentInstance, before: number, facts: HostFacts): InstanceVolumes[] {
  const attached: string[] = [];
  const detached: string[] = [];
  let unnamed = 0;
  const all = facts.volumes.get(i.instance) ?? [];
  const upTo = all.filter((f) => f.time <= before);
  for (const f of upTo) {
    if (f.volume === null) {
      // nova-api at INFO: compute's `Attaching volume` under the same request names it.
      if (!all.some((g) => g.volume !== null && g.requestId !== null && g.requestId === f.requestId)) unnamed++;
      continue;
    }
    const at = attached.indexOf(f.volume);
    if (f.action === 'attach') {
      if (at < 0) attached.push(f.volume);
      const was = detached.indexOf(f.volume);
      if (was >= 0) detached.splice(was, 1);
    } else if (at >= 0) {
      attached.splice(at, 1);
      if (!detached.includes(f.volume)) detached.push(f.volume);
    }
  }
  const rootOnVolume = i.operations.some((op) => op.outcome !== 'rejected' && op.requestIds.some((r) => facts.evacuatedOnVolume.has(r)));
  if (attached.length === 0 && detached.length === 0 && unnamed === 0 && !rootOnVolume) return [];
  return [{ instance: i.instance, attached, detached, unnamed, rootOnVolume }];
}

/** The API's answer and compute.api's ERROR before it say the same refusal: one event per request, the answer's. */
function dedupeRefusals(events: HostEvent[]): HostEvent[] {
  const chosen = new Map<string, HostEvent>();
  for (const e of events) {
    if (e.kind !== 'evacuate-refused' || e.requestId === null) continue;
    const had = chosen.get(e.requestId);
    if (had === undefined || (!had.message.startsWith('HTTP exception') && e.message.startsWith('HTTP exception'))) chosen.set(e.requestId, e);
  }
  return events.filter((e) => e.kind !== 'evacuate-refused' || e.requestId === null || chosen.get(e.requestId) === e);
}

/**
 * One `host-evacuate` per hypervisor lookup followed by back-to-back evacuations (novaclient's loop: each POST as
 * soon as the last one is answered); every other evacuation is an `evacuate` of its own.
 */
function evacuationRuns(ops: readonly Operation[], lookups: readonly HostEvent[]): EvacuationRun[] {
  const runs: { run: EvacuationRun; at: number }[] = [];
  const taken = new Set<Operation>();
  for (const lookup of lookups) {
    if (lookup.time === null) continue;
    const chain: Operation[] = [];
    for (const op of ops) {
      if (taken.has(op) || op.start < lookup.time) continue;
      const last = chain[chain.length - 1];
      const limit = last === undefined ? lookup.time + AFTER_LOOKUP_MS : apiEnd(last) + BACK_TO_BACK_MS;
      if (op.start > limit) break;
      chain.push(op);
    }
    if (chain.length === 0) continue;
    chain.forEach((op) => taken.add(op));
    runs.push({
      at: lookup.time,
      run: {
        kind: 'host-evacuate', lookup: { time: lookup.time, requestId: lookup.requestId },
        requestIds: chain.map((op) => op.requestIds[0] ?? op.id), instances: chain.map((op) => op.instance as string),
      },
    });
  }
  for (const op of ops) {
    if (taken.has(op)) continue;
    runs.push({ at: op.start, run: { kind: 'evacuate', lookup: null, requestIds: [op.requestIds[0] ?? op.id], instances: [op.instance as string] } });
  }
  return runs.sort((a, b) => a.at - b.at).map((r) => r.run);
}

function fateOf(ops: readonly Operation[]): { fate: InstanceFate; op: Operation | null } {
  const accepted = ops.filter((op) => op.outcome !== 'rejected');
  const last = accepted[accepted.length - 1];
  if (last === undefined) return { fate: ops.length > 0 ? 'refused' : 'not-evacuated', op: null };
  return { fate: last.outcome === 'succeeded' ? 'evacuated' : last.outcome === 'failed' ? 'failed' : 'incomplete', op: last };
}

/** Where an evacuation took the instance: its destination, or (a rebuild read from compute alone) its host. */
function destinationOf(op: Operation | null): string | null {
  return op === null ? null : op.destination ?? (op.type === 'rebuild' ? op.hosts[0] ?? null : null);
}

/**
 * The host's instances: those evacuated from it (or refused), then those its compute named before its silence and
 * that no operation took away (deleted, moved elsewhere, never built) by then.
 */
function instancesOf(
  host: string, evacs: readonly Operation[], silentFrom: number, to: number, record: HostRecord | undefined, all: readonly Operation[],
): IncidentInstance[] {
  const order: string[] = [];
  const byInstance = new Map<string, Operation[]>();
  for (const op of evacs) {
    const id = op.instance as string;
    if (!byInstance.has(id)) {
      byInstance.set(id, []);
      order.push(id);
    }
    (byInstance.get(id) as Operation[]).push(op);
  }
  const result: IncidentInstance[] = order.map((id) => {
    const ops = byInstance.get(id) as Operation[];
    const { fate, op } = fateOf(ops);
    return { instance: id, fate, requestId: op === null ? null : op.requestIds[0] ?? op.id, destination: destinationOf(op), operations: ops };
  });
  // Named in a run that began by the silence, in the order the host last named them then.
  const named: [string, number][] = [];
  for (const [id, seen] of record?.instances ?? []) {
    if (byInstance.has(id)) continue;
    const before = seen.filter((s) => s.first <= silentFrom);
    const last = before[before.length - 1];
    if (last !== undefined) named.push([id, Math.min(last.last, silentFrom)]);
  }
  named.sort((a, b) => a[1] - b[1]);
  for (const [id] of named) {
    if (!stillOn(host, id, silentFrom, all)) continue;
    const deleted = all.find((op) => op.instance === id && op.type === 'delete' && op.outcome === 'succeeded' && op.start >= silentFrom && op.start <= to);
    result.push(deleted === undefined
      ? { instance: id, fate: 'not-evacuated', requestId: null, destination: null, operations: [] }
      : { instance: id, fate: 'deleted', requestId: deleted.requestIds[0] ?? deleted.id, destination: null, operations: [deleted] });
  }
  return result;
}

/** Whether the instance's last operation before the silence left it on the host (none: it was there, named). */
function stillOn(host: string, instance: string, before: number, all: readonly Operation[]): boolean {
  let last: Operation | undefined;
  for (const op of all) if (op.instance === instance && op.start <= before && op.outcome !== 'rejected') last = op;
  if (last === undefined) return true;
  if (last.type === 'delete' || last.type === 'shelve') return last.outcome !== 'succeeded';
  if (last.type === 'boot' && last.outcome === 'failed') return false;
  const at = last.destination ?? last.selected ?? last.hosts[last.hosts.length - 1] ?? null;
  return at === null || shortHost(at) === host;
}

function returnOf(
  next: HostRun, own: readonly HostEvent[], instances: readonly IncidentInstance[], record: HostRecord | undefined, to: number, all: readonly Operation[],
): HostReturn {
  const after = own.filter((e) => e.time !== null && e.time >= next.first && e.time <= to);
  const started = after.find((e) => e.kind === 'start')?.time ?? null;
  const cleanups: HostCleanup[] = after.filter((e) => e.kind === 'cleanup' || e.kind === 'cleanup-failed').map((e) => ({
    time: e.time, instance: e.instance, requestId: e.requestId, message: e.message, failed: e.kind === 'cleanup-failed',
  }));
  const problems: string[] = [];
  for (const c of cleanups) if (c.failed) problems.push(`clean-up of ${c.instance ?? 'an instance'} failed: ${c.message}`);
  for (const e of after) {
    const m = e.kind === 'power-sync' ? POWER_SYNC.exec(e.message) : null;
    if (m !== null && Number(m[2]) > Number(m[1])) {
      problems.push(`its hypervisor holds ${Number(m[2]) - Number(m[1])} guest${Number(m[2]) - Number(m[1]) === 1 ? '' : 's'} the database does not give it (left behind by an evacuation?): ${e.message}`);
    }
  }
  for (const i of instances) {
    if (i.fate !== 'evacuated') continue;
    const mine = cleanups.filter((c) => c.instance === i.instance);
    const lastCleanup = Math.max(...mine.map((c) => c.time ?? -Infinity));
    // When the host last named it since its return; an operation of the instance since explains later lines (it
    // was moved back to the host).
    const since = record?.instances.get(i.instance)?.filter((s) => s.run >= next.first) ?? [];
    let lastNamed = since.length === 0 ? undefined : Math.max(...since.map((s) => s.last));
    const evacuatedAt = Math.max(...i.operations.map((op) => op.start));
    const later = all.filter((op) => op.instance === i.instance && op.start > evacuatedAt && op.start > next.first);
    if (lastNamed !== undefined && later.some((op) => op.start <= (lastNamed as number))) lastNamed = undefined;
    if (mine.length === 0) {
      problems.push(lastNamed !== undefined && lastNamed >= next.first
        ? `${i.instance}: no clean-up logged, and the host still acts on it (it believes it owns it)`
        : `${i.instance}: no clean-up of the evacuated instance logged`);
    } else if (lastNamed !== undefined && lastNamed > lastCleanup + AFTER_CLEANUP_MS) {
      problems.push(`${i.instance}: the host still logs about it after its clean-up (it believes it owns it)`);
    }
  }
  return { time: next.first, started, cleanups, problems };
}
