import { readFileSync } from 'node:fs';
import type { IndicatorContext } from './OcdsIndicator.ts';

const sql = readFileSync(new URL('./secondLowestBidRatios.sql', import.meta.url), 'utf8');

/** One process's bid ratio: how far the lowest other valid bid lies above the winner's. */
export interface BidRatio {
  ocid: string;
  ratio: number;
  winner: string;
  lowestOther: string;
}

/**
 * The (L − W) / W ratios of R024 and R058, computed once per run and shared (Cardinal computes
 * them once when either is enabled). A 0/0 ratio (both bids 0) is left out with a warning:
 * Cardinal then panics or prints null quartiles depending on hash order (semantics doc).
 */
export async function secondLowestBidRatios(context: IndicatorContext): Promise<{ ratios: BidRatio[]; warnings: string[] }> {
  const cached = context.shared.get('secondLowestBidRatios') as { ratios: BidRatio[]; warnings: string[] } | undefined;
  if (cached) return { ratios: cached.ratios, warnings: [] };
  const rows = await context.db.query<{ ocid: string; winner: string; winner_amount: number; lowest_other_amount: number; lowest_other_tenderer: string }>(sql, {
    main_currency: context.mainCurrency,
  });
  const ratios: BidRatio[] = [];
  const warnings: string[] = [];
  for (const row of rows) {
    const ratio = (row.lowest_other_amount - row.winner_amount) / row.winner_amount;
    if (Number.isNaN(ratio)) {
      warnings.push(`${row.ocid}: winning and lowest other bid are both 0; the 0/0 ratio is left out of R024/R058 (Cardinal may crash on it)`);
      continue;
    }
    ratios.push({ ocid: row.ocid, ratio, winner: row.winner, lowestOther: row.lowest_other_tenderer });
  }
  const result = { ratios, warnings };
  context.shared.set('secondLowestBidRatios', result);
  return result;
}
