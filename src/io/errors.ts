// File-system failures in words a user reads, and a warn that keeps what it said.

/** `ENOENT` and friends -> words a user reads, naming the path. */
export function describeFsError(path: string, error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT': return `${path}: no such file or directory`;
    case 'EACCES':
    case 'EPERM': return `${path}: permission denied`;
    case 'EISDIR': return `${path}: is a directory`;
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'Z_STREAM_ERROR': return `${path}: corrupt gzip data (${(error as Error).message})`;
    default: return `${path}: ${(error as Error)?.message ?? String(error)}`;
  }
}

/** A warn that also keeps what it said: for reports that carry their warnings (JSON, the terminal UI). */
export function keepingWarnings(warn: (message: string) => void): { warn: (message: string) => void; warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    warn: (message) => {
      warnings.push(message);
      warn(message);
    },
  };
}
