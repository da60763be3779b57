import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VARCHAR } from '@duckdb/node-api';
import type { Database } from '../../db/Database.ts';
import { SqlError } from './SqlError.ts';

/** Relations exported by default: the analyst views, then what they summarise away. */
const defaultExportRelations = [
  'v_tenders', 'v_bids', 'v_awards', 'v_contracts', 'v_companies', 'v_persons', 'v_projects',
  'v_flags', 'v_tender_screens', 'v_leads', 'v_dead_letters',
  'runs', 'flag_history', 'lead_reviews', 'mart_company_relations',
];

/**
 * Large relations are split by year (hive style, `bid_year=2024/`), so a tool reading one year
 * reads one folder; the year is the Beijing-time year of the bid deadline, or of the signing.
 */
const partitionColumns: Record<string, string> = {
  v_tenders: 'bid_year',
  v_bids: 'bid_year',
  v_contracts: 'signed_year',
};

export interface ExportedRelation {
  name: string;
  rows: number;
  /** Relative to the export folder: a file, or a folder of year partitions. */
  path: string;
  partitionedBy: string | null;
}

/**
 * Writes each relation as Parquet (zstd) under `outDir`: `<name>.parquet`, or `<name>/<year
 * column>=<year>/*.parquet` for the big ones. Relations missing from the database (result
 * views before the first scan) are skipped. DuckDB writes the files itself, from the database
 * opened read-only; only this code's own statements run in that session. Relations asked for by
 * name must all exist (SqlError 'output' otherwise, before anything is written).
 *
 * @example
 * const exported = await exportParquet(db, '/srv/exports/2026-11-22');
 */
export async function exportParquet(db: Database, outDir: string, only?: string[]): Promise<ExportedRelation[]> {
  const present = new Set(
    (await db.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_catalog = current_database() and table_schema = 'main'`,
    )).map((r) => r.name),
  );
  const missing = (only ?? []).filter((name) => !present.has(name));
  if (missing.length > 0) throw new SqlError('output', `not in the database: ${missing.join(', ')}`);
  const relations = only ?? defaultExportRelations;
  mkdirSync(outDir, { recursive: true });
  const exported: ExportedRelation[] = [];
  for (const name of relations) {
    if (!present.has(name)) continue;
    // The relation name is checked against the catalogue above, never taken as SQL from outside.
    const [count] = await db.query<{ n: number }>(`select count(*)::double as n from "${name}"`);
    const partition = partitionColumns[name];
    const path = partition ? name : `${name}.parquet`;
    const target = resolve(join(outDir, path));
    const options = partition
      ? `(format parquet, compression zstd, partition_by (${partition}), overwrite true)`
      : '(format parquet, compression zstd)';
    await db.connection.run(`copy (select * from "${name}") to $target ${options}`, { target }, { target: VARCHAR });
    exported.push({ name, rows: count?.n ?? 0, path, partitionedBy: partition ?? null });
  }
  return exported;
}
