// Texts a renderer makes once and reuses: merge writes a million entries, and most of a line (its source, its
// level and logger, its file) repeats the line before. Each cache is cleared when it holds too many: memory has a bound.

/** Keys a cache holds before it is cleared. */
const CACHE_MAX = 4096;

/** The text for a key, made once. */
export class TextCache<K> {
  private readonly map = new Map<K, string>();

  constructor(private readonly make: (key: K) => string) {}

  get(key: K): string {
    let text = this.map.get(key);
    if (text === undefined) {
      if (this.map.size >= CACHE_MAX) this.map.clear();
      text = this.make(key);
      this.map.set(key, text);
    }
    return text;
  }
}

/** The text (or its bytes) for a pair of keys, made once. */
export class PairTextCache<A, B, V = string> {
  private readonly map = new Map<A, Map<B, V>>();

  constructor(private readonly make: (a: A, b: B) => V) {}

  get(a: A, b: B): V {
    let inner = this.map.get(a);
    if (inner === undefined) {
      if (this.map.size >= CACHE_MAX) this.map.clear();
      inner = new Map();
      this.map.set(a, inner);
    }
    let text = inner.get(b);
    if (text === undefined) {
      if (inner.size >= CACHE_MAX) inner.clear();
      text = this.make(a, b);
      inner.set(b, text);
    }
    return text;
  }
}
