import { readFileSync } from 'node:fs';
import type { IndicatorContext } from './OcdsIndicator.ts';

const sql = readFileSync(new URL('./secondLowestBidRatios.sql', import.meta.url), 'utf8');

/** One process's bid ratio: how far the lowest other valid bid lies above the winner's. */
export interface BidRatio {
  /** The release (stg_ocds_releases.seq). */
  seq: number;
  ratio: number;
}

/** Who a ratio is about: the process, its winner and the tenderer of the lowest other bid. */
export interface BidRatioParties {
  ocid: string;
  winner: string;
  lowestOther: string;
}

/** The ratios of a run, and the parties of those an indicator flags. */
export interface BidRatios {
  ratios: BidRatio[];
  warnings: string[];
  /** The selected ratios with their parties, in the same order. */
  partiesOf(selected: readonly BidRatio[]): Promise<(BidRatio & BidRatioParties)[]>;
}

/**
 * The (L − W) / W ratios of R024 and R058, computed once per run and shared (Cardinal computes
 * them once when either is enabled). A 0/0 ratio (both bids 0) is left out with a warning:
 * Cardinal then panics or prints null quartiles depending on hash order (semantics doc).
 *
 * The amounts come to rule code (the ratio is divided here, the fences need every ratio), the
 * names only for the processes an indicator flags: turning ~50k rows of strings into JS costs more
 * than the query itself.
 */
export async function secondLowestBidRatios(context: IndicatorContext): Promise<BidRatios> {
  const cached = context.shared.get('secondLowestBidRatios') as BidRatios | undefined;
  if (cached) return { ...cached, warnings: [] };
  const { db } = context;
  await db.run(sql, { main_currency: context.mainCurrency });
  const rows = await db.query<{ seq: number; winner_amount: number; lowest_other_amount: number }>(
    'select seq::double as seq, winner_amount, lowest_other_amount from ocds_bid_ratios order by seq',
  );
  const partiesOf = async (selected: readonly BidRatio[]): Promise<(BidRatio & BidRatioParties)[]> => {
    if (selected.length === 0) return [];
    const found = await db.query<{ seq: number; ocid: string; winner: string; lowest_other_tenderer: string }>(
      'select seq::double as seq, ocid, winner, lowest_other_tenderer from ocds_bid_ratios where seq in (select unnest($seqs::bigint[]))',
      { seqs: selected.map((r) => r.seq) },
    );
    const bySeq = new Map(found.map((row) => [row.seq, row]));
    return selected.map((r) => {
      const row = bySeq.get(r.seq)!;
      return { ...r, ocid: row.ocid, winner: row.winner, lowestOther: row.lowest_other_tenderer };
    });
  };
  const ratios: BidRatio[] = [];
  const undefinedRatios: BidRatio[] = [];
  for (const row of rows) {
    const ratio = (row.lowest_other_amount - row.winner_amount) / row.winner_amount;
    if (Number.isNaN(ratio)) undefinedRatios.push({ seq: row.seq, ratio });
    else ratios.push({ seq: row.seq, ratio });
  }
  const warnings = (await partiesOf(undefinedRatios)).map(
    (r) => `${r.ocid}: winning and lowest other bid are both 0; the 0/0 ratio is left out of R024/R058 (Cardinal may crash on it)`,
  );
  const result: BidRatios = { ratios, warnings, partiesOf };
  context.shared.set('secondLowestBidRatios', result);
  return result;
}
