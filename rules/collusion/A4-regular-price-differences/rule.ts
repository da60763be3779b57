import { z } from 'zod';
import type { Rule, RuleContext, RuleHit } from '../../Rule.ts';
import { describePricePatterns } from './describePricePatterns.ts';
import { detectPricePatterns } from './detectPricePatterns.ts';
import { scorePricePatterns } from './scorePricePatterns.ts';

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
    .number().min(0.001).default(0.01)
    .describe('Smallest deviation assumed when estimating chance: a cent, the precision prices are quoted to. Coarser quoting is read from the prices themselves — the members\' rounding unit and the tender\'s discount-rate lattice (all bids on ceiling × 0.01 %, 0.1 % or 1 %) — so an exact staircase to the cent among prices with cents counts as the rarity it is (was 1 yuan; simulated honest tenders stay at 10⁻⁴ flagged, see test/collusion.pricePatternsCalibration.test.ts).'),
  rounding_tolerance_yuan: z
    .number().min(0).default(100)
    .describe('Extra search window around each progression term: members rounded to the hundred yuan sit up to 50 yuan off the exact term (a progression visible only after rounding). The chance estimate charges for the actual deviation, not the window.'),
  rounded_view_yuan: z
    .number().min(0).default(100)
    .describe('Also search the prices rounded to this unit for exact staircases: a ring that draws its staircase in round hundreds and touches each bid up by a few dozen yuan leaves a progression visible only after rounding; each member is charged the full rounding cell (0 = off; judgment: 100 yuan, the commonest rounding of quoted prices).'),
  round_steps_yuan: z
    .array(z.number().positive()).default([1000, 10000, 100000])
    .describe('Round step sizes (yuan): a staircase "each 1 万元 more" is the colluders\' arithmetic; a step within its own uncertainty of a multiple of one of these, coarser than the members\' rounding, multiplies the chance by (window / size) × the number of size families tried (judgment).'),
  round_steps_of_ceiling: z
    .array(z.number().positive()).default([0.001, 0.005, 0.01])
    .describe('Round step sizes as shares of the ceiling (constant steps of the price-to-ceiling ratio: 下浮率 each 0.5 个百分点 apart), counted the same way (judgment; 0.5 % is the grid of ceiling_ratio_grid).'),
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
  max_market_share: z
    .number().min(0).max(1).default(0.2)
    .describe('When more than this share of a market\'s tenders show a pattern within max_chance, regular prices are that market\'s convention (round discounts by rule, floor-price ties decided by lot, coarse rounding) and the chance model does not fit it: the market\'s threshold falls so only its rarest patterns, this share at most, are flagged (issue 18: one real market had ~80 % of tenders flagged at precision below its base rate; judgment, the detections.md guard is 30 %).'),
  market_min_tenders: z
    .number().int().min(1).default(50)
    .describe('Tenders a market needs before its pattern share is trusted (smaller markets keep max_chance).'),
});

type Parameters = z.infer<typeof parameters>;

/** A4 in three steps: detect the patterns (SQL + search), score each tender's hit, describe its evidence. */
async function run({ db }: RuleContext, p: Parameters): Promise<RuleHit[]> {
  const detected = await detectPricePatterns(db, p);
  return detected.map((tender) => ({
    tender_id: tender.tenderId,
    company_ids: [...new Set(tender.patterns.flatMap((pattern) => pattern.bids.map((b) => b.bidderId)))].sort(),
    record_ids: [...new Set(tender.patterns.flatMap((pattern) => pattern.bids.map((b) => b.bidId)))].sort(),
    score: scorePricePatterns(tender.patterns, tender.threshold),
    evidence: describePricePatterns(tender),
  }));
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
    mart_tenders: ['tender_id', 'market'],
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
