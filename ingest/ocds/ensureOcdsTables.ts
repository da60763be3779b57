import type { Database } from '../../db/Database.ts';
import { ensureRawSchema } from '../rawSchema.ts';
import { ocdsReleasePathNames, ocdsTypedFields, selectTypedFields } from './ocdsReleaseFields.ts';

/** The `record_type` OCDS dead letters carry in `dead_letters`. */
export const ocdsRecordType = 'ocds_release';

/**
 * Creates `raw_ocds_releases`, `raw_ocds_release_fields` (and the shared `dead_letters`) if missing.
 *
 * `raw_ocds_releases`: one row per OCDS compiled release (one `ocid`), exactly as published:
 * `release` is the whole release as JSON, nothing renamed or dropped, for the mapping into the
 * record contract. `bidwatch indicators` does not keep it (loadOcdsReleases `fieldsOnly`).
 *
 * `raw_ocds_release_fields`: one row per release too, holding only the paths the stg_ocds_* models
 * read, typed as Cardinal reads them (ocdsReleaseFields.ts, `ocdsTypedFields`); every load fills
 * it, so the models (and the OCDS rules on them) read the same rows whether or not the whole
 * releases were kept. A database written before the fields were typed (its leaves kept as JSON,
 * columns `tender`, `buyer`, `awards`, `bids`) is converted in place, by the same typing.
 *
 * In both, `seq` is the load order (file order within a load, later loads after earlier ones):
 * Cardinal's results depend on file order where it adopts the first currency it meets, so the
 * order is kept. A later load replaces a stored release with the same ocid; within one load, a
 * repeated ocid is a dead letter (`ocds_duplicate_ocid`).
 */
export async function ensureOcdsTables(db: Database): Promise<void> {
  await ensureRawSchema(db);
  await db.run(`create table if not exists raw_ocds_releases (
    ocid varchar not null,
    release json not null,
    source varchar not null,
    seq bigint not null,
    release_id varchar,
    release_date varchar,
    _loaded_at timestamptz not null
  )`);
  if (await hasJsonLeafFields(db)) {
    await db.transaction(async () => {
      await db.run('alter table raw_ocds_release_fields rename to raw_ocds_release_fields_json');
      await createReleaseFields(db);
      await db.run(`insert into raw_ocds_release_fields
        select ocid, seq, source, ${selectTypedFields}, _loaded_at
        from (select ocid, seq, source, ${ocdsReleasePathNames.join(', ')}, _loaded_at from raw_ocds_release_fields_json)
        order by seq`);
      await db.run('drop table raw_ocds_release_fields_json');
    });
  }
  await createReleaseFields(db);
}

async function createReleaseFields(db: Database): Promise<void> {
  const fields = Object.entries(ocdsTypedFields)
    .map(([name, field]) => `${name} ${field.type}`)
    .join(',\n    ');
  // ocid is NULL only inside a load's transaction, for a line DuckDB could not read (removed before commit).
  await db.run(`create table if not exists raw_ocds_release_fields (
    ocid varchar,
    seq bigint not null,
    source varchar not null,
    ${fields},
    _loaded_at timestamptz not null
  )`);
}

/** A `raw_ocds_release_fields` of the earlier layout: the paths of ocdsReleaseFields with their leaves as JSON (column `tender`). */
async function hasJsonLeafFields(db: Database): Promise<boolean> {
  const [earlier] = await db.query<{ n: number }>(
    `select count(*)::double as n from information_schema.columns
     where table_catalog = current_database() and table_schema = 'main' and table_name = 'raw_ocds_release_fields' and column_name = 'tender'`,
  );
  return (earlier?.n ?? 0) > 0;
}
