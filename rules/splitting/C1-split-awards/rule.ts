import { z } from 'zod';
import type { Rule } from '../../Rule.ts';
import { installTenderThresholds } from '../installTenderThresholds.ts';
import { tenderThresholdParameters } from '../tenderThresholdParameters.ts';
import { splittingScope } from '../splittingScope.ts';

const parameters = z.object({
  ...tenderThresholdParameters,
  ...splittingScope,
  min_parts: z
    .number().int().min(2).default(2)
    .describe('A split needs at least two parts; two sub-threshold parts summing over the line is already the pattern of seed 000 §三(三)1.'),
  window_days: z
    .number().int().min(1).default(365)
    .describe('Purchases tied to no project count together when bought within this many days (12 months: the annual procurement plan a buyer is expected to consolidate; detections.md C1 "e.g. 12 months").'),
  subject_noise_pattern: z
    .string()
    .default(String.raw`[（(【\[][^）)】\]]*[）)】\]]|[0-9０-９]{4}年度?|第?[0-9０-９一二三四五六七八九十百零〇两]+(号标段|号段|号包|标段|标|期|批次|批|包|次|部分|阶段|段|号)|补充|增补|追加|[0-9０-９]+|[\p{P}\p{S}\s]`)
    .describe('RE2 pattern removed from a title to get its subject stem: bracketed notes, years, lot / phase / batch markers (第3标段, 二期, 第2批), 补充/增补/追加, digits, punctuation and spaces. Judgment: these are what split contracts differ by.'),
});

/** C1: one buyer splits a purchase into sub-threshold parts that together reach the must-tender threshold. */
export const rule: Rule<typeof parameters> = {
  id: 'C1-split-awards',
  detection: 'C1',
  family: 'splitting',
  title: { zh: '化整为零：同一采购人拆分采购规避招标', en: 'Split purchases: one buyer splits a purchase below the tender threshold' },
  legalBasis: [
    {
      zh: '《招标投标法》第四条：任何单位和个人不得将依法必须进行招标的项目化整为零或者以其他任何方式规避招标；第四十九条：规避招标的，责令限期改正，可以处项目合同金额千分之五以上千分之十以下的罚款。',
      en: 'Bidding Law Art. 4 (no splitting of a must-tender project to evade tendering) and Art. 49 (penalty).',
    },
    {
      zh: '《必须招标的工程项目规定》（国家发改委令第16号）第五条：同一项目中可以合并进行的勘察、设计、施工、监理以及与工程建设有关的重要设备、材料等的采购，合同估算价合计达到前款规定标准的，必须招标。',
      en: 'NDRC Order 16 Art. 5: parts of one project that could be procured together must be tendered when their sum reaches the threshold.',
    },
    {
      zh: '勐海县发展和改革局《勐海县开展重大项目审批监管“阳光行动”工作实施方案》（2023年7月4日发布）§三(三)1：采取化整为零、假借PPP项目、保密项目等方式规避招标。',
      en: 'Menghai County Development and Reform Bureau, implementation plan of the "Sunshine Action" on supervising major project approvals (published 4 July 2023) §三(三)1: evading tendering by splitting, sham PPP or secrecy claims.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url), prepare: installTenderThresholds },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_contracts: ['contract_id', 'buyer_id', 'title', 'category', 'value', 'signed_on'],
    mart_tenders: ['tender_id'],
    mart_data_gaps: ['gap_kind', 'record_id'],
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
