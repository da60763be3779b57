import { z } from 'zod';
import { categories } from '../../../db/recordSchemas.ts';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  categories: z
    .array(z.enum(categories)).min(1).default(['works'])
    .describe('Tender categories whose project manager must be a registered constructor (注册建造师管理规定 Art. 3: 施工单位项目负责人 of works). Goods and services leads need no constructor registration.'),
  score_other_company: z
    .number().min(0).max(1).default(0.85)
    .describe('Registration valid at the deadline but with another company: the certificate belongs elsewhere, the core 挂靠/借证 pattern (建市规〔2019〕1号 Art. 10).'),
  score_expired_or_missing: z
    .number().min(0).max(1).default(0.6)
    .describe('Registration with the bidder expired (or not yet valid) at the deadline, or no registration at all: the manager was not qualified to be named (Reg Art. 42 以他人名义投标 needs more, hence the lower score).'),
});

/** B1: the bid's project manager was not registered with the bidder at the bid deadline. */
export const rule: Rule<typeof parameters> = {
  id: 'B1-pm-registration-mismatch',
  detection: 'B1',
  family: 'qualification',
  title: { zh: '项目经理注册单位与投标人不一致或注册失效', en: "Project manager's registration with another company, expired or missing" },
  legalBasis: [
    {
      zh: '《注册建造师管理规定》第三条、第二十一条：未取得注册证书和执业印章的，不得担任大中型建设工程项目的施工单位项目负责人；注册建造师应当在其注册的单位执业。',
      en: 'Registered Constructors Rules Arts. 3, 21: only a constructor registered (with the contractor) may manage its works.',
    },
    {
      zh: '《招标投标法实施条例》第四十二条：使用通过受让或者租借等方式获取的资格、资质证书投标的，属于以他人名义投标。',
      en: 'Regulations Art. 42: bidding with qualifications obtained by transfer or lending is bidding in the name of another.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_bids: ['bid_id', 'tender_id', 'bidder_id', 'project_manager_id', 'status', 'category'],
    stg_persons: ['person_id'],
    stg_person_registrations: ['person_id', 'company_id', 'valid_from', 'valid_to'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_bids',
    where: 'project_manager_id is not null and status <> \'withdrawn\'',
    unit: 'tender',
    inputs: [
      { name: 'person registrations of project managers (注册建造师执业注册)', present: 'project_manager_id in (select person_id from stg_person_registrations)' },
    ],
  },
};
