import type { Database } from '../db/Database.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import { recordTypeNames, type RecordType } from '../db/recordSchemas.ts';

const UPDATED_AT = '2024-01-01T00:00:00+08:00';

/**
 * A small province for the report tests: literal records that make a few rules fire.
 * - Project P3 (T1, T4): a ring of 恒达/宏远/金盛/丰源 — shared machine (A1), one deposit account
 *   (A3), a 50,000-yuan price staircase (A4) — one collusion lead with a co-bidding network.
 * - Project P1 (T2): tender announced before the project approval (D1), with award, contract and
 *   construction start — an approval lead with a timeline.
 * - T5: a 19-day bid period (E1) — a procedure lead.
 */
export const reportScenario: Partial<Record<RecordType, Record<string, unknown>[]>> = {
  persons: [
    { id: 'P-01', name: '张建国' },
    { id: 'P-02', name: '李明' },
  ],
  companies: [
    { id: 'C1', name: '恒达建设有限公司' },
    { id: 'C2', name: '宏远路桥有限公司' },
    { id: 'C3', name: '金盛市政有限公司' },
    { id: 'C4', name: '丰源建筑工程有限公司' },
    { id: 'C5', name: '鑫源市政工程有限公司' },
    { id: 'C6', name: '瑞丰城建工程有限公司' },
    { id: 'B1', name: '某县交通运输局' },
    { id: 'B2', name: '某县水务局' },
    { id: 'B3', name: '某镇人民政府' },
    { id: 'AG1', name: '某招标代理有限公司' },
  ],
  projects: [
    { code: 'P1', name: '某县城区道路改造工程', owner_id: 'B1', investment_type: 'government', approval_route: 'approval', region_code: '530421' },
    { code: 'P3', name: '某县污水管网工程', owner_id: 'B2', investment_type: 'government', approval_route: 'approval', region_code: '530102' },
  ],
  approvals: [
    { id: 'ap1', project_code: 'P1', kind: 'project_approval', issued_on: '2023-05-10', authority: '某县发展和改革局', doc_no: '某发改投资〔2023〕12号', amount: 30000000 },
    { id: 'ap2', project_code: 'P1', kind: 'land_use', issued_on: '2023-06-02', authority: '某县自然资源局' },
    { id: 'ap3', project_code: 'P3', kind: 'project_approval', issued_on: '2023-09-01', authority: '某县发展和改革局', doc_no: '某发改投资〔2023〕40号' },
  ],
  milestones: [
    { id: 'm1', project_code: 'P1', kind: 'construction_start', on: '2023-04-15' },
    { id: 'm2', project_code: 'P1', kind: 'completion', on: '2024-01-20' },
  ],
  tenders: [
    { id: 'T1', project_code: 'P3', title: '某县污水管网工程一标段', buyer_id: 'B2', method: 'open', category: 'works', ceiling_price: 5000000, region_code: '530102', announced_at: '2024-03-01T09:00:00+08:00', bid_deadline: '2024-03-25T09:00:00+08:00' },
    { id: 'T4', project_code: 'P3', title: '某县污水管网工程二标段', buyer_id: 'B2', method: 'open', category: 'works', ceiling_price: 4000000, region_code: '530102', announced_at: '2024-04-01T09:00:00+08:00', bid_deadline: '2024-04-25T09:00:00+08:00' },
    { id: 'T2', project_code: 'P1', title: '某县城区道路改造工程施工', buyer_id: 'B1', method: 'open', category: 'works', ceiling_price: 28000000, region_code: '530421', announced_at: '2023-04-01T09:00:00+08:00', bid_deadline: '2023-04-21T09:30:00+08:00' },
    { id: 'T5', title: '某镇小学教学楼维修工程', buyer_id: 'B3', agency_id: 'AG1', method: 'open', category: 'works', ceiling_price: 3000000, region_code: '530602', announced_at: '2024-03-01T01:00:00+08:00', bid_deadline: '2024-03-20T09:30:00+08:00' },
  ],
  bids: [
    { id: 'b1', tender_id: 'T1', bidder_id: 'C1', price: 4612300, status: 'valid', project_manager_id: 'P-01', fingerprint: { hardware_id: 'HW-1', mac: 'AA' }, deposit: { payer_account: '6222020200112233777', payer_name: '王某', paid_at: '2024-03-20T10:02:00+08:00' } },
    { id: 'b2', tender_id: 'T1', bidder_id: 'C2', price: 4662300, status: 'valid', fingerprint: { hardware_id: 'HW-1', mac: 'BB' }, deposit: { payer_account: '6222020200110000002', payer_name: '宏远路桥有限公司', paid_at: '2024-03-21T15:40:00+08:00' } },
    { id: 'b3', tender_id: 'T1', bidder_id: 'C3', price: 4712400, status: 'valid', fingerprint: { hardware_id: 'HW-3', mac: 'CC' }, deposit: { payer_account: '6222020200112233777', payer_name: '王某', paid_at: '2024-03-20T10:10:00+08:00' } },
    { id: 'b4', tender_id: 'T1', bidder_id: 'C4', price: 4762300, status: 'valid', fingerprint: { hardware_id: 'HW-4', mac: 'DD' } },
    { id: 'b5', tender_id: 'T1', bidder_id: 'C5', price: 4690123.45, status: 'valid', fingerprint: { hardware_id: 'HW-5', mac: 'EE' } },
    { id: 'b6', tender_id: 'T1', bidder_id: 'C6', price: 4520800, status: 'valid', fingerprint: { hardware_id: 'HW-6', mac: 'FF' } },
    { id: 'b41', tender_id: 'T4', bidder_id: 'C1', price: 3810000, status: 'valid', fingerprint: { hardware_id: 'HW-7' } },
    { id: 'b42', tender_id: 'T4', bidder_id: 'C2', price: 3760000, status: 'valid', fingerprint: { hardware_id: 'HW-7' } },
    { id: 'b43', tender_id: 'T4', bidder_id: 'C3', price: 3850000, status: 'valid', fingerprint: { hardware_id: 'HW-9' } },
    { id: 'b21', tender_id: 'T2', bidder_id: 'C5', price: 27100000, status: 'valid', project_manager_id: 'P-02' },
    { id: 'b22', tender_id: 'T2', bidder_id: 'C6', price: 27600000, status: 'valid' },
    { id: 'b23', tender_id: 'T2', bidder_id: 'C4', price: 26300000, status: 'valid' },
    { id: 'b51', tender_id: 'T5', bidder_id: 'C5', price: 2810000, status: 'valid' },
    { id: 'b52', tender_id: 'T5', bidder_id: 'C6', price: 2790000, status: 'valid' },
    { id: 'b53', tender_id: 'T5', bidder_id: 'C2', price: 2880000, status: 'valid' },
  ],
  awards: [
    { id: 'a1', tender_id: 'T1', winner_id: 'C1', price: 4612300, decided_at: '2024-03-28T10:00:00+08:00' },
    { id: 'a4', tender_id: 'T4', winner_id: 'C2', price: 3760000, decided_at: '2024-04-28T10:00:00+08:00' },
    { id: 'a2', tender_id: 'T2', winner_id: 'C4', price: 26300000, decided_at: '2023-04-25T10:00:00+08:00' },
    { id: 'a5', tender_id: 'T5', winner_id: 'C6', price: 2790000, decided_at: '2024-03-22T10:00:00+08:00' },
  ],
  contracts: [
    { id: 'K2', tender_id: 'T2', buyer_id: 'B1', supplier_id: 'C4', title: '某县城区道路改造工程施工合同', category: 'works', value: 26300000, signed_on: '2023-05-05', start_on: '2023-05-20', end_on: '2024-01-31' },
  ],
};

/** Loads `records` (default: the report scenario) through the real loader; no models, no rules. */
export async function loadScenario(db: Database, records = reportScenario): Promise<void> {
  const loader = await RecordLoader.create(db);
  for (const type of recordTypeNames) {
    const rows = records[type] ?? [];
    await loader.loadBatch(type, rows.map((record, index) => ({ raw: JSON.stringify({ updated_at: UPDATED_AT, ...record }), source: `${type}#${index}` })));
  }
}
