import { describe, expect, it } from 'vitest';
import { buildModelTables, checkModels } from '../analytics/buildModels.ts';
import { ModelCheckError } from '../analytics/ModelCheckError.ts';
import { parseModel } from '../analytics/parseModel.ts';
import { withDatabase } from './support/withDatabase.ts';

/**
 * checkModels shares the models' invariant checks between connections (`bidwatch indicators` runs
 * them on its two): every check runs once, and the failures come in model order, as on one
 * connection, whichever connection found them.
 */
const model = (name: string, header: string, sql: string) => parseModel(`${name}.sql`, `-- model: ${name}\n-- materialized: table\n-- grain: one row per n\n${header}${sql}`);

const models = [
  model('m_numbers', '-- unique: n\n', 'select range as n from range(5)'),
  model('m_doubles', '-- unique: n\n-- not_null: n\n-- relationship: n -> m_numbers.n\n', 'select range * 2 as n from range(5)'),
  model('m_repeats', '-- unique: n\n', 'select range % 2 as n from range(4)'),
  model('m_large', '-- unique: n\n-- not_null: n\n', 'select range % 1000 as n from range(3000)'),
];

async function failuresWith(connections: number) {
  return withDatabase(async (db) => {
    const others = await Promise.all(Array.from({ length: connections - 1 }, () => db.connectAgain()));
    try {
      await buildModelTables(db, models);
      return { checks: await checkModels([db, ...others], models), failures: [] };
    } catch (error) {
      if (error instanceof ModelCheckError) return { checks: null, failures: error.failures };
      throw error;
    } finally {
      for (const other of others) other.close();
    }
  });
}

describe('checkModels on several connections', () => {
  it('reports every failing check in model order, as on one connection', async () => {
    const one = await failuresWith(1);
    expect(one.failures).toEqual([
      { model: 'm_doubles', check: 'relationship(n -> m_numbers.n)', failingRows: 2 },
      { model: 'm_repeats', check: 'unique(n)', failingRows: 2 },
      { model: 'm_large', check: 'unique(n)', failingRows: 1000 },
    ]);
    // The largest model's checks go first, to one connection each: the failures still come in model order.
    expect(await failuresWith(2)).toEqual(one);
    expect(await failuresWith(3)).toEqual(one);
  });

  it('says how many checks ran when all pass', async () => {
    await withDatabase(async (db) => {
      const other = await db.connectAgain();
      try {
        const passing = [models[0]!, models[1]!].map((m) => (m.name === 'm_doubles' ? model('m_doubles', '-- unique: n\n-- not_null: n\n', 'select range * 2 as n from range(5)') : m));
        const { built } = await buildModelTables(db, passing);
        expect(built).toEqual([
          { name: 'm_numbers', materialized: 'table', rows: 5 },
          { name: 'm_doubles', materialized: 'table', rows: 5 },
        ]);
        expect(await checkModels([db, other], passing)).toBe(3);
      } finally {
        other.close();
      }
    });
  });
});
