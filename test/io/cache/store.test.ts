// The persistent cache's store: what was put comes back whole, and anything else (torn, flipped, another key or
// format, an unwritable folder) is a miss, never an answer.

import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore, CACHE_FORMAT, defaultCacheDir } from '../../../src/io/cache/store.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'novatrace-store-'));
/** The one entry file of a kind. */
function entryFile(dir: string, kind: string): string {
  const folder = join(dir, `v${CACHE_FORMAT}`, kind);
  const files = readdirSync(folder).filter((f) => f.endsWith('.bin'));
  expect(files).toHaveLength(1);
  return join(folder, files[0] as string);
}

describe('CacheStore', () => {
  it('gives back what was put under the same key, and nothing under another', () => {
    const store = new CacheStore(fresh());
    const payload = Buffer.from('{"operations":[]} \u00e9\u2603', 'utf8');
    expect(store.put('analysis', 'key one', payload)).toBe(true);
    expect(store.get('analysis', 'key one')?.equals(payload)).toBe(true);
    expect(store.get('analysis', 'key two')).toBeNull();
    expect(store.get('entries', 'key one')).toBeNull();
  });

  it.each([
    ['a flipped payload byte', (b: Buffer) => { b.writeUInt8(b.readUInt8(b.length - 3) ^ 1, b.length - 3); return b; }],
    ['a torn write (the last bytes missing)', (b: Buffer) => b.subarray(0, b.length - 5)],
    ['only the header', (b: Buffer) => b.subarray(0, 40)],
    ['an empty file', () => Buffer.alloc(0)],
    ['another format', (b: Buffer) => Buffer.from(b.toString('latin1').replace(`novatrace-cache ${CACHE_FORMAT}`, `novatrace-cache ${CACHE_FORMAT + 1}`), 'latin1')],
  ])('%s is a miss, and the entry is removed so that the next run writes it again', (_name, damage) => {
    const dir = fresh();
    const store = new CacheStore(dir);
    store.put('analysis', 'k', Buffer.from('x'.repeat(1000)));
    const file = entryFile(dir, 'analysis');
    writeFileSync(file, damage(readFileSync(file)));
    expect(store.get('analysis', 'k')).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(store.put('analysis', 'k', Buffer.from('y'))).toBe(true);
    expect(store.get('analysis', 'k')?.toString()).toBe('y');
  });

  it('an entry stored under another key with the same file name (a renamed file, a hash collision) is a miss', () => {
    const dir = fresh();
    const store = new CacheStore(dir);
    store.put('analysis', 'a', Buffer.from('of a'));
    const a = entryFile(dir, 'analysis');
    const bytes = readFileSync(a);
    store.put('other', 'b', Buffer.from('of b'));
    // The entry of key "a" put where key "b"'s lives.
    writeFileSync(entryFile(dir, 'other'), bytes);
    expect(store.get('other', 'b')).toBeNull();
  });

  it('a folder that cannot be written: put says false and leaves nothing; get is a miss', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const store = new CacheStore(join(dir, 'file'));
    expect(store.put('analysis', 'k', Buffer.from('x'))).toBe(false);
    expect(store.get('analysis', 'k')).toBeNull();
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('keeps a kind under its limit by removing the entries used longest ago', () => {
    const dir = fresh();
    const store = new CacheStore(dir, 2500);
    store.put('analysis', 'old', Buffer.alloc(1000, 1));
    store.put('analysis', 'used', Buffer.alloc(1000, 2));
    // Reading "used" makes it the newest; "old" goes first when a third entry passes the limit.
    const past = new Date(Date.now() - 60_000);
    for (const f of readdirSync(join(dir, `v${CACHE_FORMAT}`, 'analysis'))) utimes(join(dir, `v${CACHE_FORMAT}`, 'analysis', f), past);
    expect(store.get('analysis', 'used')).not.toBeNull();
    store.put('analysis', 'new', Buffer.alloc(1000, 3));
    expect(store.get('analysis', 'old')).toBeNull();
    expect(store.get('analysis', 'used')).not.toBeNull();
    expect(store.get('analysis', 'new')).not.toBeNull();
  });
});

describe('CacheStore.writer', () => {
  it('an entry written in parts is the entry put whole, and is seen only once committed', () => {
    const dir = fresh();
    const store = new CacheStore(dir);
    const parts = ['{"operations":[', '{"a":"\u00e9"}', ',{"b":"\u2603"}', ']}'].map((p) => Buffer.from(p, 'utf8'));
    const writer = store.writer('analysis', 'parts');
    for (const p of parts) writer.write(p);
    expect(store.get('analysis', 'parts')).toBeNull();
    expect(writer.commit()).toBe(true);
    expect(store.get('analysis', 'parts')?.equals(Buffer.concat(parts))).toBe(true);
    // The same bytes on disk as put writes.
    const written = readFileSync(entryFile(dir, 'analysis'));
    const other = fresh();
    new CacheStore(other).put('analysis', 'parts', Buffer.concat(parts));
    expect(written.equals(readFileSync(entryFile(other, 'analysis')))).toBe(true);
  });

  it('an entry given up leaves nothing, not even its temporary file; abort after commit keeps it', () => {
    const dir = fresh();
    const store = new CacheStore(dir);
    const writer = store.writer('answer', 'k');
    writer.write(Buffer.from('half'));
    writer.abort();
    expect(readdirSync(join(dir, `v${CACHE_FORMAT}`, 'answer'))).toEqual([]);
    expect(writer.commit()).toBe(false);
    const kept = store.writer('answer', 'k');
    kept.write(Buffer.from('whole'));
    expect(kept.commit()).toBe(true);
    kept.abort();
    expect(store.get('answer', 'k')?.toString()).toBe('whole');
  });

  it('a folder that cannot be written: the writer takes parts and commits nothing', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const writer = new CacheStore(join(dir, 'file')).writer('analysis', 'k');
    writer.write(Buffer.from('x'));
    expect(writer.commit()).toBe(false);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});

describe('defaultCacheDir', () => {
  it('is $XDG_CACHE_HOME/novatrace, else ~/.cache/novatrace; a relative XDG_CACHE_HOME is ignored, as the spec says', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/novatrace');
    expect(defaultCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/novatrace');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' })).toBe('/home/u/.cache/novatrace');
  });
});

function utimes(file: string, when: Date): void {
  utimesSync(file, when, when);
}
