import type { PricePattern } from './findPricePatterns.ts';

/**
 * A4 step 2: a hit's score from its least likely pattern: 0.6 at the chance threshold, +0.1 for every factor of
 * ten below it, at most 0.95 (a pattern a million times rarer than the threshold is as strong as A4 gets).
 *
 * @example scorePricePatterns([{ chance: 1e-6, … }], 1e-4) // 0.8
 */
export function scorePricePatterns(patterns: readonly PricePattern[], maxChance: number): number {
  const best = Math.min(...patterns.map((pattern) => pattern.chance));
  return Math.min(0.95, Math.max(0.6, 0.6 + 0.1 * Math.log10(maxChance / Math.max(best, 1e-300))));
}
