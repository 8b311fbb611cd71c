// Copies of the real CI logs for the benchmarks: each copy gets its own UUIDs (request IDs included), the same
// across the files of one copy, so that correlation still holds within a copy and no two copies collide.

import { createHash } from 'node:crypto';

export const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g; // req-<uuid> included

/** Deterministic per (copy, original): the first 8 hex digits come from a hash, the rest is kept. */
export function makeUuidRewriter(k) {
  const cache = new Map();
  return (uuid) => {
    let mapped = cache.get(uuid);
    if (mapped === undefined) {
      mapped = createHash('sha1').update(`${k}/${uuid}`).digest('hex').slice(0, 8) + uuid.slice(8);
      cache.set(uuid, mapped);
    }
    return mapped;
  };
}
