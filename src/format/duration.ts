// A duration as people read it in a table: 57ms, 3.61s, 2m05s.

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** An operation's duration, or `-` when its lines have no times (message-only logs: unknown, not 0). */
export function operationDuration(op: { readonly start: number; readonly end: number; readonly timed: boolean }): string {
  return op.timed ? formatDuration(op.end - op.start) : '-';
}
