import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/buildModels.ts';
import { Database } from '../db/Database.ts';
import { loadOcdsReleases } from '../ingest/ocds/loadOcdsReleases.ts';
import { parseCardinalSettings } from '../rules/ocds/CardinalSettings.ts';
import { prepareOcdsReleases, useOcdsPreparation } from '../rules/ocds/prepareOcdsReleases.ts';
import { ocdsModels } from '../rules/ocds/runCardinalIndicators.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

/**
 * prepareOcdsReleases is made once for the scan's eleven OCDS rules: it keeps its tables while the
 * models and the global settings are the same, and makes them again when either changes.
 */
const fixture = fileURLToPath(new URL('../fixtures/ocds/cardinal/R036/input.jsonl', import.meta.url));

async function preparedTable(db: Database): Promise<{ oid: number; used: number }> {
  const [row] = await db.query<{ oid: number; used: number }>(
    `select (select table_oid from duckdb_tables() where database_name = 'ocds_prepared' and table_name = 'ocds_used_releases')::double as oid,
            (select count(*) from ocds_prepared.ocds_used_releases)::double as used`,
  );
  return row!;
}

describe('the OCDS preparation, reused', () => {
  it('keeps its tables for the same models and settings, and prepares again after the models or the settings change', async () => {
    await withTempDir(async (dir) => {
      await withDatabase(async (db) => {
        const lines = readFileSync(fixture, 'utf8').trim().split('\n');
        const first = join(dir, 'first.jsonl');
        writeFileSync(first, `${lines.slice(0, 2).join('\n')}\n`);
        await loadOcdsReleases(db, first, { fieldsOnly: true });
        await buildModels(db, ocdsModels());
        const settings = parseCardinalSettings('[R036]\n');
        await prepareOcdsReleases(db, settings);
        const prepared = await preparedTable(db);
        expect(prepared.used).toBe(2);

        // Same models, same settings: nothing is made again.
        await prepareOcdsReleases(db, parseCardinalSettings('[R036]\n'));
        expect(await preparedTable(db)).toEqual(prepared);

        // Other global settings: prepared again (the excluded method is not in the data: same rows).
        await prepareOcdsReleases(db, parseCardinalSettings('[exclusions]\nprocurement_method_details = nowhere\n\n[R036]\n'));
        const resettled = await preparedTable(db);
        expect(resettled.oid).not.toBe(prepared.oid);
        expect(resettled.used).toBe(2);

        // More releases, the models rebuilt: prepared again, from the new models.
        const all = join(dir, 'all.jsonl');
        copyFileSync(fixture, all);
        await loadOcdsReleases(db, all, { fieldsOnly: true });
        await buildModels(db, ocdsModels());
        await prepareOcdsReleases(db, settings);
        const rebuilt = await preparedTable(db);
        expect(rebuilt.oid).not.toBe(resettled.oid);
        expect(rebuilt.used).toBe(lines.length);
        await useOcdsPreparation(db);
        expect(await db.query('select count(*)::integer as n from ocds_used_releases')).toEqual([{ n: lines.length }]);
      });
    });
  });

  it('refuses a database file whose name is the prepared tables\' catalog, rather than write them into it', async () => {
    await withTempDir(async (dir) => {
      const db = await Database.open(join(dir, 'ocds_prepared.duckdb'));
      try {
        await loadOcdsReleases(db, fixture, { fieldsOnly: true });
        await buildModels(db, ocdsModels());
        await expect(prepareOcdsReleases(db, parseCardinalSettings('[R036]\n'))).rejects.toThrow(/named ocds_prepared.*rename the file/);
      } finally {
        db.close();
      }
    });
  });
});
