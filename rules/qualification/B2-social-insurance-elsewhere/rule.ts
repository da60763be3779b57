import { z } from 'zod';
import { categories } from '../../../db/recordSchemas.ts';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  categories: z
    .array(z.enum(categories)).min(1).default(['works', 'services'])
    .describe('Tender categories whose named staff must be the bidder\'s employees: works (建市规〔2019〕1号 Art. 8(3): 项目负责人、技术负责人、质量/安全管理负责人 with 劳动合同 and 社会养老保险关系) and engineering services (监理/设计/勘察 staff under the same rules). Goods bids name no site staff.'),
  include_key_staff: z
    .boolean().default(true)
    .describe('Check key staff (技术负责人, 安全员 …) as well as the project manager: 建市规〔2019〕1号 Art. 8(3) names them together.'),
  score_project_manager: z
    .number().min(0).max(1).default(0.8)
    .describe('The project manager insured by another company: the manager is not the bidder\'s employee, a direct 挂靠 sign (建市规〔2019〕1号 Art. 10).'),
  score_key_staff_only: z
    .number().min(0).max(1).default(0.6)
    .describe('Only key staff insured elsewhere: the same sign, weaker (staff are more often seconded or shared within a group).'),
});

/** B2: the bid's project manager or key staff insured by another company at the bid deadline. */
export const rule: Rule<typeof parameters> = {
  id: 'B2-social-insurance-elsewhere',
  detection: 'B2',
  family: 'qualification',
  title: { zh: '项目经理或主要人员社保由其他单位缴纳', en: 'Project manager or key staff insured by another company' },
  legalBasis: [
    {
      zh: '建市规〔2019〕1号 第八条第（三）项、第十条：派驻的项目负责人、技术负责人、质量管理负责人、安全管理负责人中一人及以上与施工单位没有订立劳动合同且没有建立劳动工资和社会养老保险关系的，属于转包或挂靠情形。',
      en: 'Jianshigui [2019] No. 1 Arts. 8(3), 10: a project manager or key manager with no labour contract and no social-insurance relation with the contractor indicates subcontracting-out or borrowed qualification.',
    },
    {
      zh: '《招标投标法实施条例》第四十二条：使用通过受让或者租借等方式获取的资格、资质证书投标的，属于以他人名义投标。',
      en: 'Regulations Art. 42: bidding with borrowed qualifications is bidding in the name of another.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_bids: ['bid_id', 'tender_id', 'bidder_id', 'consortium_ids', 'project_manager_id', 'key_staff_ids', 'status', 'category'],
    stg_person_social_insurance: ['person_id', 'company_id', 'insured_from', 'insured_to'],
    stg_persons: ['person_id', 'name'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_bids',
    where: 'project_manager_id is not null and status <> \'withdrawn\'',
    unit: 'tender',
    inputs: [
      { name: 'social-insurance records of project managers (社保缴纳记录)', present: 'project_manager_id in (select person_id from stg_person_social_insurance)' },
    ],
  },
};
