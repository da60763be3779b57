import { z } from 'zod';
import type { Rule } from '../../Rule.ts';

const parameters = z.object({
  weight_project_manager: z
    .number().min(0).max(0.99).default(0.9)
    .describe('One person named as 项目经理/项目负责人 by two bidders: Reg 40(3) deems it collusion by itself ("不同投标人的投标文件载明的项目管理成员为同一人"); a PM can serve one bidder only.'),
  weight_key_staff: z
    .number().min(0).max(0.99).default(0.75)
    .describe('One person named as other key staff (技术负责人, 安全员 …) by two bidders: Reg 40(3) "主要技术人员"; slightly weaker than the PM because staff lists are longer and pseudonymised ids of common support roles are more often mis-keyed (stated judgment).'),
  min_score: z
    .number().min(0).max(1).default(0.5)
    .describe('Flag a tender when the combined score reaches this; with the default weights any shared person flags, as Reg 40(3) requires no second signal.'),
});

/** A2: different bidders in one tender name the same project manager or key staff. */
export const rule: Rule<typeof parameters> = {
  id: 'A2-shared-key-staff',
  detection: 'A2',
  family: 'collusion',
  title: { zh: '不同投标人的项目管理成员为同一人', en: 'Different bidders name the same project manager or key staff' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第四十条第（三）项：不同投标人的投标文件载明的项目管理成员为同一人，视为投标人相互串通投标。',
      en: 'Bidding Law Regulations Art. 40(3): the bid files of different bidders name the same person as a member of project management: deemed collusive.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url) },
  folder: new URL('./', import.meta.url),
  kind: 'trace',
  reads: {
    mart_bids: ['tender_id', 'bidder_id', 'project_manager_id', 'key_staff_ids'],
    stg_persons: ['person_id', 'name'],
  },
  coverage: {
    candidates: 'mart_bids',
    unit: 'tender',
    inputs: [
      { name: 'project managers or key staff named in bids', present: 'project_manager_id is not null or len(coalesce(key_staff_ids, [])) > 0' },
    ],
  },
};
