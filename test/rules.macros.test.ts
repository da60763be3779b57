import { describe, expect, it } from 'vitest';
import { installRuleMacros } from '../rules/installRuleMacros.ts';
import { withDatabase } from './support/withDatabase.ts';

const bids = `(values
    ('b1', 'T1', 'C1', null, 300.0, 'valid', 'PM1'),
    ('b2', 'T1', 'C2', '乙公司', 100.0, 'disqualified', 'PM2'),
    ('b3', 'T1', 'C3', '丙公司', 100.0, 'withdrawn', null),
    ('b0', 'T1', 'C4', '丁公司', 200.0, 'late', null)
) as bids (bid_id, tender_id, bidder_id, bidder_name, price, status, project_manager_id)`;

async function select<T>(sql: string): Promise<T> {
  return withDatabase(async (db) => {
    await installRuleMacros(db);
    const [row] = await db.query<{ value: string }>(`select (${sql})::json::varchar as value from ${bids}`);
    return JSON.parse(row!.value) as T;
  });
}

describe('rule macros', () => {
  it('bids_side_by_side: cheapest first, ties by bid id, status in Chinese, the rule\'s columns after the common ones', async () => {
    const rows = await select<Record<string, unknown>[]>(`bids_side_by_side(bids, {'项目经理': bids.project_manager_id})`);
    expect(rows).toEqual([
      { 投标编号: 'b2', 投标人: '乙公司', '报价(元)': 100, 状态: '否决', 项目经理: 'PM2' },
      { 投标编号: 'b3', 投标人: '丙公司', '报价(元)': 100, 状态: '撤回', 项目经理: null },
      { 投标编号: 'b0', 投标人: '丁公司', '报价(元)': 200, 状态: 'late', 项目经理: null },
      { 投标编号: 'b1', 投标人: 'C1', '报价(元)': 300, 状态: '有效', 项目经理: 'PM1' },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['投标编号', '投标人', '报价(元)', '状态', '项目经理']);
  });

  it('bids_side_by_side without extra columns gives the common ones only', async () => {
    const rows = await select<Record<string, unknown>[]>('bids_side_by_side(bids)');
    expect(rows.map((row) => Object.keys(row))).toEqual(Array(4).fill(['投标编号', '投标人', '报价(元)', '状态']));
  });

  it('wilson_lower_bound matches the textbook interval and ranks few trials below many', async () => {
    // Wilson 95 % interval for 8 of 10: 0.4902 … 0.9433.
    expect(await select<number>('any_value(wilson_lower_bound(8, 10, 1.96))')).toBeCloseTo(0.4902, 4);
    const [twoOfTwo, fortyOfFifty] = await select<number[]>('[any_value(wilson_lower_bound(2, 2, 1.96)), any_value(wilson_lower_bound(40, 50, 1.96))]');
    expect(twoOfTwo).toBeLessThan(fortyOfFifty!);
  });
});
