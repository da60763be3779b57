import type { Rule } from '../Rule.ts';
import { rule as pmRegistrationMismatch } from './B1-pm-registration-mismatch/rule.ts';
import { rule as socialInsuranceElsewhere } from './B2-social-insurance-elsewhere/rule.ts';
import { rule as overlappingPmAssignments } from './B3-overlapping-pm-assignments/rule.ts';
import { rule as bidderLacksQualification } from './B4-bidder-lacks-qualification/rule.ts';
import { rule as depositPaidByThirdParty } from './B5-deposit-paid-by-third-party/rule.ts';
import { rule as subcontractingOut } from './B6-subcontracting-out/rule.ts';

/** The qualification family's rules, in catalogue order (detections.md). */
export const qualificationRules: Rule[] = [
  pmRegistrationMismatch,
  socialInsuranceElsewhere,
  overlappingPmAssignments,
  bidderLacksQualification,
  depositPaidByThirdParty,
  subcontractingOut,
] as Rule[];
