import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../ingest/loadDirectory.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

const EXAMPLE = new URL('../docs/examples/platform-export/', import.meta.url).pathname;

describe('README "Your data": the worked example of a platform export', () => {
  it('turns the Chinese-header CSV into records the contract accepts, money in yuan and times with their offset', async () => {
    await withTempDir(async (dir) => {
      const records = join(dir, 'records');
      mkdirSync(records);
      // The SQL as a user runs it with the DuckDB CLI, its two relative paths pointed at this test's folders.
      const sql = readFileSync(join(EXAMPLE, 'toRecords.sql'), 'utf8')
        .replaceAll("'bid-opening-export.csv'", `'${join(EXAMPLE, 'bid-opening-export.csv')}'`)
        .replaceAll("'records/", `'${records}/`);
      await withDatabase(async (scratch) => {
        for (const statement of sql.split(/;\s*\n/).filter((s) => s.replace(/--.*$/gm, '').trim() !== '')) await scratch.run(statement);
      });
      await withDatabase(async (db) => {
        const summary = await loadDirectory(db, records);
        expect([summary.tenders, summary.bids, summary.companies].map((s) => [s.read, s.accepted, s.deadLettered])).toEqual([
          [2, 2, 0],
          [6, 6, 0],
          [5, 5, 0],
        ]);
        expect(await db.query('select id, title, method, category, ceiling_price, announced_at, bid_deadline from raw_tenders order by id')).toEqual([
          { id: 'E5301000001001', title: '城北片区道路提升改造（一标段）,含管网', method: 'open', category: 'works', ceiling_price: 5000000, announced_at: '2024-03-01T09:00:00+08:00', bid_deadline: '2024-03-25T09:30:00+08:00' },
          { id: 'E5301000001002', title: '城北片区道路提升改造（二标段）', method: 'invited', category: 'works', ceiling_price: 3205000, announced_at: '2024-03-02T09:00:00+08:00', bid_deadline: '2024-03-26T09:30:00+08:00' },
        ]);
        expect(await db.query(`select price, status, disqualification_reason from raw_bids where id = 'E5301000001001-91530100MA6K000003'`)).toEqual([
          { price: 4600000.5, status: 'disqualified', disqualification_reason: '未按要求提交投标保证金' },
        ]);
      });
    });
  });
});
