// The identities an exported operation carries: its trace ID (the request's UUID, as OSProfiler's exporters use
// it), stable span IDs, and its times in the units trace formats count in.

import { createHash } from 'node:crypto';
import type { Operation } from '../model/operation.js';

function hexHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

const UUID_HEX = /^[0-9a-f]{32}$/;

/**
 * 32 hex characters: the global request ID's UUID (or the request ID's) without `req-` and dashes, as OSProfiler
 * makes a trace ID of a request; a hash of the operation's ID when it has no request ID that is a UUID.
 */
export function traceIdOf(op: Operation): string {
  const id = op.globalRequestId ?? op.requestIds[0] ?? '';
  const hex = id.toLowerCase().replace(/^req-/, '').replaceAll('-', '');
  return UUID_HEX.test(hex) && !/^0+$/.test(hex) ? hex : hexHash(`trace:${op.id}`, 32);
}

/** 16 hex characters, the same for the same operation and part on every run: `root`, or a phase's index. */
export function spanIdOf(op: Operation, part: 'root' | number): string {
  return hexHash(`span:${op.id}:${part}`, 16);
}

/** Epoch milliseconds (microseconds as the fraction) -> whole epoch microseconds. */
export function micros(ms: number): number {
  return Math.round(ms * 1000);
}

/** Epoch milliseconds -> epoch nanoseconds as a decimal string (int64 does not fit a JSON number). */
export function nanosText(ms: number): string {
  return (BigInt(micros(ms)) * 1000n).toString();
}
