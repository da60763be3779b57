import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  guarantor_name_keywords: z
    .array(z.string()).default(['银行', '保险', '担保', '保函'])
    .describe('A payer whose name contains one of these issued a bank/insurance guarantee (投标保函/保证保险) on the bidder\'s behalf, which Reg Art. 26 and 发改法规〔2023〕27号 accept in place of cash: not a third-party payment.'),
  score_name_mismatch: z
    .number().min(0).max(1).default(0.8)
    .describe('The payer named on the transfer is not the bidder nor a consortium member: 投标保证金 must come from the bidder\'s own basic account (Reg Art. 26), so another payer is the 挂靠 sign of 2014 挂靠认定 rules (the real contractor pays).'),
  score_account_mismatch: z
    .number().min(0).max(1).default(0.7)
    .describe('The paying account is one other companies pay their own deposits from, never the bidder: the transfer came from a third party even if the payer name looks right.'),
});

/** B5: a bid deposit paid by someone other than the bidder. */
export const rule: Rule<typeof parameters> = {
  id: 'B5-deposit-paid-by-third-party',
  detection: 'B5',
  family: 'qualification',
  title: { zh: '投标保证金非投标人基本账户缴纳', en: 'Bid deposit paid by a third party' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第二十六条：依法必须进行招标的项目的境内投标单位，以现金或者支票形式提交的投标保证金应当从其基本账户转出。',
      en: 'Regulations Art. 26: a cash or cheque bid deposit must come from the bidder\'s own basic bank account.',
    },
    {
      zh: '建市规〔2019〕1号 第十条：投标保证金、履约保证金等由其他单位或个人缴纳的，可以认定为挂靠（有证据证明属于挂靠的）。',
      en: 'Jianshigui [2019] No. 1 Art. 10: deposits paid by another entity or person are evidence of a borrowed qualification.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_bids: ['bid_id', 'tender_id', 'bidder_id', 'consortium_ids', 'deposit_payer_account', 'deposit_payer_name', 'status'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_bids',
    where: 'status <> \'withdrawn\'',
    unit: 'tender',
    inputs: [
      { name: 'deposit payers (保证金缴纳人)', present: 'deposit_payer_account is not null or deposit_payer_name is not null' },
    ],
  },
};
