import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import type { Database } from '../../db/Database.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the analyst views and results as Parquet files (bids and tenders by year) for tools outside bidwatch.',
  usage: '--out DIR [--db FILE] [--only NAMES]',
  options: {
    out: { type: 'string', short: 'o', valueName: 'dir', description: 'folder to write (created; files of the same names are replaced)' },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'DuckDB database file, opened read-only' },
    only: { type: 'string', valueName: 'names', description: 'comma-separated relations to export instead of the default set' },
  },
  details: `Writes, from the database opened read-only:
  v_tenders/bid_year=YYYY/*.parquet, v_bids/bid_year=YYYY/*.parquet, v_contracts/signed_year=YYYY/*.parquet,
  v_awards, v_companies, v_persons, v_projects, v_flags, v_tender_screens, v_leads, v_dead_letters,
  runs, flag_history, lead_reviews, mart_company_relations (.parquet each),
  manifest.json (rows per file, source database, latest scan) and schema.md (what every column means).
Read them with DuckDB (read_parquet('DIR/v_bids/*/*.parquet', hive_partitioning = true)), pandas,
polars, R arrow or Spark. Times are instants (UTC in Parquet); lists and structs stay nested.

Example:
  bidwatch export --db data/bidwatch.duckdb --out exports/2026-11-22`,
  async run(values) {
    if (!values.out) throw new CliError('--out DIR is required');
    const out = String(values.out);
    const dbPath = String(values.db);
    // Loaded on use, so listing or starting other commands does not pay for them.
    const [{ schemaReference }, { relationDocs }, { exportParquet }, { openReadOnly }, { SqlError }] = await Promise.all([
      import('../../results/schemaReference/schemaReference.ts'),
      import('../../results/schemaReference/relationDocs.ts'),
      import('../sql/exportParquet.ts'),
      import('../sql/openReadOnly.ts'),
      import('../sql/SqlError.ts'),
    ]);
    let db: Database;
    try {
      db = await openReadOnly(dbPath);
    } catch (error) {
      if (error instanceof SqlError) throw new CliError(error.message, 1);
      throw error;
    }
    try {
      const only = values.only ? String(values.only).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const started = performance.now();
      let exported: Awaited<ReturnType<typeof exportParquet>>;
      try {
        exported = await exportParquet(db, out, only);
      } catch (error) {
        if (error instanceof SqlError) throw new CliError(error.message, 1);
        throw error;
      }
      const [latest] = await db.query<{ run_id: string | null }>(
        "select (select run_id from runs order by started_at desc limit 1) as run_id where exists (select 1 from information_schema.tables where table_name = 'runs')",
      );
      const manifest = {
        exported_at: new Date().toISOString(),
        database: dbPath,
        latest_run: latest?.run_id ?? null,
        format: 'parquet (zstd); hive partitions where partitioned_by is set',
        relations: exported.map((e) => ({ name: e.name, path: e.path, rows: e.rows, partitioned_by: e.partitionedBy })),
      };
      writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      writeFileSync(join(out, 'schema.md'), (await schemaReference(db, relationDocs())).markdown);
      for (const e of exported) console.log(`${e.path.padEnd(32)} ${e.rows.toLocaleString('en-US').padStart(12)} rows`);
      console.log(`\n${exported.length} relations → ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s (manifest.json, schema.md)`);
    } finally {
      db.close();
    }
  },
};
