import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropInPlaceFields, loadOcdsReleases } from '../ingest/ocds/loadOcdsReleases.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

const release = (ocid: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ocid, id: `${ocid}-r`, date: '2024-01-01T00:00:00Z', tag: ['compiled'], ...extra });

describe('OCDS ingest', () => {
  for (const lineByLine of [false, true]) {
    it(`loads a clean JSON Lines file with file:line sources (${lineByLine ? 'line by line' : 'DuckDB reader'})`, async () => {
      await withTempDir(async (dir) => {
        const file = join(dir, 'releases.jsonl');
        writeFileSync(file, [release('ocds-1'), release('ocds-2', { tender: { id: 't' } })].join('\n'));
        await withDatabase(async (db) => {
          const summary = await loadOcdsReleases(db, file, { lineByLine });
          expect(summary).toMatchObject({ read: 2, accepted: 2, deadLettered: 0, path: lineByLine ? 'lines' : 'duckdb' });
          const rows = await db.query('select ocid, source, seq::integer as seq, release_id, release ->> \'$.tender.id\' as tender_id from raw_ocds_releases order by seq');
          expect(rows).toEqual([
            { ocid: 'ocds-1', source: 'releases.jsonl:1', seq: 1, release_id: 'ocds-1-r', tender_id: null },
            { ocid: 'ocds-2', source: 'releases.jsonl:2', seq: 2, release_id: 'ocds-2-r', tender_id: 't' },
          ]);
        });
      });
    });
  }

  it('dead-letters every bad line with its reason, and read = accepted + dead-lettered', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'releases.jsonl');
      writeFileSync(file, [release('ocds-1'), '', '{"ocid": ', '[1]', '{"ocid": 3}', '{"tender": {}}', release('ocds-1'), release('ocds-2')].join('\n') + '\n');
      await withDatabase(async (db) => {
        const summary = await loadOcdsReleases(db, file);
        expect(summary).toMatchObject({ read: 8, accepted: 2, deadLettered: 6, path: 'lines' });
        const dead = await db.query('select source, record_type, reason_code from dead_letters order by source');
        expect(dead).toEqual([
          { source: 'releases.jsonl:2', record_type: 'ocds_release', reason_code: 'empty' },
          { source: 'releases.jsonl:3', record_type: 'ocds_release', reason_code: 'bad_json' },
          { source: 'releases.jsonl:4', record_type: 'ocds_release', reason_code: 'not_object' },
          { source: 'releases.jsonl:5', record_type: 'ocds_release', reason_code: 'ocds_no_ocid' },
          { source: 'releases.jsonl:6', record_type: 'ocds_release', reason_code: 'ocds_no_ocid' },
          { source: 'releases.jsonl:7', record_type: 'ocds_release', reason_code: 'ocds_duplicate_ocid' },
        ]);
      });
    });
  });

  it('dead-letters non-objects and missing ocids found by the DuckDB reader at their line', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'releases.jsonl');
      writeFileSync(file, [release('ocds-1'), '[1]', '{"ocid": null}'].join('\n') + '\n');
      await withDatabase(async (db) => {
        const summary = await loadOcdsReleases(db, file);
        expect(summary).toMatchObject({ read: 3, accepted: 1, deadLettered: 2, path: 'duckdb' });
        expect(await db.query('select source, reason_code from dead_letters order by source')).toEqual([
          { source: 'releases.jsonl:2', reason_code: 'not_object' },
          { source: 'releases.jsonl:3', reason_code: 'ocds_no_ocid' },
        ]);
      });
    });
  });

  it('a later load replaces the stored release with the same ocid', async () => {
    await withTempDir(async (dir) => {
      const first = join(dir, 'a.jsonl');
      const second = join(dir, 'b.jsonl');
      writeFileSync(first, [release('ocds-1', { v: 1 }), release('ocds-2')].join('\n') + '\n');
      writeFileSync(second, release('ocds-1', { v: 2 }) + '\n');
      await withDatabase(async (db) => {
        await loadOcdsReleases(db, first);
        expect(await loadOcdsReleases(db, second)).toMatchObject({ read: 1, accepted: 1, replaced: 1 });
        expect(await db.query("select ocid, source, (release ->> '$.v') as v from raw_ocds_releases order by seq")).toEqual([
          { ocid: 'ocds-2', source: 'a.jsonl:2', v: null },
          { ocid: 'ocds-1', source: 'b.jsonl:1', v: '2' },
        ]);
      });
    });
  });

  it('reads release packages and record packages, dead-lettering records without a compiled release', async () => {
    await withTempDir(async (dir) => {
      const releasePackage = join(dir, 'releases.json');
      const recordPackage = join(dir, 'records.json');
      writeFileSync(releasePackage, JSON.stringify({ uri: 'x', releases: [JSON.parse(release('ocds-1')), 'nope'] }));
      writeFileSync(recordPackage, JSON.stringify({ records: [{ ocid: 'ocds-2', compiledRelease: JSON.parse(release('ocds-2')) }, { ocid: 'ocds-3', releases: [] }] }));
      await withDatabase(async (db) => {
        expect(await loadOcdsReleases(db, releasePackage)).toMatchObject({ read: 2, accepted: 1, deadLettered: 1 });
        expect(await loadOcdsReleases(db, recordPackage)).toMatchObject({ read: 2, accepted: 1, deadLettered: 1 });
        expect(await db.query('select ocid, source from raw_ocds_releases order by seq')).toEqual([
          { ocid: 'ocds-1', source: 'releases.json#releases/0' },
          { ocid: 'ocds-2', source: 'records.json#records/0/compiledRelease' },
        ]);
        expect(await db.query('select source, reason_code from dead_letters order by source')).toEqual([
          { source: 'records.json#records/1/compiledRelease', reason_code: 'ocds_no_compiled_release' },
          { source: 'releases.json#releases/1', reason_code: 'not_object' },
        ]);
      });
    });
  });

  it('refuses a package over the size limit with a clear error', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'big.json');
      writeFileSync(file, JSON.stringify({ releases: [JSON.parse(release('ocds-1'))] }));
      await withDatabase(async (db) => {
        await expect(loadOcdsReleases(db, file, { maxPackageBytes: 10 })).rejects.toThrow(/convert it to JSON Lines/);
      });
    });
  });
  describe('fieldsOnly (bidwatch indicators): only raw_ocds_release_fields, read by DuckDB', () => {
    it('keeps the fields with file:line sources and no whole release', async () => {
      await withTempDir(async (dir) => {
        const file = join(dir, 'releases.jsonl');
        writeFileSync(file, [release('ocds-1', { buyer: { id: 'B' } }), release('ocds-2', { tender: 'not an object' })].join('\n'));
        await withDatabase(async (db) => {
          expect(await loadOcdsReleases(db, file, { fieldsOnly: true })).toMatchObject({ read: 2, accepted: 2, deadLettered: 0, path: 'duckdb' });
          expect(await db.query("select ocid, source, seq::integer as seq, buyer_id as buyer, tender_status is null as no_status from raw_ocds_release_fields order by seq")).toEqual([
            { ocid: 'ocds-1', source: 'releases.jsonl:1', seq: 1, buyer: 'B', no_status: true },
            { ocid: 'ocds-2', source: 'releases.jsonl:2', seq: 2, buyer: null, no_status: true },
          ]);
          expect(await db.query('select count(*)::integer as n from raw_ocds_releases')).toEqual([{ n: 0 }]);
        });
      });
    });

    it('names each line DuckDB could not read, and repeated ocids, without leaving the DuckDB path', async () => {
      await withTempDir(async (dir) => {
        const file = join(dir, 'releases.jsonl');
        writeFileSync(file, [release('ocds-1'), '[1]', '{"ocid": null}', 'not json', release('ocds-1'), release('ocds-2')].join('\n') + '\n');
        await withDatabase(async (db) => {
          const summary = await loadOcdsReleases(db, file, { fieldsOnly: true });
          expect(summary).toMatchObject({ read: 6, accepted: 2, deadLettered: 4, path: 'duckdb' });
          expect(summary.read).toBe(summary.accepted + summary.deadLettered);
          expect(await db.query('select source, reason_code, raw from dead_letters order by source')).toEqual([
            { source: 'releases.jsonl:2', reason_code: 'not_object', raw: '[1]' },
            { source: 'releases.jsonl:3', reason_code: 'ocds_no_ocid', raw: '{"ocid": null}' },
            { source: 'releases.jsonl:4', reason_code: 'bad_json', raw: 'not json' },
            { source: 'releases.jsonl:5', reason_code: 'ocds_duplicate_ocid', raw: release('ocds-1') },
          ]);
          expect(await db.query('select ocid, source from raw_ocds_release_fields order by seq')).toEqual([
            { ocid: 'ocds-1', source: 'releases.jsonl:1' },
            { ocid: 'ocds-2', source: 'releases.jsonl:6' },
          ]);
        });
      });
    });

    it('in place (a fresh database): the same rows and dead letters, as a view over the read fields that every connection sees, freed afterwards', async () => {
      await withTempDir(async (dir) => {
        const file = join(dir, 'releases.jsonl');
        writeFileSync(file, [release('ocds-1', { buyer: { id: 'B' } }), 'not json', release('ocds-1'), release('ocds-2', { buyer: { id: 7 } })].join('\n') + '\n');
        await withDatabase(async (db) => {
          expect(await loadOcdsReleases(db, file, { fieldsOnly: true, inPlace: true })).toMatchObject({ read: 4, accepted: 2, deadLettered: 2, path: 'duckdb' });
          expect(await db.query('select source, reason_code from dead_letters order by source')).toEqual([
            { source: 'releases.jsonl:2', reason_code: 'bad_json' },
            { source: 'releases.jsonl:3', reason_code: 'ocds_duplicate_ocid' },
          ]);
          // Typed as it is read: a numeric buyer id is no id (Cardinal reads ids only as strings).
          expect(await db.query('select ocid, seq::integer as seq, source, buyer_id from raw_ocds_release_fields order by seq')).toEqual([
            { ocid: 'ocds-1', seq: 1, source: 'releases.jsonl:1', buyer_id: 'B' },
            { ocid: 'ocds-2', seq: 4, source: 'releases.jsonl:4', buyer_id: null },
          ]);
          const tableType = "select table_type from information_schema.tables where table_name = 'raw_ocds_release_fields'";
          expect(await db.query(tableType)).toEqual([{ table_type: 'VIEW' }]);
          // Another connection (buildModels `alongside`) reads the same rows.
          const other = await db.connectAgain();
          try {
            expect(await other.query('select ocid from raw_ocds_release_fields order by seq')).toEqual([{ ocid: 'ocds-1' }, { ocid: 'ocds-2' }]);
          } finally {
            other.close();
          }
          await dropInPlaceFields(db);
          expect(await db.query(tableType)).toEqual([{ table_type: 'BASE TABLE' }]);
          expect(await db.query('select count(*)::integer as n from raw_ocds_release_fields')).toEqual([{ n: 0 }]);
        });
      });
    });

    it('in place on a database that already holds releases: copied into the table as usual', async () => {
      await withTempDir(async (dir) => {
        const first = join(dir, 'a.jsonl');
        const second = join(dir, 'b.jsonl');
        writeFileSync(first, release('ocds-1') + '\n');
        writeFileSync(second, release('ocds-2') + '\n');
        await withDatabase(async (db) => {
          await loadOcdsReleases(db, first, { fieldsOnly: true });
          await loadOcdsReleases(db, second, { fieldsOnly: true, inPlace: true });
          await dropInPlaceFields(db);
          expect(await db.query('select ocid, source from raw_ocds_release_fields order by seq')).toEqual([
            { ocid: 'ocds-1', source: 'a.jsonl:1' },
            { ocid: 'ocds-2', source: 'b.jsonl:1' },
          ]);
        });
      });
    });

    // DuckDB skips blank lines (shifting its numbering), and after some broken lines it also refuses the next, good line.
    it.each([
      { bad: '', code: 'empty' },
      { bad: '{"ocid": ', code: 'bad_json' },
    ])('goes line by line when DuckDB cannot be trusted with the line numbers ($code)', async ({ bad, code }) => {
      await withTempDir(async (dir) => {
        const file = join(dir, 'releases.jsonl');
        writeFileSync(file, [release('ocds-1'), bad, release('ocds-2')].join('\n') + '\n');
        await withDatabase(async (db) => {
          expect(await loadOcdsReleases(db, file, { fieldsOnly: true })).toMatchObject({ read: 3, accepted: 2, deadLettered: 1, path: 'lines' });
          expect(await db.query('select source, reason_code from dead_letters')).toEqual([{ source: 'releases.jsonl:2', reason_code: code }]);
          expect(await db.query('select ocid, source from raw_ocds_release_fields order by seq')).toEqual([
            { ocid: 'ocds-1', source: 'releases.jsonl:1' },
            { ocid: 'ocds-2', source: 'releases.jsonl:3' },
          ]);
          expect(await db.query('select count(*)::integer as n from raw_ocds_releases')).toEqual([{ n: 0 }]);
        });
      });
    });

    it('replaces an earlier load\'s release with the same ocid in both tables', async () => {
      await withTempDir(async (dir) => {
        const first = join(dir, 'a.jsonl');
        const second = join(dir, 'b.jsonl');
        writeFileSync(first, [release('ocds-1'), release('ocds-2')].join('\n') + '\n');
        writeFileSync(second, release('ocds-1', { buyer: { id: 'NEW' } }) + '\n');
        await withDatabase(async (db) => {
          await loadOcdsReleases(db, first);
          expect(await loadOcdsReleases(db, second, { fieldsOnly: true })).toMatchObject({ read: 1, accepted: 1, replaced: 1 });
          expect(await db.query("select ocid, source, buyer_id as buyer from raw_ocds_release_fields order by seq")).toEqual([
            { ocid: 'ocds-2', source: 'a.jsonl:2', buyer: null },
            { ocid: 'ocds-1', source: 'b.jsonl:1', buyer: 'NEW' },
          ]);
          expect(await db.query('select ocid from raw_ocds_releases')).toEqual([{ ocid: 'ocds-2' }]);
        });
      });
    });
  });
});
