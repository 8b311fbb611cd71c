// What each operation module declares about its Nova operation: how it shows at the API and, with no API log, on
// compute; what completes it (completion); where it runs (placement); and the lines that say it failed. The
// engine reads these declarations; no operation is special-cased anywhere else. One module per operation in
// ops/, listed in registry.ts (ARCHITECTURE.md: "A new operation").

import type { LogEntry } from '../model/entry.js';

export interface ApiShape {
  readonly method: 'POST' | 'DELETE' | 'PUT';
  /** Kind of path (see readServerPath): `servers`, `server`, `action`, `volume-attachments`, ... */
  readonly path: string;
  /** For `action` paths: the body keys that name this operation (`os-stop`). */
  readonly actions?: readonly string[];
}

/**
 * Where compute is sure to log one of a done sign's lines when the operation finishes: on every host, with every
 * driver (`always`); on a host that runs the libvirt driver (`libvirt`); on a host that logs at DEBUG (`debug`); on a
 * host that logs the compute manager's timings (`timings`: `Took N seconds to ...`, Mitaka on); or
 * nowhere for sure (`maybe`: a line that settles it when present and says nothing when absent).
 */
export type DoneLogged = 'always' | 'libvirt' | 'debug' | 'timings' | 'maybe';

export interface DoneSign {
  /** Any of these lines says it finished. */
  readonly lines: readonly RegExp[];
  readonly logged: DoneLogged;
  /** Only compute's lines under the operation's own request IDs count (`Checking state`: other requests check too). */
  readonly ownCompute?: boolean;
  /** What is missing when the logs end without it (the incomplete verdict's reason: "the logs end before ..."). */
  readonly missing: string;
}

export interface Completion {
  /**
   * A line compute logs at INFO in every release as it begins the work (`Attaching volume <id> to <device>`): with
   * the log of the host it runs on going on past the operation and no such line, the work never reached compute.
   * `missing` names it in the incomplete verdict's reason.
   */
  readonly begin?: { readonly lines: readonly RegExp[]; readonly missing: string };
  /** Done when the API answers: all its work is in nova-api (lock, unlock). */
  readonly byApi?: boolean;
  /** nova-api lines that say the API does it all this time (a local delete): done when the API answers. */
  readonly apiDone?: readonly RegExp[];
  /** Lines that say it finished, and where compute is sure to log them. */
  readonly done?: readonly DoneSign[];
}

/**
 * Where it runs, which decides the hosts it names: in nova-api alone (`api`); on the instance's host (`host`); on
 * the host the instance's last move left (`host-left`: confirm-resize cleans up the source, and says nothing of
 * where the instance is); from one host to another (`move`); back to the host the last move left (`return`:
 * revert-resize); or from a host that is down to another (`evacuate`: the old host cleans up after it when its
 * nova-compute starts again, however much later).
 */
export type Placement = 'api' | 'host' | 'host-left' | 'move' | 'return' | 'evacuate';

export interface Recognizer<Type extends string = string> {
  readonly type: Type;
  readonly api: readonly ApiShape[];
  /** Lock holders that name it on compute (suffix of the `by "..."` function), any release. */
  readonly computeLocks?: readonly string[];
  /** Compute lines that name it, when there is no API log. */
  readonly computeMarkers?: readonly RegExp[];
  /**
   * Compute lines that name it only when the same request also logged one of `beside` (a build's end beside its
   * claim: Queens logs a build's end under Neutron's event request too, which started nothing).
   */
  readonly computeMarkersBeside?: { readonly lines: readonly RegExp[]; readonly beside: readonly RegExp[] };
  /**
   * Key event name of those markers, when they are the compute manager's line as it begins the operation
   * (`Rescuing`, `Attaching volume ... to ...`): `rescuing`, `attaching-volume`.
   */
  readonly beginEvent?: string;
  readonly completion: Completion;
  readonly placement: Placement;
  /** Lines that show it failed, besides ERROR entries. */
  readonly failed?: readonly RegExp[];
  /** Variant from the API body (reboot SOFT/HARD). */
  readonly variant?: (body: string) => string | null;
  /** Variant from the operation's lines, when no API body named it (only the compute log given). */
  readonly computeVariant?: (entries: readonly LogEntry[]) => string | null;
}

/** Declares a recognizer, keeping its type's literal: the registry derives the operation types from them. */
export function recognizer<const Type extends string>(r: Recognizer<Type>): Recognizer<Type> {
  return r;
}

/** Moves an instance between hosts: source and destination are reported. */
export function moves(r: Recognizer): boolean {
  return r.placement === 'move' || r.placement === 'return' || r.placement === 'evacuate';
}

// The done signs several operations share (catalog 7).

/** The compute manager's last step with every driver: `_get_power_state` (DEBUG, under the request's own ID). */
export const CHECKING_STATE: DoneSign = {
  lines: [/^Checking state/], logged: 'debug', ownCompute: true, missing: 'compute logged "Checking state", its last step',
};

/** A done sign whose lines compute logs when the operation finishes, sure to be there where `logged` says. */
export function doneLines(logged: DoneLogged, ...lines: RegExp[]): DoneSign {
  return { lines, logged, missing: 'the line compute always logs when it finishes' };
}
