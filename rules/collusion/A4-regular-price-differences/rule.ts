import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Rule, RuleContext, RuleHit } from '../../Rule.ts';
import { findPricePatterns, type PricedBid, type PricePattern } from './findPricePatterns.ts';

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
    .number().min(0).default(0.0001)
    .describe('Steps below this share of the price are a near-identical cluster, not a progression (0.01 %: 500 yuan on 5 million; "ceiling minus 20,000 each" on a 37-million tender is 0.05 %, judgment).'),
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

const tendersSql = readFileSync(new URL('./tenders.sql', import.meta.url), 'utf8');

interface TenderRow {
  tender_id: string;
  ceiling_price: number | null;
  on_grid_share: number | null;
  /** Which market's roundness table applies (null: market and category too small). */
  roundness_key: string | null;
  /** Bids by ascending price; ids are row numbers of a4_bids until the hits are resolved. */
  bids: PricedBid[];
}

const kindLabel: Record<PricePattern['kind'], string> = {
  identical: '报价完全相同',
  arithmetic: '报价呈等差数列',
  geometric: '报价呈等比数列',
  ceiling_ratio: '报价均为最高投标限价的整数下浮率',
};

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
  // hundreds of thousands of id strings costs more than the pattern search itself. Ids come back for hits only.
  await db.run(
    `create or replace temp table a4_bids as
     select
         row_number() over (order by bids.tender_id, bids.price, bids.bid_id)::integer as rid,
         dense_rank() over (order by bids.tender_id)::integer as tender_ordinal,
         dense_rank() over (order by bids.bidder_id)::integer as bidder_ordinal,
         bids.tender_id, bids.bid_id, bids.bidder_id, bids.price
     from mart_bids as bids
     inner join a4_tenders using (tender_id)
     where bids.price > 0 and (bids.status = 'valid' or ($include_disqualified and bids.status = 'disqualified'))`,
    { include_disqualified: p.include_disqualified },
  );
  // An empty result has no columns at all (not empty ones): default each, so no data means no hits.
  const [tenderIds = [], ceilings = [], onGridShares = [], roundnessKeys = []] = (await db.connection.runAndReadAll(
    `select tenders.tender_id, tenders.ceiling_price, tenders.on_grid_share, tenders.roundness_key
     from a4_tenders as tenders
     semi join a4_bids using (tender_id)
     order by tenders.tender_id`,
  )).getColumnsJS() as [string[]?, (number | null)[]?, (number | null)[]?, (string | null)[]?];
  const roundnessTables = new Map(
    (await db.query<{ roundness_key: string; round_counts: string }>(
      'select distinct roundness_key, round_counts from a4_tenders where roundness_key is not null',
    )).map((r) => [r.roundness_key, roundnessFrom(JSON.parse(r.round_counts) as Record<string, number>)]),
  );
  const [rids = [], tenderOrdinals = [], bidderOrdinals = [], prices = []] = (await db.connection.runAndReadAll(
    'select rid, tender_ordinal, bidder_ordinal, price from a4_bids order by rid',
  )).getColumns() as [number[]?, number[]?, number[]?, number[]?];
  const rows: TenderRow[] = [];
  let cursor = 0;
  for (let t = 0; t < tenderIds.length; t += 1) {
    const start = cursor;
    while (cursor < rids.length && tenderOrdinals[cursor] === t + 1) cursor += 1;
    const bids = [];
    for (let k = start; k < cursor; k += 1) bids.push({ bidId: String(rids[k]), bidderId: String(bidderOrdinals[k]), price: prices[k]! });
    rows.push({ tender_id: tenderIds[t]!, ceiling_price: ceilings[t] ?? null, on_grid_share: onGridShares[t] ?? null, roundness_key: roundnessKeys[t] ?? null, bids });
  }

  const found: { row: TenderRow; patterns: PricePattern[] }[] = [];
  for (const row of rows) {
    const ceiling = row.ceiling_price && row.ceiling_price > 0 ? row.ceiling_price : null;
    const patterns = findPricePatterns(row.bids, ceiling, {
      identicalToleranceYuan: p.identical_tolerance_yuan,
      minLength: p.min_length,
      stepTolerance: p.step_tolerance,
      resolutionYuan: p.resolution_yuan,
      minStepShare: p.min_step_share,
      ceilingRatioGrid: p.ceiling_ratio_grid,
      ceilingRatioTolerance: p.ceiling_ratio_tolerance,
      marketOnGridShare: row.on_grid_share ?? 0,
      roundness: row.roundness_key ? (roundnessTables.get(row.roundness_key) ?? null) : null,
    }).filter((pattern) => pattern.chance <= p.max_chance);
    if (patterns.length > 0) found.push({ row, patterns });
  }

  // Ids, names and statuses only for the tenders that show a pattern.
  const details = await db.query<{ rid: number; bid_id: string; bidder_id: string; bidder_name: string | null; status: string }>(
    `select a4_bids.rid, a4_bids.bid_id, a4_bids.bidder_id, bids.bidder_name, bids.status
     from a4_bids
     inner join mart_bids as bids using (bid_id)
     where list_contains(cast($tender_ids as varchar[]), a4_bids.tender_id)`,
    { tender_ids: JSON.stringify(found.map((f) => f.row.tender_id)) },
  );
  const detailOf = new Map(details.map((d) => [String(d.rid), d]));
  const detailById = new Map(details.map((d) => [d.bid_id, d]));
  const resolve = (bid: PricedBid): PricedBid => {
    const detail = detailOf.get(bid.bidId);
    return { bidId: detail?.bid_id ?? bid.bidId, bidderId: detail?.bidder_id ?? bid.bidderId, price: bid.price };
  };
  const hits: RuleHit[] = [];
  for (const found_ of found) {
    const row = found_.row;
    const patterns = found_.patterns.map((pattern) => ({ ...pattern, bids: pattern.bids.map(resolve) }));
    const bids = row.bids.map(resolve);

    const ceiling = row.ceiling_price && row.ceiling_price > 0 ? row.ceiling_price : null;
    patterns.sort((a, b) => a.chance - b.chance);
    const best = patterns[0]!;
    const members = new Set(patterns.flatMap((pattern) => pattern.bids.map((b) => b.bidId)));
    const score = Math.min(0.95, Math.max(0.6, 0.6 + 0.1 * Math.log10(p.max_chance / Math.max(best.chance, 1e-300))));
    let previous: number | null = null;
    const tableRows = bids.map((bid) => {
      const row_ = {
        投标编号: bid.bidId,
        投标人: detailById.get(bid.bidId)?.bidder_name ?? bid.bidderId,
        '报价(元)': bid.price,
        状态: detailById.get(bid.bidId)?.status ?? null,
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
  kind: 'statistical',
  reads: {
    mart_bids: ['tender_id', 'bidder_id', 'price', 'status'],
  },
  coverage: {
    candidates: 'mart_bids',
    where: 'status = \'valid\'',
    unit: 'tender',
    inputs: [
      { name: 'valid bid prices', present: 'price > 0' },
    ],
  },
};
