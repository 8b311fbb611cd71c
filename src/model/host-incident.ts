// A failed compute host as one incident: the host went silent, the rest of Nova noticed (or was told), its
// instances were evacuated (or not), and it may have come back and cleaned up. Built by src/hosts/ from the
// per-host facts noted while entries stream and the final operations.

import type { Service } from './entry.js';
import type { Operation } from './operation.js';

/** How the host's log ended: a service stop was logged (`clean`), nothing was (`abrupt`), or the logs cannot say. */
export const HOST_ENDINGS = ['clean', 'abrupt', 'unknown'] as const;
export type HostEnding = (typeof HOST_ENDINGS)[number];

/** What the rest of Nova said or did about the host. */
export const HOST_EVENT_KINDS = [
  'service-down',
  'force-down',
  'force-up',
  'disable',
  'enable',
  /** An os-services update whose body nova-api did not log (INFO): one of the four, which is unknown. */
  'service-update',
  'hypervisor-lookup',
  'evacuate-refused',
  'evacuate',
  'service-stop',
  'start',
  'cleanup',
  'cleanup-failed',
  'power-sync',
] as const;
export type HostEventKind = (typeof HOST_EVENT_KINDS)[number];

export interface HostEvent {
  readonly time: number | null;
  readonly kind: HostEventKind;
  readonly service: Service;
  /** The host that logged it (compute lines); null for the API, the scheduler and the conductor without one. */
  readonly host: string | null;
  readonly requestId: string | null;
  readonly instance: string | null;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

/** Evacuations one client issued together: `host-evacuate` (one hypervisor lookup, then back-to-back evacuates). */
export interface EvacuationRun {
  readonly kind: 'host-evacuate' | 'evacuate';
  /** The `GET /os-hypervisors?hypervisor_hostname_pattern=<host>` that listed the host's servers; null for `evacuate`. */
  readonly lookup: { readonly time: number | null; readonly requestId: string | null } | null;
  readonly requestIds: readonly string[];
  readonly instances: readonly string[];
}

/** What became of one instance of the host. */
/** `deleted`: deleted while the host was down, before any evacuation of it (nothing left to evacuate). */
export const INSTANCE_FATES = ['evacuated', 'failed', 'incomplete', 'refused', 'not-evacuated', 'deleted'] as const;
export type InstanceFate = (typeof INSTANCE_FATES)[number];

export interface IncidentInstance {
  readonly instance: string;
  readonly fate: InstanceFate;
  /** The accepted evacuation's request ID (the last one tried). */
  readonly requestId: string | null;
  readonly destination: string | null;
  /** Its operations about the incident (refused and accepted evacuations), as analyze gives them. */
  readonly operations: readonly Operation[];
}

export interface HostCleanup {
  readonly time: number | null;
  readonly instance: string | null;
  readonly requestId: string | null;
  readonly message: string;
  readonly failed: boolean;
}

export interface HostReturn {
  /** The first line of the host after its silence. */
  readonly time: number | null;
  /** `Starting compute node (version ...)`: null when not logged. */
  readonly started: number | null;
  readonly cleanups: readonly HostCleanup[];
  /** What went wrong on its return: a clean-up that failed or is missing, an instance it still acts on. */
  readonly problems: readonly string[];
}

/** An instance's volumes as the logs say, when the first evacuation of the incident came. */
export interface InstanceVolumes {
  readonly instance: string;
  /** Attached (by nova-api's POST, compute's `Attaching volume`, a swap) and not detached since, in attach order. */
  readonly attached: readonly string[];
  /** Attached once and detached (or the attach failed) before then. */
  readonly detached: readonly string[];
  /** Attachments whose volume no line names (nova-api at INFO logs the POST without its body). */
  readonly unnamed: number;
  /** Its evacuation's destination logged `disk on volume, evacuating using existing volume`: its root disk is a volume. */
  readonly rootOnVolume: boolean;
}

export const INCIDENT_OUTCOMES = ['all-evacuated', 'some-failed', 'none'] as const;
export type IncidentOutcome = (typeof INCIDENT_OUTCOMES)[number];

export interface HostIncident {
  readonly host: string;
  /** The host's last line before its silence: null when no compute log of the host is among the inputs. */
  readonly lastLine: number | null;
  /** From that line to its next line, or to the end of the logs when it never came back; null when unknown. */
  readonly silenceMs: number | null;
  readonly ended: HostEnding;
  readonly events: readonly HostEvent[];
  readonly evacuations: readonly EvacuationRun[];
  readonly instances: readonly IncidentInstance[];
  readonly returned: HostReturn | null;
  readonly outcome: IncidentOutcome;
  /** The first and last time of the incident: its last line (or first event) to its last event or evacuation. */
  readonly start: number;
  readonly end: number;
  /** The host's instances with a volume the logs name (or an attach whose volume they do not), in instance order. */
  readonly volumes: readonly InstanceVolumes[];
  /** A cinder-volume log named a backend on the host (`host@backend`); null: no cinder-volume log among the inputs. */
  readonly volumeBackendOnHost: boolean | null;
  /** The backends it named there (`compute2@lvmdriver-1`). */
  readonly volumeBackends: readonly string[];
  /** What the inputs cannot tell (no API log: force-down and refusals unknown; ...). */
  readonly unknown: readonly string[];
}

/**
 * The incidents with each instance's operations through `swap` (the same operations, read again with their
 * entries): the terminal UI reaches an incident's operations from its host view.
 */
export function withIncidentOperations(incidents: readonly HostIncident[], swap: (op: Operation) => Operation): HostIncident[] {
  return incidents.map((incident) => ({ ...incident, instances: incident.instances.map((x) => ({ ...x, operations: x.operations.map(swap) })) }));
}
