import { z } from 'zod';
import type { Rule } from '../../Rule.ts';
import { installTenderThresholds } from '../installTenderThresholds.ts';
import { tenderThresholdParameters } from '../tenderThresholdParameters.ts';

const parameters = z.object({
  ...tenderThresholdParameters,
  method_scores: z
    .record(z.string(), z.number().min(0).max(1))
    .default({ invited: 0.4, competitive_negotiation: 0.55, competitive_consultation: 0.55, inquiry: 0.55, single_source: 0.65, direct: 0.7 })
    .describe('Non-open methods judged, with their base score. Invited tendering is lawful tendering but needs approval for state-funded projects (BL Art. 11, Reg Art. 8), hence the lowest; 谈判/磋商/询价 are government-procurement methods that are not tendering at all for must-tender works; single source and direct award remove competition entirely (seed 000 §三(三)1). Open tendering (`open`) is never listed.'),
  exemption_reason_boosts: z
    .record(z.string(), z.number().min(0).max(1))
    .default({ investment_attraction: 0.25, secret: 0.2, special_technique: 0.15, ppp: 0.1 })
    .describe('Added to the score when the tender claims this exemption: 招商引资 is no legal exemption at all; 涉密 and 特殊工艺/专利 (BL Art. 66, Reg Art. 9(1)) and PPP (Reg Art. 9(3)) are the claims seed 000 §三(三)1 names as disguises (假借PPP项目、保密项目).'),
  accepted_exemption_reasons: z
    .array(z.string())
    .default(['emergency'])
    .describe('Exemption reasons taken at face value: 抢险救灾 (BL Art. 66) cannot wait for a 20-day tender.'),
  funded_investment_types: z
    .array(z.string())
    .default(['government', 'state_owned'])
    .describe('Investment types whose tenders are judged: state funds are what O16 Art. 2 and Reg Art. 8 (邀请招标须经批准) govern. Tenders with no project, or an unknown project, are not judged.'),
});

/** C3: government-funded work above the threshold procured by a non-open method. */
export const rule: Rule<typeof parameters> = {
  id: 'C3-non-open-method-above-threshold',
  detection: 'C3',
  family: 'splitting',
  title: { zh: '规避公开招标：政府投资项目达到规模标准却采用非公开方式', en: 'Non-open procurement of government-funded work above the tender threshold' },
  legalBasis: [
    {
      zh: '《招标投标法》第十一条：国务院发展计划部门确定的国家重点项目和省级地方重点项目不适宜公开招标的，经批准可以进行邀请招标；第六十六条：涉及国家安全、国家秘密、抢险救灾……不适宜进行招标的项目，按照国家有关规定可以不进行招标。',
      en: 'Bidding Law Art. 11 (invited tendering only with approval) and Art. 66 (exemptions: security, secrets, disaster relief, work-relief).',
    },
    {
      zh: '《招标投标法实施条例》第八条：国有资金占控股或者主导地位的依法必须进行招标的项目，应当公开招标；第九条：可以不进行招标的特殊情形（需要采用不可替代的专利或者专有技术等）。',
      en: 'Regulations Art. 8 (state-controlled must-tender projects tender openly) and Art. 9 (the narrow exemptions).',
    },
    {
      zh: '勐海县发展和改革局《勐海县开展重大项目审批监管“阳光行动”工作实施方案》（2023年7月4日发布）§三(三)1：对应招标项目不招标，或采取化整为零、假借PPP项目、保密项目等方式规避招标。',
      en: 'Menghai County Development and Reform Bureau, implementation plan of the "Sunshine Action" on supervising major project approvals (published 4 July 2023) §三(三)1: evading tendering under sham PPP or secrecy claims.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url), prepare: installTenderThresholds },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_tenders: ['tender_id', 'method', 'category', 'estimated_value', 'investment_type', 'exemption_reason'],
    mart_contracts: ['contract_id', 'tender_id', 'value'],
    stg_companies: ['company_id', 'name'],
  },
  coverage: {
    candidates: 'mart_tenders',
    unit: 'tender',
    inputs: [
      { name: 'tenders of known projects with an investment type', present: 'investment_type is not null' },
    ],
  },
};
