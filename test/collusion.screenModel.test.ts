import { describe, expect, it } from 'vitest';
import { Database } from '../db/Database.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import { buildModels } from '../analytics/buildModels.ts';
import { runRules } from '../rules/runRules.ts';
import { rule } from '../rules/collusion/A5-price-screens/rule.ts';
import { fitLogistic, fitScreenModel } from '../rules/collusion/A5-price-screens/fitScreenModel.ts';
import { predictCollusion } from '../rules/collusion/A5-price-screens/predictCollusion.ts';
import type { ScreenValues } from '../rules/collusion/A5-price-screens/ScreenModel.ts';

const logit = (p: number) => Math.log(p / (1 - p));

describe('A5 supervised screen model (ridge IRLS)', () => {
  it('without a penalty reproduces the closed-form logistic fit of one binary feature', () => {
    // x = 0: 3 of 10 collusive; x = 1: 6 of 10. MLE: intercept logit(0.3), slope logit(0.6) − logit(0.3).
    const x = [...Array(10).fill([0]), ...Array(10).fill([1])] as number[][];
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
    const [intercept, slope] = fitLogistic(x, y, 0);
    expect(intercept).toBeCloseTo(logit(0.3), 8);
    expect(slope).toBeCloseTo(logit(0.6) - logit(0.3), 8);
  });

  it('with a ridge penalty stops where the penalised gradient is zero (intercept unpenalised)', () => {
    const x = [[0.2, -1.1], [1.4, 0.3], [-0.7, 0.9], [0.1, 0.1], [2.2, -0.4], [-1.5, -1.2], [0.9, 1.7], [-0.3, -0.8], [1.1, 0.2], [-2.0, 0.5]];
    const y = [1, 1, 0, 0, 1, 0, 1, 0, 0, 0];
    const beta = fitLogistic(x, y, 1);
    const gradient = [0, 0, 0];
    x.forEach((row, i) => {
      const features = [1, ...row];
      const mu = 1 / (1 + Math.exp(-features.reduce((s, v, j) => s + v * beta[j]!, 0)));
      features.forEach((v, j) => { gradient[j]! += v * (y[i]! - mu); });
    });
    expect(Math.abs(gradient[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(gradient[1]! - beta[1]!)).toBeLessThan(1e-9);
    expect(Math.abs(gradient[2]! - beta[2]!)).toBeLessThan(1e-9);
    expect(Math.abs(beta[1]!)).toBeGreaterThan(0.1);
  });

  it('learns that low CV is collusive on tenders where it is, and scores a tight tender above a dispersed one', () => {
    const rows: ScreenValues[] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 40; i += 1) {
      const collusive = i % 4 === 0;
      const cv = collusive ? 0.005 + (i % 7) * 0.001 : 0.03 + (i % 9) * 0.004;
      rows.push({ cv, spd: cv * 3, diffp: cv / 2, rd: 1 + (i % 5) * 0.1, kurtosis: null, skewness: (i % 3) - 1, b1c: null });
      labels.push(collusive);
    }
    const model = fitScreenModel(rows, labels, 1, { tenders: 40, positives: 10, labels: 'test', cross_validated_auc: null });
    expect(model.features).toEqual(['cv', 'spd', 'diffp', 'rd', 'skewness']);
    expect(model.coefficients[0]).toBeLessThan(0);
    const tight = predictCollusion(model, { cv: 0.006, spd: 0.018, diffp: 0.003, rd: 1.2, kurtosis: null, skewness: 0, b1c: null });
    const dispersed = predictCollusion(model, { cv: 0.05, spd: 0.15, diffp: 0.025, rd: 1.2, kurtosis: null, skewness: 0, b1c: null });
    expect(tight).toBeGreaterThan(0.5);
    expect(dispersed).toBeLessThan(0.5);
  });
});

describe('A5 calibration notes', () => {
  it('a run with fewer screened tenders than min_run_tenders gets screens, no score, no hit, and a note', async () => {
    const db = await Database.open(':memory:');
    try {
      const loader = await RecordLoader.create(db);
      const updated_at = '2024-01-01T00:00:00+08:00';
      const tenders = ['T1', 'T2', 'T3', 'T4', 'T5'].map((id) => ({ id, title: id, buyer_id: 'B1', method: 'open', category: 'works', region_code: '530102', ceiling_price: 1000, updated_at }));
      // T1 is as tight as cover bidding gets; the others are dispersed.
      const prices: Record<string, number[]> = { T1: [900, 950, 951, 952, 953], T2: [700, 800, 900, 950, 990], T3: [650, 780, 860, 940, 999], T4: [720, 760, 880, 910, 980], T5: [690, 810, 830, 960, 970] };
      await loader.loadBatch('tenders', tenders.map((t, i) => ({ raw: JSON.stringify(t), source: `t${i}` })));
      await loader.loadBatch('bids', Object.entries(prices).flatMap(([tender, list]) => list.map((price, i) => ({
        raw: JSON.stringify({ id: `${tender}-${i}`, tender_id: tender, bidder_id: `C${i}`, price, status: 'valid', updated_at }), source: `${tender}-${i}`,
      }))));
      await buildModels(db);
      const [result] = await runRules(db, 'small', [rule as never]);
      expect(result!.hits).toBe(0);
      expect(result!.notes).toEqual(['market too small to calibrate: 5 screened tender(s), fewer than min_run_tenders 10; screens written, no score, no hits']);
      const screens = await db.query<{ scored: number; rows: number }>('select count(score)::double as scored, count(*)::double as rows from tender_screens');
      expect(screens).toEqual([{ scored: 0, rows: 5 }]);
    } finally {
      db.close();
    }
  });
  it('judges a category within its province when that is large enough, else within the category across provinces, and says so', async () => {
    const db = await Database.open(':memory:');
    try {
      const loader = await RecordLoader.create(db);
      const updated_at = '2024-01-01T00:00:00+08:00';
      // Works in Yunnan (53): six tenders, enough for min_group_tenders 5; works in Guizhou (52): two, too few.
      const regions: Record<string, string> = { Y1: '530102', Y2: '530302', Y3: '530102', Y4: '530502', Y5: '530102', Y6: '530302', G1: '520102', G2: '520102' };
      const base = [700, 800, 900, 950, 990];
      const tenders = Object.entries(regions).map(([id, region_code]) => ({ id, title: id, buyer_id: 'B1', method: 'open', category: 'works', region_code, ceiling_price: 1000, updated_at }));
      await loader.loadBatch('tenders', tenders.map((t, i) => ({ raw: JSON.stringify(t), source: `t${i}` })));
      await loader.loadBatch('bids', Object.keys(regions).flatMap((tender, k) => base.map((price, i) => ({
        raw: JSON.stringify({ id: `${tender}-${i}`, tender_id: tender, bidder_id: `C${i}`, price: price + k * (i + 1), status: 'valid', updated_at }), source: `${tender}-${i}`,
      }))));
      await buildModels(db);
      const [result] = await runRules(db, 'groups', [rule as never], { 'A5-price-screens': { min_group_tenders: 5, min_run_tenders: 5 } });
      expect(result!.notes).toEqual(['2 of 8 screened tenders are in a category with fewer than min_group_tenders 5 in their province: judged within their category across provinces']);
      const groups = await db.query<{ tender_id: string; market: string }>('select tender_id, market from tender_screens order by tender_id');
      expect(groups).toEqual([
        { tender_id: 'G1', market: 'works' }, { tender_id: 'G2', market: 'works' },
        ...['Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6'].map((tender_id) => ({ tender_id, market: 'works:53' })),
      ]);
    } finally {
      db.close();
    }
  });
});
