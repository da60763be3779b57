import { sampleKurtosis, sampleSkewness, sampleStandardDeviation, mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { Database } from '../db/Database.ts';

// The A5 screens use DuckDB's aggregates for speed; they must equal simple-statistics' definitions.
describe('A5 screen moments', () => {
  const tenders: number[][] = [
    [4402150, 4561320.45, 4566910.2, 4572480.8, 4569030.1],
    [4310250.12, 4552310.5, 4701120, 4388790.33, 4623400.8, 4290000],
    [100, 101, 103, 110],
  ];

  it('kurtosis, skewness and CV in SQL equal simple-statistics', async () => {
    const db = await Database.open(':memory:');
    try {
      for (const prices of tenders) {
        const [row] = await db.query<{ k: number; s: number; cv: number }>(
          // As screens.sql does: moments of the prices centred on their mean.
          `select kurtosis(p - m) as k, skewness(p - m) as s, stddev_samp(p) / avg(p) as cv
           from (select p, avg(p) over () as m from (select unnest($prices::double[]) as p))`,
          { prices: JSON.stringify(prices) },
        );
        expect(row!.k).toBeCloseTo(sampleKurtosis(prices), 9);
        expect(row!.s).toBeCloseTo(sampleSkewness(prices), 9);
        expect(row!.cv).toBeCloseTo(sampleStandardDeviation(prices) / mean(prices), 12);
      }
    } finally {
      db.close();
    }
  });
});
