import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  min_ceiling_ratio: z
    .number().min(0).max(1.5).default(0.98)
    .describe('Winning price / ceiling price (最高投标限价) from which the award "hugs" the ceiling: competitive works tenders in China typically award 5–15 % below the ceiling (下浮率); 98 % is the OECD red-flag notion of prices near the reserve, stated judgment.'),
  max_valid_bids: z
    .number().int().min(1).default(3)
    .describe('Few bidders: at most this many valid bids, the legal minimum of BL Art. 28 (three) — competition barely present.'),
  generic_value_min_companies: z
    .number().int().min(2).default(10)
    .describe('Registry values (address, phone, email, common shareholder) shared by this many companies do not make bidders related (same convention as A6).'),
  competitive_methods: z
    .string().default('open,invited,competitive_negotiation,competitive_consultation,inquiry')
    .describe('Methods where the price is competed for; single-source and direct awards are negotiated near the budget by design (C3 looks at those).'),
});

/** A8: the winning price hugs the ceiling while competition is thin (few or related bidders). */
export const rule: Rule<typeof parameters> = {
  id: 'A8-award-near-ceiling',
  detection: 'A8',
  family: 'collusion',
  title: { zh: '中标价贴近最高投标限价且投标人少或相互关联', en: 'Winning price hugging the ceiling with few or related bidders' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第三十九条、第四十条；OECD《公共采购中打击围标串标指南》(2009)：中标价接近招标控制价、投标人数量异常少，是围标串标的典型迹象。',
      en: 'Regulations Art. 39–40; OECD Guidelines for Fighting Bid Rigging in Public Procurement (2009): winning bids close to the reserve price with few bidders are a classic red flag.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statistical',
  reads: {
    mart_tenders: ['tender_id', 'award_price', 'ceiling_price', 'method', 'n_bids', 'n_valid_bids'],
    mart_bids: ['tender_id', 'bidder_id'],
    mart_company_relations: ['company_a', 'company_b', 'relation'],
  },
  coverage: {
    candidates: 'mart_tenders',
    where: 'award_price is not null',
    unit: 'tender',
    inputs: [
      { name: 'ceiling prices of awarded tenders (最高投标限价)', present: 'ceiling_price > 0' },
    ],
  },
};
