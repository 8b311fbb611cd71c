// The interface every operation recognizer implements: how the operation shows at the API, on compute when
// no API log is given, when it is done, and when it failed. One module per operation in ops/, listed in
// registry.ts.

import type { LogEntry } from '../model/entry.js';
import type { OperationType } from '../model/operation.js';

export interface ApiShape {
  readonly method: 'POST' | 'DELETE' | 'PUT';
  /** Kind of path (see readServerPath): `servers`, `server`, `action`, `volume-attachments`, ... */
  readonly path: string;
  /** For `action` paths: the body keys that name this operation (`os-stop`). */
  readonly actions?: readonly string[];
}

export interface Recognizer {
  readonly type: OperationType;
  readonly api: readonly ApiShape[];
  /** Lock holders that name it on compute (suffix of the `by "..."` function), any release. */
  readonly computeLocks?: readonly string[];
  /** Compute lines that name it, when there is no API log. */
  readonly computeMarkers?: readonly RegExp[];
  /**
   * Key event name of those markers, when they are the compute manager's line as it begins the operation
   * (`Rescuing`, `Attaching volume ... to ...`): `rescuing`, `attaching-volume`.
   */
  readonly beginEvent?: string;
  /** Lines that show it finished. */
  readonly done?: readonly RegExp[];
  /**
   * The compute manager logs one of its done lines whenever it finishes, in every release and with every driver:
   * with none of them, and the logs ending soon after its last line, it has not finished.
   */
  readonly alwaysDone?: boolean;
  /** As alwaysDone, on a host that runs the libvirt driver: its done lines are the libvirt driver's. */
  readonly libvirtDone?: boolean;
  /**
   * Its last step on compute is to read the guest's power state (`_get_power_state`: DEBUG `Checking state`, under
   * the request's own ID), with every driver: done when compute logs it, and not finished when compute logs at
   * DEBUG, it is missing, and the logs end soon after the operation's last line.
   */
  readonly powerStateLast?: boolean;
  /** Lines that show it failed, besides ERROR entries. */
  readonly failed?: readonly RegExp[];
  /** Moves an instance between hosts: source and destination are reported. */
  readonly move?: boolean;
  /** Works on the host the instance left (confirm-resize cleans up the migration's source): says nothing of where it is. */
  readonly onHostLeft?: boolean;
  /** Takes the instance back to the host its last move left (revert-resize): that host is its destination. */
  readonly returns?: boolean;
  /** Done when the API answers (lock, unlock): no compute work to wait for. */
  readonly apiOnly?: boolean;
  /** API lines that say the API does it all this time (a local delete): done when the API answers. */
  readonly apiDone?: readonly RegExp[];
  /** Variant from the API body (reboot SOFT/HARD). */
  readonly variant?: (body: string) => string | null;
  /** Variant from the operation's lines, when no API body named it (only the compute log given). */
  readonly computeVariant?: (entries: readonly LogEntry[]) => string | null;
}
