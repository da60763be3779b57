import { z } from 'zod';
import type { Rule, RuleContext, RuleHit } from '../../Rule.ts';
import { computeScreens } from './computeScreens.ts';
import { describeHits } from './describeHits.ts';

const parameters = z.object({
  min_screen_bids: z
    .number().int().min(3).default(3)
    .describe('Valid bids a tender needs for its screens to be computed and written to tender_screens: outputs.md ("one row per tender with at least 3 valid bids").'),
  min_flag_bids: z
    .number().int().min(3).default(4)
    .describe('Valid bids a tender needs before its screens can flag it: detections.md A5 ("only tenders with ≥ 4 bids"); kurtosis needs four values.'),
  min_group_tenders: z
    .number().int().min(2).default(30)
    .describe('Screened tenders a category needs within its province (region code\'s first two digits) to be its own reference group; a smaller one is judged within its category across provinces if that has this many, else within the whole run (stated judgment: percentiles of fewer than ~30 values are too coarse). Not the city market: a local cartel can fill its own city market and become its own reference (README).'),
  min_run_tenders: z
    .number().int().min(2).default(10)
    .describe('Screened tenders the whole run needs as the last-resort reference group; below this no score is given and the scan summary says "market too small to calibrate" (a gap, not a hit).'),
  w_cv: z
    .number().min(0).max(1).default(2 / 3)
    .describe('Weight of the CV suspicion percentile in the score; the rest goes to the mean of the RD, skewness and lowest-bid/ceiling percentiles. CV is the one screen with the same direction in every published cartel (Imhof, Karagök & Rutz 2018; Huber & Imhof 2019; Imhof & Wallimann 2021), so it keeps two thirds; the corroborating third is what separates noisy cartels with few bidders from the tightest honest fields. 2/3 stays above −CV alone on the Japanese, Brazilian and American labelled markets (README, variants table).'),
  min_score: z
    .number().min(0).max(1).default(0.875)
    .describe('Flag a tender whose score reaches this (and whose CV is in the lowest max_cv_percentile): with w_cv 2/3 a tender needs CV suspicion ≥ 0.81 even when RD, skewness and lowest bid/ceiling are all the most suspicious of its group. Measured on the generated markets (recall 12/12 on default and stressed from 0.85 to 0.88) and the labelled real markets (README; judgment).'),
  max_cv_percentile: z
    .number().min(0).max(1).default(0.2)
    .describe('And only when its CV is in the lowest this share of its reference group: low dispersion is the screen Imhof et al. (2018) found most robust; a high RD alone (one aggressive winner) is competition, not collusion. Caps the flag rate at this share of screened tenders (far below the runner\'s 30 % ceiling).'),
  screen_model: z
    .string().min(1).nullable().default(null)
    .describe('Optional supervised model (JSON from `bidwatch screens train`, set by `scan --screen-model FILE`): the score becomes its predicted probability. Default null: the unsupervised score, because out of time the model lost to −CV on Japan and Brazil (scratch/screens/FINDINGS.md section 6).'),
  min_model_probability: z
    .number().min(0).max(1).default(0.5)
    .describe('With a screen model, flag a tender whose predicted probability of collusion reaches this: more likely collusive than not (equal-cost decision rule).'),
});

type Parameters = z.infer<typeof parameters>;

async function run({ db, runId, note }: RuleContext, p: Parameters): Promise<RuleHit[]> {
  const notes = await computeScreens(db, runId, p);
  for (const message of notes) note?.(message);
  const modelCondition = 'score >= $min_model_probability';
  const screenCondition = 'score >= $min_score and p_cv <= $max_cv_percentile';
  await db.run(
    `create or replace temp table a5_flagged as
     select * from a5_scored
     where calibration_group is not null and score is not null and n_bids >= $min_flag_bids
       and ${p.screen_model === null ? screenCondition : modelCondition}`,
    p.screen_model === null
      ? { min_flag_bids: p.min_flag_bids, min_score: p.min_score, max_cv_percentile: p.max_cv_percentile }
      : { min_flag_bids: p.min_flag_bids, min_model_probability: p.min_model_probability },
  );
  return describeHits(db, p);
}

/** A5: statistical price screens per tender, calibrated per market (Imhof, Karagök & Rutz 2018). */
export const rule: Rule<typeof parameters> = {
  id: 'A5-price-screens',
  detection: 'A5',
  family: 'collusion',
  title: { zh: '报价统计筛查异常（离散度低、最低价与其余报价距离大）', en: 'Price screens: low dispersion and a detached lowest bid' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第三十九条、第四十条第（四）项：投标人相互串通投标报价；投标报价呈规律性差异。价格筛查方法：Imhof, Karagök & Rutz (2018); Huber & Imhof (2019)。',
      en: 'Regulations Art. 39, 40(4); screening method: Imhof, Karagök & Rutz (2018), Huber & Imhof (2019).',
    },
  ],
  parameters,
  evaluate: { kind: 'code', run },
  folder: new URL('./', import.meta.url),
  kind: 'statistical',
  reads: {
    mart_bids: ['tender_id', 'bid_id', 'bidder_id', 'price', 'status', 'is_winner'],
    mart_tenders: ['tender_id', 'market', 'category', 'region_code', 'ceiling_price'],
    tender_screens: ['run_id', 'tender_id', 'score'],
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
