import { z } from 'zod';
import { categories } from '../../../db/recordSchemas.ts';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  min_overlap_days: z
    .number().int().min(1).default(1)
    .describe('Days two periods must share to count. 注册建造师管理规定 Art. 21 allows no overlap at all, so the default is 1 day; raise it to forgive handovers when planned end dates are known to be loose.'),
  min_suspension_days: z
    .number().int().min(1).default(120)
    .describe('注册建造师管理规定 Art. 21 exception: the earlier project halted for 120 days or more (因非承包方原因致使工程项目停工超过120天（含）) frees its manager.'),
  categories: z
    .array(z.enum(categories)).min(1).default(['works'])
    .describe('Contract categories whose manager must be a registered constructor (注册建造师 is a works qualification); goods and services managers are not bound by Art. 21.'),
});

/** B3: one project manager on two or more active contracts whose periods overlap (在建冲突). */
export const rule: Rule<typeof parameters> = {
  id: 'B3-overlapping-pm-assignments',
  detection: 'B3',
  family: 'qualification',
  title: { zh: '项目经理在建项目冲突', en: 'Project manager on overlapping active contracts' },
  legalBasis: [
    {
      zh: '《注册建造师管理规定》第二十一条：注册建造师不得同时担任两个及以上建设工程施工项目负责人。发生下列情形之一的除外：（一）同一工程相邻分段发包或分期施工的；（二）合同约定的工程验收合格的；（三）因非承包方原因致使工程项目停工超过120天（含），经建设单位同意的。',
      en: 'Registered Constructors Rules Art. 21: no constructor may manage two or more works at once, except adjacent sections or phases of one works, a works accepted as complete, or a works halted for 120 days or more for reasons outside the contractor.',
    },
    {
      zh: '建市规〔2019〕1号 第八条：施工单位派驻的项目负责人未对该工程的施工活动进行组织管理的，可认定为转包、挂靠的情形。',
      en: 'Jianshigui [2019] No. 1 Art. 8: a project manager who does not actually manage the works is a sign of subcontracting-out or borrowed qualification.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_pm_assignments: ['contract_id', 'project_manager_id', 'period_from', 'period_to', 'category'],
    stg_work_suspensions: ['scope', 'contract_id', 'project_code', 'suspended_from', 'suspended_to'],
    stg_persons: ['person_id', 'name'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_pm_assignments',
    unit: 'contract',
    inputs: [
      { name: 'project-manager assignments with an end (planned end or completion)', present: 'period_to is not null' },
    ],
  },
};
