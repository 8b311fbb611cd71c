// Where an operation ran and where a line was logged, in the words every view uses: `compute1 -> compute2`,
// `compute@compute1`, and an `other` service named by its file (`n-net@host`).

import type { Operation } from '../model/operation.js';

export function hostsText(op: Operation): string {
  // An unshelve from shelved-offloaded comes from no host: the scheduler picks one (catalog 7.14).
  if (op.type === 'unshelve' && op.source === null && op.destination !== null) return `-> ${op.destination}`;
  if (op.source !== null || op.destination !== null) return `${op.source ?? '?'} -> ${op.destination ?? '?'}`;
  return op.hosts.length > 0 ? op.hosts.join(',') : '-';
}

export function where(service: string, host: string | null): string {
  return host === null ? service : `${service}@${host}`;
}

/** A phase's or an error's service@host, an `other` one named by the service its file names (`n-net`). */
export function componentWhere(x: { readonly service: string; readonly component: string | null; readonly host: string | null }): string {
  return where(x.component ?? x.service, x.host);
}
