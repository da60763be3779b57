import { describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/buildModels.ts';
import { ModelCheckError } from '../analytics/ModelCheckError.ts';
import { parseModel } from '../analytics/parseModel.ts';
import type { Database } from '../db/Database.ts';
import { withDatabase } from './support/withDatabase.ts';

/**
 * buildModels `alongside`: models that do not read one another build on several connections at
 * once (`bidwatch indicators` builds the stg_ocds_* models so), with the same tables, the same
 * result and the same failing checks, in model order, as on one connection.
 */
const model = (name: string, header: string, sql: string) => parseModel(`${name}.sql`, `-- model: ${name}\n-- materialized: table\n-- grain: one row per n\n${header}${sql}`);

const independentModels = [
  model('m_numbers', '-- unique: n\n', 'select range as n from range(5)'),
  model('m_doubles', '-- unique: n\n-- not_null: n\n-- relationship: n -> m_numbers.n\n', 'select range * 2 as n from range(5)'),
  model('m_repeats', '-- unique: n\n', 'select range % 2 as n from range(4)'),
  model('m_requires_missing', '-- requires: nowhere\n', 'select * from nowhere'),
];

async function build(db: Database, alongside: number) {
  const others = await Promise.all(Array.from({ length: alongside }, () => db.connectAgain()));
  try {
    return await buildModels(db, independentModels, { alongside: others });
  } catch (error) {
    if (error instanceof ModelCheckError) return { failures: error.failures };
    throw error;
  } finally {
    for (const other of others) other.close();
  }
}

describe('buildModels alongside other connections', () => {
  it('builds every model and reports every failing check in model order, as on one connection', async () => {
    const results = await Promise.all(
      [0, 1, 2].map((alongside) =>
        withDatabase(async (db) => ({
          outcome: await build(db, alongside),
          tables: await db.query<{ table_name: string }>("select table_name from information_schema.tables where table_name like 'm\\_%' escape '\\' order by table_name"),
        })),
      ),
    );
    expect(results[0]!.outcome).toEqual({
      failures: [
        { model: 'm_doubles', check: 'relationship(n -> m_numbers.n)', failingRows: 2 },
        { model: 'm_repeats', check: 'unique(n)', failingRows: 2 },
      ],
    });
    expect(results[0]!.tables.map((row) => row.table_name)).toEqual(['m_doubles', 'm_numbers', 'm_repeats']);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('returns the models in their order with their row counts, and the skipped ones', async () => {
    const passing = independentModels.filter((m) => m.name !== 'm_repeats' && m.name !== 'm_doubles');
    await withDatabase(async (db) => {
      const other = await db.connectAgain();
      try {
        expect(await buildModels(db, passing, { alongside: [other] })).toEqual({
          models: [{ name: 'm_numbers', materialized: 'table', rows: 5 }],
          checks: 1,
          skipped: ['m_requires_missing'],
        });
      } finally {
        other.close();
      }
    });
  });
});
