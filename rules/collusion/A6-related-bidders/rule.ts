import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const weight = (fallback: number, why: string) => z.number().min(0).max(0.99).default(fallback).describe(why);

const parameters = z.object({
  weight_legal_rep: weight(0.9, 'Same legal representative: Reg 34 para. 2 forbids bidders whose 单位负责人 is one person from bidding on the same lot.'),
  weight_controlling_stake: weight(0.9, 'One bidder holds at least `control_share` of the other: Reg 34 para. 2 "存在控股、管理关系的不同单位".'),
  weight_minority_stake: weight(0.6, 'One bidder holds a smaller (or unrecorded) stake in the other: an ownership link short of control; Reg 34 para. 1 (利害关系) — suggestive.'),
  weight_rep_holds_shares: weight(0.7, 'The legal representative of one bidder is a shareholder of the other: a management/ownership link (Reg 34, judgment).'),
  weight_common_controller: weight(0.7, 'One shareholder controls both (≥ `control_share` in each): sister companies; not barred by Reg 34 but one will decides both bids (judgment).'),
  weight_common_significant_holder: weight(0.55, 'One shareholder holds at least `significant_share` of both (not control in both): significant influence over both bids, typically the actual controller (实际控制人) of two small firms; flags alone (judgment).'),
  weight_common_minority_holder: weight(0.35, 'A common shareholder below `significant_share` in at least one: weak alone (judgment).'),
  weight_address: weight(0.6, 'Same registered address after normalisation: shared offices of nominally independent firms, a classic 围标 sign (detections.md A6); weaker than ownership because small firms share serviced offices.'),
  weight_phone: weight(0.7, 'Same contact phone after normalisation: one person answers for both (detections.md A6).'),
  weight_email: weight(0.7, 'Same contact email: one mailbox for both (detections.md A6).'),
  control_share: z
    .number().min(0).max(1).default(0.5)
    .describe('Share that makes a holder controlling: more than half, 公司法 第二百六十五条 控股股东 (50 % and above taken as control here).'),
  significant_share: z
    .number().min(0).max(1).default(0.2)
    .describe('Share that gives significant influence: 20 %, 企业会计准则第2号——长期股权投资 (重大影响 presumed from 20 % of voting power).'),
  generic_value_min_companies: z
    .number().int().min(2).default(10)
    .describe('An address, phone, email or common shareholder carried by this many companies is generic (business-park registration address, an agency\'s phone, a state asset holder) and ignored (A1 convention, lower because registry values are rarer than file traces).'),
  min_score: z
    .number().min(0).max(1).default(0.5)
    .describe('Flag a tender when a pair of its bidders reaches this; a common minority shareholder alone (0.35) stays below.'),
});

/** A6: related bidders in one tender (Reg 34): same legal representative, ownership links, same contacts. */
export const rule: Rule<typeof parameters> = {
  id: 'A6-related-bidders',
  detection: 'A6',
  family: 'collusion',
  title: { zh: '同一标段投标人之间存在关联关系', en: 'Related bidders in one tender' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第三十四条第二款：单位负责人为同一人或者存在控股、管理关系的不同单位，不得参加同一标段投标或者未划分标段的同一招标项目投标。',
      en: 'Bidding Law Regulations Art. 34 para. 2: entities with the same person in charge, or in a controlling or management relation, may not bid on the same lot.',
    },
    {
      zh: '《招标投标法实施条例》第三十九条、第四十条：投标人相互串通投标；不同投标人的投标文件由同一单位或个人编制、办理的，视为串通投标。',
      en: 'Regulations Art. 39–40: collusion among bidders; shared contacts point to one party preparing several bids.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_bids: ['tender_id', 'bidder_id'],
    mart_company_relations: ['company_a', 'company_b', 'relation', 'via', 'value_companies'],
    stg_companies: ['company_id', 'name', 'legal_rep_id', 'address', 'phone', 'email'],
    stg_company_shareholders: ['company_id'],
    stg_persons: ['person_id', 'name'],
  },
  coverage: {
    candidates: 'mart_bids',
    unit: 'tender',
    inputs: [
      { name: 'registry details of bidders (法定代表人、股东、地址、电话)', present: 'bidder_id in (select company_id from stg_companies where coalesce(legal_rep_id, address, phone, email) is not null union all select company_id from stg_company_shareholders)' },
    ],
  },
};
