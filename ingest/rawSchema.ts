import type { Database } from '../db/Database.ts';

/**
 * Creates the raw tables and the dead-letter table if they are missing. Raw tables hold one row
 * per record id (the latest version); they are written by ingest only.
 *
 * Raw tables have no primary key on purpose: DuckDB cannot delete and re-insert the same key
 * inside one transaction under a unique index, and uniqueness is checked after every build
 * by the staging models' invariants instead.
 */
export async function ensureRawSchema(db: Database): Promise<void> {
  // The raw tables' columns come from the contract's zod schemas, loaded here rather than when
  // this module is: importing zod takes ~80 ms, and `bidwatch indicators` starts reading its file
  // first (ingest/ocds/loadOcdsReleases.ts, loadFieldsDirectly), while zod loads beside the read.
  const [{ recordTypeNames }, { rawTableColumns, rawTableName }] = await Promise.all([import('../db/recordSchemas.ts'), import('./rawTableColumns.ts')]);
  for (const type of recordTypeNames) {
    const columns = rawTableColumns[type].map((c) => `"${c.name}" ${c.sqlType}`);
    await db.run(`create table if not exists ${rawTableName(type)} (
      ${columns.join(',\n      ')},
      _updated_at timestamptz not null,
      _extra json,
      _source varchar not null,
      _loaded_at timestamptz not null
    )`);
  }
  await db.run(`create table if not exists dead_letters (
    source varchar not null,
    record_type varchar,
    reason_code varchar not null,
    reason varchar not null,
    raw varchar,
    raw_bytes blob,
    received_at timestamptz not null
  )`);
}
