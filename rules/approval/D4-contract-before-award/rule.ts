import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  min_days_before_award: z
    .number().int().min(1).default(1)
    .describe('A contract counts as signed before the award when its signing day is at least this many Beijing calendar days before the decision day: the same day is not flagged (signing right after an on-the-day decision is common; BL Art. 46 sets only an upper bound of 30 days).'),
  min_minutes_before_deadline: z
    .number().min(0).default(0)
    .describe('An award counts as decided before the bid deadline when it is at least this many minutes earlier (0: any time earlier). Bids are opened at the deadline (BL Art. 34); no evaluation can precede it.'),
});

/** D4: a contract signed before the award decision, or an award decided before the bid deadline. */
export const rule: Rule<typeof parameters> = {
  id: 'D4-contract-before-award',
  detection: 'D4',
  family: 'approval',
  title: { zh: '先定后招：定标前签约或截标前定标', en: 'Contract signed before the award, or award decided before the bid deadline' },
  legalBasis: [
    {
      zh: '《招标投标法》第四十六条：招标人和中标人应当自中标通知书发出之日起三十日内，按照招标文件和中标人的投标文件订立书面合同；第四十三条：在确定中标人前，招标人不得与投标人就投标价格、投标方案等实质性内容进行谈判。',
      en: 'Bidding Law Art. 46 (the contract follows the award notice) and Art. 43 (no negotiation before the winner is decided).',
    },
    {
      zh: '《招标投标法》第三十四条、第四十条：开标应当在招标文件确定的提交投标文件截止时间的同一时间公开进行；评标委员会评审后推荐中标候选人。《招标投标法实施条例》第五十七条。',
      en: 'Bidding Law Arts. 34, 40: bids are opened at the deadline, then evaluated; an earlier award cannot rest on the bids.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'project_code', 'buyer_id', 'bid_deadline'],
    stg_awards: ['award_id', 'tender_id', 'decided_at'],
    stg_contracts: ['contract_id', 'tender_id', 'signed_on'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_tenders',
    where: 'award_id is not null',
    unit: 'tender',
    inputs: [
      { name: 'award decision times (定标时间)', present: 'decided_at is not null' },
    ],
  },
};
