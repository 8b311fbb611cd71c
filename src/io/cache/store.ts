// The persistent cache's folder: entries written whole or not at all, read back only when their checksum holds.
// One file per entry, named by the hash of its key; a write goes to a temporary file renamed into place, so that
// concurrent runs never see (or make) half an entry: the last rename wins, and both wrote the same bytes.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

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
    const file = this.fileOf(kind, key);
    const dir = path.dirname(file);
    const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      const keyBytes = Buffer.from(key, 'utf8');
      const header = Buffer.from(`${MAGIC}${sha256(keyBytes, payload)}\n${keyBytes.length}\n`, 'latin1');
      const fd = openSync(temp, 'w', 0o600);
      try {
        for (const part of [header, keyBytes, payload]) {
          for (let at = 0; at < part.length;) at += writeSync(fd, part, at, part.length - at);
        }
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
    } catch {
      try {
        unlinkSync(temp);
      } catch {
        // Never made.
      }
      return false;
    }
    this.evict(dir);
    return true;
  }

  private evict(dir: string): void {
    evictOldest(dir, '.bin', this.limitBytes);
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
