import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const kinds = z.array(z.string());

const parameters = z.object({
  prerequisites: z
    .record(z.string(), z.record(z.string(), kinds))
    .default({
      approval: { works: ['land_use', 'planning_permit', 'eia', 'budget_estimate'] },
      verification: { works: ['land_use', 'planning_permit', 'eia', 'budget_estimate'] },
      filing: { works: ['land_use', 'planning_permit', 'eia', 'budget_estimate'] },
    })
    .describe('approval_route → tender category → approvals that must be issued before the tender. Works on every route: 用地 and 规划许可 precede construction (土地管理法 Art. 52, 城乡规划法 Arts. 38–40), 环评 before construction (环境影响评价法 Art. 25), and the 初步设计概算 before works tendering wherever it is subject to approval (工程建设项目施工招标投标办法 Art. 8(2); 政府投资条例 Arts. 12, 20; for state-owned enterprise projects the owner\'s competent authority approves it). Goods and services: none by default (design and survey are bought before the estimate they produce).'),
  exempt_by_investment_type: z
    .record(z.string(), kinds)
    .default({ private: ['budget_estimate'] })
    .describe('investment_type → prerequisites not required of it: private capital has no public 概算 approval (施工招标投标办法 Art. 8(2) applies only where the estimate "应当履行审批手续").'),
  route_decisions: z
    .record(z.string(), z.string())
    .default({ approval: 'project_approval', verification: 'verification', filing: 'filing' })
    .describe('The route decision (as in D1): a prerequisite missing from a project whose route decision is on record counts as missing; without it the project\'s approvals may simply not be published.'),
  flag_missing: z
    .boolean()
    .default(true)
    .describe('Also flag a prerequisite with no approval on record at all (weaker: score +0.05 each instead of +0.1), but only for projects whose route decision is on record.'),
});

/** D2: works tendered before the land-use, planning, EIA or budget-estimate approvals the project needs. */
export const rule: Rule<typeof parameters> = {
  id: 'D2-tender-before-prerequisites',
  detection: 'D2',
  family: 'approval',
  title: { zh: '前置手续未完备即招标：用地、规划、环评、概算批复前发布施工招标', en: 'Works tendered before land-use, planning, EIA or budget-estimate approval' },
  legalBasis: [
    {
      zh: '《工程建设项目施工招标投标办法》第八条：依法必须招标的工程建设项目，应当具备下列条件才能进行施工招标：……（二）初步设计及概算应当履行审批手续的，已经批准；（三）有相应资金或资金来源已经落实；（四）有招标所需的设计图纸及技术资料。',
      en: 'Works Tendering Measures Art. 8: works may be tendered only once the preliminary design and budget estimate are approved and funds and drawings are ready.',
    },
    {
      zh: '《政府投资条例》第二十条：政府投资项目开工建设，应当符合本条例和有关法律、行政法规规定的建设条件；不符合规定的建设条件的，不得开工建设。',
      en: 'Government Investment Regulation Art. 20: no construction without the statutory conditions.',
    },
    {
      zh: '勐海县发展和改革局《勐海县开展重大项目审批监管“阳光行动”工作实施方案》（2023年7月4日发布）§三(一)2–3：项目用地不符合国土空间规划违规办理规划许可；绕过环评审批。',
      en: 'Menghai County Development and Reform Bureau, implementation plan of the "Sunshine Action" on supervising major project approvals (published 4 July 2023) §三(一)2–3: planning permits issued against the plan; EIA bypassed.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'project_code', 'announced_at', 'category'],
    stg_approvals: ['project_code', 'kind', 'issued_on'],
    stg_projects: ['project_code', 'approval_route', 'investment_type'],
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
