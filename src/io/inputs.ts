// Command-line paths -> the list of sources to read: files, directories searched for log files, globs, `-`.

import { createHash } from 'node:crypto';
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fg from 'fast-glob';
import { describeFsError } from './errors.js';
import { fingerprint } from './cache/fingerprint.js';
import { NovatraceError } from '../model/errors.js';

export interface Source {
  /** As the user named it (joined to the folder it was found in). `-` for stdin. */
  readonly path: string;
  readonly stdin: boolean;
  /** For year-less journald stamps; now for stdin. */
  readonly modified: Date;
  /**
   * A path that is not a regular file (a FIFO, `/dev/stdin`, `<(cmd)`'s `/dev/fd/N`, a character device): read once,
   * as a stream like `-`, never seeked, sized or opened twice.
   */
  readonly stream?: boolean;
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

/** LOG_PATTERNS on a file's name (`*.log`, `*.log.*`, `*.log-*`, `*.txt`, `*.txt.gz`). */
const LOG_NAME = /\.log$|\.log\.|\.log-|\.txt$|\.txt\.gz$/;

/**
 * The log files under `dir` (LOG_PATTERNS, recursively, symlinks followed, dot files and folders left out), sorted.
 * Each folder is searched once by its real path: a symlink back to a folder already searched (`ln -s .. up`) is
 * skipped, and said, as is a subfolder that cannot be read.
 */
export async function findInFolder(dir: string, warn: (message: string) => void = () => undefined): Promise<string[]> {
  const found: string[] = [];
  const searched = new Map<string, string>();
  const walk = async (folder: string): Promise<void> => {
    const real = await realpath(folder).catch(() => null);
    if (real === null) return;
    const first = searched.get(real);
    if (first !== undefined) {
      warn(`${folder}: a link back to ${first}, which is searched already: skipped`);
      return;
    }
    searched.set(real, folder);
    let names;
    try {
      names = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (folder === dir) throw error;
      warn(describeFsError(folder, error));
      return;
    }
    for (const e of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const path = join(folder, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = await stat(path).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) await walk(path);
      else if (isFile && LOG_NAME.test(e.name)) found.push(path);
    }
  };
  await walk(dir);
  return found.sort();
}

/** The files a glob matches now, sorted. */
export async function findByGlob(pattern: string): Promise<string[]> {
  return (await fg(pattern, { onlyFiles: true, followSymbolicLinks: true, suppressErrors: true })).sort();
}

async function expand(arg: string, warn: (message: string) => void): Promise<string[]> {
  try {
    const s = await stat(arg);
    if (s.isDirectory()) {
      const files = await findInFolder(arg, warn);
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

function syncOr<T, F>(call: () => T, fallback: () => F): T | F {
  try {
    return call();
  } catch {
    return fallback();
  }
}

/**
 * Every path that fails becomes a warning while another input is usable; when none is, the first failure is
 * the error (exit 2).
 */
export async function resolveInputs(args: readonly string[]): Promise<Resolved> {
  if (args.length === 0) throw new NovatraceError('no input: give log files, folders, globs, or - for stdin');
  const sources: Source[] = [];
  /** Real path, and device and inode (a hard link) -> the path it was first named by. */
  const seen = new Map<string, string>();
  const sizes = new Map<Source, number>();
  const failures: string[] = [];
  const notices: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (!seen.has('-')) sources.push({ path: '-', stdin: true, modified: new Date() });
      seen.set('-', '-');
      continue;
    }
    try {
      for (const path of await expand(arg, (m) => notices.push(m))) {
        // One file named twice (`logs/` and `./logs/../logs/n-cpu.log`, or through a symlink) is read once: its
        // lines would otherwise count twice in every phase.
        // Blocking: one thread-pool round trip each cost 0.15 s over the bench's 248 files.
        const key = syncOr(() => realpathSync(path), () => resolve(path));
        const info = syncOr(() => statSync(path), () => null);
        const inode = info === null ? null : `inode ${info.dev}:${info.ino}`;
        const first = seen.get(key) ?? (inode === null ? undefined : seen.get(inode));
        if (first !== undefined) {
          if (first !== path) notices.push(`${path} is the same file as ${first}: read once`);
          continue;
        }
        seen.set(key, path);
        if (inode !== null) seen.set(inode, path);
        // A missing file is reported when it is opened.
        const stream = info !== null && !info.isFile();
        const source: Source = stream ? { path, stdin: false, modified: new Date(), stream } : { path, stdin: false, modified: info?.mtime ?? new Date() };
        sources.push(source);
        if (info !== null && !stream) sizes.set(source, info.size);
      }
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (sources.length === 0) throw new NovatraceError(failures[0] ?? 'no input');
  const copies = await sameContent(sources, sizes);
  for (const [copy, original] of copies) notices.push(`${copy.path} has the same content as ${original.path}: read once`);
  return { sources: sources.filter((s) => !copies.has(s)), warnings: [...failures, ...notices] };
}

/** sha256 of the file's whole content; null when it cannot be read. */
async function digest(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/** The members of a group that share their digest with an earlier one -> that one. */
async function sameDigest(group: readonly Source[], digestOf: (s: Source) => Promise<string | null>): Promise<Map<Source, Source>> {
  const firstWith = new Map<string, Source>();
  const same = new Map<Source, Source>();
  for (const s of group) {
    const d = await digestOf(s);
    if (d === null) continue;
    const original = firstWith.get(d);
    if (original === undefined) firstWith.set(d, s);
    else same.set(s, original);
  }
  return same;
}

/**
 * Files with exactly the same bytes as an earlier one (a copied tree of the same host's logs): each copy -> the
 * file it copies. Only files of equal size are hashed.
 */
async function sameContent(sources: readonly Source[], sizes: ReadonlyMap<Source, number>): Promise<Map<Source, Source>> {
  const bySize = new Map<number, Source[]>();
  for (const s of sources) {
    const size = sizes.get(s);
    if (size === undefined || size === 0) continue;
    let group = bySize.get(size);
    if (!group) bySize.set(size, group = []);
    group.push(s);
  }
  const copies = new Map<Source, Source>();
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    // Their first 4 KB first (the hash the cache's fingerprint takes): logs of one size (a copied tree's, or rotated
    // files of a fixed size) nearly always differ there (a first line names its time), and hashing every one whole
    // cost 0.45 s on the bench corpus, whose 62 copies share 4 sizes.
    const sameHead = await sameDigest(group, async (s) => fingerprint(s.path)?.head ?? null);
    const originals = new Set(sameHead.values());
    const candidates = group.filter((s) => sameHead.has(s) || originals.has(s));
    if (candidates.length < 2) continue;
    for (const [copy, original] of await sameDigest(candidates, (s) => digest(s.path))) copies.set(copy, original);
  }
  return copies;
}

/** Each source's size in bytes (0 for stdin, another stream, or what cannot be stat'ed: reading it will say why). */
export async function sizesOf(sources: readonly Source[]): Promise<number[]> {
  return Promise.all(sources.map(async (s) => (s.stdin || s.stream === true ? 0 : (await stat(s.path).catch(() => null))?.size ?? 0)));
}
