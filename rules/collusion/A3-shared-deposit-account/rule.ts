import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  weight_shared_account: z
    .number().min(0).max(0.99).default(0.9)
    .describe('Deposits of two bidders paid from one account: Reg 40(6) deems it collusion by itself ("不同投标人的投标保证金从同一单位或者个人的账户转出").'),
  weight_same_minutes: z
    .number().min(0).max(0.99).default(0.5)
    .describe('Extra noisy-or weight when the shared-account payments were made within `same_minutes_window` of each other (one person at one terminal); stated judgment, a corroborating detail, never a hit alone.'),
  same_minutes_window: z
    .number().int().min(0).default(30)
    .describe('Minutes between two payments from the shared account that count as made together (stated judgment).'),
  generic_account_min_companies: z
    .number().int().min(2).default(25)
    .describe('An account paying deposits for this many distinct bidders market-wide is a service account (保证金代缴/保函 platform, the trading centre\'s escrow), not a bidder\'s: ignored. Same convention as A1 generic trace values.'),
  min_score: z
    .number().min(0).max(1).default(0.5)
    .describe('Flag a tender when the combined score reaches this; any shared non-generic account flags, as Reg 40(6) needs no second signal.'),
});

/** A3: deposits of different bidders in one tender paid from the same account. */
export const rule: Rule<typeof parameters> = {
  id: 'A3-shared-deposit-account',
  detection: 'A3',
  family: 'collusion',
  title: { zh: '不同投标人的投标保证金从同一账户转出', en: 'Bid deposits of different bidders paid from the same account' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第四十条第（六）项：不同投标人的投标保证金从同一单位或者个人的账户转出，视为投标人相互串通投标。',
      en: 'Bidding Law Regulations Art. 40(6): the bid deposits of different bidders are transferred from the account of the same entity or person: deemed collusive.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'trace',
  reads: {
    mart_bids: ['tender_id', 'bidder_id', 'deposit_payer_account', 'deposit_paid_at'],
  },
  coverage: {
    candidates: 'mart_bids',
    unit: 'tender',
    inputs: [
      { name: 'deposit payer accounts (保证金缴纳账户)', present: 'deposit_payer_account is not null' },
    ],
  },
};
