import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Rule } from '../rules/Rule.ts';
import { withTempDir } from './support/withDatabase.ts';

const parameters = z.object({});

/** A rule that trips over odd data. */
const throwing = {
  id: 'E8-trips-over-odd-data', detection: 'E8', family: 'procedure', kind: 'statutory',
  title: { zh: '测试：遇异常数据出错', en: 'test: fails on odd data' }, legalBasis: [], parameters,
  folder: new URL('./', import.meta.url),
  reads: { mart_tenders: ['tender_id'] },
  coverage: { candidates: 'mart_tenders', unit: 'tender', inputs: [{ name: 'tenders', present: 'true' }] },
  evaluate: { kind: 'code', run: async () => { throw new Error('odd data: a price of NaN'); } },
} satisfies Rule<typeof parameters>;

// The scan command and runScan see the registry with the throwing rule between E1 and E2.
vi.mock('../rules/registry.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../rules/registry.ts')>();
  const at = original.rules.findIndex((rule) => rule.id === 'E2-too-few-valid-bids');
  return { rules: [...original.rules.slice(0, at), throwing as unknown as Rule, ...original.rules.slice(at)] };
});

const UPDATED_AT = '2024-01-01T00:00:00+08:00';
const jsonl = (records: object[]) => records.map((r) => JSON.stringify({ updated_at: UPDATED_AT, ...r })).join('\n') + '\n';

/** Issue 11.3: one rule failing must not lose the others' results; the scan fails at the end. */
describe('a rule that throws during a scan', () => {
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('is recorded as failed, the other rules run and keep their hits, and the scan exits 1', async () => {
    const { main } = await import('../cli/main.ts');
    const { Database } = await import('../db/Database.ts');
    await withTempDir(async (dir) => {
      const input = join(dir, 'input');
      mkdirSync(input);
      // E1 flags this open tender: 10 days between announcement and deadline, 20 required.
      writeFileSync(join(input, 'tenders.jsonl'), jsonl([{ id: 'T1', title: '某道路施工', buyer_id: 'B1', method: 'open', category: 'works',
        estimated_value: 9_000_000, announced_at: '2024-03-01T09:00:00+08:00', bid_deadline: '2024-03-11T09:00:00+08:00' }]));
      writeFileSync(join(input, 'bids.jsonl'), jsonl([1, 2, 3].map((n) => ({ id: `b${n}`, tender_id: 'T1', bidder_id: `S${n}`, price: 100 * n, status: 'valid' }))));
      const dbPath = join(dir, 'scan.duckdb');
      const out = join(dir, 'out');
      const code = await main(['scan', '--input', input, '--db', dbPath, '--out', out]);
      expect(code).toBe(1);

      const db = await Database.open(dbPath, { readOnly: true });
      try {
        const [run] = await db.query<{ summary: string }>('select summary::varchar as summary from runs');
        const results = (JSON.parse(run!.summary) as { rules: { ruleId: string; status: string; reason: string | null }[] }).rules;
        expect(results.find((r) => r.ruleId === throwing.id)).toMatchObject({ status: 'failed', reason: `rule ${throwing.id}: odd data: a price of NaN` });
        // Rules before and after it ran.
        expect(results.find((r) => r.ruleId === 'E1-short-bid-period')?.status).toBe('ran');
        expect(results.find((r) => r.ruleId === 'E3-disqualification-pattern')?.status).toBe('ran');
        expect(results.filter((r) => r.status === 'failed').map((r) => r.ruleId)).toEqual([throwing.id]);
        expect(await db.query('select rule_id, tender_id from flags where rule_id = $id', { id: 'E1-short-bid-period' })).toEqual([{ rule_id: 'E1-short-bid-period', tender_id: 'T1' }]);
        expect(await db.query<{ n: number }>('select count(*)::double as n from leads')).toEqual([{ n: 1 }]);
      } finally {
        db.close();
      }
      // `bidwatch rules --db` shows the same account of the last scan.
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      expect(await main(['rules', 'E1', 'E8', '--db', dbPath, '--json'])).toBe(0);
      const listed = JSON.parse(String(log.mock.calls.at(-1)?.[0])) as { rules: { id: string; lastRun: { status: string; coverage: number } }[] };
      expect(listed.rules.map((rule) => [rule.id, rule.lastRun.status, rule.lastRun.coverage])).toEqual([
        ['E1-short-bid-period', 'ran', 1],
        [throwing.id, 'failed', 1],
      ]);
      const report = readFileSync(join(out, 'latest', 'leads.md'), 'utf8');
      expect(report).toMatch(/E8-trips-over-odd-data \| 运行失败 .*odd data: a price of NaN/);
    });
  });
});
