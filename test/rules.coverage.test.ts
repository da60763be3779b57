import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince } from '../demo/generateProvince.ts';
import { Database } from '../db/Database.ts';
import { runScan } from '../cli/runScan.ts';
import type { Family } from '../rules/Rule.ts';
import { withTempDir } from './support/withDatabase.ts';

type JsonRecord = Record<string, unknown>;

/** A market with one kind of record taken away: file → records kept (null drops the file). */
interface Removal {
  family: Family;
  missing: string;
  transform: Record<string, ((record: JsonRecord) => JsonRecord) | null>;
  skipped: Record<string, RegExp>;
}

const without = (field: string) => (record: JsonRecord) => {
  const { [field]: _dropped, ...rest } = record;
  return rest;
};

/**
 * Issue 18 item 1 "coverage before rules": on a generated province with one family's inputs
 * removed, the rules needing them are skipped, say what is missing, and make no hit, since the
 * absence of data is never evidence; the rest of the family still runs.
 */
const removals: Removal[] = [
  {
    family: 'collusion', missing: 'bid-file traces and deposits',
    transform: { bids: (bid) => without('deposit')(without('fingerprint')(bid)) },
    skipped: { 'A1-shared-bid-file-traces': /^no bid-file traces/, 'A3-shared-deposit-account': /^no deposit payer accounts/ },
  },
  {
    family: 'qualification', missing: 'qualifications and persons',
    transform: { companies: without('qualifications'), persons: null },
    skipped: {
      'B1-pm-registration-mismatch': /^no person registrations/,
      'B2-social-insurance-elsewhere': /^no social-insurance records/,
      'B4-bidder-lacks-qualification': /^no qualification records/,
    },
  },
  {
    family: 'splitting', missing: 'contracts',
    transform: { contracts: null },
    skipped: {
      'C1-split-awards': /^no mart_contracts rows/,
      'C2-bunching-below-threshold': /^no mart_contracts rows/,
      'C4-contract-without-procurement': /^no mart_contracts rows/,
    },
  },
  {
    family: 'approval', missing: 'approvals and milestones',
    transform: { approvals: null, milestones: null },
    skipped: {
      'D1-tender-before-project-approval': /^no project approvals/,
      'D2-tender-before-prerequisites': /^no project approvals/,
      'D3-construction-before-award-or-permit': /^no construction-start milestones/,
      'D5-cost-overruns': /^no approved cost figures/,
    },
  },
  {
    family: 'procedure', missing: 'credit records',
    transform: { companies: without('credit_records') },
    skipped: { 'E5-sanctioned-company': /^no credit records/ },
  },
];

let province: string;
beforeAll(async () => {
  province = mkdtempSync(join(tmpdir(), 'bidwatch-coverage-'));
  await generateProvince({ outDir: province, seed: 7, scale: 0.05 });
});
afterAll(() => rmSync(province, { recursive: true, force: true }));

describe.each(removals)('a market without $missing ($family)', (removal) => {
  it('skips the rules that need them, with the reason, and makes no hit from them', async () => {
    await withTempDir(async (dir) => {
      const input = join(dir, 'input');
      mkdirSync(input);
      for (const file of readdirSync(province).filter((f) => f.endsWith('.jsonl'))) {
        const type = file.replace(/\.jsonl$/, '');
        const transform = removal.transform[type];
        if (transform === null) continue;
        const lines = readFileSync(join(province, file), 'utf8').split('\n').filter(Boolean);
        writeFileSync(join(input, file), lines.map((line) => (transform ? JSON.stringify(transform(JSON.parse(line) as JsonRecord)) : line)).join('\n') + '\n');
      }
      const db = await Database.open(':memory:');
      try {
        const summary = await runScan({ db, input, out: null });
        const byId = new Map(summary.rules.map((result) => [result.ruleId, result]));
        for (const [ruleId, reason] of Object.entries(removal.skipped)) {
          expect(byId.get(ruleId)).toMatchObject({ status: 'skipped', hits: 0 });
          expect([0, null]).toContain(byId.get(ruleId)!.coverage);
          expect(byId.get(ruleId)!.reason).toMatch(reason);
          expect(byId.get(ruleId)!.reason).toMatch(/ in this database$/);
        }
        const flagged = await db.query<{ rule_id: string }>('select distinct rule_id from flags');
        expect(flagged.map((f) => f.rule_id).filter((id) => id in removal.skipped)).toEqual([]);
        // The family's other rules still judge the market, and nothing fails.
        const others = summary.rules.filter((result) => result.family === removal.family && !(result.ruleId in removal.skipped));
        expect(others.filter((result) => result.status !== 'ran').map((result) => `${result.ruleId}: ${result.reason}`)).toEqual([]);
        expect(summary.rules.filter((result) => result.status === 'failed').map((result) => result.reason)).toEqual([]);
        // The runs table keeps the same account for `bidwatch rules --db` and the report.
        const [run] = await db.query<{ summary: string }>('select summary::varchar as summary from runs where run_id = $run_id', { run_id: summary.runId });
        const stored = (JSON.parse(run!.summary) as { rules: { ruleId: string; status: string; reason: string }[] }).rules;
        expect(stored.filter((result) => result.ruleId in removal.skipped).map((result) => result.status)).toEqual(Object.keys(removal.skipped).map(() => 'skipped'));
      } finally {
        db.close();
      }
    });
  });
});
