import { z } from 'zod';
import { tenderMethods } from '../../../db/recordSchemas.ts';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  min_days: z
    .number().int().min(1).default(20)
    .describe('招标投标法第二十四条: 自招标文件开始发出之日起至提交投标文件截止之日止，最短不得少于二十日 (also 政府采购货物和服务招标投标管理办法 Art. 25 for open tenders). Counted in calendar days, the start day excluded (民法典 Art. 201).'),
  methods: z
    .array(z.enum(tenderMethods)).min(1).default(['open'])
    .describe('Methods the minimum applies to. Default open tenders, as detections.md E1; add "invited" to apply BL Art. 24 to invited tenders too (the article covers every 依法必须招标 project).'),
});

/** E1: an open tender whose bid period is shorter than the legal minimum. */
export const rule: Rule<typeof parameters> = {
  id: 'E1-short-bid-period',
  detection: 'E1',
  family: 'procedure',
  title: { zh: '公开招标等标期不足二十日', en: 'Open tender with a bid period shorter than 20 days' },
  legalBasis: [
    {
      zh: '《招标投标法》第二十四条：依法必须进行招标的项目，自招标文件开始发出之日起至投标人提交投标文件截止之日止，最短不得少于二十日。',
      en: 'Bidding Law Art. 24: for tenders that must be tendered, at least 20 days from the issue of the tender documents to the bid deadline.',
    },
    {
      zh: '《民法典》第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。',
      en: 'Civil Code Art. 201: a period counted in days starts on the day after the triggering day.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'method', 'announced_at', 'bid_deadline'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_tenders',
    unit: 'tender',
    inputs: [
      { name: 'announcement and bid-deadline times', present: 'announced_at is not null and bid_deadline is not null' },
    ],
  },
};
