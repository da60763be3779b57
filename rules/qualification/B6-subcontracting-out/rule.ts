import { z } from 'zod';
import { categories } from '../../../db/recordSchemas.ts';
import type { Rule } from '../../Rule.ts';

const scopeRequirement = z.object({
  scope_keyword: z.string().describe('A word of the subcontract scope (钢结构, 消防 …).'),
  qualification_types: z.array(z.string()).min(1).describe('Accepted 资质 types, any one suffices; SQL LIKE patterns.'),
});

/** 建筑业企业资质标准 (建市〔2014〕159号): the 专业承包 / 施工劳务 qualification each specialist scope needs. */
const defaultScopeRequirements = [
  { scope_keyword: '钢结构', qualification_types: ['钢结构工程专业承包'] },
  { scope_keyword: '消防', qualification_types: ['消防设施工程专业承包'] },
  { scope_keyword: '地基', qualification_types: ['地基基础工程专业承包'] },
  { scope_keyword: '装饰', qualification_types: ['建筑装修装饰工程专业承包'] },
  { scope_keyword: '装修', qualification_types: ['建筑装修装饰工程专业承包'] },
  { scope_keyword: '劳务', qualification_types: ['施工劳务%'] },
  { scope_keyword: '智能化', qualification_types: ['电子与智能化工程专业承包'] },
  { scope_keyword: '防水', qualification_types: ['防水防腐保温工程专业承包'] },
  { scope_keyword: '幕墙', qualification_types: ['建筑幕墙工程专业承包'] },
];

const parameters = z.object({
  max_subcontracted_share: z
    .number().min(0).max(1).default(0.5)
    .describe('Flag when subcontracts exceed this share of the contract value. Stated judgment (detections.md B6 "most of the contract"): 建市规〔2019〕1号 Art. 8 treats passing on all or the dismembered whole as 转包, and 建筑法 Art. 29 keeps the main structure with the contractor; more than half out is where "most" begins.'),
  share_categories: z
    .array(z.enum(categories)).min(1).default(['works', 'services'])
    .describe('Contract categories judged on the share: works (建筑法 Art. 28–29) and services (监理/设计 may not be passed on either, 建设工程质量管理条例 Art. 18, 34). Goods suppliers buy from manufacturers by design.'),
  scope_requirements: z
    .array(scopeRequirement)
    .default(defaultScopeRequirements)
    .describe('The qualification a works subcontract needs when it does not state one (subcontract field `required_qualification`, stg_subcontract_requirements): scope keyword → accepted types, from 建筑业企业资质标准 (建市〔2014〕159号). A scope no keyword matches accepts any 专业承包, 施工劳务 or 施工总承包 qualification.'),
  min_registry_coverage: z
    .number().min(0).max(1).default(0.5)
    .describe('A firm with no qualification record at all counts as unqualified only where the registry is well covered: at least this share of the works contractors and subcontractors on record hold some qualification record. Below it the missing record is a data gap, not evidence (issue 18). 0.5: judgment — where most firms doing works carry their 资质 in the data, a works firm without any is itself the fact (建筑法 Art. 26 requires one).'),
  forbidden_scope_keywords: z
    .array(z.string()).default(['主体结构'])
    .describe('Scopes a works contractor may not subcontract at all: 建筑法 Art. 29 (建筑工程主体结构的施工必须由总承包单位自行完成).'),
});

/** B6: the winner passes most of the contract, or part of it to an unqualified firm, to subcontractors. */
export const rule: Rule<typeof parameters> = {
  id: 'B6-subcontracting-out',
  detection: 'B6',
  family: 'qualification',
  title: { zh: '中标人转包或违法分包', en: 'Winner subcontracts most of the contract or to an unqualified firm' },
  legalBasis: [
    {
      zh: '《招标投标法》第四十八条：中标人不得向他人转让中标项目，也不得将中标项目肢解后分别向他人转让；中标人按照合同约定或者经招标人同意，可以将中标项目的部分非主体、非关键性工作分包给他人完成，接受分包的人应当具备相应的资格条件。',
      en: 'Bidding Law Art. 48: the winner may not pass on the contract, whole or dismembered; only non-core parts may be subcontracted, to qualified firms.',
    },
    {
      zh: '《建筑法》第二十八条、第二十九条：禁止承包单位将其承包的全部建筑工程转包给他人；建筑工程主体结构的施工必须由总承包单位自行完成；禁止总承包单位将工程分包给不具备相应资质条件的单位。',
      en: 'Construction Law Arts. 28–29: no passing on the whole works; the main structure stays with the contractor; no subcontracting to unqualified firms.',
    },
    {
      zh: '建市规〔2019〕1号 第八条、第十二条：转包与违法分包的认定。',
      en: 'Jianshigui [2019] No. 1 Arts. 8, 12: what counts as passing on (转包) and unlawful subcontracting (违法分包).',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_contracts: ['contract_id', 'supplier_id', 'category', 'value', 'subcontracted_value', 'n_subcontracts'],
    stg_contract_subcontracts: ['contract_id', 'subcontractor_id', 'value', 'scope'],
    stg_subcontract_requirements: ['contract_id', 'required_qualification'],
    stg_company_qualifications: ['company_id', 'qualification_type'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_contracts',
    unit: 'contract',
    inputs: [
      { name: 'subcontracts (分包)', present: 'n_subcontracts > 0' },
    ],
  },
};
