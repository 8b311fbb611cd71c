// What says a file is the one a cache entry was made from: its path, size, modification time, inode, and hashes of
// its first and last bytes. Appending changes the size and the tail; rewriting in place changes the time or the
// bytes at its ends; only a rewrite of the middle that keeps the size, the time and both ends goes unseen.

import { fstatSync, readdirSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './store.js';
import { withFile } from '../with-file.js';

/** Bytes hashed at each end of a file. */
export const END_BYTES = 4096;

export interface FileFingerprint {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  /** sha256 of the first END_BYTES (or fewer) bytes. */
  readonly head: string;
  /** sha256 of the last END_BYTES (or fewer) bytes. */
  readonly tail: string;
}

/**
 * The one buffer every fingerprint reads a file's ends into (each is hashed before the next read): a fingerprint is
 * taken of every input two to four times a run (the analysis's key, each file's index, the checkpoint), and a buffer
 * of END_BYTES each time is an ArrayBuffer of its own (Node pools only smaller ones): at 992 inputs, megabytes of
 * them waiting for a collection. Reads are blocking, so no two fingerprints share it at once.
 */
const endBytes = Buffer.allocUnsafe(END_BYTES);

/** The file's fingerprint, or null when it cannot be read (reading it will say why). */
export function fingerprint(file: string): FileFingerprint | null {
  return withFile(file, null, (fd) => {
    const s = fstatSync(fd);
    if (!s.isFile()) return null;
    const buffer = endBytes;
    const head = buffer.subarray(0, readSync(fd, buffer, 0, Math.min(END_BYTES, s.size), 0));
    const headHash = sha256(head);
    const from = Math.max(0, s.size - END_BYTES);
    const tail = buffer.subarray(0, readSync(fd, buffer, 0, s.size - from, from));
    return { path: path.resolve(file), size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, head: headHash, tail: sha256(tail) };
  });
}

let build: string | null = null;

/**
 * Names novatrace's own code: every module under this one's tree (dist/ when built, src/ under the tests) by path,
 * size and modification time. A cache entry made by other code, even of the same version, is never read; a rebuild
 * is other code (its files are written again), so a developer's cache never outlives a change.
 */
export function buildId(): string {
  if (build !== null) return build;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const parts: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const s = statSync(full);
      if (s.isDirectory()) walk(full);
      else if (/\.(js|ts|tsx|mjs)$/.test(name)) parts.push(`${path.relative(root, full)}\0${s.size}\0${s.mtimeMs}\n`);
    }
  };
  walk(root);
  build = sha256(...parts);
  return build;
}

/** Whether two fingerprints are of the same file with the same bytes, as far as they tell. */
export function samePrint(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.head === b.head && a.tail === b.tail && a.path === b.path;
}
