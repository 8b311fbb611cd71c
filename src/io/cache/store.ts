// The persistent cache's folder: entries written whole or not at all, read back only when their checksum holds.
// One file per entry, named by the hash of its key; a write goes to a temporary file renamed into place, so that
// concurrent runs never see (or make) half an entry: the last rename wins, and both wrote the same bytes.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { writeAllSync } from '../with-file.js';

/** Bumped whenever what an entry holds, or how, changes: entries of another format are never read. */
export const CACHE_FORMAT = 1;
const MAGIC = `novatrace-cache ${CACHE_FORMAT}\n`;
const HASH_HEX = 64;
/** Above this many bytes in a kind's folder, the entries read longest ago are removed after a write. */
const DEFAULT_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;

/** Where the cache lives by default: $XDG_CACHE_HOME/novatrace, else ~/.cache/novatrace; null when neither is known. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string | null {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'novatrace');
  let home: string;
  try {
    home = env['HOME'] ?? homedir();
  } catch {
    return null;
  }
  return home === '' ? null : path.join(home, '.cache', 'novatrace');
}

export function sha256(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

export class CacheStore {
  private readonly root: string;

  constructor(dir: string, private readonly limitBytes = DEFAULT_LIMIT_BYTES) {
    this.root = path.join(dir, `v${CACHE_FORMAT}`);
  }

  private fileOf(kind: string, key: string): string {
    return path.join(this.root, kind, `${sha256(key)}.bin`);
  }

  /**
   * The payload stored under this key, or null: none, unreadable, or not what was written (a different format, a
   * torn or corrupted file, another key). A bad entry is removed, so that the next run writes it again.
   */
  get(kind: string, key: string): Buffer | null {
    const file = this.fileOf(kind, key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return null;
    }
    const payload = checked(bytes, key);
    if (payload === null) {
      try {
        unlinkSync(file);
      } catch {
        // Another run removed or replaced it.
      }
      return null;
    }
    try {
      // Its modification time says when it was last used: the eviction removes the oldest.
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // A read-only cache still serves.
    }
    return payload;
  }

  /** Stores the payload; false (and nothing left behind) when the folder cannot be written. */
  put(kind: string, key: string, payload: Uint8Array): boolean {
    const writer = this.writer(kind, key);
    writer.write(payload);
    return writer.commit();
  }

  /**
   * An entry written in parts as it is made (an answer of tens of megabytes, where each operation's lines are),
   * never held whole: nothing of it is seen under its name before commit().
   */
  writer(kind: string, key: string): EntryWriter {
    const file = this.fileOf(kind, key);
    return new EntryWriter(file, key, () => this.evict(path.dirname(file)));
  }

  private evict(dir: string): void {
    evictOldest(dir, '.bin', this.limitBytes);
  }
}

/**
 * One entry being written: to a temporary file (the header's place kept, its checksum taken as the parts go by),
 * renamed into place by commit(). A part that cannot be written makes the whole entry fail, and leaves nothing.
 */
export class EntryWriter {
  private readonly temp: string;
  private readonly keyBytes: Buffer;
  private readonly hash = createHash('sha256');
  private fd: number | null = null;
  private done = false;

  constructor(private readonly file: string, key: string, private readonly evict: () => void) {
    const dir = path.dirname(file);
    this.temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.keyBytes = Buffer.from(key, 'utf8');
    this.hash.update(this.keyBytes);
    try {
      mkdirSync(dir, { recursive: true });
      this.fd = openSync(this.temp, 'w', 0o600);
      // The header's place: its checksum is known at the end.
      writeAllSync(this.fd, Buffer.alloc(this.header('0'.repeat(HASH_HEX)).length));
      writeAllSync(this.fd, this.keyBytes);
    } catch {
      this.abort();
    }
  }

  private header(hash: string): Buffer {
    return Buffer.from(`${MAGIC}${hash}\n${this.keyBytes.length}\n`, 'latin1');
  }

  write(part: Uint8Array): void {
    if (this.fd === null) return;
    try {
      this.hash.update(part);
      writeAllSync(this.fd, part);
    } catch {
      this.abort();
    }
  }

  /** Puts the entry in place; false (and nothing left behind) when it could not be written, or was given up. */
  commit(): boolean {
    if (this.fd === null) return false;
    try {
      const header = this.header(this.hash.digest('hex'));
      writeAllSync(this.fd, header, header.length, 0);
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.temp, this.file);
      this.done = true;
    } catch {
      this.abort();
      return false;
    }
    this.evict();
    return true;
  }

  /** Gives the entry up: what was written is removed (nothing, once committed). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // Closed already.
      }
      this.fd = null;
    }
    try {
      unlinkSync(this.temp);
    } catch {
      // Never made.
    }
  }
}

/**
 * Removes the files of a cache folder (those ending in `suffix`) used longest ago, by their modification time (a
 * read touches it), until the folder holds at most `limitBytes`.
 */
export function evictOldest(dir: string, suffix: string, limitBytes: number): void {
  let files: { file: string; size: number; used: number }[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => {
      const s = statSync(path.join(dir, f));
      return { file: path.join(dir, f), size: s.size, used: s.mtimeMs };
    });
  } catch {
    return;
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  if (total <= limitBytes) return;
  files.sort((a, b) => a.used - b.used);
  for (const f of files) {
    if (total <= limitBytes) break;
    try {
      unlinkSync(f.file);
      total -= f.size;
    } catch {
      // Gone already.
    }
  }
}

/** The payload of an entry's bytes when its header, key and checksum hold; else null. */
function checked(bytes: Buffer, key: string): Buffer | null {
  if (bytes.length < MAGIC.length + HASH_HEX + 2 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  let at = MAGIC.length;
  const hash = bytes.toString('latin1', at, at + HASH_HEX);
  at += HASH_HEX;
  if (bytes[at] !== 0x0a) return null;
  at++;
  const nl = bytes.indexOf(0x0a, at);
  if (nl < 0 || nl - at > 12) return null;
  const keyLength = Number(bytes.toString('latin1', at, nl));
  at = nl + 1;
  if (!Number.isSafeInteger(keyLength) || at + keyLength > bytes.length) return null;
  const keyBytes = bytes.subarray(at, at + keyLength);
  const payload = bytes.subarray(at + keyLength);
  if (keyBytes.toString('utf8') !== key || sha256(keyBytes, payload) !== hash) return null;
  return payload;
}
