import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  flag_missing_permit: z
    .boolean()
    .default(true)
    .describe('Also flag a project that started construction with no construction permit on record at all (score 0.45, below a permit issued late): 建筑法 Art. 7 requires the permit before construction.'),
  permit_exempt_below: z
    .number().min(0).default(300_000)
    .describe('Projects whose total investment is below this need no construction permit: 建筑工程施工许可管理办法 Art. 2 exempts works under 300,000 yuan (or 300 m²; provinces may raise the line). A project with no total on record is not exempt.'),
});

/** D3: construction started before the works award or before the construction permit. */
export const rule: Rule<typeof parameters> = {
  id: 'D3-construction-before-award-or-permit',
  detection: 'D3',
  family: 'approval',
  title: { zh: '先建后招/未批先建：定标或施工许可前开工', en: 'Construction started before the works award or the construction permit' },
  legalBasis: [
    {
      zh: '《建筑法》第七条：建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。',
      en: 'Construction Law Art. 7: a construction permit before construction starts.',
    },
    {
      zh: '《招标投标法》第三条：工程建设项目的勘察、设计、施工、监理以及与工程建设有关的重要设备、材料等的采购，必须进行招标。',
      en: 'Bidding Law Art. 3: works of such projects must be tendered (so the contractor cannot be on site before the award).',
    },
    {
      zh: '益阳高新区《工程建设项目招投标突出问题专项整治》工作方案（2020年7月23日发布）§一：着力解决先建设后招标、规避招标等突出问题。',
      en: 'Yiyang High-tech Zone, special campaign on prominent problems in construction-project tendering (published 23 July 2020) §一: "building first, tendering later" named among the problems to clear up.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'project_code', 'decided_at', 'category'],
    stg_milestones: ['project_code', 'kind', 'occurred_on'],
    stg_approvals: ['project_code', 'kind', 'issued_on'],
    stg_projects: ['project_code', 'total_investment'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'stg_projects',
    unit: 'project',
    inputs: [
      { name: 'construction-start milestones (开工)', present: 'project_code in (select project_code from stg_milestones where kind = \'construction_start\')' },
    ],
  },
};
