import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../db/Database.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import { recordTypeNames, type RecordType } from '../db/recordSchemas.ts';
import { buildModels } from '../analytics/buildModels.ts';
import { runRules } from '../rules/runRules.ts';
import { procedureRules } from '../rules/procedure/index.ts';
import { qualificationRules } from '../rules/qualification/index.ts';

const UPDATED_AT = '2024-01-01T00:00:00+08:00';

/**
 * Partial records: every optional field missing, references to people and companies that are
 * not on record, a registration naming no company, periods without ends. Each is a data gap;
 * none may crash a rule or make a hit.
 */
const sparse: Partial<Record<RecordType, Record<string, unknown>[]>> = {
  persons: [{ id: 'P-REG-ONLY', name: '甲', registrations: [{ cert_no: 'X1' }] }],
  companies: [{ id: 'C-KNOWN', name: '某公司' }],
  projects: [{ code: 'PRJ-1', name: '某项目', owner_id: 'B1', investment_type: 'government' }],
  tenders: [
    { id: 'T1', title: '某工程', buyer_id: 'B1', method: 'open', category: 'works' },
    { id: 'T2', project_code: 'PRJ-UNKNOWN', title: '某工程二', buyer_id: 'B1', method: 'open', category: 'works', bid_deadline: '2024-03-25T09:00:00+08:00' },
    { id: 'T3', title: '某货物', buyer_id: 'B1', method: 'open', category: 'goods', bid_deadline: '2024-03-25T09:00:00+08:00' },
    { id: 'T4', title: '某工程四', buyer_id: 'B1', method: 'open', category: 'works', announced_at: '2024-03-01T09:00:00+08:00', bid_deadline: '2024-03-25T09:00:00+08:00' },
  ],
  bids: [
    { id: 'b1', tender_id: 'T1', bidder_id: 'C-UNKNOWN', price: 100, status: 'valid', project_manager_id: 'P-UNKNOWN', key_staff_ids: ['P-UNKNOWN-2'] },
    { id: 'b2', tender_id: 'T2', bidder_id: 'C-UNKNOWN', price: 100, status: 'valid', project_manager_id: 'P-UNKNOWN', deposit: { payer_name: '某人' } },
    { id: 'b3', tender_id: 'T-UNKNOWN', bidder_id: 'C-KNOWN', price: 100, status: 'valid' },
    { id: 'b4', tender_id: 'T2', bidder_id: 'C-UNKNOWN', price: 100, status: 'valid', project_manager_id: 'P-REG-ONLY', deposit: { payer_account: 'ACC' } },
    { id: 'b5', tender_id: 'T3', bidder_id: 'C-KNOWN', price: 100, status: 'valid', deposit: { payer_account: 'ACC' } },
  ],
  // An award whose bids were never published (T4) is a publication gap, not "fewer than three bids".
  awards: [{ id: 'a1', tender_id: 'T4', winner_id: 'C-UNKNOWN', price: 100, decided_at: '2024-03-30T10:00:00+08:00' }],
  contracts: [
    { id: 'K1', buyer_id: 'B1', supplier_id: 'C-UNKNOWN', title: '合同一', category: 'works', value: 100, signed_on: '2024-04-01', project_manager_id: 'P-UNKNOWN', subcontracts: [{ subcontractor_id: 'S-UNKNOWN', value: 10, scope: '钢结构' }] },
    { id: 'K2', buyer_id: 'B1', supplier_id: 'C-UNKNOWN', title: '合同二', category: 'works', value: 100, signed_on: '2024-04-02', project_manager_id: 'P-UNKNOWN' },
  ],
};

describe.each([
  ['procedure', procedureRules],
  ['qualification', qualificationRules],
] as const)('%s rules on missing and partial data', (_family, familyRules) => {
  let db: Database;
  beforeEach(async () => {
    db = await Database.open(':memory:');
  });
  afterEach(() => db.close());

  const load = async (records: typeof sparse) => {
    const loader = await RecordLoader.create(db);
    for (const type of recordTypeNames) {
      await loader.loadBatch(type, (records[type] ?? []).map((r, i) => ({ raw: JSON.stringify({ updated_at: UPDATED_AT, ...r }), source: `${type}#${i}` })));
    }
    expect(await db.query('select reason from dead_letters')).toEqual([]);
    await buildModels(db);
  };

  it('runs every rule on an empty database without a hit', async () => {
    await load({});
    const results = await runRules(db, 'gaps', familyRules);
    // A failed rule also has no hits: its error shows instead.
    expect(results.map((r) => [r.ruleId, r.status === 'failed' ? r.reason : r.hits])).toEqual(familyRules.map((r) => [r.id, 0]));
  });

  it('treats unknown people, unknown companies and missing dates as gaps, not hits', async () => {
    await load(sparse);
    const results = await runRules(db, 'gaps', familyRules);
    // A failed rule also has no hits: its error shows instead.
    expect(results.map((r) => [r.ruleId, r.status === 'failed' ? r.reason : r.hits])).toEqual(familyRules.map((r) => [r.id, 0]));
  });
});
