// analyze's result kept in the persistent cache: a second analyze, export or host over logs that have not changed
// reads the operations back instead of reading the logs again. The key is every input's fingerprint, in order, the
// options that change what is read, and a hash of novatrace's own code: any change is a miss, never a stale answer.

import type { FileStats } from '../model/file-stats.js';
import type { Source } from '../io/inputs.js';
import { CacheStore } from '../io/cache/store.js';
import { buildId, fingerprint } from '../io/cache/fingerprint.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { Operation } from '../model/operation.js';
import type { UnattachedError } from '../model/unattached-error.js';
import type { HostIncident } from '../model/host-incident.js';

/** What an analysis leaves that its readers show, with the warnings it gave as it read (in order). */
export interface CachedAnalysis {
  readonly operations: Operation[];
  readonly unattached: UnattachedError[];
  readonly hostIncidents: HostIncident[];
  readonly computeHosts: ReadonlySet<string>;
  readonly fileStats: FileStats[];
  readonly files: ReadonlySet<string>;
  readonly warnings: readonly string[];
}

const KIND = 'analysis';

/**
 * The cache and this reading's key in it, or null when this reading cannot be cached: no cache, stdin or another
 * stream among the inputs (read once, nothing says what they held), or an input that cannot be read now.
 */
export function analysisCacheOf(sources: readonly Source[], options: ParseOptions): { store: CacheStore; key: string } | null {
  const dir = options.cache;
  if (dir === undefined || dir === null || sources.length === 0) return null;
  if (sources.some((s) => s.stdin || s.stream === true)) return null;
  const prints = [];
  for (const s of sources) {
    const print = fingerprint(s.path);
    if (print === null) return null;
    prints.push([s.path, print.path, print.size, print.mtimeMs, print.ino, print.head, print.tail]);
  }
  const { tz, year, alias, maxLine } = options.texts ?? {};
  const key = JSON.stringify({ kind: KIND, build: buildId(), options: { tz, year, alias, maxLine }, inputs: prints });
  return { store: new CacheStore(dir), key };
}

export function readCachedAnalysis(cache: { store: CacheStore; key: string }): CachedAnalysis | null {
  const bytes = cache.store.get(KIND, cache.key);
  if (bytes === null) return null;
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as StoredAnalysis;
    return {
      operations: doc.operations,
      unattached: doc.unattached,
      hostIncidents: doc.hostIncidents,
      computeHosts: new Set(doc.computeHosts),
      fileStats: doc.fileStats.map((s) => ({ ...s, dialects: new Set(s.dialects), services: new Set(s.services), hosts: new Set(s.hosts) }) as FileStats),
      files: new Set(doc.files),
      warnings: doc.warnings,
    };
  } catch {
    // The checksum held, so this is another format's JSON: a miss.
    return null;
  }
}

export function writeCachedAnalysis(cache: { store: CacheStore; key: string }, analysis: CachedAnalysis): boolean {
  const doc: StoredAnalysis = {
    operations: analysis.operations,
    unattached: analysis.unattached,
    hostIncidents: analysis.hostIncidents,
    computeHosts: [...analysis.computeHosts],
    fileStats: analysis.fileStats.map((s) => ({ ...s, dialects: [...s.dialects], services: [...s.services], hosts: [...s.hosts] })),
    files: [...analysis.files],
    warnings: [...analysis.warnings],
  };
  return cache.store.put(KIND, cache.key, Buffer.from(JSON.stringify(doc), 'utf8'));
}

type Stored<T> = { [K in keyof T]: T[K] extends ReadonlySet<infer V> ? V[] : T[K] };

interface StoredAnalysis {
  readonly operations: Operation[];
  readonly unattached: UnattachedError[];
  readonly hostIncidents: HostIncident[];
  readonly computeHosts: string[];
  readonly fileStats: Stored<FileStats>[];
  readonly files: string[];
  readonly warnings: string[];
}
