import type { Database } from '../../db/Database.ts';

/**
 * String compression methods left out while records are written to the raw tables. DuckDB tries
 * every method on every string segment it writes; FSST and dictionary analysis cost most of an
 * insert (1M bids into raw_bids: 4.2 CPU s with them, 1.6 without; measured in docs/scale.md),
 * and a raw table is written once and scanned a few times per scan, where uncompressed strings
 * read faster (0.09 CPU s against 0.17 for the same aggregate). The price is disk: raw_bids of
 * 1M bids takes 580 MB instead of 235 MB.
 */
export const RAW_WRITE_DISABLED_COMPRESSION = 'fsst,dictionary';

/**
 * Runs `work` (a load) with the raw tables' write settings, then restores the setting as it was,
 * so the models and rules built after a load in the same process compress as before.
 *
 * @example
 * await withRawWriteSettings(db, () => loadDirectory(db, 'data/demo'));
 */
export function withRawWriteSettings<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return db.withSettings({ disabled_compression_methods: RAW_WRITE_DISABLED_COMPRESSION }, work);
}
