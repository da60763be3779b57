import type { Database } from '../db/Database.ts';
import { recordTypeNames } from '../db/recordSchemas.ts';
import { rawTableName } from './rawTableColumns.ts';

/** How many records the raw tables hold, all types together (0 when they do not exist yet). */
export async function countRawRecords(db: Database): Promise<number> {
  const tables = new Set((await db.query<{ name: string }>('select table_name as name from duckdb_tables() where not temporary')).map((t) => t.name));
  const rawTables = recordTypeNames.map(rawTableName).filter((name) => tables.has(name));
  if (rawTables.length === 0) return 0;
  const [row] = await db.query<{ n: number }>(`select (${rawTables.map((t) => `(select count(*) from ${t})`).join(' + ')})::double as n`);
  return row?.n ?? 0;
}
