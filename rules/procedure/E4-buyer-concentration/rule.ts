import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  min_awards: z
    .number().int().min(2).default(5)
    .describe('A buyer is judged on a category (suppliers) or on its agencies only with at least this many awards / agency-run tenders: with two or three, one firm taking everything is chance (Cardinal\'s buyer indicators likewise need a minimum count; stated judgment).'),
  min_top_wins: z
    .number().int().min(1).default(3)
    .describe('The top supplier (or agency) must account for at least this many awards (tenders), so one large contract alone cannot make a concentration.'),
  min_share: z
    .number().min(0).max(1).default(0.5)
    .describe('Absolute floor: the top supplier must hold at least one half of the buyer\'s awards (count) and of their value (the top agency one half of its tenders), "most of" the buyer\'s business (the CRI buyer-concentration indicator reads such shares, Fazekas et al. 2016).'),
  min_share_lower_bound: z
    .number().min(0).max(1).default(0.4)
    .describe('Size floor: the lower confidence bound of that share (see wilson_z) must reach this, so a handful of awards is not read as a pattern: 3 of 5 (bound 0.24), 4 of 6 (0.35) and 6 of 9 (0.40−) stay below, a mid-size buyer\'s 7 of 10 (0.44) or 9 of 13 (0.47) passes. Under competition with a supplier winning 30 % of a buyer\'s lots, 7 of 10 arises with probability 0.011 and 9 of 13 with 0.004 (binomial), 4 of 6 with 0.07 (judgment; was 0.5, which missed every buyer with fewer than about 20 awards).'),
  wilson_z: z
    .number().min(0).default(1.645)
    .describe('z of the one-sided Wilson lower bound on the top firm\'s share of the buyer\'s awards (tenders): 1.645 = 95 % confidence. 9 of 10 gives 0.64, 9 of 13 0.47, 3 of 5 0.24.'),
  fence_iqr_multiplier: z
    .number().min(0).default(1.5)
    .describe('Market calibration: the size-adjusted share (Wilson lower bound) must exceed the upper fence Q3 + k × IQR of the same bound across all buyers of the category (agencies: across all buyers). k = 1.5 is Tukey\'s fence as Cardinal uses it; unlike a high quantile it is not pulled up when several buyers of a small market are concentrated.'),
  min_market_buyers: z
    .number().int().min(3).default(20)
    .describe('Fewer comparable buyers than this and the market distribution is not trusted: no hit (stated judgment; Cardinal likewise skips fences it cannot trust).'),
});

/** E4: a buyer's awards concentrated on one supplier, or its tenders on one agency, beyond the market. */
export const rule: Rule<typeof parameters> = {
  id: 'E4-buyer-concentration',
  detection: 'E4',
  family: 'procedure',
  title: { zh: '采购人中标供应商或代理机构高度集中', en: "Buyer's awards concentrated on one supplier or one agency" },
  legalBasis: [
    {
      zh: '渤海新区项目落地难问题清理整改“回头看”工作方案（seed 003）第三（四）部分：政府部门未引入竞争机制选择中介机构，借助行政权力指定中介机构。',
      en: 'Seed 003 §三(四): government bodies naming intermediaries (agencies) without competition.',
    },
    {
      zh: '《招标投标法》第十二条：任何单位和个人不得以任何方式为招标人指定招标代理机构；《招标投标法实施条例》第三十二条：以不合理条件限制、排斥潜在投标人。',
      en: 'Bidding Law Art. 12: nobody may designate the buyer\'s tendering agency; Regulations Art. 32: restricting bidders by unreasonable conditions.',
    },
    {
      zh: 'Fazekas, Tóth & King (2016) Corruption Risk Index：采购人支出集中于单一供应商的份额作为腐败风险指标。',
      en: 'Fazekas, Tóth & King (2016), Corruption Risk Index: buyer spending concentration on one supplier.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statistical',
  reads: {
    mart_tenders: ['tender_id', 'buyer_id', 'agency_id', 'winner_id', 'award_price', 'category'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_tenders',
    unit: 'tender',
    inputs: [
      { name: 'awards or tendering agencies', present: 'winner_id is not null or agency_id is not null' },
    ],
  },
};
