import { describe, expect, it } from 'vitest';
import { runScan } from '../cli/runScan.ts';
import { recordReview, ReviewError } from '../leads/recordReview.ts';
import { collusionRules } from '../rules/collusion/index.ts';
import { loadRunReport } from '../reports/loadRunReport.ts';
import { main } from '../cli/main.ts';
import { Database } from '../db/Database.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';
import { loadScenario } from './reports.scenario.ts';

const leadOf = async (db: Database, tender: string) =>
  (await db.query<{ lead_id: string; status: string }>('select lead_id, status from leads where list_contains(tender_ids, $t)', { t: tender }))[0]!;

describe('reviewing leads', () => {
  it('keeps the lead id, its status and its note across re-scans', async () => {
    await withDatabase(async (db) => {
      await loadScenario(db);
      await runScan({ db, input: null, out: null, runId: 'run-1' });
      const ring = await leadOf(db, 'T1');
      const before = (await db.query<{ lead_id: string }>('select lead_id from leads order by lead_id')).map((r) => r.lead_id);
      const recorded = await recordReview(db, {
        leadId: ring.lead_id, status: 'confirmed', note: '投标文件硬件码一致，已移送', reviewer: '王审查', at: new Date('2026-11-22T02:00:00Z'),
      });
      expect(recorded).toEqual({
        leadId: ring.lead_id, previousStatus: 'new', status: 'confirmed', note: '投标文件硬件码一致，已移送', reviewer: '王审查', reviewedAt: '2026-11-22T02:00:00.000Z',
      });

      await runScan({ db, input: null, out: null, runId: 'run-2' });
      expect((await db.query<{ lead_id: string }>('select lead_id from leads order by lead_id')).map((r) => r.lead_id)).toEqual(before);
      expect(await leadOf(db, 'T1')).toEqual({ lead_id: ring.lead_id, status: 'confirmed' });
      const report = await loadRunReport(db, 'run-2');
      const lead = report.leads.find((l) => l.lead_id === ring.lead_id)!;
      expect(lead).toMatchObject({ status: 'confirmed', is_new: false, review_note: '投标文件硬件码一致，已移送', reviewer: '王审查' });
      expect(lead.reviews).toEqual([{ status: 'confirmed', note: '投标文件硬件码一致，已移送', reviewer: '王审查', reviewed_at: '2026-11-22 10:00:00+08' }]);
      expect(report.leads.filter((l) => l.is_new)).toEqual([]);
    });
  });

  it('keeps a lead the next scan does not see, marked inactive, with its status', async () => {
    await withDatabase(async (db) => {
      await loadScenario(db);
      await runScan({ db, input: null, out: null, runId: 'run-1' });
      const approval = await leadOf(db, 'T2');
      await recordReview(db, { leadId: approval.lead_id, status: 'dismissed', note: '已补办手续', reviewer: '李核查' });
      // Scan 2 runs the collusion rules only: the approval lead is not seen again.
      await runScan({ db, input: null, out: null, runId: 'run-2', rules: collusionRules });
      const report = await loadRunReport(db, 'run-2');
      expect(report.leads.map((l) => l.lead_id)).not.toContain(approval.lead_id);
      expect(report.inactiveLeads.find((l) => l.lead_id === approval.lead_id)).toMatchObject({
        status: 'dismissed', active: false, last_seen_run: 'run-1', review_note: '已补办手续',
      });
    });
  });

  it('refuses an unknown lead or status, and records nothing', async () => {
    await withDatabase(async (db) => {
      await loadScenario(db);
      await runScan({ db, input: null, out: null, runId: 'run-1' });
      const ring = await leadOf(db, 'T1');
      await expect(recordReview(db, { leadId: 'L-0000000000', status: 'reviewing', reviewer: 'x' })).rejects.toMatchObject({ code: 'unknown_lead' });
      await expect(recordReview(db, { leadId: ring.lead_id, status: 'closed', reviewer: 'x' })).rejects.toBeInstanceOf(ReviewError);
      await expect(recordReview(db, { leadId: ring.lead_id, status: 'closed', reviewer: 'x' })).rejects.toMatchObject({ code: 'unknown_status' });
      await expect(recordReview(db, { leadId: ring.lead_id, status: 'reviewing', reviewer: '  ' })).rejects.toMatchObject({ code: 'missing_reviewer' });
      expect(await db.query('select * from lead_reviews')).toEqual([]);
      expect(await leadOf(db, 'T1')).toEqual({ lead_id: ring.lead_id, status: 'new' });
    });
  });

  it('`bidwatch review` records who and when, and fails clearly on a bad id', async () => {
    await withTempDir(async (dir) => {
      const path = `${dir}/bidwatch.duckdb`;
      const db = await Database.open(path);
      let ringId: string;
      try {
        await loadScenario(db);
        await runScan({ db, input: null, out: null, runId: 'run-1' });
        ringId = (await leadOf(db, 'T1')).lead_id;
      } finally {
        db.close();
      }
      const errors: string[] = [];
      const logs: string[] = [];
      const originalError = console.error;
      const originalLog = console.log;
      console.error = (message: unknown) => errors.push(String(message));
      console.log = (message: unknown) => logs.push(String(message));
      try {
        expect(await main(['review', ringId, '--status', 'reviewing', '--note', '调取原始文件', '--reviewer', '王审查', '--db', path])).toBe(0);
        expect(await main(['review', 'L-nope', '--status', 'reviewing', '--db', path])).toBe(2);
        expect(await main(['review', ringId, '--status', 'closed', '--db', path])).toBe(2);
      } finally {
        console.error = originalError;
        console.log = originalLog;
      }
      expect(logs[0]).toContain(`${ringId}: new → reviewing (王审查,`);
      expect(errors[0]).toContain('no lead "L-nope"');
      expect(errors[1]).toContain('unknown status "closed"');
      const check = await Database.open(path, { readOnly: true });
      try {
        expect(await check.query('select lead_id, status, note, reviewer from lead_reviews')).toEqual([
          { lead_id: ringId, status: 'reviewing', note: '调取原始文件', reviewer: '王审查' },
        ]);
      } finally {
        check.close();
      }
    });
  });
});
