import type { Database } from '../../db/Database.ts';
import { ensureOcdsTables } from '../../ingest/ocds/ensureOcdsTables.ts';

/** Puts literal releases into raw_ocds_releases as the OCDS loader would (source `test.jsonl:<n>`, seq = n). */
export async function insertOcdsReleases(db: Database, releases: readonly unknown[]): Promise<void> {
  await ensureOcdsTables(db);
  const [row] = await db.query<{ n: number }>('select coalesce(max(seq), 0)::double as n from raw_ocds_releases');
  let seq = row?.n ?? 0;
  for (const release of releases) {
    seq += 1;
    await db.run(
      `insert into raw_ocds_releases (ocid, release, source, seq, release_id, release_date, _loaded_at)
       values ($ocid, $release::json, $source, $seq, null, null, now())`,
      { ocid: String((release as { ocid?: unknown }).ocid ?? `no-ocid-${seq}`), release: JSON.stringify(release), source: `test.jsonl:${seq}`, seq },
    );
  }
}
