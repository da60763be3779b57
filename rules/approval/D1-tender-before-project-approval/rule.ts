import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  route_decisions: z
    .record(z.string(), z.string())
    .default({ approval: 'project_approval', verification: 'verification', filing: 'filing' })
    .describe('approval_route → the approval kind that must be issued before tendering: 审批 → 立项/可研批复, 核准 → 核准, 备案 → 备案 (BL Art. 9; Reg Art. 7; 企业投资项目核准和备案管理条例 Arts. 13, 18). A project with no route on record is not judged.'),
  preparatory_service_keywords: z
    .array(z.string())
    .default(['可行性研究', '可研', '项目建议书', '环境影响评价', '环评', '节能评估', '稳评', '社会稳定风险', '前期咨询', '勘察', '规划设计', '方案设计', '选址'])
    .describe('A services tender whose title holds one of these is preparatory work bought before, and for, the approval itself (feasibility study, EIA report, survey, scheme design): exempt. Judgment from the approval sequence of 政府投资条例 Arts. 9–11.'),
});

/** D1: a tender announced before the project's approval, verification or filing was issued, or with none on record. */
export const rule: Rule<typeof parameters> = {
  id: 'D1-tender-before-project-approval',
  detection: 'D1',
  family: 'approval',
  title: { zh: '未批先招：项目审批（核准、备案）前发布招标', en: 'Tendered before the project was approved, verified or filed' },
  legalBasis: [
    {
      zh: '《招标投标法》第九条：招标项目按照国家有关规定需要履行项目审批手续的，应当先履行审批手续，取得批准。',
      en: 'Bidding Law Art. 9: a project that needs approval must obtain it before tendering.',
    },
    {
      zh: '《招标投标法实施条例》第七条：按照国家有关规定需要履行项目审批、核准手续的依法必须进行招标的项目，其招标范围、招标方式、招标组织形式应当报项目审批、核准部门审批、核准。',
      en: 'Regulations Art. 7: the tendering scope, method and organisation of a must-tender project needing approval or verification are approved with the project.',
    },
    {
      zh: '《企业投资项目核准和备案管理条例》第十三条、第十八条：实行备案管理的项目应当在开工建设前备案；未依法办理核准手续开工建设的，责令停止建设。',
      en: 'Enterprise Investment Projects Regulation Arts. 13, 18: filing before construction; building without verification is stopped.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'project_code', 'announced_at', 'approval_route'],
    stg_approvals: ['project_code', 'kind', 'issued_on'],
    stg_projects: ['project_code', 'approval_route'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_tenders',
    where: 'project_known',
    unit: 'tender',
    inputs: [
      { name: 'project approvals (审批、核准、备案)', present: 'project_code in (select project_code from stg_approvals)' },
    ],
  },
};
