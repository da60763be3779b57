import { z } from 'zod';
import type { Rule } from '../../Rule.ts';
import { splittingScope } from '../splittingScope.ts';
import { installTenderThresholds } from '../installTenderThresholds.ts';
import { tenderThresholdParameters } from '../tenderThresholdParameters.ts';

const ratio = (fallback: number, why: string) => z.number().positive().default(fallback).describe(why);

const parameters = z.object({
  ...tenderThresholdParameters,
  excluded_investment_types: splittingScope.excluded_investment_types,
  band_low: ratio(0.85, 'The band just below the threshold starts at 85 % of it (detections.md C2 "e.g. 85–100 %"); Palguta & Pertold (2017) find Czech bunching within ~15 % below the threshold.'),
  reference_low: ratio(0.5, 'Lower end of the reference range the band share is taken in: half the threshold. A symmetric window around the threshold, as in bunching estimators (Kleven 2016), so buyers of only small things are not compared with buyers of large ones.'),
  reference_high: ratio(1.5, 'Upper end of the reference range: 1.5 × the threshold. Above-threshold contracts count in the denominator: a buyer who never crosses the line shows a high band share.'),
  min_in_band: z.number().int().min(1).default(4).describe('A buyer needs at least this many contracts in the band: three near-threshold contracts happen by chance to any busy buyer (judgment; the binomial test alone rewards tiny samples only weakly).'),
  min_share_ratio: ratio(2, 'The buyer\'s band share must be at least twice the market\'s: a large buyer can be statistically but not practically different (judgment).'),
  false_discovery_rate: z.number().gt(0).max(1).default(0.05).describe('Benjamini–Hochberg false discovery rate over all buyers tested: with thousands of buyers, a plain p < 0.05 would flag dozens by chance.'),
  min_market_contracts: z.number().int().min(1).default(100).describe('The test needs this many other contracts in the reference range to estimate the market share; a thinner market skips the test (no fence, no hits), as Cardinal skips degenerate fences.'),
});

/** C2: a buyer's contract values pile up just below the must-tender threshold, far more than the market's. */
export const rule: Rule<typeof parameters> = {
  id: 'C2-bunching-below-threshold',
  detection: 'C2',
  family: 'splitting',
  title: { zh: '合同金额扎堆于招标门限下方', en: 'Contract values bunch just below the tender threshold' },
  legalBasis: [
    {
      zh: '《招标投标法》第四条：任何单位和个人不得将依法必须进行招标的项目化整为零或者以其他任何方式规避招标。',
      en: 'Bidding Law Art. 4: no evasion of tendering by any means.',
    },
    {
      zh: 'Palguta & Pertold (2017), Manipulation of Procurement Contracts: Evidence from the Introduction of Discretionary Thresholds, AEJ: Economic Policy 9(2): 293–315; Tas (2023), Bunching below thresholds to manipulate public procurement, Empirical Economics 64(1): 303–319.',
      en: 'Palguta & Pertold 2017 (AEJ: Economic Policy); Tas 2023 (Empirical Economics): excess mass of contracts just below procurement thresholds signals manipulation.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url), prepare: installTenderThresholds },
  folder: new URL('./', import.meta.url),
  kind: 'statistical',
  reads: {
    mart_contracts: ['contract_id', 'buyer_id', 'category', 'value'],
    mart_tenders: ['tender_id'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_contracts',
    unit: 'contract',
    inputs: [
      { name: 'contract values', present: 'value > 0' },
    ],
  },
};
