import type { DetectionSettings } from './detectPricePatterns.ts';
import { findPricePatterns, type PatternOptions, type PricedBid, type PricePattern } from './findPricePatterns.ts';

/**
 * Tenders and their counted bids as flat columns (what detectPricePatterns reads from a4_tenders and a4_bids), in
 * tender order; a tender's bids, cheapest first, are `firstBid[t]` up to `firstBid[t + 1]`. Plain data, so a slice
 * can go to a worker thread (searchInWorkers.ts).
 */
export interface TenderColumns {
  ceilings: (number | null)[];
  onGridShares: (number | null)[];
  roundnessKeys: (string | null)[];
  firstBid: Int32Array;
  /** The rid of these columns' first bid, less one: bid k's rid is `ridsBefore + k + 1` (a4_bids numbers the bids 1..n in this order). */
  ridsBefore: number;
  bidderOrdinals: Int32Array;
  prices: Float64Array;
  /** A market's (or category's) counts by others class · 10 + own class (tenders.sql), by roundness key. */
  roundnessCounts: Record<string, Record<string, number>>;
}

/** A tender (by its index in the columns) with its bids and the patterns within `max_chance`. */
export interface SearchedTender {
  index: number;
  bids: PricedBid[];
  patterns: PricePattern[];
}

/** Unit classes of tenders.sql: 0 = cents, 1 = yuan, 2 = tens … 6 = hundred thousands. */
const unitClass = (unit: number) => (unit < 1 ? 0 : Math.min(6, Math.round(Math.log10(unit)) + 1));

/**
 * P(own class ≥ class(unit) | others class = class(othersUnit)) from a market's counts keyed
 * `others·10 + own`, with one pseudo-count so an unseen roundness is rare, not impossible.
 */
function roundnessFrom(counts: Record<string, number>): (unit: number, othersUnit: number) => number {
  return (unit, othersUnit) => {
    const own = unitClass(unit);
    const others = unitClass(othersUnit);
    let total = 0;
    let asRound = 0;
    for (let c = 0; c <= 6; c += 1) {
      const n = counts[String(others * 10 + c)] ?? 0;
      total += n;
      if (c >= own) asRound += n;
    }
    return (asRound + 1) / (total + 1);
  };
}

/**
 * Searches every tender of the columns for price patterns (findPricePatterns) and returns, in tender order, those
 * with a pattern whose chance is at most `max_chance`. Bid ids are the rids and bidder ids the ordinals, as text.
 */
export function searchTenders(columns: TenderColumns, p: DetectionSettings): SearchedTender[] {
  const roundnessTables = new Map(Object.entries(columns.roundnessCounts).map(([key, counts]) => [key, roundnessFrom(counts)]));
  const found: SearchedTender[] = [];
  for (let t = 0; t < columns.ceilings.length; t += 1) {
    const bids: PricedBid[] = [];
    for (let k = columns.firstBid[t]!; k < columns.firstBid[t + 1]!; k += 1) {
      bids.push({ bidId: String(columns.ridsBefore + k + 1), bidderId: String(columns.bidderOrdinals[k]), price: columns.prices[k]! });
    }
    const ceiling = columns.ceilings[t] && columns.ceilings[t]! > 0 ? columns.ceilings[t]! : null;
    const roundnessKey = columns.roundnessKeys[t] ?? null;
    const options: PatternOptions = {
      identicalToleranceYuan: p.identical_tolerance_yuan,
      minLength: p.min_length,
      stepTolerance: p.step_tolerance,
      resolutionYuan: p.resolution_yuan,
      roundingToleranceYuan: p.rounding_tolerance_yuan,
      roundedViewYuan: p.rounded_view_yuan,
      roundStepsYuan: p.round_steps_yuan,
      roundStepsOfCeiling: p.round_steps_of_ceiling,
      minStepShare: p.min_step_share,
      ceilingRatioGrid: p.ceiling_ratio_grid,
      ceilingRatioTolerance: p.ceiling_ratio_tolerance,
      marketOnGridShare: columns.onGridShares[t] ?? 0,
      roundness: roundnessKey ? (roundnessTables.get(roundnessKey) ?? null) : null,
    };
    const patterns = findPricePatterns(bids, ceiling, options).filter((pattern) => pattern.chance <= p.max_chance);
    if (patterns.length > 0) found.push({ index: t, bids, patterns });
  }
  return found;
}

/** Tenders `from` up to `to` of the columns, their bids renumbered from 0 (the slice a worker searches). */
export function sliceTenders(columns: TenderColumns, from: number, to: number): TenderColumns {
  const first = columns.firstBid[from]!;
  const last = columns.firstBid[to]!;
  return {
    ceilings: columns.ceilings.slice(from, to),
    onGridShares: columns.onGridShares.slice(from, to),
    roundnessKeys: columns.roundnessKeys.slice(from, to),
    firstBid: columns.firstBid.slice(from, to + 1).map((k) => k - first),
    ridsBefore: columns.ridsBefore + first,
    // Views, not copies: on a SharedArrayBuffer (detectPricePatterns) a worker gets them without a copy.
    bidderOrdinals: columns.bidderOrdinals.subarray(first, last),
    prices: columns.prices.subarray(first, last),
    roundnessCounts: columns.roundnessCounts,
  };
}
