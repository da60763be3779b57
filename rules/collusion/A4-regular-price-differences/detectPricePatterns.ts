import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Database } from '../../../db/Database.ts';
import type { PricedBid, PricePattern } from './findPricePatterns.ts';
import { searchInWorkers } from './searchInWorkers.ts';
import { searchTenders, type TenderColumns } from './searchTenders.ts';

/** What the detection step needs of the rule's parameters (rule.ts documents each). */
export interface DetectionSettings {
  min_bids: number;
  include_disqualified: boolean;
  identical_tolerance_yuan: number;
  min_length: number;
  step_tolerance: number;
  resolution_yuan: number;
  rounding_tolerance_yuan: number;
  rounded_view_yuan: number;
  round_steps_yuan: number[];
  round_steps_of_ceiling: number[];
  min_step_share: number;
  ceiling_ratio_grid: number;
  ceiling_ratio_tolerance: number;
  market_min_bids: number;
  max_chance: number;
  max_market_share: number;
  market_min_tenders: number;
}

/** A tender whose prices show at least one pattern within the chance threshold, with ids resolved. */
export interface DetectedTender {
  tenderId: string;
  ceiling: number | null;
  onGridShare: number | null;
  /** Every counted bid of the tender, by ascending price. */
  bids: PricedBid[];
  /** The patterns within the threshold, least likely first. */
  patterns: PricePattern[];
  /** The chance threshold applied: max_chance, or lower in a market where regular prices are the convention. */
  threshold: number;
  /** Share of the market's tenders with a pattern within max_chance (null: market too small to tell). */
  marketPatternShare: number | null;
  /** Bidder name and bid status by bid id, for the evidence table. */
  details: Map<string, { bidder_name: string | null; status: string }>;
}

const tendersSql = readFileSync(new URL('./tenders.sql', import.meta.url), 'utf8');

/**
 * From this many tenders the search runs on worker threads (searchInWorkers.ts), at most this many: below it a
 * worker's start (loading TypeScript, about half a CPU second) costs more than it saves. Speed, not detection: the
 * hits are the same either way.
 */
const parallelSearchMinTenders = 20_000;
const maxSearchThreads = 4;

/**
 * A4 step 1: reads every tender's counted bids with its market's base rates (tenders.sql), searches each for
 * price patterns (findPricePatterns) and keeps the tenders with a pattern whose chance is at most `max_chance`.
 */
export async function detectPricePatterns(db: Database, p: DetectionSettings): Promise<DetectedTender[]> {
  // Tenders with their market's base rates (round discounts are normal in markets that bid by discount rate,
  // 费率招标; whole-yuan prices in markets that quote whole yuan), then their bids as flat columns in one pass.
  await db.run(`create or replace temp table a4_tenders as\n${tendersSql}`, {
    include_disqualified: p.include_disqualified,
    grid: p.ceiling_ratio_grid,
    tolerance: p.ceiling_ratio_tolerance,
    min_bids: p.min_bids,
    market_min_bids: p.market_min_bids,
  });
  // The bids travel to JS as three numeric columns (tender ordinal, bidder ordinal, price): converting
  // hundreds of thousands of id strings costs more than the pattern search itself. Ids come back for hits only, by the
  // bid's row in mart_bids (`bid_row`), so the table holds no id strings (10M bids: three strings a bid, spilled).
  // Tenders are numbered in a4_tenders (every one of them has counted bids), bidders by a join to their distinct list
  // (window sorts of every bid cost a third more). A bidder's ordinal is only compared for equality, so any numbering
  // of the distinct bidders serves: those of every bid, so the bids are read once (counted is not materialised).
  await db.run(
    `create or replace temp table a4_bids as
     with tender_ordinals as (
         select tender_id, row_number() over (order by tender_id)::integer as tender_ordinal
         from a4_tenders
     ),
     counted as (
         select tender_ordinals.tender_ordinal, bids.rowid as bid_row, bids.bid_id, bids.bidder_id, bids.price
         from mart_bids as bids
         inner join tender_ordinals using (tender_id)
         where bids.price > 0 and (bids.status = 'valid' or ($include_disqualified and bids.status = 'disqualified'))
     ),
     bidder_ordinals as (
         select bidder_id, row_number() over ()::integer as bidder_ordinal
         from (select distinct bidder_id from mart_bids)
     )
     select
         -- Tenders in tender_id order, each tender's bids cheapest first (ties by bid id): the order the search reads.
         row_number() over (order by counted.tender_ordinal, counted.price, counted.bid_id)::integer as rid,
         counted.tender_ordinal,
         bidder_ordinals.bidder_ordinal,
         counted.bid_row,
         counted.price
     from counted
     inner join bidder_ordinals using (bidder_id)`,
    { include_disqualified: p.include_disqualified },
  );
  // An empty result has no columns at all (not empty ones): default each, so no data means no hits.
  const [tenderIds = [], ceilings = [], onGridShares = [], roundnessKeys = [], markets = []] = (await db.connection.runAndReadAll(
    `select tenders.tender_id, tenders.ceiling_price, tenders.on_grid_share, tenders.roundness_key, coalesce(marts.market, '') as market
     from a4_tenders as tenders
     inner join mart_tenders as marts using (tender_id)
     order by tenders.tender_id`,
  )).getColumnsJS() as [string[]?, (number | null)[]?, (number | null)[]?, (string | null)[]?, string[]?];
  const roundnessCounts = Object.fromEntries(
    (await db.query<{ roundness_key: string; round_counts: string }>(
      'select distinct roundness_key, round_counts from a4_tenders where roundness_key is not null',
    )).map((r) => [r.roundness_key, JSON.parse(r.round_counts) as Record<string, number>]),
  );
  const columns: TenderColumns = { ceilings, onGridShares, roundnessKeys, roundnessCounts, ...(await readBidColumns(db, tenderIds.length)) };
  const threads = Math.min(availableParallelism(), maxSearchThreads);
  const searched = tenderIds.length >= parallelSearchMinTenders && threads > 1 ? await searchInWorkers(columns, p, threads) : searchTenders(columns, p);

  const tendersPerMarket = new Map<string, number>();
  for (const market of markets) tendersPerMarket.set(market ?? '', (tendersPerMarket.get(market ?? '') ?? 0) + 1);
  const found = searched.map(({ index, bids, patterns }) => {
    const ceiling = ceilings[index] && ceilings[index]! > 0 ? ceilings[index]! : null;
    return { index, tenderId: tenderIds[index]!, market: markets[index] ?? '', ceiling, onGridShare: onGridShares[index] ?? null, bids, patterns };
  });
  const thresholds = marketThresholds(found, tendersPerMarket, p);
  const kept = found
    .map((f) => ({ ...f, threshold: thresholds.get(f.market)?.threshold ?? p.max_chance, marketPatternShare: thresholds.get(f.market)?.share ?? null }))
    .map((f) => ({ ...f, patterns: f.patterns.filter((pattern) => pattern.chance <= f.threshold) }))
    .filter((f) => f.patterns.length > 0);
  if (kept.length === 0) return [];

  // Ids, names and statuses only for the tenders that show a pattern.
  // A join to the kept tenders, not list_contains on every bid: that scans the list once per bid, bids × hits
  // (10M bids: 10M × 3,500).
  const details = await db.query<{ rid: number; bid_id: string; bidder_id: string; bidder_name: string | null; status: string }>(
    `with kept as (select distinct unnest(cast($tender_ordinals as integer[])) as tender_ordinal),
     kept_bids as (select rid, bid_row from a4_bids semi join kept using (tender_ordinal))
     select kept_bids.rid, bids.bid_id, bids.bidder_id, bids.bidder_name, bids.status
     from kept_bids
     inner join mart_bids as bids on bids.rowid = kept_bids.bid_row`,
    { tender_ordinals: JSON.stringify(kept.map((f) => f.index + 1)) },
  );
  const detailOf = new Map(details.map((d) => [String(d.rid), d]));
  const resolve = (bid: PricedBid): PricedBid => {
    const detail = detailOf.get(bid.bidId);
    return { bidId: detail?.bid_id ?? bid.bidId, bidderId: detail?.bidder_id ?? bid.bidderId, price: bid.price };
  };
  const detailById = new Map(details.map((d) => [d.bid_id, { bidder_name: d.bidder_name, status: d.status }]));
  return kept.map((f) => ({
    tenderId: f.tenderId,
    threshold: f.threshold,
    marketPatternShare: f.marketPatternShare,
    ceiling: f.ceiling,
    onGridShare: f.onGridShare,
    bids: f.bids.map(resolve),
    patterns: f.patterns.map((pattern) => ({ ...pattern, bids: pattern.bids.map(resolve) })).sort((a, b) => a.chance - b.chance),
    details: detailById,
  }));
}

/**
 * a4_bids as typed arrays in shared memory (the worker threads read their slices of them without a copy), with each
 * tender's first bid. The arrays are sized from the row count and filled chunk by chunk from a streamed result: read
 * whole (runAndReadAll, then JS arrays, then the shared copies) the 10M-bid set held the same bids three times over,
 * about 0.8 GB beside DuckDB's own memory; streamed, only the arrays (12 bytes a bid: a bid's rid is its place, not stored) and one chunk.
 */
async function readBidColumns(db: Database, tenders: number): Promise<Pick<TenderColumns, 'firstBid' | 'ridsBefore' | 'bidderOrdinals' | 'prices'>> {
  const [{ n = 0 } = {}] = await db.query<{ n: number }>('select count(*)::double as n from a4_bids');
  const bidderOrdinals = new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));
  const prices = new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
  // Each tender's bids are the rids of its ordinal (tender t + 1), contiguous and in rid order (a4_bids numbers the
  // bids tender by tender): firstBid[t + 1] ends tender t, the running count of bids up to it. The rids number the
  // rows 1..n, so each row goes to its place as it comes: no sort of every bid to read them in order.
  const firstBid = new Int32Array(tenders + 1);
  const result = await db.connection.stream('select rid, tender_ordinal, bidder_ordinal, price from a4_bids');
  let row = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const [ridColumn, tenderColumn, bidderColumn, priceColumn] = [0, 1, 2, 3].map((column) => chunk!.getColumnVector(column));
    for (let k = 0; k < chunk.rowCount; k += 1, row += 1) {
      const rid = ridColumn!.getItem(k) as number;
      if (!(rid >= 1 && rid <= n)) throw new Error(`A4: a4_bids rid ${rid} outside 1..${n}`);
      bidderOrdinals[rid - 1] = bidderColumn!.getItem(k) as number;
      prices[rid - 1] = priceColumn!.getItem(k) as number;
      const ordinal = tenderColumn!.getItem(k) as number;
      firstBid[ordinal] = firstBid[ordinal]! + 1;
    }
  }
  if (row !== n) throw new Error(`A4: a4_bids gave ${row} rows, counted ${n}`);
  for (let t = 1; t <= tenders; t += 1) firstBid[t] = firstBid[t]! + firstBid[t - 1]!;
  return { firstBid, ridsBefore: 0, bidderOrdinals, prices };
}

/**
 * Per market (category + region), the share of its tenders with a pattern within max_chance. Where that share
 * exceeds max_market_share, regular prices are the market's convention (bids quoted as round discounts by rule,
 * ties at a floor price decided by lot, everyone rounding to the ten thousand), not a sign of collusion: the
 * threshold falls to the chance of the tender at that share, so only the market's rarest patterns stay.
 * Markets with fewer than market_min_tenders tenders keep max_chance (their share says little).
 */
function marketThresholds(
  found: { market: string; patterns: PricePattern[] }[],
  tendersPerMarket: Map<string, number>,
  p: DetectionSettings,
): Map<string, { threshold: number; share: number }> {
  const chances = new Map<string, number[]>();
  for (const f of found) {
    const list = chances.get(f.market) ?? [];
    list.push(Math.min(...f.patterns.map((pattern) => pattern.chance)));
    chances.set(f.market, list);
  }
  const out = new Map<string, { threshold: number; share: number }>();
  for (const [market, list] of chances) {
    const total = tendersPerMarket.get(market) ?? 0;
    if (total < p.market_min_tenders) continue;
    const share = list.length / total;
    const allowed = Math.floor(p.max_market_share * total);
    const sorted = [...list].sort((a, b) => a - b);
    // Strictly below the chance of the first tender past the allowed share: ties beyond it are all dropped.
    const threshold = share > p.max_market_share ? Math.min(p.max_chance, (sorted[allowed] ?? p.max_chance) * (1 - 1e-9)) : p.max_chance;
    out.set(market, { threshold, share });
  }
  return out;
}
