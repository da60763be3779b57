import type { Database } from '../../db/Database.ts';
import type { RecordType } from '../../db/recordSchemas.ts';
import { RecordLoader, addOutcome, emptyOutcome, type BatchOutcome } from '../RecordLoader.ts';
import type { IncomingRecord } from '../validateRecord.ts';
import { ensureOcdsTables, ocdsRecordType } from './ensureOcdsTables.ts';
import { emptyOcdsMappingCounts, mapOcdsRelease, type OcdsMappedRecords, type OcdsMappingCounts } from './mapOcdsRelease.ts';

/** The record types an OCDS release maps to, in the contract's load order. */
const mappedTypes = ['companies', 'projects', 'tenders', 'bids', 'awards', 'contracts'] as const satisfies readonly (keyof OcdsMappedRecords)[];

export interface OcdsMappingSummary {
  /** Releases read from raw_ocds_releases: read = mapped + deadLettered. */
  releases: { read: number; mapped: number; deadLettered: number };
  /** The contract records made from them, per type, as every load reports them (read = accepted + dead-lettered). */
  records: Record<(typeof mappedTypes)[number], BatchOutcome>;
  counts: OcdsMappingCounts;
}

export interface MapOcdsReleasesOptions {
  /** Map only releases loaded after this `seq` (the ones a load just added); default: all. */
  afterSeq?: number;
  /** Releases per batch. */
  batchSize?: number;
}

/**
 * Maps the releases in `raw_ocds_releases` into the raw tables of the record contract (through
 * the same validation and upsert as every other input: RecordLoader) and dead-letters each
 * release that cannot be mapped, with its reason. The mapping is mapOcdsRelease.ts, its table
 * docs/ocds-mapping.md.
 *
 * @example
 * const before = await maxOcdsSeq(db);
 * await loadOcdsReleases(db, 'releases.jsonl');
 * const summary = await mapOcdsReleases(db, { afterSeq: before });
 */
export async function mapOcdsReleases(db: Database, options: MapOcdsReleasesOptions = {}): Promise<OcdsMappingSummary> {
  const batchSize = options.batchSize ?? 10_000;
  await ensureOcdsTables(db);
  const loader = await RecordLoader.create(db);
  const summary: OcdsMappingSummary = {
    releases: { read: 0, mapped: 0, deadLettered: 0 },
    records: Object.fromEntries(mappedTypes.map((type) => [type, emptyOutcome()])) as OcdsMappingSummary['records'],
    counts: emptyOcdsMappingCounts(),
  };
  // A company on record from another source (the registry's companies.jsonl: legal representative,
  // shareholders, qualifications) is not replaced by the little a release says about it.
  const registryCompanies = new Set(
    (await db.query<{ id: string }>(`select id from raw_companies where _extra ->> '$.ocid' is null`)).map((row) => row.id),
  );
  let afterSeq = options.afterSeq ?? -1;
  for (;;) {
    const rows = await db.query<{ seq: bigint | number; release: string; source: string }>(
      `select seq, release::varchar as release, source from raw_ocds_releases where seq > $after order by seq limit $limit`,
      { after: afterSeq, limit: batchSize },
    );
    if (rows.length === 0) break;
    afterSeq = Number(rows[rows.length - 1]!.seq);
    const incoming = Object.fromEntries(mappedTypes.map((type) => [type, [] as IncomingRecord[]])) as Record<RecordType, IncomingRecord[]>;
    for (const row of rows) {
      summary.releases.read += 1;
      const result = mapOcdsRelease(JSON.parse(row.release));
      if (!result.ok) {
        summary.releases.deadLettered += 1;
        await storeDeadLetter(db, row.source, result.code, result.reason, row.release);
        continue;
      }
      summary.releases.mapped += 1;
      for (const key of Object.keys(result.counts) as (keyof OcdsMappingCounts)[]) summary.counts[key] += result.counts[key];
      for (const type of mappedTypes) {
        for (const record of result.records[type]) {
          if (type === 'companies' && registryCompanies.has(record.id as string)) {
            summary.counts.companiesOnRecord += 1;
            continue;
          }
          incoming[type].push({ raw: JSON.stringify(record), source: `${row.source}#${type}` });
        }
      }
    }
    for (const type of mappedTypes) {
      if (incoming[type].length > 0) addOutcome(summary.records[type], await loader.loadBatch(type, incoming[type]));
    }
  }
  return summary;
}

/** Same rule as RecordLoader: a dead letter already on file for this source, reason and text is not stored twice. */
async function storeDeadLetter(db: Database, source: string, code: string, reason: string, raw: string): Promise<void> {
  await db.run(
    `insert into dead_letters (source, record_type, reason_code, reason, raw, raw_bytes, received_at)
     select $source, $record_type, $code, $reason, $raw, null, now()
     where not exists (
         select 1 from dead_letters
         where source = $source and reason_code = $code and raw is not distinct from $raw
     )`,
    { source, record_type: ocdsRecordType, code, reason, raw },
  );
}
