import { z } from 'zod';
import type { Rule } from '../../Rule.ts';
import { splittingScope } from '../splittingScope.ts';
import { installTenderThresholds } from '../installTenderThresholds.ts';
import { tenderThresholdParameters } from '../tenderThresholdParameters.ts';

const parameters = z.object({
  ...tenderThresholdParameters,
  excluded_investment_types: splittingScope.excluded_investment_types,
});

/** C4: a contract at or above the must-tender threshold with no procurement on record. */
export const rule: Rule<typeof parameters> = {
  id: 'C4-contract-without-procurement',
  detection: 'C4',
  family: 'splitting',
  title: { zh: '应招未招：达到招标规模标准的合同无采购记录', en: 'Contract above the tender threshold with no procurement on record' },
  legalBasis: [
    {
      zh: '《招标投标法》第三条、第四条：依法必须进行招标的项目，任何单位和个人不得将其化整为零或者以其他任何方式规避招标；第四十九条：必须进行招标的项目而不招标的，责令限期改正，可以处项目合同金额千分之五以上千分之十以下的罚款。',
      en: 'Bidding Law Arts. 3–4 and 49: a must-tender project procured without tendering.',
    },
    {
      zh: '《必须招标的工程项目规定》（国家发改委令第16号）第五条：施工单项合同估算价在400万元人民币以上，重要设备、材料等货物的采购单项合同估算价在200万元人民币以上，勘察、设计、监理等服务的采购单项合同估算价在100万元人民币以上的，必须招标。',
      en: 'NDRC Order 16 Art. 5: the single-contract thresholds.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url), prepare: installTenderThresholds },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_contracts: ['contract_id', 'buyer_id', 'supplier_id', 'category', 'value', 'has_procurement'],
    mart_tenders: ['tender_id'],
    mart_data_gaps: ['gap_kind', 'record_id'],
    stg_projects: ['project_code', 'investment_type'],
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
