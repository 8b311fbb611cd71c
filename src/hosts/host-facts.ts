// What the logs say about each compute host, noted while entries stream (the analyzer keeps no line once its
// operation is final): when each host logged (runs of lines, split at a silence or a new process), the lines of a
// service stopping, and what the other services said or did about the host (service-down lines, os-services
// updates, hypervisor lookups, refused evacuations) and the host's own start-up and clean-up of evacuated
// instances. Bounded: runs and events per host are capped, the oldest dropped and counted.

import { readApiAction, readApiCall } from '../correlate/api-call.js';
import { Deployment } from '../correlate/deployment.js';
import { messageGate } from '../correlate/message-gate.js';
import type { LogEntry } from '../model/entry.js';
import { shortHost } from '../model/entry.js';
import { detach } from '../model/detach.js';
import { restoreInto } from '../model/restore.js';
import type { HostEvent, HostEventKind } from '../model/host-incident.js';

/** Lines of one host further apart than this are two runs: the silence between them is the one a failure leaves. */
export const SILENCE_MS = 10_000;
const MAX_RUNS = 20_000;
const MAX_EVENTS = 2_000;
const MAX_INSTANCES = 20_000;
const RUNS_PER_INSTANCE = 16;

/** A stretch of a compute host's log: lines no more than SILENCE_MS apart, of one process. */
export interface HostRun {
  readonly first: number;
  last: number;
  readonly pid: number | null;
  /** The newest line of it that says the service is stopping. */
  stop: { readonly time: number; readonly message: string } | null;
}

export interface HostRecord {
  readonly host: string;
  readonly runs: HostRun[];
  readonly events: HostEvent[];
  /**
   * Instance -> the runs in which the host's compute named it (a run by its first line's time) and when it last did
   * in each: the instances it held, and whether it still acted on one after its return. The newest few runs per instance.
   */
  readonly instances: Map<string, { readonly run: number; readonly first: number; last: number }[]>;
  dropped: number;
}

// oslo.service on SIGTERM/SIGINT/SIGHUP (every release); eventlet's wsgi on its way out; the amqp driver closing its
// channel as the service stops (Zed's nova-compute, stopped by SIGTERM, logs this and no 'Caught SIGTERM').
const STOP_SIGNS: readonly RegExp[] = [
  /^Caught SIG[A-Z]+, (?:exiting|stopping children)/,
  /^Wait called after thread killed\.\s+Cleaning up\./,
  /^Received method \(60, 30\) during closing channel/,
];

// Service start-up: `nova.service` INFO 'Starting %(topic)s node (version %(version)s)'.
const STARTING = /^Starting compute node \(version /;

// The returning host's clean-up of evacuated instances (init_host -> _destroy_evacuated_instances), per release
// (nova-log-catalog.md 7.11 c and 10).
const CLEANUP: readonly RegExp[] = [
  /^Destroying instance as it has been evacuated from this host but still exists in the hypervisor/, // Train+
  /^Deleting instance as it has been evacuated from this host/, // Liberty-Stein
  /^Deleting instance as its host \(.*\) is not equal to our host \(.*\)/, // Grizzly-Kilo
  /^Instance has been marked deleted already, removing it from the hypervisor\./,
  /^Cleaning up allocations of the instance as it has been evacuated from this host/,
];
const CLEANUP_FAILED = /^Failed to clean allocation of evacuated instance/;
// The periodic power-state sync: more guests on the hypervisor than the database gives the host (catalog section 9).
export const POWER_SYNC = /^While synchronizing instance power states, found (\d+) instances in the database and (\d+) instances on the hypervisor\./;
// Any of the compute lines above, by their literal prefixes (a gate): a compute line is tried against them all, and
// nearly none is one.
export const COMPUTE_SIGNS: readonly RegExp[] = [...STOP_SIGNS, STARTING, ...CLEANUP, CLEANUP_FAILED, POWER_SYNC];
const COMPUTE_SIGN = messageGate(COMPUTE_SIGNS);

// What other services say of a compute host they find down (the host's name captured).
export const DOWN: readonly RegExp[] = [
  /^Compute service of (\S+) is unavailable at this time\./, // ComputeServiceUnavailable
  /^Compute service on host (\S+) is down\. /, // HostAPI._update_compute_provider_status
  /^instance's host (\S+) is down, deleting from database/, // API._local_delete
  /^Seems service nova-compute on host (\S+) is down\./, // servicegroup db driver
  /^\((\S+?), \S+?\) .* has not been heard from in a while/, // the scheduler's ComputeFilter
];
// An evacuation refused because the source is up: the API's answer, and compute.api's ERROR before it.
export const REFUSED: readonly RegExp[] = [
  /^HTTP exception thrown: Compute service of (\S+) is still in use\./,
  /^Instance compute service state on (\S+) expected to be down, but it was up\./,
];
/** The gate of DOWN and REFUSED: every line of every service but compute is read by noteOther. */
const DOWN_OR_REFUSED = messageGate([...REFUSED, ...DOWN]);

const SERVICES_QUERY_HOST = /^\/v[\d.]+\/os-services\?(?:.*&)?host=([^&]+)/;
// Before 2.53: PUT /os-services/{enable,disable,disable-log-reason,force-down} with the host in the body.
const SERVICES_ACTION = /^\/v[\d.]+\/os-services\/(enable|disable|disable-log-reason|force-down)$/;
// 2.53+: PUT /os-services/<service uuid> with {"status": ..., "forced_down": ...}.
const SERVICES_UPDATE = /^\/v[\d.]+\/os-services\/([0-9a-f-]{36})$/;
// novaclient's host-evacuate: `hypervisor_hostname_pattern=<host>&with_servers=True` (2.53+), or
// `/os-hypervisors/<host>/servers` before.
const HYPERVISORS = /^\/v[\d.]+\/os-hypervisors(?:\?(?:.*&)?hypervisor_hostname_pattern=([^&]+)|\/([^/?]+)\/servers)/;
const BODY_HOST = /"host"\s*:\s*"([^"]+)"/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// POST /servers/<id>/os-volume_attachments (attach), PUT .../<volume> (swap: the new volume in the body), DELETE .../<volume> (detach).
const VOLUME_ATTACHMENTS = new RegExp(`/servers/(${UUID})/os-volume_attachments(?:/(${UUID}))?$`);
const BODY_VOLUME = new RegExp(`"volumeId"\\s*:\\s*"(${UUID})"`);
// Compute's lines naming a volume of an instance (catalog: ComputeManager._attach_volume, _detach_volume,
// _cleanup_volumes, _do_swap_volume; Mitaka's `Detach volume %s from mountpoint %s`).
const ATTACHING = new RegExp(`^Attaching volume (${UUID}) to `);
const ATTACH_FAILED = new RegExp(`^Failed to attach (${UUID}) at `);
const DETACHING = new RegExp(`^(?:Detaching volume:? |Detach volume )(${UUID})`);
const SWAPPING = new RegExp(`^Swapping volume (${UUID}) for (${UUID})`);
// The destination of an evacuation whose root disk is a volume (ComputeManager._do_rebuild_instance, Stein+; no [I]:
// its request ID ties it to the evacuation).
const EVACUATE_ON_VOLUME = /^disk on volume, evacuating using existing volume/;
export const VOLUME_LINES: readonly RegExp[] = [EVACUATE_ON_VOLUME, SWAPPING, ATTACHING, ATTACH_FAILED, DETACHING];
const VOLUME_LINE = messageGate(VOLUME_LINES);
// A cinder-volume service's host: `host@backend` (cinder's service host for a backend; `#pool` may follow).
const BACKEND = /(?:^|[\s'"(\[=:,])([A-Za-z0-9][\w.-]*)@([A-Za-z0-9][\w-]*(?:\.[\w-]+)*)(?=#|[\s'"),\].;:]|$)/g;
const CINDER_VOLUME_FILE = /(?:^|\/)(?:screen-|devstack@)?(?:c-vol|cinder-volume)[^/]*$/;
const MAX_VOLUME_INSTANCES = 20_000;
const VOLUME_FACTS_PER_INSTANCE = 64;
const MAX_BACKEND_HOSTS = 1_000;

/** A volume attached to or detached from an instance, as one line says. */
export interface VolumeFact {
  readonly time: number;
  readonly action: 'attach' | 'detach';
  /** null: nova-api logged the attach without its body (its DEBUG lines are off). */
  readonly volume: string | null;
  readonly requestId: string | null;
  readonly service: 'api' | 'compute';
}

/**
 * A VolumeFact as one literal, its fields always in this order (the order they had as `{ ...base, action, volume }`,
 * which a checkpoint keeps): built by spreading a base object, each fact got a hidden class of its own (V8's clone of
 * a literal's shape), 560 bytes a fact in all, 3.7 MB of the heap at 1.2 GB of logs (6,700 facts), growing with it.
 */
function volumeFact(time: number, requestId: string | null, service: VolumeFact['service'], action: VolumeFact['action'], volume: string | null): VolumeFact {
  return { time, requestId, service, action, volume };
}
const FORCED = /"forced_down"\s*:\s*(true|false)/;
const STATUS = /"status"\s*:\s*"(enabled|disabled)"/;

/** How long after an `os-services?host=X` read a PUT by the same user is taken to be about X (the CLI's two calls). */
const LOOKUP_LINK_MS = 60_000;

export class HostFacts {
  private readonly hosts = new Map<string, HostRecord>();
  /** API request ID -> the body of its `update` dispatch line (logged before its access line). */
  private readonly bodies = new Map<string, string>();
  /** User -> the host and time of their last `GET /os-services?host=`. */
  private readonly serviceReads = new Map<string, { readonly host: string; readonly time: number }>();
  /** Service UUID -> host, once a PUT on it was tied to a host. */
  private readonly serviceHosts = new Map<string, string>();
  /** File -> whether it is a cinder-volume log (its name, tested once). */
  private readonly cinderFiles = new Map<string, boolean>();
  /** Compute host -> its short name (few hosts, a line each). */
  private readonly shortHosts = new Map<string, string>();
  /** The newest entry time: the end of the logs. */
  end = -Infinity;
  apiLogged = false;
  /** nova-api logged a DEBUG line: the bodies of its requests (the volumeId of an attach) are known. */
  apiDebug = false;
  /** Instance -> its volume attachments and detachments, in log order (the newest few). */
  readonly volumes = new Map<string, VolumeFact[]>();
  /** Compute lines that named a volume of an instance. */
  computeVolumeLines = 0;
  /** Request IDs of evacuations whose destination said the disk is on a volume (the newest few thousand). */
  readonly evacuatedOnVolume = new Set<string>();
  /** A cinder-volume log was among the inputs. */
  cinderVolumeLogged = false;
  /** Short host -> the backends (`host@backend`) a cinder-volume log named there, with its first line naming each. */
  readonly backends = new Map<string, Map<string, { readonly time: number | null; readonly file: string; readonly line: number }>>();

  /**
   * Nova's own host of a compute line, where a JSON formatter stamped the machine's (two services on one machine):
   * the analyzer's store, which has noted each entry before it comes here (one store of the deployment, not two).
   * Without one, the facts keep and note their own.
   */
  private readonly deployment: Deployment;
  private readonly ownsDeployment: boolean;

  constructor(deployment?: Deployment) {
    this.deployment = deployment ?? new Deployment();
    this.ownsDeployment = deployment === undefined;
  }

  /**
   * What the facts hold, as data to serialize at once (the engine's checkpoint: commands/analysis-resume.ts), without
   * the deployment: the analyzer's own, checkpointed with it.
   */
  checkpoint(): object {
    const { deployment: _deployment, ownsDeployment: _owns, ...facts } = this;
    return facts;
  }

  /** Goes on from a checkpoint() of facts made beside the same kind of deployment. */
  restore(saved: object): void {
    restoreInto(this, { ...saved, deployment: this.deployment, ownsDeployment: this.ownsDeployment });
  }

  note(entry: LogEntry): void {
    if (entry.time !== null && entry.time > this.end) this.end = entry.time;
    if (entry.service === 'api') {
      this.apiLogged = true;
      if (entry.level === 'DEBUG') this.apiDebug = true;
      this.noteApi(entry);
    } else if (entry.service === 'compute' && entry.host !== null) {
      if (this.ownsDeployment) this.deployment.note(entry);
      const host = this.deployment.withHost(entry).host;
      if (host !== null) this.noteCompute(entry, this.short(host));
    }
    if (entry.service !== 'compute') this.noteOther(entry);
    if (entry.service === 'other') this.noteCinder(entry);
  }

  private volume(instance: string, fact: VolumeFact): void {
    let list = this.volumes.get(instance);
    if (list === undefined) {
      if (this.volumes.size >= MAX_VOLUME_INSTANCES) return;
      this.volumes.set(detach(instance), list = []);
    }
    if (list.length >= VOLUME_FACTS_PER_INSTANCE) list.shift();
    list.push(fact);
  }

  /** Compute's lines naming an instance's volume, and an evacuation onto a volume root disk. */
  private noteComputeVolume(entry: LogEntry): void {
    const m = entry.message;
    // Every pattern below is anchored: a line that starts as none of them does is none (no scan of the line).
    if (entry.time === null || !VOLUME_LINE.mayMatch(m)) return;
    if (EVACUATE_ON_VOLUME.test(m)) {
      if (entry.requestId !== null) {
        if (this.evacuatedOnVolume.size >= 4096) this.evacuatedOnVolume.delete(this.evacuatedOnVolume.values().next().value as string);
        this.evacuatedOnVolume.add(detach(entry.requestId));
      }
      return;
    }
    if (entry.instance === null) return;
    const { time } = entry;
    const requestId = detach(entry.requestId);
    const swap = SWAPPING.exec(m);
    const facts: VolumeFact[] = swap !== null
      ? [volumeFact(time, requestId, 'compute', 'detach', detach(swap[1] as string)), volumeFact(time, requestId, 'compute', 'attach', detach(swap[2] as string))]
      : [[ATTACHING, 'attach'], [ATTACH_FAILED, 'detach'], [DETACHING, 'detach']].flatMap(([re, action]) => {
        const v = (re as RegExp).exec(m)?.[1];
        return v === undefined ? [] : [volumeFact(time, requestId, 'compute', action as VolumeFact['action'], detach(v))];
      }).slice(0, 1);
    if (facts.length === 0) return;
    this.computeVolumeLines++;
    for (const f of facts) this.volume(entry.instance, f);
  }

  private short(host: string): string {
    let short = this.shortHosts.get(host);
    if (short === undefined) {
      short = shortHost(host);
      if (this.shortHosts.size < 10_000) this.shortHosts.set(detach(host), short);
    }
    return short;
  }

  private isCinderFile(file: string): boolean {
    let is = this.cinderFiles.get(file);
    if (is === undefined) {
      is = CINDER_VOLUME_FILE.test(file);
      if (this.cinderFiles.size < 10_000) this.cinderFiles.set(detach(file), is);
    }
    return is;
  }

  /** A cinder-volume line naming `host@backend`: a volume backend on that host. */
  private noteCinder(entry: LogEntry): void {
    if (!(entry.logger?.startsWith('cinder.volume') ?? false) && !this.isCinderFile(entry.file)) return;
    this.cinderVolumeLogged = true;
    if (!entry.message.includes('@')) return;
    for (const m of entry.message.matchAll(BACKEND)) {
      const host = shortHost(m[1] as string);
      let known = this.backends.get(host);
      if (known === undefined) {
        if (this.backends.size >= MAX_BACKEND_HOSTS) return;
        this.backends.set(detach(host), known = new Map());
      }
      const backend = `${m[1] as string}@${m[2] as string}`;
      if (!known.has(backend) && known.size < 16) known.set(detach(backend), { time: entry.time, file: detach(entry.file), line: entry.line });
    }
  }

  get(host: string): HostRecord | undefined {
    return this.hosts.get(shortHost(host));
  }

  /** The host whose compute named the instance last before `time`: where it was (null: none named it). */
  lastHostOf(instance: string, time: number): string | null {
    let best: { host: string; at: number } | null = null;
    for (const r of this.hosts.values()) {
      for (const seen of r.instances.get(instance) ?? []) {
        const at = Math.min(seen.last, time);
        if (seen.first < time && (best === null || at > best.at)) best = { host: r.host, at };
      }
    }
    return best?.host ?? null;
  }

  /** The hosts a compute log was read for. */
  get computeHosts(): ReadonlySet<string> {
    return new Set([...this.hosts.values()].filter((h) => h.runs.length > 0).map((h) => h.host));
  }

  private record(host: string): HostRecord {
    let r = this.hosts.get(host);
    if (r === undefined) this.hosts.set(host, r = { host: detach(host), runs: [], events: [], instances: new Map(), dropped: 0 });
    return r;
  }

  private event(host: string, kind: HostEventKind, entry: LogEntry, message = entry.message): void {
    const r = this.record(shortHost(host));
    if (r.events.length >= MAX_EVENTS) {
      r.events.shift();
      r.dropped++;
    }
    r.events.push({
      time: entry.time, kind, service: entry.service, host: entry.service === 'compute' ? entry.host : null,
      requestId: detach(entry.requestId), instance: detach(entry.instance), message: detach(message), file: detach(entry.file), line: entry.line,
    });
  }

  private named(r: HostRecord, instance: string, run: number, time: number): void {
    let seen = r.instances.get(instance);
    if (seen === undefined) {
      if (r.instances.size >= MAX_INSTANCES) return;
      r.instances.set(detach(instance), seen = []);
    }
    const last = seen[seen.length - 1];
    if (last !== undefined && last.run === run) {
      if (time > last.last) last.last = time;
      return;
    }
    if (seen.length >= RUNS_PER_INSTANCE) seen.shift();
    seen.push({ run, first: time, last: time });
  }

  private noteCompute(entry: LogEntry, host: string): void {
    const r = this.record(host);
    const time = entry.time;
    // Nearly no compute line is a stop, start-up, clean-up or power-sync line: one test says whether it may be.
    const sign = COMPUTE_SIGN.mayMatch(entry.message);
    if (time !== null) {
      const run = r.runs[r.runs.length - 1];
      if (run === undefined || time - run.last > SILENCE_MS || (entry.pid !== null && run.pid !== null && entry.pid !== run.pid)) {
        if (r.runs.length >= MAX_RUNS) {
          r.runs.shift();
          r.dropped++;
        }
        r.runs.push({ first: time, last: time, pid: entry.pid, stop: null });
      } else if (time > run.last) {
        run.last = time;
      }
      const current = r.runs[r.runs.length - 1] as HostRun;
      if (sign && STOP_SIGNS.some((s) => s.test(entry.message))) current.stop = { time, message: detach(entry.message) };
      if (entry.instance !== null) this.named(r, entry.instance, current.first, time);
    }
    this.noteComputeVolume(entry);
    if (!sign) return;
    if (STARTING.test(entry.message)) this.event(host, 'start', entry);
    else if (CLEANUP_FAILED.test(entry.message)) this.event(host, 'cleanup-failed', entry);
    else if (CLEANUP.some((c) => c.test(entry.message))) this.event(host, 'cleanup', entry);
    else if (POWER_SYNC.test(entry.message)) this.event(host, 'power-sync', entry);
  }

  /** The conductor's, the scheduler's and the API's lines about a host being down, and refused evacuations. */
  private noteOther(entry: LogEntry): void {
    const m = entry.message;
    // Every pattern is anchored: a line that starts as none of them does is no such line (no scan of the line).
    if (!DOWN_OR_REFUSED.mayMatch(m)) return;
    for (const re of REFUSED) {
      const host = re.exec(m)?.[1];
      if (host !== undefined) return this.event(host, 'evacuate-refused', entry);
    }
    for (const re of DOWN) {
      const host = re.exec(m)?.[1];
      if (host !== undefined) return this.event(host, 'service-down', entry);
    }
  }

  private noteApi(entry: LogEntry): void {
    // The body of an update (os-services) or of a volume attachment's create, logged before its access line.
    const dispatch = readApiAction(entry);
    if (dispatch !== null) {
      const kept = dispatch.name === 'update' || (dispatch.name === 'create' && dispatch.key === 'volumeAttachment');
      if (kept && entry.requestId !== null && this.bodies.size < 1000) this.bodies.set(detach(entry.requestId), detach(dispatch.body));
      return;
    }
    const call = readApiCall(entry);
    if (call === null) return;
    const { method, target: path, status } = call;
    const body = entry.requestId === null ? undefined : this.bodies.get(entry.requestId);
    if (entry.requestId !== null) this.bodies.delete(entry.requestId);
    const ok = status < 400;
    const decoded = (text: string): string => {
      try {
        return decodeURIComponent(text);
      } catch {
        return text;
      }
    };
    const attachment = VOLUME_ATTACHMENTS.exec(path.split('?')[0] as string);
    if (attachment !== null) {
      const [, instance, volume] = attachment as unknown as [string, string, string | undefined];
      if (!ok || entry.time === null) return;
      const named = body === undefined ? undefined : BODY_VOLUME.exec(body)?.[1];
      const { time } = entry;
      const requestId = detach(entry.requestId);
      if (method === 'POST') this.volume(instance, volumeFact(time, requestId, 'api', 'attach', named === undefined ? null : detach(named)));
      else if (method === 'DELETE' && volume !== undefined) this.volume(instance, volumeFact(time, requestId, 'api', 'detach', detach(volume)));
      else if (method === 'PUT' && volume !== undefined) {
        this.volume(instance, volumeFact(time, requestId, 'api', 'detach', detach(volume)));
        this.volume(instance, volumeFact(time, requestId, 'api', 'attach', named === undefined ? null : detach(named)));
      }
      return;
    }
    if (method === 'DELETE') return;
    if (method === 'GET') {
      const read = SERVICES_QUERY_HOST.exec(path)?.[1];
      if (read !== undefined && entry.user !== null && entry.time !== null) {
        this.serviceReads.set(detach(entry.user), { host: detach(decoded(read)), time: entry.time });
      }
      const h = HYPERVISORS.exec(path);
      const pattern = h?.[1] ?? h?.[2];
      if (pattern !== undefined && ok) this.event(decoded(pattern), 'hypervisor-lookup', entry, `${method} ${path} status ${status}`);
      return;
    }
    if (method === 'POST') return;
    const action = SERVICES_ACTION.exec(path)?.[1];
    if (action !== undefined) {
      const host = body === undefined ? undefined : BODY_HOST.exec(body)?.[1];
      if (host === undefined || !ok) return;
      const kind: HostEventKind = action === 'force-down'
        ? (FORCED.exec(body as string)?.[1] === 'false' ? 'force-up' : 'force-down')
        : action === 'enable' ? 'enable' : 'disable';
      return this.event(host, kind, entry, `${method} ${path} status ${status}, body ${body as string}`);
    }
    const uuid = SERVICES_UPDATE.exec(path)?.[1];
    if (uuid === undefined || !ok) return;
    let host = this.serviceHosts.get(uuid);
    const read = entry.user === null ? undefined : this.serviceReads.get(entry.user);
    if (read !== undefined && entry.time !== null && entry.time - read.time <= LOOKUP_LINK_MS) host = read.host;
    if (host === undefined) return;
    if (!this.serviceHosts.has(uuid)) this.serviceHosts.set(detach(uuid), host);
    const forced = body === undefined ? undefined : FORCED.exec(body)?.[1];
    const state = body === undefined ? undefined : STATUS.exec(body)?.[1];
    const kind: HostEventKind | null = forced === 'true' ? 'force-down' : forced === 'false' ? 'force-up'
      : state === 'disabled' ? 'disable' : state === 'enabled' ? 'enable' : null;
    if (kind === null && body !== undefined) return;
    this.event(host, kind ?? 'service-update', entry, `${method} ${path} status ${status}, body ${body ?? 'not logged'}`);
  }
}
