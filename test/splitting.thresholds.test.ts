import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildModels } from '../analytics/buildModels.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import type { RecordType } from '../db/recordSchemas.ts';
import { installTenderThresholds } from '../rules/splitting/installTenderThresholds.ts';
import { tenderThresholdParameters } from '../rules/splitting/tenderThresholdParameters.ts';
import { withDatabase } from './support/withDatabase.ts';

const parameters = z.object(tenderThresholdParameters);
const UPDATED_AT = '2024-01-01T00:00:00+08:00';

const records: Partial<Record<RecordType, Record<string, unknown>[]>> = {
  projects: [{ code: 'P1', name: '某项目', owner_id: 'B1', investment_type: 'government', region_code: '530102' }],
  tenders: [
    { id: 'T-2017', title: '施工', buyer_id: 'B1', method: 'open', category: 'works', announced_at: '2018-05-31T23:30:00+08:00' },
    { id: 'T-2018', title: '施工', buyer_id: 'B1', method: 'open', category: 'works', announced_at: '2018-06-01T00:30:00+08:00' },
    { id: 'T-kunming', project_code: 'P1', title: '设备', buyer_id: 'B1', method: 'open', category: 'goods', announced_at: '2021-03-01T09:00:00+08:00' },
    { id: 'T-county', title: '设备', buyer_id: 'B1', method: 'open', category: 'goods', region_code: '532822', announced_at: '2021-03-01T09:00:00+08:00' },
    { id: 'T-undated', title: '服务', buyer_id: 'B1', method: 'direct', category: 'services' },
  ],
  contracts: [
    { id: 'C-tendered', tender_id: 'T-2017', buyer_id: 'B1', supplier_id: 'S1', title: '施工合同', category: 'works', value: 1, signed_on: '2018-07-01' },
    { id: 'C-bare', buyer_id: 'B1', supplier_id: 'S1', title: '咨询', category: 'services', value: 1, signed_on: '2018-05-31' },
  ],
};

async function thresholdsOf(overrides: Record<string, unknown>) {
  return withDatabase(async (db) => {
    const loader = await RecordLoader.create(db);
    for (const [type, list] of Object.entries(records)) {
      await loader.loadBatch(type as RecordType, list.map((r, i) => ({ raw: JSON.stringify({ updated_at: UPDATED_AT, ...r }), source: `${type}#${i}` })));
    }
    await buildModels(db);
    await installTenderThresholds(db, parameters.parse(overrides));
    const tenders = await db.query<{ id: string; threshold: number; prefix: string | null }>(
      'select tender_id as id, threshold, threshold_region_prefix as prefix from threshold_of_tender order by id',
    );
    const contracts = await db.query<{ id: string; threshold: number; judged_on: string }>(
      'select contract_id as id, threshold, judged_on from threshold_of_contract order by id',
    );
    return { tenders, contracts };
  });
}

describe('installTenderThresholds', () => {
  it('judges each record by its Beijing procurement day, with the national table by default', async () => {
    expect(await thresholdsOf({})).toEqual({
      tenders: [
        { id: 'T-2017', threshold: 2_000_000, prefix: null },
        { id: 'T-2018', threshold: 4_000_000, prefix: null },
        { id: 'T-county', threshold: 2_000_000, prefix: null },
        { id: 'T-kunming', threshold: 2_000_000, prefix: null },
        // no date at all: the current (higher) threshold, the cautious choice
        { id: 'T-undated', threshold: 1_000_000, prefix: null },
      ],
      contracts: [
        { id: 'C-bare', threshold: 500_000, judged_on: '2018-05-31' },
        // signed in July 2018, but procured (tender announced) on 2018-05-31 Beijing time: the old threshold
        { id: 'C-tendered', threshold: 2_000_000, judged_on: '2018-05-31' },
      ],
    });
  });

  it('applies the longest matching region prefix within its validity, the project region standing in for the tender', async () => {
    const { tenders } = await thresholdsOf({
      regional_thresholds: [
        { region_prefix: '53', goods: 1_800_000 },
        { region_prefix: '5301', valid_from: '2021-01-01', goods: 1_500_000 },
        { region_prefix: '5301', valid_to: '2021-01-01', goods: 1_000_000 },
      ],
    });
    expect(tenders.filter((t) => t.id === 'T-kunming' || t.id === 'T-county')).toEqual([
      { id: 'T-county', threshold: 1_800_000, prefix: '53' },
      { id: 'T-kunming', threshold: 1_500_000, prefix: '5301' },
    ]);
  });

  it('rejects a malformed region prefix', () => {
    expect(parameters.safeParse({ regional_thresholds: [{ region_prefix: '53A', works: 1 }] }).success).toBe(false);
  });
});
