import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  kind_keywords: z
    .array(z.string()).min(1)
    .default(['严重违法失信', '失信被执行人', '行贿', '围标', '串标', '禁止投标', '限制投标', '取消投标资格', '禁止参加政府采购'])
    .describe('A credit record bars bidding when its kind contains one of these: 严重违法失信名单 (seed 000 §四(三)), 失信被执行人 (最高法 失信被执行人名单规定 Art. 1 / 联合惩戒), 行贿犯罪 (最高检 行贿犯罪档案查询), 围标串标处罚 (BL Art. 53: 取消一年至二年内参加依法必须进行招标的项目的投标资格), 政府采购禁止参加 (GPL Art. 77). Minor adverse records (一般不良行为, 警示) do not bar bidding and are not listed.'),
  score_winner: z
    .number().min(0).max(1).default(0.85)
    .describe('A barred company won: the buyer or evaluators ignored a public sanction (seed 000 §五, 联合惩戒).'),
  score_bidder: z
    .number().min(0).max(1).default(0.6)
    .describe('A barred company bid without winning: the qualification review should have rejected it.'),
});

/** E5: a company under a credit sanction bids or wins during the sanction. */
export const rule: Rule<typeof parameters> = {
  id: 'E5-sanctioned-company',
  detection: 'E5',
  family: 'procedure',
  title: { zh: '失信或受处罚企业在限制期内投标、中标', en: 'Company under a credit sanction bids or wins' },
  legalBasis: [
    {
      zh: '《招标投标法》第五十三条：投标人相互串通投标或者与招标人串通投标的……情节严重的，取消其一年至二年内参加依法必须进行招标的项目的投标资格。',
      en: 'Bidding Law Art. 53: colluding bidders lose the right to bid on mandatory tenders for one to two years.',
    },
    {
      zh: '《政府采购法》第二十二条、第七十七条：参加政府采购活动前三年内在经营活动中没有重大违法记录；违法供应商一至三年内禁止参加政府采购活动。',
      en: 'Government Procurement Law Arts. 22, 77: suppliers with serious violations are barred for one to three years.',
    },
    {
      zh: '《关于对失信主体加强信用监管的通知》等联合惩戒文件；勐海县发展和改革局《勐海县开展重大项目审批监管“阳光行动”工作实施方案》（2023年7月4日发布）第四（三）、五部分：相关违规行为的市场主体列入严重违法失信名单，纳入市场准入和退出管理。',
      en: 'Joint-sanction rules; Menghai County Development and Reform Bureau, implementation plan of the "Sunshine Action" on supervising major project approvals (published 4 July 2023) §四(三), §五: entities on the serious-violation list are excluded from the market.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_bids: ['bid_id', 'tender_id', 'bidder_id'],
    mart_contracts: ['contract_id', 'supplier_id', 'signed_on'],
    mart_tenders: ['tender_id'],
    stg_company_credit_records: ['company_id', 'kind', 'sanction_from', 'sanction_to'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_bids',
    unit: 'tender',
    inputs: [
      { name: 'credit records (失信/不良行为记录)', present: 'exists (select 1 from stg_company_credit_records)' },
    ],
  },
};
