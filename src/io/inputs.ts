// Command-line paths -> the list of sources to read: files, directories searched for log files, globs, `-`.

import { realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fg from 'fast-glob';
import { describeFsError } from './errors.js';
import { NovatraceError } from '../model/errors.js';

export interface Source {
  /** As the user named it (joined to the folder it was found in). `-` for stdin. */
  readonly path: string;
  readonly stdin: boolean;
  /** For year-less journald stamps; now for stdin. */
  readonly modified: Date;
}

/**
 * Log file names inside folders: `*.log`, rotated `*.log.1` and `*.log-20151124`, devstack's `*.txt`, each also
 * `.gz`; `*.log.*` also finds research sets' `nova-api.log.bzip2.out` (compressed ones are named and skipped).
 */
export const LOG_PATTERNS: readonly string[] = ['**/*.log', '**/*.log.*', '**/*.log-*', '**/*.txt', '**/*.txt.gz'];

const GLOB_CHARS = /[*?[\]{}]/;

/** A path that does not exist is read as a glob when it has glob characters. */
export function isGlob(arg: string): boolean {
  return GLOB_CHARS.test(arg);
}

export interface Resolved {
  readonly sources: readonly Source[];
  readonly warnings: readonly string[];
}

/** The log files under `dir` (LOG_PATTERNS, recursively), sorted, joined to `dir`. */
export async function findInFolder(dir: string): Promise<string[]> {
  const found = await fg([...LOG_PATTERNS], { cwd: dir, onlyFiles: true, followSymbolicLinks: true, suppressErrors: true, dot: false });
  return found.sort().map((p) => join(dir, p));
}

/** The files a glob matches now, sorted. */
export async function findByGlob(pattern: string): Promise<string[]> {
  return (await fg(pattern, { onlyFiles: true, followSymbolicLinks: true, suppressErrors: true })).sort();
}

async function expand(arg: string): Promise<string[]> {
  try {
    const s = await stat(arg);
    if (s.isDirectory()) {
      const files = await findInFolder(arg);
      if (files.length === 0) throw new NovatraceError(`${arg}: no log files in this directory (looked for ${LOG_PATTERNS.join(', ')})`);
      return files;
    }
    return [arg];
  } catch (error) {
    if (error instanceof NovatraceError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' && isGlob(arg)) {
      const matches = await findByGlob(arg);
      if (matches.length === 0) throw new NovatraceError(`${arg}: the pattern matches no file`);
      return matches;
    }
    throw new NovatraceError(describeFsError(arg, error));
  }
}

/**
 * Every path that fails becomes a warning while another input is usable; when none is, the first failure is
 * the error (exit 2).
 */
export async function resolveInputs(args: readonly string[]): Promise<Resolved> {
  if (args.length === 0) throw new NovatraceError('no input: give log files, folders, globs, or - for stdin');
  const sources: Source[] = [];
  const seen = new Set<string>();
  const failures: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (!seen.has('-')) sources.push({ path: '-', stdin: true, modified: new Date() });
      seen.add('-');
      continue;
    }
    try {
      for (const path of await expand(arg)) {
        // One file named twice (`logs/` and `./logs/../logs/n-cpu.log`, or through a symlink) is read once: its
        // lines would otherwise count twice in every phase.
        const key = await realpath(path).catch(() => resolve(path));
        if (seen.has(key)) continue;
        seen.add(key);
        let modified = new Date();
        try {
          modified = (await stat(path)).mtime;
        } catch {
          // Reported when the file is opened.
        }
        sources.push({ path, stdin: false, modified });
      }
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (sources.length === 0) throw new NovatraceError(failures[0] ?? 'no input');
  return { sources, warnings: failures };
}
