// Which host failure an operation leads to (H), and the lines its view scrolls over: the UI's side of src/hosts/,
// which built the incidents. Pure.

import { shortHost } from '../model/entry.js';
import type { HostIncident } from '../model/host-incident.js';
import type { Operation } from '../model/operation.js';
import type { IncidentLine } from '../format/host-incident.js';
import { incidentLines } from '../format/host-incident.js';
import type { UiModel } from './model.js';

const lines = new WeakMap<HostIncident, readonly IncidentLine[]>();

/** What `novatrace host` prints of the incident, line by line (built once per incident). */
export function hostLines(incident: HostIncident): readonly IncidentLine[] {
  let built = lines.get(incident);
  if (built === undefined) {
    built = incidentLines(incident);
    lines.set(incident, built);
  }
  return built;
}

const same = (a: string, b: string): boolean => shortHost(a).toLowerCase() === shortHost(b).toLowerCase();

/**
 * The hosts to look at for an operation: an evacuation's source (the host that failed); else its hosts, in order.
 */
export function hostsOf(op: Operation): readonly string[] {
  const hosts = op.type === 'evacuate' ? [op.source] : [...op.hosts, op.source, op.destination];
  const out: string[] = [];
  for (const h of hosts) if (h !== null && !out.some((o) => same(o, h))) out.push(h);
  return out;
}

/** Of a host's incidents, the one the operation falls in: the last that began before it ended, else the first. */
function nearest(model: UiModel, found: readonly number[], op: Operation): number {
  let best = found[0] as number;
  for (const i of found) if ((model.hostIncidents[i] as HostIncident).start <= op.end) best = i;
  return best;
}

export type IncidentTarget = { readonly incident: number } | { readonly notice: string };

/**
 * The incident (its index in the model) of the operation's host: the first of its hosts that has one. An evacuation
 * whose source the logs do not name (one that failed on its destination) is found by its request among the
 * incidents' instances. Else a word for the footer.
 */
export function incidentFor(model: UiModel, op: Operation): IncidentTarget {
  const hosts = hostsOf(op);
  for (const host of hosts) {
    const found = model.hostIncidents.flatMap((i, n) => (same(i.host, host) ? [n] : []));
    if (found.length > 0) return { incident: nearest(model, found, op) };
  }
  const request = new Set(op.requestIds);
  const byRequest = model.hostIncidents.findIndex((i) => i.instances.some((x) => x.operations.some((o) => o.requestIds.some((r) => request.has(r)))));
  if (byRequest >= 0) return { incident: byRequest };
  if (hosts.length === 0) return { notice: op.type === 'evacuate' ? 'no line names the host this evacuation left' : 'this operation names no host' };
  return { notice: `${hosts.join(', ')}: no host failure in these logs` };
}

/** The operation of the list a request ID is of (undefined: not among those loaded). */
export function operationOfRequest(model: UiModel, requestId: string): Operation | undefined {
  return model.operations.find((op) => op.requestIds.includes(requestId));
}
