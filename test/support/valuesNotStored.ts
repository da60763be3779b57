import type { Database } from '../../db/Database.ts';

/**
 * The values of an OCDS release (path → value, leaves only) that no raw table holds, in a mapped
 * column or in `_extra`: what a mapping dropped. References (`tenderers[].id`, `suppliers[].id`,
 * `buyer.id` …) are resolved to company ids, so they are not looked for; strings are compared
 * trimmed (the mapping trims).
 */
export async function valuesNotStored(db: Database, release: unknown): Promise<[string, unknown][]> {
  const tables = ['companies', 'projects', 'tenders', 'bids', 'awards', 'contracts'];
  const rows = await db.query<{ row: string }>(tables.map((type) => `select to_json(raw_${type})::varchar as row from raw_${type}`).join(' union all '));
  const stored = rows.map((r) => r.row).join('\n');
  const leaves: [string, unknown][] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') for (const [key, v] of Object.entries(value)) walk(v, `${path}.${key}`);
    else if (value !== null && value !== '') leaves.push([path, typeof value === 'string' ? value.trim() : value]);
  };
  walk(release, '$');
  const isReference = (path: string) => /\.(tenderers|suppliers)\[\d+\]\.(id|name)$|\.(buyer|procuringEntity)\.(id|name)$/.test(path);
  // Strings as they appear inside JSON text (quotes and backslashes escaped), numbers as JSON writes them.
  return leaves.filter(([path, value]) => !isReference(path) && !stored.includes(typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value)));
}
