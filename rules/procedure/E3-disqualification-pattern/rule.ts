import { z } from 'zod';
import { tenderMethods } from '../../../db/recordSchemas.ts';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  min_disqualified: z
    .number().int().min(1).default(2)
    .describe('All-but-winner pattern: at least this many other bidders disqualified. Cardinal R035 uses 1 and advises raising it when small tenders give false positives; 2 here because a two-bid tender with one rejection is already E2\'s (fewer than three valid bids).'),
  abnormally_low_ratio: z
    .number().min(0).max(1).default(0.85)
    .describe('Lowest-bid pattern: a bid below this share of the median bid of its tender was plausibly rejected as below cost (条例第五十一条第（五）项 投标报价低于成本), a lawful reason: such bids are set aside and the lowest of the remaining bids is judged. 0.85 follows the common 评标基准价 × 85 % abnormal-price line of provincial evaluation rules (stated judgment).'),
  methods: z
    .array(z.enum(tenderMethods)).min(1).default(['open', 'invited', 'competitive_negotiation', 'competitive_consultation', 'inquiry'])
    .describe('Competitive methods, where a disqualification decides between competitors; single source and direct awards have no competitors.'),
});

/** E3: every bid but the winner's disqualified, or the lowest bid disqualified. */
export const rule: Rule<typeof parameters> = {
  id: 'E3-disqualification-pattern',
  detection: 'E3',
  family: 'procedure',
  title: { zh: '除中标人外投标均被否决或最低价投标被否决', en: 'All but the winning bid disqualified, or the lowest bid disqualified' },
  legalBasis: [
    {
      zh: 'Open Contracting Partnership, Cardinal 指标 R035（除中标外的投标均被否决）、R036（最低价投标被否决）；World Bank《Warning Signs of Fraud and Corruption in Procurement》。',
      en: 'Cardinal R035 (all except winning bid disqualified) and R036 (lowest bid disqualified); World Bank, Warning Signs of Fraud and Corruption in Procurement.',
    },
    {
      zh: '《招标投标法实施条例》第五十一条：否决投标须有法定情形；第四十一条第二款：招标人与投标人串通的情形。',
      en: 'Regulations Art. 51 lists the only grounds for rejecting a bid; Art. 41 covers buyer–bidder collusion.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'method', 'n_bids', 'award_id'],
    mart_bids: ['bid_id', 'tender_id', 'status', 'price', 'disqualification_reason'],
  },
  coverage: {
    candidates: 'mart_tenders',
    unit: 'tender',
    inputs: [
      { name: 'published bids', present: 'n_bids > 0' },
    ],
  },
};
