// IDs shortened to what is unique among a set, as git shortens hashes: at least `minimum` significant characters
// (after a `req-` prefix), longer where two IDs share more. Pure; the UI shortens request IDs with it, and a prefix
// typed on the command line can be resolved back with the same index.

/** Prefixes that carry no information: they are not counted among the significant characters. */
const PREFIXES = ['req-'];

export const MINIMUM_SIGNIFICANT = 8;

export interface ShortIdIndex {
  /** The IDs indexed, sorted, without repeats. */
  readonly ids: readonly string[];
  /**
   * The shortest prefix of `id` that no other indexed ID starts with, of at least the minimum significant characters
   * (never ending on a `-`). An ID not in the index is shortened against those that are.
   */
  shorten(id: string): string;
  /** The indexed IDs that start with `prefix` (any case; `req-` may be left out). */
  resolve(prefix: string): readonly string[];
}

function prefixLength(id: string): number {
  const p = PREFIXES.find((x) => id.toLowerCase().startsWith(x));
  return p === undefined ? 0 : p.length;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** First position in `sorted` whose value is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function shortIdIndex(ids: Iterable<string>, minimum = MINIMUM_SIGNIFICANT): ShortIdIndex {
  // Compared in lower case (request IDs and UUIDs are hex), returned as given.
  const byLower = new Map<string, string>();
  for (const id of ids) if (!byLower.has(id.toLowerCase())) byLower.set(id.toLowerCase(), id);
  const sorted = [...byLower.keys()].sort();
  const cache = new Map<string, string>();

  const shorten = (id: string): string => {
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    const lower = id.toLowerCase();
    const at = lowerBound(sorted, lower);
    let shared = 0;
    for (const other of [sorted[at - 1], sorted[at], sorted[at + 1]]) {
      if (other !== undefined && other !== lower) shared = Math.max(shared, commonPrefix(lower, other));
    }
    let length = Math.max(prefixLength(id) + minimum, shared + 1);
    while (length < id.length && id[length - 1] === '-') length++;
    const short = id.slice(0, Math.min(id.length, length));
    if (cache.size < 100_000) cache.set(id, short);
    return short;
  };

  const matching = (prefix: string): string[] => {
    const out: string[] = [];
    for (let i = lowerBound(sorted, prefix); i < sorted.length && (sorted[i] as string).startsWith(prefix); i++) {
      out.push(byLower.get(sorted[i] as string) as string);
    }
    return out;
  };

  const resolve = (prefix: string): readonly string[] => {
    const lower = prefix.trim().toLowerCase();
    if (lower === '') return [];
    const found = matching(lower);
    if (found.length > 0 || prefixLength(lower) > 0) return found;
    return PREFIXES.flatMap((p) => matching(p + lower));
  };

  return { ids: sorted.map((s) => byLower.get(s) as string), shorten, resolve };
}
