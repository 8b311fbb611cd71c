// The log line that shows what went wrong with an operation: its first error (the ERROR with the traceback, or the
// API's fault line), else its last line (where an incomplete or slow operation's logs stop), when its entries
// were kept.

import type { Service } from '../model/entry.js';
import type { LogLocation } from '../model/finding.js';
import type { Operation } from '../model/operation.js';

export function lastLine(op: Operation, service: Service | null = null): LogLocation | null {
  const entries = op.entries ?? [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e !== undefined && (service === null || e.service === service)) return { file: e.file, line: e.line };
  }
  return null;
}

export function failureLocation(op: Operation): LogLocation | null {
  return op.error !== null ? { file: op.error.file, line: op.error.line } : lastLine(op);
}
