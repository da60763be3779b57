import { describe, expect, it } from 'vitest';
import { withDatabase } from './support/withDatabase.ts';

describe('Database.withSettings', () => {
  it('changes a setting for the work only and puts it back, also when the work throws', async () => {
    await withDatabase(async (db) => {
      const setting = async () => (await db.query<{ value: string }>("select current_setting('preserve_insertion_order')::varchar as value"))[0]!.value;
      expect(await setting()).toBe('true');
      const inside = await db.withSettings({ preserve_insertion_order: 'false' }, setting);
      expect(inside).toBe('false');
      expect(await setting()).toBe('true');
      await expect(db.withSettings({ preserve_insertion_order: 'false' }, async () => { throw new Error('work failed'); })).rejects.toThrow('work failed');
      expect(await setting()).toBe('true');
    });
  });
});

describe('Database.withMemoryLimit', () => {
  it('caps DuckDB for the work only (never above its limit) and puts back the limit the database was opened with, also when the work throws', async () => {
    await withDatabase(async (db) => {
      const setting = async () => (await db.query<{ value: string }>("select current_setting('memory_limit')::varchar as value"))[0]!.value;
      const opened = await setting();
      const inside = await db.withMemoryLimit('100MB', setting);
      expect(inside).not.toBe(opened);
      expect(inside).toMatch(/^(95\.3 MiB|100\.0 MB)$/);
      expect(await setting()).toBe(opened);
      await expect(db.withMemoryLimit('100MB', async () => { throw new Error('work failed'); })).rejects.toThrow('work failed');
      expect(await setting()).toBe(opened);
      expect(db.memoryLimit).toBe(process.env.BIDWATCH_MEMORY_LIMIT ?? '2GB');
      // Never above the limit the database was opened with.
      expect(await db.withMemoryLimit('1000TB', setting)).toBe(opened);
    });
  });
});
