// Items by a key, in input order: operations by type, error entries and findings by operation.

export function groupBy<K, V>(items: Iterable<V>, key: (item: V) => K | null): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
