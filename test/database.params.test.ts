import { describe, expect, it } from 'vitest';
import { withDatabase } from './support/withDatabase.ts';

describe('Database parameter binding', () => {
  it('binds string lists, number lists, empty lists and parameter tables, and ignores unused parameters', async () => {
    await withDatabase(async (db) => {
      const rows = await db.query(
        `select typeof($methods) as methods_type, list_contains($methods, 'open') as has_open,
                list_sum($limits) as limits_sum, len($none) as none_len,
                cast($table as json) -> 1 ->> 'kind' as second_kind, cast($object as json) ->> 'a' as object_a`,
        { methods: ['open', 'invited'], limits: [1.5, 2], none: [], table: [{ kind: 'a' }, { kind: 'b' }], object: { a: 'x' }, unused: 3 },
      );
      expect(rows).toEqual([{ methods_type: 'VARCHAR[]', has_open: true, limits_sum: 3.5, none_len: '0', second_kind: 'b', object_a: 'x' }]);
    });
  });
});
