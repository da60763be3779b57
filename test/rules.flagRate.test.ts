import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildModels } from '../analytics/buildModels.ts';
import type { Database } from '../db/Database.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import { buildLeads } from '../leads/buildLeads.ts';
import { ensureResultTables } from '../results/ensureResultTables.ts';
import type { Rule, RuleHit } from '../rules/Rule.ts';
import { runRules } from '../rules/runRules.ts';
import { withDatabase } from './support/withDatabase.ts';

const UPDATED_AT = '2024-01-01T00:00:00+08:00';

/** Twenty tenders (or `size`) with three bids each: a market for a rule to flag too much of. */
async function loadMarket(db: Database, size = 20): Promise<void> {
  const loader = await RecordLoader.create(db);
  const tenders = Array.from({ length: size }, (_, i) => ({ id: `T${i}`, title: `工程${i}`, buyer_id: 'B1', method: 'open', category: 'works' }));
  const bids = tenders.flatMap((t) => [1, 2, 3].map((n) => ({ id: `${t.id}-b${n}`, tender_id: t.id, bidder_id: `S${n}`, price: 100 * n, status: 'valid' })));
  for (const [type, records] of [['tenders', tenders], ['bids', bids]] as const) {
    await loader.loadBatch(type, records.map((r, i) => ({ raw: JSON.stringify({ updated_at: UPDATED_AT, ...r }), source: `${type}#${i}` })));
  }
  await ensureResultTables(db);
  await buildModels(db);
}

const parameters = z.object({ share: z.number().default(0.4).describe('Share of tenders to flag (test).') });

/** A rule flagging the first `share` of the tenders, of the given kind. */
function flagsTenders(id: string, kind: Rule['kind']): Rule {
  const rule: Rule<typeof parameters> = {
    id, detection: 'E9', family: 'procedure', kind,
    title: { zh: '测试', en: 'test' }, legalBasis: [], parameters, folder: new URL('./', import.meta.url),
    reads: { mart_tenders: ['tender_id'] },
    coverage: { candidates: 'mart_tenders', unit: 'tender', inputs: [{ name: 'published bids', present: 'n_bids > 0' }] },
    evaluate: {
      kind: 'code',
      run: async ({ db }, p) => {
        const tenders = await db.query<{ tender_id: string }>('select tender_id from mart_tenders order by tender_id');
        return tenders.slice(0, Math.round(tenders.length * p.share)).map((t): RuleHit => ({
          tender_id: t.tender_id, company_ids: [], record_ids: [t.tender_id], score: 0.5, evidence: { summary_zh: '测试' },
        }));
      },
    },
  };
  return rule as unknown as Rule;
}

/** Issue 18 item 2: a statistical rule's flag rate is checked against the market. */
describe('flag-rate ceiling', () => {
  it('moves the hits of a statistical rule above its ceiling out of flags and the leads, into withheld_flags, marked', async () => {
    const outcome = await withDatabase(async (db) => {
      await loadMarket(db);
      const results = await runRules(db, 'r1', [flagsTenders('E9-statistical', 'statistical')]);
      await buildLeads(db, 'r1');
      return {
        result: results[0],
        inFlags: await db.query<{ n: number }>('select count(*)::double as n from flags'),
        marked: await db.query<{ n: number }>("select count(*)::double as n from withheld_flags where evidence ->> 'non_discriminating' = 'true' and run_id = 'r1'"),
        leads: await db.query('select lead_id from leads'),
      };
    });
    expect(outcome.result).toMatchObject({ status: 'ran', hits: 8, eligible: 20, flagged: 8, flagRate: 0.4, maxFlagRate: 0.3, nonDiscriminating: true });
    expect(outcome.inFlags).toEqual([{ n: 0 }]);
    expect(outcome.marked).toEqual([{ n: 8 }]);
    expect(outcome.leads).toEqual([]);
  });

  it('lets them into the leads below the ceiling (here raised by parameter), and never holds a statutory trace to it', async () => {
    const outcome = await withDatabase(async (db) => {
      await loadMarket(db);
      const results = await runRules(db, 'r1', [flagsTenders('E9-statistical', 'statistical'), flagsTenders('E8-trace', 'trace')], {
        'E9-statistical': { max_flag_rate: 0.5 },
        'E8-trace': { share: 0.9 },
      });
      await buildLeads(db, 'r1');
      return { results, leads: await db.query<{ n: number }>('select count(*)::double as n from leads') };
    });
    expect(outcome.results.map((r) => [r.ruleId, r.flagRate, r.maxFlagRate, r.nonDiscriminating])).toEqual([
      ['E9-statistical', 0.4, 0.5, false],
      ['E8-trace', 0.9, null, false],
    ]);
    expect(outcome.leads).toEqual([{ n: 18 }]);
  });

  it('does not judge a market too small to measure a rate on (fewer than min_units_for_flag_rate units)', async () => {
    const outcome = await withDatabase(async (db) => {
      await loadMarket(db, 10);
      const results = await runRules(db, 'r1', [flagsTenders('E9-statutory', 'statutory')], { 'E9-statutory': { share: 0.6 } });
      await buildLeads(db, 'r1');
      return { result: results[0], leads: await db.query<{ n: number }>('select count(*)::double as n from leads') };
    });
    expect(outcome.result).toMatchObject({ eligible: 10, flagged: 6, flagRate: 0.6, nonDiscriminating: false });
    expect(outcome.leads).toEqual([{ n: 6 }]);
  });
});
