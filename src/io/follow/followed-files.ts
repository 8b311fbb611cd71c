// Who reads which file. A file is read by one follower only, whatever names it has (a symlink and its target, a
// log renamed into another followed name), and a file read to its end under one name is not read again under
// the name rotation gave it.

import type { FileIdentity } from './file-identity.js';

/** Files remembered as read to their end: one per rotation of each followed log, so a few hundred is years. */
const DONE_KEPT = 1024;

export class FollowedFiles<F> {
  private readonly byPath = new Map<string, F>();
  private readonly owners = new Map<FileIdentity, string>();
  private readonly done = new Set<FileIdentity>();

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  get size(): number {
    return this.byPath.size;
  }

  paths(): IterableIterator<string> {
    return this.byPath.keys();
  }

  followers(): F[] {
    return [...this.byPath.values()];
  }

  /** True when the file is followed under some name, or was read to its end. */
  taken(identity: FileIdentity): boolean {
    return this.owners.has(identity) || this.done.has(identity);
  }

  add(path: string, identity: FileIdentity, follower: F): void {
    this.byPath.set(path, follower);
    this.owners.set(identity, path);
  }

  /** A follower moved on to the new file its path names. */
  moved(from: FileIdentity, to: FileIdentity, path: string): void {
    this.release(from, true);
    this.owners.set(to, path);
  }

  /** `readToEnd`: the file still exists (renamed) and must not be read again; false once it was deleted. */
  drop(path: string, identity: FileIdentity, readToEnd: boolean): void {
    this.byPath.delete(path);
    this.release(identity, readToEnd);
  }

  private release(identity: FileIdentity, readToEnd: boolean): void {
    this.owners.delete(identity);
    if (!readToEnd) return;
    this.done.add(identity);
    if (this.done.size > DONE_KEPT) this.done.delete(this.done.values().next().value as FileIdentity);
  }
}
