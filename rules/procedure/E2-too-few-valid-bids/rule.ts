import { z } from 'zod';
import { tenderMethods } from '../../../db/recordSchemas.ts';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  min_valid_bids: z
    .number().int().min(2).default(3)
    .describe('招标投标法第二十八条 / 条例第四十四条: 投标人少于三个的，招标人应当依法重新招标 (不得开标); 政府采购法第三十六条: 实质响应的供应商不足三家的，应予废标.'),
  methods: z
    .array(z.enum(tenderMethods)).min(1).default(['open', 'invited'])
    .describe('Competitive methods for which the law requires three bidders: open and invited tenders (BL Art. 17 also requires at least 3 invitees). Negotiation, consultation and inquiry have their own lower floors; single source and direct awards have one bidder by design.'),
});

/** E2: a tender awarded although it had fewer than three valid bids. */
export const rule: Rule<typeof parameters> = {
  id: 'E2-too-few-valid-bids',
  detection: 'E2',
  family: 'procedure',
  title: { zh: '有效投标不足三家仍定标', en: 'Awarded with fewer than three valid bids' },
  legalBasis: [
    {
      zh: '《招标投标法》第二十八条：投标人少于三个的，招标人应当依照本法重新招标。',
      en: 'Bidding Law Art. 28: with fewer than three bidders the tender must be repeated.',
    },
    {
      zh: '《招标投标法实施条例》第四十四条：投标人少于3个的，不得开标；招标人应当重新招标。',
      en: 'Regulations Art. 44: with fewer than three bidders the bids may not be opened; the tender must be repeated.',
    },
    {
      zh: '《政府采购法》第三十六条：符合专业条件的供应商或者对招标文件作实质响应的供应商不足三家的，应予废标。',
      en: 'Government Procurement Law Art. 36: fewer than three qualified, responsive suppliers voids the tender.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'method', 'n_bids', 'n_valid_bids', 'award_id'],
    mart_bids: ['bid_id', 'tender_id', 'status'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_tenders',
    unit: 'tender',
    inputs: [
      { name: 'published bids', present: 'n_bids > 0' },
    ],
  },
};
