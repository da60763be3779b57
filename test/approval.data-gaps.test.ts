import { describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/buildModels.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import type { RecordType } from '../db/recordSchemas.ts';
import { approvalRules } from '../rules/approval/index.ts';
import { ensureResultTables } from '../results/ensureResultTables.ts';
import { runRules } from '../rules/runRules.ts';
import { splittingRules } from '../rules/splitting/index.ts';
import { withDatabase } from './support/withDatabase.ts';

const UPDATED_AT = '2024-01-01T00:00:00+08:00';

/**
 * Records that are only partly on record: every one of them would look like a C or D hit if a
 * missing reference were read as a missing approval or a missing procurement.
 */
const records: Partial<Record<RecordType, Record<string, unknown>[]>> = {
  tenders: [
    // the project code names no project on record: no approvals can be seen, so nothing can be judged
    { id: 'T-unknown-project', project_code: '2023-530000-48-01-000404', title: '某道路施工', buyer_id: 'B1', method: 'single_source', category: 'works', estimated_value: 9_000_000, announced_at: '2023-03-01T09:00:00+08:00', bid_deadline: '2023-03-21T09:00:00+08:00' },
    // no project code: not an investment project at all
    { id: 'T-no-project', title: '办公楼维修', buyer_id: 'B1', method: 'direct', category: 'works', estimated_value: 9_000_000 },
  ],
  contracts: [
    // names a tender that is not on record: its procurement may be in a feed not loaded yet
    { id: 'C-unknown-tender', tender_id: 'T-404', buyer_id: 'B1', supplier_id: 'S1', title: '某道路施工合同', category: 'works', value: 9_000_000, signed_on: '2023-04-01' },
  ],
  approvals: [{ id: 'A-unknown-project', project_code: '2023-530000-48-01-000405', kind: 'budget_estimate', issued_on: '2023-01-01', amount: 1 }],
  milestones: [
    { id: 'M-start', project_code: '2023-530000-48-01-000405', kind: 'construction_start', on: '2022-01-01' },
    { id: 'M-final', project_code: '2023-530000-48-01-000405', kind: 'final_account', on: '2024-01-01', amount: 100 },
  ],
};

describe('splitting and approval rules on partial data', () => {
  it('report unresolved references as data gaps and raise no flag from them', async () => {
    const outcome = await withDatabase(async (db) => {
      const loader = await RecordLoader.create(db);
      for (const [type, list] of Object.entries(records)) {
        await loader.loadBatch(type as RecordType, list.map((r, i) => ({ raw: JSON.stringify({ updated_at: UPDATED_AT, ...r }), source: `${type}#${i}` })));
      }
      await ensureResultTables(db);
      await buildModels(db);
      await runRules(db, 'gaps', [...splittingRules, ...approvalRules]);
      return {
        flags: await db.query('select rule_id, tender_id, record_ids from flags'),
        gaps: await db.query('select gap_kind, record_id from mart_data_gaps where gap_kind not like \'%bidder%\' order by gap_kind, record_id'),
      };
    });
    expect(outcome).toEqual({
      flags: [],
      gaps: [
        { gap_kind: 'approval_unknown_project', record_id: 'A-unknown-project' },
        { gap_kind: 'contract_unknown_tender', record_id: 'C-unknown-tender' },
        { gap_kind: 'milestone_unknown_project', record_id: 'M-final' },
        { gap_kind: 'milestone_unknown_project', record_id: 'M-start' },
        { gap_kind: 'tender_unknown_project', record_id: 'T-unknown-project' },
      ],
    });
  });
});
