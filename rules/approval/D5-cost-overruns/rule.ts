import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const tolerance = (why: string) => z.number().min(0).default(0.1).describe(why);

const parameters = z.object({
  tolerance_estimate_over_approval: tolerance('概算 may exceed the approved 估算 by 10 % before the project must report and may have to resubmit its feasibility study: 政府投资条例 Art. 12.'),
  tolerance_budget_over_estimate: tolerance('预算 over the approved 概算: 政府投资条例 Art. 23 allows none without a formal re-approval; 10 % (detections.md D5 default) leaves room for price adjustments before the finding.'),
  tolerance_final_over_budget: tolerance('决算 over 预算: 10 % (detections.md D5 default) for quantity changes and price indexation settled at the final account.'),
  investment_types: z
    .array(z.string())
    .default(['government', 'state_owned', 'ppp'])
    .describe('Projects judged: public money (政府投资条例 governs government investment; state-owned and PPP projects spend public funds under the same audit). Private projects\' overruns are the owner\'s own risk.'),
});

/** D5: three overruns 三超 beyond tolerance: 概算超估算, 预算超概算, 决算超预算. */
export const rule: Rule<typeof parameters> = {
  id: 'D5-cost-overruns',
  detection: 'D5',
  family: 'approval',
  title: { zh: '三超：概算超估算、预算超概算、决算超预算', en: 'Cost overruns: estimate, budget or final account beyond the approved figure' },
  legalBasis: [
    {
      zh: '《政府投资条例》第十二条：初步设计提出的投资概算超过经批准的可行性研究报告提出的投资估算10%的，项目单位应当向投资主管部门或者其他有关部门报告；第二十三条：政府投资项目建设投资原则上不得超过经核定的投资概算。',
      en: 'Government Investment Regulation Art. 12 (estimate over the feasibility figure by 10 % must be reported) and Art. 23 (investment may not exceed the approved estimate).',
    },
    {
      zh: '勐海县发展和改革局《勐海县开展重大项目审批监管“阳光行动”工作实施方案》（2023年7月4日发布）§三(四)3：随意变更设计、随意增减项目内容、擅自扩大建设规模、提高建设标准，造成概算超估算、预算超概算和决算超预算的三超现象。',
      en: 'Menghai County Development and Reform Bureau, implementation plan of the "Sunshine Action" on supervising major project approvals (published 4 July 2023) §三(四)3: design changes and scope creep causing the three overruns.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    stg_projects: ['project_code', 'owner_id', 'investment_type'],
    stg_approvals: ['project_code', 'kind', 'amount'],
    stg_milestones: ['project_code', 'kind', 'amount'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'stg_projects',
    unit: 'project',
    inputs: [
      { name: 'approved cost figures (估算、概算 with amounts)', present: 'project_code in (select project_code from stg_approvals where amount is not null)' },
    ],
  },
};
