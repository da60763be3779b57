import { resolve } from 'node:path';
import { claimOrigin } from '../claimOrigin.ts';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../db/Database.ts';
import { ensureOcdsTables } from './ensureOcdsTables.ts';
import { loadOcdsReleases, type OcdsLoadSummary } from './loadOcdsReleases.ts';
import { mapOcdsReleases, type OcdsMappingSummary } from './mapOcdsReleases.ts';
import { OcdsInputError } from './readOcdsReleases.ts';

/** What `load --format ocds` did, release by release and record by record. */
export interface OcdsInputSummary {
  files: OcdsLoadSummary[];
  /**
   * Releases over the whole input: read = accepted + deadLettered, where dead letters are bad
   * lines (the loader) and releases that could not be mapped (the mapping). `mapped` is fewer than
   * `accepted` only when a later file replaced a release of the same ocid.
   */
  releases: { read: number; accepted: number; deadLettered: number; mapped: number };
  mapping: OcdsMappingSummary;
  /** How many releases the mapping took each way: DuckDB (ocdsMappingSql.ts) or mapOcdsRelease.ts. */
  paths: { sql: number; javaScript: number };
}

/** File names read from a directory: JSON Lines and release/record packages, in name order. */
const OCDS_FILE = /\.(jsonl|ndjson|json)$/i;

/**
 * Loads OCDS from a file or a directory of files into raw_ocds_releases, then maps what was
 * loaded into the record contract's raw tables (mapOcdsReleases.ts).
 *
 * @example
 * const summary = await loadOcdsInput(db, 'data/mexico');
 * console.log(summary.releases.read === summary.releases.accepted + summary.releases.deadLettered);
 */
export async function loadOcdsInput(db: Database, path: string): Promise<OcdsInputSummary> {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path).filter((name) => OCDS_FILE.test(name)).sort().map((name) => join(path, name))
      : [path];
  } catch {
    throw new OcdsInputError('not_found', `OCDS input not found: ${path}`);
  }
  if (files.length === 0) throw new OcdsInputError('not_found', `no .jsonl, .ndjson or .json files in ${path}`);
  // Published OCDS is real data: it never shares a database with the generated demo (claimOrigin.ts).
  await claimOrigin(db, { origin: 'records', source: resolve(path) });
  await ensureOcdsTables(db);
  const [row] = await db.query<{ seq: number }>('select coalesce(max(seq), 0)::double as seq from raw_ocds_releases');
  const loaded: OcdsLoadSummary[] = [];
  for (const file of files) loaded.push(await loadOcdsReleases(db, file));
  const paths = { sql: 0, javaScript: 0 };
  const mapping = await mapOcdsReleases(db, { afterSeq: row?.seq ?? 0, paths });
  const read = loaded.reduce((sum, file) => sum + file.read, 0);
  const deadLettered = loaded.reduce((sum, file) => sum + file.deadLettered, 0) + mapping.releases.deadLettered;
  return { files: loaded, releases: { read, accepted: read - deadLettered, deadLettered, mapped: mapping.releases.mapped }, mapping, paths };
}
