import type { Database } from '../../db/Database.ts';
import { ensureRawSchema } from '../rawSchema.ts';
import { ocdsReleaseFields } from './ocdsReleaseFields.ts';

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
 * read (ocdsReleaseFields.ts), leaves as JSON; every load fills it, so the models (and the OCDS
 * rules on them) read the same rows whether or not the whole releases were kept.
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
  const fields = Object.entries(ocdsReleaseFields)
    .filter(([name]) => name !== 'ocid')
    .map(([name, type]) => `${name} ${type}`)
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
