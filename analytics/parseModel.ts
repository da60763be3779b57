/** One `-- column: name: meaning` header line: what a column of the model means. */
export interface ModelColumn {
  name: string;
  description: string;
}

/** A SQL model file, with what its header comment declares. */
export interface Model {
  name: string;
  file: string;
  materialized: 'view' | 'table';
  grain: string;
  description: string;
  unique: string[];
  notNull: string[];
  /** `column -> model.column`: every non-null value must exist there. */
  relationships: { column: string; toModel: string; toColumn: string }[];
  /** Documented columns, in header order (optional: undocumented columns are listed from the database). */
  columns: ModelColumn[];
  /**
   * Tables or views that a later stage creates (e.g. the scan's `flags`): when one is missing
   * the model is not built, so a bare `buildModels` on a fresh database still works.
   */
  requires: string[];
  sql: string;
}

const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);

/**
 * Reads a model's header (`-- key: value` lines before the SQL), dbt-style: the grain, the
 * invariants and the column meanings (`-- column: name: meaning`, repeated) live next to the
 * query they describe.
 *
 * @example
 * parseModel('41_mart_bids.sql', '-- model: mart_bids\n-- materialized: table\n-- grain: one row per bid\nselect 1');
 */
export function parseModel(file: string, text: string): Model {
  const header = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^--\s*([a-z_]+):\s*(.*)$/.exec(line.trim());
    if (!match) {
      if (line.trim() === '' || line.trim().startsWith('--')) continue;
      break;
    }
    const [, key, value] = match as unknown as [string, string, string];
    header.set(key, [...(header.get(key) ?? []), value.trim()]);
  }
  const one = (key: string) => header.get(key)?.[0];
  const name = one('model');
  const materialized = one('materialized');
  const grain = one('grain');
  if (!name || (materialized !== 'view' && materialized !== 'table') || !grain) {
    throw new Error(`${file}: a model header needs "-- model:", "-- materialized: view|table" and "-- grain:"`);
  }
  const relationships = (header.get('relationship') ?? []).map((spec) => {
    const match = /^(\w+)\s*->\s*(\w+)\.(\w+)$/.exec(spec);
    if (!match) throw new Error(`${file}: bad relationship "${spec}", expected "column -> model.column"`);
    return { column: match[1]!, toModel: match[2]!, toColumn: match[3]! };
  });
  const columns = (header.get('column') ?? []).map((spec) => {
    const match = /^(\w+)\s*:\s*(\S.*)$/.exec(spec);
    if (!match) throw new Error(`${file}: bad column line "${spec}", expected "-- column: name: meaning"`);
    return { name: match[1]!, description: match[2]!.trim() };
  });
  return {
    name,
    file,
    materialized,
    grain,
    description: one('description') ?? '',
    unique: list(one('unique')),
    notNull: (header.get('not_null') ?? []).flatMap(list),
    relationships,
    columns,
    requires: (header.get('requires') ?? []).flatMap(list),
    sql: text,
  };
}
