import { describe, expect, it } from 'vitest';
import { strongestRegimeChange, supWaldPValue, type ScreenedTender } from '../rules/collusion/A7-bidding-rings/regimeChange.ts';

/** `n` tenders a month apart from `startMonth` (0 = January 2022), all with the given suspicion pattern. */
function tenders(prefix: string, startMonth: number, suspicions: number[]): ScreenedTender[] {
  return suspicions.map((suspicion, index) => {
    const month = startMonth + index;
    const date = `${2022 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-15`;
    return { tender_id: `${prefix}${index + 1}`, date, suspicion };
  });
}

/** Values alternating around a centre, so every regime has some spread. */
const around = (centre: number, n: number) => Array.from({ length: n }, (_, i) => centre + (i % 2 === 0 ? 0.05 : -0.05));

describe('A7 regime change (strongestRegimeChange)', () => {
  const steadyMarket = tenders('M', 0, around(0.5, 24));

  it('finds a collapse: tight bids before, spread after, while the market stays put', () => {
    const group = tenders('G', 0, [...around(0.9, 12), ...around(0.2, 12)]);
    const change = strongestRegimeChange(group, steadyMarket, 10);
    expect(change).not.toBeNull();
    expect(change!.collusive_side).toBe('before');
    expect(change!.split_date).toBe('2023-01-15');
    expect(change!.collusive_tenders.map((t) => t.tender_id)).toEqual(group.slice(0, 12).map((t) => t.tender_id));
    expect(change!.collusive_mean).toBeCloseTo(0.9, 6);
    expect(change!.competitive_mean).toBeCloseTo(0.2, 6);
    expect(change!.excess_change).toBeCloseTo(0.7, 1);
    expect(change!.t_statistic).toBeGreaterThan(10);
  });

  it('finds a formation: competitive first, tight from the break on', () => {
    const group = tenders('G', 0, [...around(0.2, 12), ...around(0.9, 12)]);
    const change = strongestRegimeChange(group, steadyMarket, 10);
    expect(change!.collusive_side).toBe('after');
    expect(change!.collusive_tenders.map((t) => t.tender_id)).toEqual(group.slice(12).map((t) => t.tender_id));
  });

  it('measures the change against the rest of the market at the same date: a market-wide shift leaves no excess', () => {
    const group = tenders('G', 0, [...around(0.9, 12), ...around(0.2, 12)]);
    const shiftingMarket = tenders('M', 0, [...around(0.9, 12), ...around(0.2, 12)]);
    const change = strongestRegimeChange(group, shiftingMarket, 10);
    // The group fell 0.7, but so did every other tender at the same date.
    expect(change!.collusive_mean - change!.competitive_mean).toBeGreaterThan(0.3);
    expect(change!.excess_change).toBeLessThan(0.05);
    expect(change!.t_statistic).toBeLessThan(1);
  });

  it('leaves the group\'s own tenders out of the market it is compared with', () => {
    const group = tenders('G', 0, [...around(0.9, 12), ...around(0.2, 12)]);
    const change = strongestRegimeChange(group, [...steadyMarket, ...group], 10);
    expect(change!.market_tenders).toBe(steadyMarket.length);
    expect(change!.market_collusive_side_mean).toBeCloseTo(0.5, 6);
  });

  it('needs enough tenders on each side, and looks for the break away from the ends (trimming)', () => {
    const group = tenders('G', 0, [...around(0.9, 12), ...around(0.2, 12)]);
    expect(strongestRegimeChange(group.slice(0, 19), steadyMarket, 10)).toBeNull();
    // A few odd tenders at the very start: with 15 % trimming of 40 tenders each side holds at least 6.
    const edge = tenders('E', 0, [0.05, 0.05, 0.05, ...around(0.5, 37)]);
    const market = tenders('M', 0, around(0.5, 40));
    expect(strongestRegimeChange(edge, market, 3, 0)!.competitive_tenders).toHaveLength(3);
    const trimmed = strongestRegimeChange(edge, market, 3, 0.15)!;
    expect(Math.min(trimmed.collusive_tenders.length, trimmed.competitive_tenders.length)).toBeGreaterThanOrEqual(6);
    expect(trimmed.t_statistic).toBeLessThan(3);
  });

  it('never splits tenders of the same date apart', () => {
    const sameDay = [...around(0.9, 12), ...around(0.2, 12)].map((suspicion, i) => ({ tender_id: `S${i}`, date: i < 14 ? '2022-06-01' : '2023-06-01', suspicion }));
    const change = strongestRegimeChange(sameDay, steadyMarket, 10);
    expect(change!.split_date).toBe('2023-06-01');
    expect(change!.collusive_tenders).toHaveLength(14);
  });

  it('gives the p-value of the largest statistic over break dates: Andrews (1993) critical values 7.17 / 8.85 / 12.16 are its 10 / 5 / 1 % points', () => {
    expect(supWaldPValue(7.17, 0.15)).toBeCloseTo(0.1, 1);
    expect(supWaldPValue(8.85, 0.15)).toBeCloseTo(0.05, 2);
    expect(supWaldPValue(12.16, 0.15)).toBeCloseTo(0.01, 2);
    // Searching fewer dates (wider trimming) needs less: the same statistic is rarer.
    expect(supWaldPValue(8.85, 0.3)).toBeLessThan(supWaldPValue(8.85, 0.15));
    expect(supWaldPValue(0, 0.15)).toBe(1);
    expect(supWaldPValue(1, 0.15)).toBeGreaterThan(0.5);
  });

  it('reports the p-value of the break it found', () => {
    const group = tenders('G', 0, [...around(0.9, 12), ...around(0.2, 12)]);
    const change = strongestRegimeChange(group, steadyMarket, 10, 0.15)!;
    expect(change.effective_trim).toBeCloseTo(10 / 24, 6);
    expect(change.p_value).toBeCloseTo(supWaldPValue(change.t_statistic ** 2, 10 / 24), 12);
    expect(change.p_value).toBeLessThan(1e-6);
  });
});
