// Which operation each kept error entry belongs to: the one whose request IDs include the entry's and whose time
// window holds it, else the operation of the entry's instance whose window holds it (lines under no or another
// request ID: lifecycle, the live-migration monitor), else one with its request ID (a line logged after the
// operation's window), else none.

import type { Operation } from '../model/operation.js';
import type { ErrorEntry } from './error-entries.js';

export interface AttachedEntry {
  readonly entry: ErrorEntry;
  readonly operation: Operation | null;
}

function holds(op: Operation, time: number | null): boolean {
  return time !== null && op.start <= time && time <= op.end;
}

export function attachEntries(entries: readonly ErrorEntry[], operations: readonly Operation[]): AttachedEntry[] {
  const byRequest = new Map<string, Operation[]>();
  const byInstance = new Map<string, Operation[]>();
  const index = (map: Map<string, Operation[]>, key: string, op: Operation): void => {
    const list = map.get(key);
    if (list) list.push(op);
    else map.set(key, [op]);
  };
  for (const op of operations) {
    for (const id of op.requestIds) index(byRequest, id.toLowerCase(), op);
    if (op.instance !== null) index(byInstance, op.instance, op);
  }
  return entries.map((entry) => {
    const ids = [entry.requestId, entry.globalRequestId].filter((id): id is string => id !== null).map((id) => id.toLowerCase());
    // Multi-create: one request ID, one operation per instance.
    const byId = ids.flatMap((id) => byRequest.get(id) ?? [])
      .filter((op) => entry.instance === null || op.instance === null || op.instance === entry.instance);
    const operation = byId.find((op) => holds(op, entry.time))
      ?? (entry.instance === null ? undefined : byInstance.get(entry.instance)?.find((op) => holds(op, entry.time)))
      ?? byId[0]
      ?? null;
    return { entry, operation };
  });
}
