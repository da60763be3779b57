import { describe, expect, it } from 'vitest';
import { findPricePatterns, latticeUnit, type PatternOptions } from '../rules/collusion/A4-regular-price-differences/findPricePatterns.ts';

const options: PatternOptions = {
  identicalToleranceYuan: 1,
  minLength: 3,
  stepTolerance: 0.02,
  resolutionYuan: 1,
  roundingToleranceYuan: 100,
  roundedViewYuan: 100,
  roundStepsYuan: [1000, 10000, 100000],
  roundStepsOfCeiling: [0.001, 0.005, 0.01],
  minStepShare: 0.001,
  ceilingRatioGrid: 0.005,
  ceilingRatioTolerance: 0.00005,
  marketOnGridShare: 0,
  roundness: null,
};

const bids = (prices: number[]) => prices.map((price, i) => ({ bidId: `b${i + 1}`, bidderId: `C${i + 1}`, price }));
const kinds = (prices: number[], ceiling: number | null = null) =>
  findPricePatterns(bids(prices), ceiling, options)
    .filter((p) => p.chance <= 1e-4)
    .map((p) => ({ kind: p.kind, bids: p.bids.map((b) => b.bidId).sort() }));

describe('findPricePatterns (A4)', () => {
  it('finds an arithmetic staircase even with an honest bid inside it', () => {
    expect(kinds([4612345, 4690123.45, 4662351, 4712349, 4762346, 4520800.5])).toEqual([
      { kind: 'arithmetic', bids: ['b1', 'b3', 'b4', 'b5'] },
    ]);
  });

  it('does not let a loose fourth member hide an exact staircase of three', () => {
    // 20,000 apart to the cent, then a fourth bid 300 yuan off the next term: the four together are ordinary, the
    // first three are not.
    expect(kinds([4512345.67, 4532345.67, 4552345.67, 4572645.67, 4391234.56])).toEqual([{ kind: 'arithmetic', bids: ['b1', 'b2', 'b3'] }]);
  });

  it('finds identical prices but not two bids at the ceiling', () => {
    expect(kinds([3456789, 3398000, 3456789])).toEqual([{ kind: 'identical', bids: ['b1', 'b3'] }]);
    expect(kinds([1200000, 1200000, 1150000], 1200000)).toEqual([]);
  });

  it('finds round discounts from the ceiling', () => {
    expect(kinds([7760000, 7720000, 7600000, 7653218, 7811450], 8000000)).toEqual([{ kind: 'ceiling_ratio', bids: ['b1', 'b2', 'b3'] }]);
  });

  it('does not count the same bidder twice in a pattern', () => {
    const sameBidder = [
      { bidId: 'b1', bidderId: 'C1', price: 1000000 },
      { bidId: 'b2', bidderId: 'C1', price: 1010000 },
      { bidId: 'b3', bidderId: 'C1', price: 1020000 },
      { bidId: 'b4', bidderId: 'C2', price: 1047311.27 },
    ];
    expect(findPricePatterns(sameBidder, null, options).filter((p) => p.kind === 'arithmetic')).toEqual([]);
  });

  it('charges whole-yuan staircases by how often bids are whole yuan when their competitors quote cents', () => {
    const prices = [4612345, 4662351, 4712349, 4520800.37, 4901233.81, 4777654.12];
    const asked: number[][] = [];
    const roundness = (unit: number, othersUnit: number) => {
      asked.push([unit, othersUnit]);
      return 0.01;
    };
    const [pattern] = findPricePatterns(bids(prices), null, { ...options, roundness }).filter((p) => p.kind === 'arithmetic');
    expect(pattern?.roundShare).toBeCloseTo(0.01 ** 3, 12);
    expect(asked).toContainEqual([1, 0.01]);
    // Among competitors who also quote whole yuan, whole-yuan members are no evidence.
    const allWhole = findPricePatterns(bids([4612345, 4662351, 4712349, 4520801, 4901234, 4777654]), null, { ...options, roundness })
      .filter((p) => p.kind === 'arithmetic');
    expect(allWhole[0]?.roundShare).toBe(1);
  });

  it('counts a staircase of round discounts from the ceiling as rarer than a plain staircase', () => {
    const onGrid = findPricePatterns(bids([9694560, 9745052.5, 9795545, 10020296.69, 10078009, 10288320.99]), 10098500, options)
      .filter((p) => p.kind === 'arithmetic')[0];
    const plain = findPricePatterns(bids([9694560, 9745052.5, 9795545, 10020296.69, 10078009, 10288320.99]), null, options)
      .filter((p) => p.kind === 'arithmetic')[0];
    expect(onGrid!.chance).toBeCloseTo(plain!.chance * 0.02 ** 2, 12);
  });

  it('reads the rounding unit of prices', () => {
    expect([latticeUnit([4612300, 4662400]), latticeUnit([4612345]), latticeUnit([4690123.45]), latticeUnit([5000000])]).toEqual([100, 1, 0.01, 100000]);
  });
});
