import { describe, expect, it } from 'vitest';
import { findPricePatterns, type PatternOptions } from '../rules/collusion/A4-regular-price-differences/findPricePatterns.ts';

/** The rule's defaults (rule.ts), with no market tables: the conditions of a small or unknown market. */
const options: PatternOptions = {
  identicalToleranceYuan: 1,
  minLength: 3,
  stepTolerance: 0.02,
  resolutionYuan: 0.01,
  roundingToleranceYuan: 100,
  roundedViewYuan: 100,
  roundStepsYuan: [1000, 10000, 100000],
  roundStepsOfCeiling: [0.001, 0.005, 0.01],
  minStepShare: 0.0001,
  ceilingRatioGrid: 0.005,
  ceilingRatioTolerance: 0.00005,
  marketOnGridShare: 0,
  roundness: null,
};
const MAX_CHANCE = 1e-4;

/** mulberry32, so the simulated market is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Honest tenders: 3–12 independent bids, ceiling × level × lognormal noise (sd 2–6 %), quoted to `unit` yuan. */
function honestFlagRate(unit: number, seed: number, tenders: number): number {
  const next = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
  let flagged = 0;
  for (let t = 0; t < tenders; t += 1) {
    const ceiling = Math.round((2_000_000 + next() * 20_000_000) / 100) * 100;
    const level = 0.86 + next() * 0.09;
    const sd = 0.02 + next() * 0.04;
    const n = 3 + Math.floor(next() * 10);
    const bids = Array.from({ length: n }, (_, i) => ({
      bidId: `b${i}`,
      bidderId: `C${i}`,
      // unit < 0: quoted as a discount rate to 0.01 % of the ceiling (费率), written to the cent.
      price: unit < 0
        ? Math.round(ceiling * (Math.round(level * Math.exp(sd * normal()) * 10000) / 10000) * 100) / 100
        : Math.max(unit, Math.round((ceiling * level * Math.exp(sd * normal())) / unit) * unit),
    }));
    if (findPricePatterns(bids, ceiling, options).some((p) => p.chance <= MAX_CHANCE)) flagged += 1;
  }
  return flagged / tenders;
}

describe('A4 chance bound calibration on simulated honest tenders', () => {
  // The bound promises about one chance pattern per 1/MAX_CHANCE honest tenders; allow a factor of ten for the
  // normal (not uniform) spread of bids and the extra views searched. A miscalibrated bound (a factor, a view or a
  // round-step rule that over-credits) shows as a rate far above this.
  it.each([
    ['cents', 0.01],
    ['whole yuan', 1],
    ['hundreds', 100],
  ])('flags at most 0.1 per cent of honest tenders quoted in %s', (_label, unit) => {
    expect(honestFlagRate(unit, 20261207, 4000)).toBeLessThanOrEqual(10 * MAX_CHANCE);
  });

  it('reads the discount-rate lattice of tenders quoted as 0.01 % steps of the ceiling (费率), not their cents', () => {
    // Their cents are the lattice's, not a quoting precision: judged by the cent, one tender in forty was flagged.
    expect(honestFlagRate(-1, 11, 4000)).toBeLessThanOrEqual(10 * MAX_CHANCE);
  });

  it('flags tenders quoted in round thousands at most as often as the round units make inevitable', () => {
    // Prices that are all multiples of 1,000 collide and line up far more often; identical and progression windows
    // widen to the unit, so the rate stays bounded.
    expect(honestFlagRate(1000, 7, 4000)).toBeLessThanOrEqual(0.002);
  });
});
