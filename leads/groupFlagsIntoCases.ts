/** The parts of a flag that decide which case it belongs to. */
export interface FlagForGrouping {
  flag_id: string;
  tender_ids: string[];
  project_code: string | null;
  case_key: string | null;
}

export interface FlagCase {
  /** Every key the case's flags carry (`tender:…`, `project:…`, and the rules' own case keys), sorted. */
  keys: string[];
  flagIds: string[];
}

/** The keys through which a flag joins others: its tenders, its project, its rule-given case key. */
export function caseKeysOf(flag: FlagForGrouping): string[] {
  const keys = flag.tender_ids.map((id) => `tender:${id}`);
  if (flag.project_code) keys.push(`project:${flag.project_code}`);
  if (flag.case_key) keys.push(flag.case_key);
  return keys.length > 0 ? keys : [`flag:${flag.flag_id}`];
}

/**
 * Groups flags into connected cases: two flags belong to one case when they share a tender,
 * a project or a case key, directly or through other flags (union-find over keys). A ring and
 * the statutory hits in its tenders become one case; a project's approval, splitting and
 * qualification hits become one case.
 *
 * @example
 * groupFlagsIntoCases([{ flag_id: 'f1', tender_ids: ['T1'], project_code: 'P', case_key: null },
 *                      { flag_id: 'f2', tender_ids: ['T2'], project_code: 'P', case_key: null }]);
 * // → one case with keys [project:P, tender:T1, tender:T2]
 */
export function groupFlagsIntoCases(flags: readonly FlagForGrouping[]): FlagCase[] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = key;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent.set(rootA < rootB ? rootB : rootA, rootA < rootB ? rootA : rootB);
  };

  const keysByFlag = flags.map((flag) => caseKeysOf(flag));
  for (const keys of keysByFlag) {
    for (const key of keys) if (!parent.has(key)) parent.set(key, key);
    for (const key of keys.slice(1)) union(keys[0]!, key);
  }

  const cases = new Map<string, { keys: Set<string>; flagIds: string[] }>();
  flags.forEach((flag, index) => {
    const keys = keysByFlag[index]!;
    const root = find(keys[0]!);
    const entry = cases.get(root) ?? { keys: new Set<string>(), flagIds: [] };
    keys.forEach((key) => entry.keys.add(key));
    entry.flagIds.push(flag.flag_id);
    cases.set(root, entry);
  });
  return [...cases.values()]
    .map((entry) => ({ keys: [...entry.keys].sort(), flagIds: entry.flagIds.sort() }))
    .sort((a, b) => (a.keys[0]! < b.keys[0]! ? -1 : 1));
}
