import { describe, expect, it } from 'vitest';
import { SCREEN_HISTOGRAM_BINS, loadLeadContext } from '../reports/loadLeadContext.ts';
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
