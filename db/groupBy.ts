/**
 * Groups items by a key, keeping their order within each group: `Map.groupBy`, which Node 20 lacks
 * (it arrives in Node 21). On the ground floor because rules and reports both group rows they read.
 *
 * @example
 * groupBy([{ t: 'T1' }, { t: 'T2' }, { t: 'T1' }], (row) => row.t); // Map { 'T1' => [2 rows], 'T2' => [1 row] }
 */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
