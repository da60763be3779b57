import type { Database } from '../../db/Database.ts';
import { ensureRawSchema } from '../rawSchema.ts';

/** The `record_type` OCDS dead letters carry in `dead_letters`. */
export const ocdsRecordType = 'ocds_release';

/**
 * Creates `raw_ocds_releases` (and the shared `dead_letters`) if missing.
 *
 * Grain: one row per OCDS compiled release (one `ocid`), exactly as published: `release` is the
 * whole release as JSON, nothing renamed or dropped, so staging models (analytics/models/3x_stg_ocds_*)
 * and the mapping into the record contract read the same text. `seq` is the load order (file order
 * within a load, later loads after earlier ones): Cardinal's results depend on file order where it
 * adopts the first currency it meets, so the order is kept. A later load replaces a stored release
 * with the same ocid; within one load, a repeated ocid is a dead letter (`ocds_duplicate_ocid`).
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
}
