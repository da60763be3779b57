import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/buildModels.ts';
import { ensureOcdsTables } from '../ingest/ocds/ensureOcdsTables.ts';
import { dropInPlaceFields, loadOcdsReleases } from '../ingest/ocds/loadOcdsReleases.ts';
import { ocdsReleaseFields } from '../ingest/ocds/ocdsReleaseFields.ts';
import { ocdsModels } from '../rules/ocds/runCardinalIndicators.ts';
import type { Database } from '../db/Database.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

/**
 * Releases whose fields have other JSON types than OCDS's: each counts only where it has its type
 * (docs/cardinal-semantics.md, "Input"). Beside each, the near miss that does count.
 */
const oddReleases = [
  {
    ocid: 'ocds-strings',
    buyer: { id: 'B1' },
    tender: { status: 'active', procurementMethod: 'open', numberOfTenderers: 2, tenderPeriod: { startDate: '2024-01-01', endDate: '2024-01-20' }, procuringEntity: { id: 'PE\\1' } },
    // Escapes (a quote, a backslash, \u00e9 written as an escape) and an empty string are strings too.
    bids: { details: [{ id: '1', status: 'valid', date: '2024-01-19', value: { amount: 100.5, currency: 'CNY' }, tenderers: [{ id: 'T1' }, { id: 'T"2' }, { id: 'E_ACUTE' }, { id: '' }] }] },
    awards: [{ status: 'active', suppliers: [{ id: 'T1' }], items: [{ classification: { id: '45' } }] }],
  },
  {
    ocid: 'ocds-numbers',
    buyer: { id: 7 },
    tender: { status: 1, numberOfTenderers: 'TWO_POINT_ZERO', procuringEntity: { id: 8 } },
    bids: { details: [{ status: 'valid', value: { amount: '100', currency: 5 }, tenderers: [{ id: 9 }, { id: 'T3' }] }, 'not a bid', { value: 12 }] },
    awards: [{ status: 'active', suppliers: { id: 'T1' }, items: [{ classification: { id: 45 } }, 'x'] }, 3],
  },
  { ocid: 'ocds-shapes', tender: 'not an object', buyer: ['B2'], bids: [{ details: [] }], awards: { status: 'active' } },
  { ocid: 'ocds-empty', bids: { details: [] }, awards: [] },
];

/** The lines of oddReleases; `2.0` and `\u00e9` are written as they may be published (JSON.stringify writes `2` and `é`). */
const oddLines = () => oddReleases.map((r) => JSON.stringify(r).replace('"TWO_POINT_ZERO"', '2.0').replace('E_ACUTE', 'caf\\u00e9')).join('\n') + '\n';

const stagingTables = ['stg_ocds_releases', 'stg_ocds_bids', 'stg_ocds_awards'] as const;

async function stagingRows(db: Database): Promise<Record<string, unknown[]>> {
  await buildModels(db, ocdsModels());
  const rows: Record<string, unknown[]> = {};
  for (const table of stagingTables) {
    // seq and source name the load, not the release: left out so loads of one file compare.
    rows[table] = await db.query(`select * exclude (${table === 'stg_ocds_releases' ? 'seq, source' : 'seq'}) from ${table} order by all`);
  }
  return rows;
}

describe('OCDS release fields typed as they are read', () => {
  it('are the same whichever way the file was read, and count a field only where it has its JSON type', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'odd.jsonl');
      writeFileSync(file, oddLines());
      const byPath: Record<string, Record<string, unknown[]>> = {};
      for (const [name, options] of Object.entries({
        'whole releases, DuckDB reader': {},
        'whole releases, line by line': { lineByLine: true },
        'fields only': { fieldsOnly: true },
        'fields only, in place': { fieldsOnly: true, inPlace: true },
      })) {
        await withDatabase(async (db) => {
          expect(await loadOcdsReleases(db, file, options)).toMatchObject({ read: 4, accepted: 4, deadLettered: 0 });
          byPath[name] = await stagingRows(db);
          if ('inPlace' in options) await dropInPlaceFields(db);
        });
      }
      const [first, ...others] = Object.values(byPath);
      for (const other of others) expect(other).toEqual(first);

      const releases = first!.stg_ocds_releases as Record<string, unknown>[];
      expect(releases.find((r) => r.ocid === 'ocds-strings')).toMatchObject({ buyer_id: 'B1', tender_status: 'active', number_of_tenderers: '2', procuring_entity_id: 'PE\\1', has_awards: true, has_bid_details: true });
      expect(releases.find((r) => r.ocid === 'ocds-numbers')).toMatchObject({ buyer_id: null, tender_status: null, number_of_tenderers: null, procuring_entity_id: null, has_awards: true, has_bid_details: true });
      expect(releases.find((r) => r.ocid === 'ocds-shapes')).toMatchObject({ buyer_id: null, tender_status: null, has_awards: false, has_bid_details: false });

      const bids = (first!.stg_ocds_bids as Record<string, unknown>[]).filter((b) => b.ocid === 'ocds-numbers');
      // Three elements keep their places; a string element is a bid with nothing readable in it.
      expect(bids).toEqual([
        { ocid: 'ocds-numbers', bid_index: '1', status: 'valid', amount: null, currency: null, tenderers_is_array: true, tenderer_count: '2', tenderer_ids: ['T3'], bid_date: null },
        { ocid: 'ocds-numbers', bid_index: '2', status: null, amount: null, currency: null, tenderers_is_array: false, tenderer_count: '0', tenderer_ids: [], bid_date: null },
        { ocid: 'ocds-numbers', bid_index: '3', status: null, amount: null, currency: null, tenderers_is_array: false, tenderer_count: '0', tenderer_ids: [], bid_date: null },
      ]);
      expect((first!.stg_ocds_bids as Record<string, unknown>[]).find((b) => b.ocid === 'ocds-strings')).toMatchObject({ amount: 100.5, currency: 'CNY', tenderer_ids: ['T1', 'T"2', 'café', ''], bid_date: '2024-01-19' });
      expect((first!.stg_ocds_awards as Record<string, unknown>[]).filter((a) => a.ocid === 'ocds-numbers')).toEqual([
        { ocid: 'ocds-numbers', award_index: '1', status: 'active', supplier_count: '0', supplier_ids: [], has_items: true, classification_ids: [] },
        { ocid: 'ocds-numbers', award_index: '2', status: null, supplier_count: '0', supplier_ids: [], has_items: false, classification_ids: [] },
      ]);
    });
  });

  it('converts a database whose release fields kept their leaves as JSON (the earlier layout), keeping its constraints', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'odd.jsonl');
      writeFileSync(file, oddLines());
      let expected: Record<string, unknown[]> = {};
      await withDatabase(async (db) => {
        await loadOcdsReleases(db, file, { fieldsOnly: true });
        expected = await stagingRows(db);
      });
      await withDatabase(async (db) => {
        // The earlier layout, filled as the earlier loader did: the paths' JSON leaves, per release.
        const leafColumns = Object.entries(ocdsReleaseFields).filter(([name]) => name !== 'ocid');
        await db.run(`create table raw_ocds_release_fields (ocid varchar, seq bigint not null, source varchar not null,
          ${leafColumns.map(([name, type]) => `${name} ${type}`).join(', ')}, _loaded_at timestamptz not null)`);
        await db.run(
          `insert into raw_ocds_release_fields
           select ocid ->> '$', row_number() over (), 'odd.jsonl:' || row_number() over (), ${leafColumns.map(([name]) => name).join(', ')}, now()
           from read_ndjson($file, columns = {${Object.entries(ocdsReleaseFields).map(([n, t]) => `${n}: '${t.replace(/\s+/g, ' ')}'`).join(', ')}}, records = true, ignore_errors = true)`,
          { file },
        );
        await ensureOcdsTables(db);
        expect(await db.query("select count(*)::integer as n from information_schema.columns where table_name = 'raw_ocds_release_fields' and column_name = 'tender'")).toEqual([{ n: 0 }]);
        await expect(db.run("insert into raw_ocds_release_fields (ocid, seq, source, _loaded_at) values ('x', null, 's', now())")).rejects.toThrow(/NOT NULL/);
        expect(await stagingRows(db)).toEqual(expected);
      });
    });
  });
});
