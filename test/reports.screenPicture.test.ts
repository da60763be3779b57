import { describe, expect, it } from 'vitest';
import { SCREEN_HISTOGRAM_BINS, loadLeadContext } from '../reports/loadLeadContext.ts';
import { narrowLeadContextSources } from '../reports/narrowLeadContextSources.ts';
import { renderScreenSvg } from '../reports/html/svg/renderScreenSvg.ts';
import { withDatabase } from './support/withDatabase.ts';

/** A deterministic spread of scores with ties, both ends of 0..1 and tenders without a score. */
function screenedTenders(): { tender_id: string; market: string; score: number | null }[] {
  const rows: { tender_id: string; market: string; score: number | null }[] = [];
  let state = 7;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < 400; i += 1) {
    const market = i % 3 === 0 ? 'works:53' : 'goods:53';
    const score = i % 17 === 0 ? null : i % 11 === 0 ? 1 : i % 13 === 0 ? 0 : Math.round(next() * 40) / 40;
    rows.push({ tender_id: `T${i}`, market, score });
  }
  return rows;
}

describe("a tender's place in its market's price-screen scores (report picture)", () => {
  it('counts the histogram and the lower scores in SQL exactly as the scores themselves give them', async () => {
    await withDatabase(async (db) => {
      const rows = screenedTenders();
      await db.run('create table tender_screens (run_id varchar, tender_id varchar, market varchar, score double, n_bids integer)');
      for (const row of rows) {
        await db.run('insert into tender_screens values ($run, $id, $market, $score, 5)', { run: 'run-1', id: row.tender_id, market: row.market, score: row.score });
      }
      // Another run's scores must not count.
      await db.run(`insert into tender_screens values ('run-0', 'T1', 'works:53', 0.99, 5), ('run-0', 'X', 'works:53', 0.01, 5)`);
      const leadTenders = ['T0', 'T1', 'T2', 'T11', 'T13', 'T17', 'T22', 'T399'];
      const context = await loadLeadContext(db, [{ tender_ids: leadTenders, project_codes: [], company_ids: [] }], undefined, 'run-1');

      for (const market of ['works:53', 'goods:53']) {
        const scores = rows.filter((row) => row.market === market && row.score !== null).map((row) => row.score!);
        const expected = new Array<number>(SCREEN_HISTOGRAM_BINS).fill(0);
        for (const s of scores) expected[Math.min(SCREEN_HISTOGRAM_BINS - 1, Math.max(0, Math.floor(s * SCREEN_HISTOGRAM_BINS)))]! += 1;
        expect(context.screenHistogramByMarket.get(market)).toEqual(expected);
      }
      for (const id of leadTenders) {
        const row = rows.find((r) => r.tender_id === id)!;
        const screen = context.screenByTender.get(id)!;
        expect(screen.market).toBe(row.market);
        const lower = row.score === null ? null : rows.filter((r) => r.market === row.market && r.score !== null && r.score < row.score!).length;
        expect(screen.market_below).toBe(lower);
      }
    });
  });

  it('gives the same ranks and histograms from the counts made once per report (narrowLeadContextSources) as per batch', async () => {
    await withDatabase(async (db) => {
      const rows = screenedTenders();
      await db.run('create table tender_screens (run_id varchar, tender_id varchar, market varchar, score double, n_bids integer)');
      for (const row of rows) {
        await db.run('insert into tender_screens values ($run, $id, $market, $score, 5)', { run: 'run-1', id: row.tender_id, market: row.market, score: row.score });
      }
      await db.run(`insert into tender_screens values ('run-0', 'T1', 'works:53', 0.99, 5), ('run-0', 'X', 'works:53', 0.01, 5)`);
      // Two leads of the run (one batch each below), and one of an earlier run whose tender must not widen the counts.
      await db.run('create table leads (lead_id varchar, tender_ids varchar[], project_codes varchar[], last_seen_run varchar)');
      await db.run(`insert into leads values ('L1', ['T0', 'T1', 'T17'], [], 'run-1'), ('L2', ['T3', 'T22', 'T399'], [], 'run-1'), ('L0', ['T5'], [], 'run-0')`);
      const batches = [{ tender_ids: ['T0', 'T1', 'T17'], project_codes: [], company_ids: [] }, { tender_ids: ['T3', 'T22', 'T399'], project_codes: [], company_ids: [] }];
      const narrowed = await narrowLeadContextSources(db, 'run-1');
      try {
        expect(narrowed.sources.screenRanks).toBeDefined();
        for (const lead of batches) {
          const perBatch = await loadLeadContext(db, [lead], undefined, 'run-1');
          const once = await loadLeadContext(db, [lead], undefined, 'run-1', narrowed.sources);
          expect([...once.screenByTender.entries()]).toEqual([...perBatch.screenByTender.entries()]);
          expect([...once.screenHistogramByMarket.entries()].sort()).toEqual([...perBatch.screenHistogramByMarket.entries()].sort());
          expect(once.screenByTender.get(lead.tender_ids[1]!)?.market_below).toEqual(expect.any(Number));
        }
      } finally {
        await narrowed.drop();
      }
    });
  });

  it("draws the bars from the counts and states the tender's percentile", () => {
    const counts = new Array<number>(SCREEN_HISTOGRAM_BINS).fill(0);
    counts[2] = 30;
    counts[19] = 10;
    const svg = renderScreenSvg(counts, 30, 0.97, 'T1');
    expect(svg).toContain('0.10–0.15：30 个标段');
    expect(svg).toContain('0.95–1.00：10 个标段');
    expect(svg).toContain('本标段 0.97（高于本市场 75% 的标段）');
    expect(renderScreenSvg(new Array<number>(SCREEN_HISTOGRAM_BINS).fill(0), 0, 0.5, 'T1')).toBe('');
  });
});
