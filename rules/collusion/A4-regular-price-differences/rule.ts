import { z } from 'zod';
import type { Rule, RuleContext, RuleHit } from '../../Rule.ts';
import { findPricePatterns, type PricePattern } from './findPricePatterns.ts';

const parameters = z.object({
  min_bids: z
    .number().int().min(3).default(3)
    .describe('Bids a tender needs before its prices can show a pattern: detections.md A4 "needs ≥ 3 bids".'),
  include_disqualified: z
    .boolean().default(true)
    .describe('Compare disqualified bids too: cover bids (陪标) are often rejected on purpose, yet their prices were still set by the ring. Withdrawn bids never count.'),
  identical_tolerance_yuan: z
    .number().min(0).default(1)
    .describe('Prices this close (yuan) are identical: cents and one-yuan rounding of the platforms (judgment).'),
  min_length: z
    .number().int().min(3).default(3)
    .describe('Bids in a progression: three points are the fewest that show a regular step.'),
  step_tolerance: z
    .number().min(0).max(0.2).default(0.02)
    .describe('A progression member may sit this share of the step off the exact term: tolerates prices rounded to the hundred or thousand yuan (judgment; the chance estimate below decides).'),
  resolution_yuan: z
    .number().min(0.01).default(1)
    .describe('Smallest deviation assumed when estimating chance: quoted prices are not more precise than a yuan.'),
  min_step_share: z
    .number().min(0).default(0.001)
    .describe('Steps below this share of the price are a near-identical cluster, not a progression (0.1 %, judgment).'),
  ceiling_ratio_grid: z
    .number().min(0.0001).max(0.1).default(0.005)
    .describe('Round discounts from the ceiling price (下浮率): multiples of half a percentage point, the step colluders use in practice (e.g. 下浮 3 %, 3.5 %, 4 %).'),
  ceiling_ratio_tolerance: z
    .number().min(0).max(0.01).default(0.00005)
    .describe('Distance from the grid (share of the ceiling) still on it: 250 yuan on a 5 million ceiling, covers rounding to the hundred.'),
  market_min_bids: z
    .number().int().min(1).default(200)
    .describe('Bids a market (category + region) needs for its own on-grid base rate; smaller markets use their category, and a category this small the theoretical rate (window / grid).'),
  max_chance: z
    .number().min(0).max(1).default(0.0001)
    .describe('Flag a pattern whose expected chance occurrences in the tender are at most this: about one false alarm per ten thousand honest tenders by the bound (judgment; on the generated demo planted patterns scored ≤ 3e-5 and chance ones ≥ 1.6e-4, see README).'),
});

type Parameters = z.infer<typeof parameters>;

interface TenderRow {
  tender_id: string;
  ceiling_price: number | null;
  on_grid_share: number | null;
  /** Shares of the market's bids that are multiples of 1, 10, 100, 1,000, 10,000, 100,000 yuan. */
  round_shares: number[] | null;
  bid_ids: string[];
  bidder_ids: string[];
  bidder_names: (string | null)[];
  prices: number[];
  statuses: string[];
}

const kindLabel: Record<PricePattern['kind'], string> = {
  identical: '报价完全相同',
  arithmetic: '报价呈等差数列',
  geometric: '报价呈等比数列',
  ceiling_ratio: '报价均为最高投标限价的整数下浮率',
};

const roundUnits = [1, 10, 100, 1000, 10000, 100000];
const roundShareOf = (shares: number[]) => (unit: number) => shares[Math.max(0, roundUnits.filter((u) => u <= unit).length - 1)] ?? 1;

const yuan = (v: number) => Math.round(v).toLocaleString('en-US');

function describe(pattern: PricePattern, ceiling: number | null): string {
  switch (pattern.kind) {
    case 'identical':
      return `${pattern.bids.length} 家投标人报价均为 ${yuan(pattern.step)} 元`;
    case 'arithmetic':
      return `${pattern.bids.length} 家投标人报价呈等差数列，公差约 ${yuan(pattern.step)} 元，最大偏差 ${yuan(pattern.maxDeviation)} 元`;
    case 'geometric':
      return `${pattern.bids.length} 家投标人报价呈等比数列，相邻报价之比约 ${pattern.step.toFixed(4)}，最大偏差 ${yuan(pattern.maxDeviation)} 元`;
    case 'ceiling_ratio':
      return `${pattern.bids.length} 家投标人报价分别为最高投标限价下浮 ${pattern.bids
        .map((b) => `${((1 - b.price / (ceiling ?? b.price)) * 100).toFixed(1)}%`)
        .join('、')}（均为 ${(pattern.step * 100).toFixed(1)} 个百分点的整数倍）`;
  }
}

async function run({ db }: RuleContext, p: Parameters): Promise<RuleHit[]> {
  // Base rate of round discounts per market (category alone where the market is small): in markets that
  // bid by discount rate (费率招标) round discounts are normal, and the chance estimate must know it.
  const rows = await db.query<TenderRow>(
    `with bids as (
        select bid_id, tender_id, bidder_id, bidder_name, price, status, ceiling_price, category, market
        from mart_bids
        where price > 0 and (status = 'valid' or ($include_disqualified and status = 'disqualified'))
    ),
    on_grid as (
        select category, market,
               abs(price / ceiling_price - round(price / ceiling_price / $grid) * $grid) <= $tolerance
                 and price < ceiling_price * (1 - $tolerance) as is_on_grid
        from bids
        where ceiling_price > 0
    ),
    market_rates as (
        select market, avg(is_on_grid::int) as share, count(*) as n from on_grid group by market
    ),
    category_rates as (
        select category, avg(is_on_grid::int) as share, count(*) as n from on_grid group by category
    ),
    -- How round the market's prices are: the share of bids that are multiples of 1, 10, … 100,000 yuan
    -- (with a floor of one bid, so an unseen roundness is rare, not impossible).
    roundness as (
        select category, market,
               (price = round(price))::int as r1,
               (price / 10 = round(price / 10))::int as r10,
               (price / 100 = round(price / 100))::int as r100,
               (price / 1000 = round(price / 1000))::int as r1000,
               (price / 10000 = round(price / 10000))::int as r10000,
               (price / 100000 = round(price / 100000))::int as r100000
        from bids
    ),
    market_roundness as (
        select market, count(*) as n,
               [sum(r1), sum(r10), sum(r100), sum(r1000), sum(r10000), sum(r100000)] as counts
        from roundness group by market
    ),
    category_roundness as (
        select category, count(*) as n,
               [sum(r1), sum(r10), sum(r100), sum(r1000), sum(r10000), sum(r100000)] as counts
        from roundness group by category
    ),
    tenders as (
        select tender_id, any_value(ceiling_price) as ceiling_price, any_value(category) as category, any_value(market) as market,
               list(bid_id order by price, bid_id) as bid_ids,
               list(bidder_id order by price, bid_id) as bidder_ids,
               list(bidder_name order by price, bid_id) as bidder_names,
               list(price order by price, bid_id) as prices,
               list(status order by price, bid_id) as statuses
        from bids
        group by tender_id
        having count(*) >= $min_bids and count(distinct bidder_id) >= 2
    )
    select tenders.tender_id, tenders.ceiling_price,
           case when market_rates.n >= $market_min_bids then market_rates.share
                when category_rates.n >= $market_min_bids then category_rates.share end as on_grid_share,
           case when market_roundness.n >= $market_min_bids then list_transform(market_roundness.counts, c -> (c + 1) / (market_roundness.n + 1))
                when category_roundness.n >= $market_min_bids then list_transform(category_roundness.counts, c -> (c + 1) / (category_roundness.n + 1))
           end as round_shares,
           tenders.bid_ids, tenders.bidder_ids, tenders.bidder_names, tenders.prices, tenders.statuses
    from tenders
    left join market_rates on market_rates.market = tenders.market
    left join category_rates on category_rates.category = tenders.category
    left join market_roundness on market_roundness.market = tenders.market
    left join category_roundness on category_roundness.category = tenders.category`,
    {
      include_disqualified: p.include_disqualified,
      grid: p.ceiling_ratio_grid,
      tolerance: p.ceiling_ratio_tolerance,
      min_bids: p.min_bids,
      market_min_bids: p.market_min_bids,
    },
  );

  const hits: RuleHit[] = [];
  for (const row of rows) {
    const bids = row.bid_ids.map((bidId, i) => ({ bidId, bidderId: row.bidder_ids[i]!, price: row.prices[i]! }));
    const ceiling = row.ceiling_price && row.ceiling_price > 0 ? row.ceiling_price : null;
    const patterns = findPricePatterns(bids, ceiling, {
      identicalToleranceYuan: p.identical_tolerance_yuan,
      minLength: p.min_length,
      stepTolerance: p.step_tolerance,
      resolutionYuan: p.resolution_yuan,
      minStepShare: p.min_step_share,
      ceilingRatioGrid: p.ceiling_ratio_grid,
      ceilingRatioTolerance: p.ceiling_ratio_tolerance,
      marketOnGridShare: row.on_grid_share ?? 0,
      marketRoundShare: row.round_shares ? roundShareOf(row.round_shares) : null,
    }).filter((pattern) => pattern.chance <= p.max_chance);
    if (patterns.length === 0) continue;
    patterns.sort((a, b) => a.chance - b.chance);
    const best = patterns[0]!;
    const members = new Set(patterns.flatMap((pattern) => pattern.bids.map((b) => b.bidId)));
    const score = Math.min(0.95, Math.max(0.6, 0.6 + 0.1 * Math.log10(p.max_chance / Math.max(best.chance, 1e-300))));
    let previous: number | null = null;
    const tableRows = bids.map((bid, i) => {
      const row_ = {
        投标编号: bid.bidId,
        投标人: row.bidder_names[i] ?? bid.bidderId,
        '报价(元)': bid.price,
        状态: row.statuses[i],
        占最高限价: ceiling ? `${((bid.price / ceiling) * 100).toFixed(3)}%` : null,
        '与上一报价差(元)': previous === null ? null : Math.round((bid.price - previous) * 100) / 100,
        属于规律报价: members.has(bid.bidId) ? '是' : '',
      };
      previous = bid.price;
      return row_;
    });
    const companyIds = [...new Set(patterns.flatMap((pattern) => pattern.bids.map((b) => b.bidderId)))].sort();
    hits.push({
      tender_id: row.tender_id,
      company_ids: companyIds,
      record_ids: [...members].sort(),
      score,
      evidence: {
        summary_zh: `标段 ${row.tender_id} 中 ${patterns.map((x) => describe(x, ceiling)).join('；')}，偶然出现的期望次数约 ${best.chance.toExponential(1)}，疑似投标报价呈规律性差异（条例第四十条第（四）项）。`,
        summary_en: `Tender ${row.tender_id}: ${patterns.map((x) => `${x.kind} pattern over ${x.bids.length} bids`).join('; ')}; expected chance occurrences ${best.chance.toExponential(1)}.`,
        facts: {
          pattern_kinds: patterns.map((x) => x.kind).join(','),
          strongest_pattern: best.kind,
          bids_in_pattern: best.bids.length,
          bids_in_tender: bids.length,
          step: best.kind === 'geometric' || best.kind === 'ceiling_ratio' ? Number(best.step.toFixed(6)) : Math.round(best.step * 100) / 100,
          max_deviation_yuan: Math.round(best.maxDeviation * 100) / 100,
          expected_chance_occurrences: Number(best.chance.toPrecision(3)),
          threshold_max_chance: p.max_chance,
          market_on_grid_share: row.on_grid_share === null ? null : Number(row.on_grid_share.toFixed(4)),
          members_rounded_to_yuan: best.unit,
          share_of_bids_as_round: best.roundShare === 1 ? null : Number((best.roundShare ** (1 / best.bids.length)).toPrecision(3)),
        },
        tables: [{ title_zh: '各投标报价（由低到高）', rows: tableRows }],
        highlight: patterns.flatMap((x) => x.bids.map((b) => b.bidId)),
        patterns: patterns.map((x) => ({ kind: x.kind, label_zh: kindLabel[x.kind], bid_ids: x.bids.map((b) => b.bidId), step: x.step, max_deviation: x.maxDeviation, unit: x.unit, round_share: x.roundShare, chance: x.chance })),
      },
    });
  }
  return hits;
}

/** A4: prices with regular differences (identical, progressions, round discounts from the ceiling). */
export const rule: Rule<typeof parameters> = {
  id: 'A4-regular-price-differences',
  detection: 'A4',
  family: 'collusion',
  title: { zh: '不同投标人的投标报价呈规律性差异', en: 'Bid prices of different bidders differ regularly' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第四十条第（四）项：不同投标人的投标文件异常一致或者投标报价呈规律性差异，视为投标人相互串通投标。',
      en: 'Bidding Law Regulations Art. 40(4): bid files of different bidders abnormally identical, or bid prices differing regularly: deemed collusive.',
    },
  ],
  parameters,
  evaluate: { kind: 'code', run },
  folder: new URL('./', import.meta.url),
};
