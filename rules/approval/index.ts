import type { Rule } from '../Rule.ts';
import { rule as tenderBeforeProjectApproval } from './D1-tender-before-project-approval/rule.ts';
import { rule as tenderBeforePrerequisites } from './D2-tender-before-prerequisites/rule.ts';
import { rule as constructionBeforeAwardOrPermit } from './D3-construction-before-award-or-permit/rule.ts';
import { rule as contractBeforeAward } from './D4-contract-before-award/rule.ts';
import { rule as costOverruns } from './D5-cost-overruns/rule.ts';

/** The approval family's rules, in catalogue order (detections.md). */
export const approvalRules: Rule[] = [
  tenderBeforeProjectApproval,
  tenderBeforePrerequisites,
  constructionBeforeAwardOrPermit,
  contractBeforeAward,
  costOverruns,
] as Rule[];
