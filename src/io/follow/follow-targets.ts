// What the user typed -> what to follow: named files (which may not exist yet), folders searched for log files
// as reading does (LOG_PATTERNS), and globs; each says which folders to watch and which files it means now.

import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeFsError } from '../errors.js';
import { NovatraceError } from '../../model/errors.js';
import { findByGlob, findInFolder, isGlob } from '../inputs.js';
import { globBases } from './glob-base.js';
import type { GlobBase } from './glob-base.js';

export type FollowTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'folder'; readonly path: string }
  | { readonly kind: 'glob'; readonly path: string; readonly bases: readonly GlobBase[] };

export interface BadArg {
  readonly path: string;
  readonly message: string;
}

export interface Targets {
  readonly targets: readonly FollowTarget[];
  /** Arguments that cannot be followed while others can (the caller reports them; they are not fatal). */
  readonly bad: readonly BadArg[];
}

/** A folder to watch: chokidar's depth below it; `only` (absolute paths) limits it to the named files in it. */
export interface WatchRoot {
  readonly dir: string;
  readonly depth: number | undefined;
  readonly only: ReadonlySet<string> | null;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Throws NovatraceError for an argument that can never be followed. */
async function classify(arg: string): Promise<FollowTarget> {
  if (arg === '-') throw new NovatraceError('-: standard input cannot be followed; name the log files');
  try {
    return (await stat(arg)).isDirectory() ? { kind: 'folder', path: arg } : { kind: 'file', path: arg };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw new NovatraceError(describeFsError(arg, error));
  }
  if (isGlob(arg)) {
    const bases = globBases(arg);
    const present = [];
    for (const base of bases) if (await isFolder(base.dir)) present.push(base);
    if (present.length === 0) throw new NovatraceError(`${arg}: no folder to watch for this pattern (${bases.map((b) => b.dir).join(', ')}: no such directory)`);
    return { kind: 'glob', path: arg, bases: present };
  }
  // A log that does not exist yet is waited for, as tail -F does; a missing folder is more likely a typo.
  const parent = dirname(arg);
  if (!(await isFolder(parent))) throw new NovatraceError(`${arg}: no such file, and no folder ${parent} to wait for it in`);
  return { kind: 'file', path: arg };
}

/**
 * Like reading's resolveInputs: a bad argument is reported while another can be followed; when none can, the
 * first problem is the error (exit 2).
 */
export async function resolveTargets(args: readonly string[]): Promise<Targets> {
  if (args.length === 0) throw new NovatraceError('no input: give log files, folders or globs to follow');
  const targets: FollowTarget[] = [];
  const bad: BadArg[] = [];
  for (const arg of args) {
    try {
      targets.push(await classify(arg));
    } catch (error) {
      if (!(error instanceof NovatraceError)) throw error;
      bad.push({ path: arg, message: error.message });
    }
  }
  if (targets.length === 0) throw new NovatraceError(bad[0]?.message ?? 'no input');
  return { targets, bad };
}

/** The files the target means now, sorted; a named file whether or not it exists. */
export async function listTarget(target: FollowTarget): Promise<string[]> {
  switch (target.kind) {
    case 'file': return [target.path];
    case 'folder': return findInFolder(target.path);
    case 'glob': return findByGlob(target.path);
  }
}

/** Absolute folders whose changes can concern the target. */
export function targetDirs(target: FollowTarget): string[] {
  switch (target.kind) {
    case 'file': return [resolve(dirname(target.path))];
    case 'folder': return [resolve(target.path)];
    case 'glob': return target.bases.map((b) => resolve(b.dir));
  }
}

/** Named files share their folder's watch, limited to them; folders and globs watch everything below. */
export function watchRoots(targets: readonly FollowTarget[]): WatchRoot[] {
  const named = new Map<string, Set<string>>();
  const roots: WatchRoot[] = [];
  for (const target of targets) {
    if (target.kind === 'file') {
      const dir = dirname(target.path);
      const files = named.get(dir) ?? new Set<string>();
      files.add(resolve(target.path));
      named.set(dir, files);
    } else if (target.kind === 'folder') {
      roots.push({ dir: target.path, depth: undefined, only: null });
    } else {
      for (const base of target.bases) roots.push({ dir: base.dir, depth: base.depth, only: null });
    }
  }
  for (const [dir, only] of named) roots.push({ dir, depth: 0, only });
  return roots;
}
