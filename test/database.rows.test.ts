import { describe, expect, it } from 'vitest';
import { withDatabase } from './support/withDatabase.ts';

/**
 * Database.query converts a result a column at a time (db/Database.ts, rowObjects): its rows must
 * be exactly DuckDB's own `getRowObjectsJson`, for every kind of value and for repeated column names.
 */
describe('Database.query rows', () => {
  it("gives DuckDB's getRowObjectsJson rows, value for value", async () => {
    await withDatabase(async (db) => {
      const sql = `select
          range as n, range::bigint * 1000000000000 as big, range::hugeint as huge, range / 3 as ratio,
          case when range = 1 then 'nan'::double when range = 2 then 'inf'::double end as odd_double,
          (range * 1.25)::decimal(10, 2) as amount, 'text ' || range as label, range % 2 = 0 as even,
          date '2024-03-01' + range::integer as day, timestamptz '2024-03-01 09:00:00+08' + to_days(range::integer) as instant,
          interval (range) hour as span, [range, range + 1] as pair, {'a': range, 'b': 'x'} as record,
          map {'k': range} as lookup, null as nothing, range as n
        from range(2500)`;
      const expected = (await db.connection.runAndReadAll(sql)).getRowObjectsJson();
      const rows = await db.query(sql);
      expect(rows).toHaveLength(2500);
      expect(rows).toEqual(expected);
      expect(Object.keys(rows[0]!)).toEqual(Object.keys(expected[0]!));
    });
  });

  it('gives no rows for an empty result', async () => {
    await withDatabase(async (db) => {
      expect(await db.query('select 1 as n where false')).toEqual([]);
    });
  });
});
