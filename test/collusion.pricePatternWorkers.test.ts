import { describe, expect, it } from 'vitest';
import type { DetectionSettings } from '../rules/collusion/A4-regular-price-differences/detectPricePatterns.ts';
import { searchInWorkers } from '../rules/collusion/A4-regular-price-differences/searchInWorkers.ts';
import { searchTenders, type TenderColumns } from '../rules/collusion/A4-regular-price-differences/searchTenders.ts';

const settings: DetectionSettings = {
  min_bids: 3, include_disqualified: true, identical_tolerance_yuan: 1, min_length: 3, step_tolerance: 0.02,
  resolution_yuan: 0.01, rounding_tolerance_yuan: 100, rounded_view_yuan: 100, round_steps_yuan: [1000, 10000, 100000],
  round_steps_of_ceiling: [0.001, 0.005, 0.01], min_step_share: 0.0001, ceiling_ratio_grid: 0.005,
  ceiling_ratio_tolerance: 0.00005, market_min_bids: 200, max_chance: 0.0001, max_market_share: 0.2, market_min_tenders: 50,
};

/** 300 tenders of 3–9 bids at random prices (a fixed seed); every tenth has a staircase, every fourteenth two identical prices. */
function columns(): TenderColumns {
  let seed = 20261207;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const ceilings: (number | null)[] = [];
  const firstBid = [0];
  const prices: number[] = [];
  const bidders: number[] = [];
  for (let t = 0; t < 300; t += 1) {
    const ceiling = Math.round(1e6 + random() * 9e6);
    const n = 3 + Math.floor(random() * 7);
    const tenderPrices = Array.from({ length: n }, () => Math.round(ceiling * (0.85 + random() * 0.14) * 100) / 100);
    if (t % 10 === 0) for (let k = 0; k < 3; k += 1) tenderPrices[k] = Math.round(ceiling * 0.9) + 20_000 * k;
    if (t % 14 === 0) tenderPrices[n - 1] = tenderPrices[0]!;
    tenderPrices.sort((a, b) => a - b);
    ceilings.push(t % 7 === 0 ? null : ceiling);
    for (const price of tenderPrices) {
      prices.push(price);
      bidders.push(1 + Math.floor(random() * 40));
    }
    firstBid.push(prices.length);
  }
  return {
    ceilings,
    onGridShares: ceilings.map((_, t) => (t % 3 === 0 ? 0.01 : null)),
    roundnessKeys: ceilings.map((_, t) => (t % 2 === 0 ? 'market:works:5301' : null)),
    firstBid: Int32Array.from(firstBid),
    ridsBefore: 0,
    bidderOrdinals: Int32Array.from(bidders),
    prices: Float64Array.from(prices),
    roundnessCounts: { 'market:works:5301': { '0': 900, '1': 80, '11': 15, '5': 5 } },
  };
}

describe('A4 search on worker threads (searchInWorkers)', () => {
  it('finds in slices on worker threads exactly what one thread finds, in tender order', async () => {
    const inThread = searchTenders(columns(), settings);
    expect(inThread.length).toBeGreaterThan(20);
    expect(await searchInWorkers(columns(), settings, 3)).toEqual(inThread);
  });
});
