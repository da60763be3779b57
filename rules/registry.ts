import type { Rule } from './Rule.ts';
import { collusionRules } from './collusion/index.ts';
import { qualificationRules } from './qualification/index.ts';
import { splittingRules } from './splitting/index.ts';
import { approvalRules } from './approval/index.ts';
import { procedureRules } from './procedure/index.ts';
import { ocdsRules } from './ocds/index.ts';

/**
 * Every rule bidwatch runs, family by family in catalogue order. Each family's index.ts lists
 * its rules; a new rule is one folder (scaffold: `npm run new-rule`) plus one line there.
 */
export const rules: Rule[] = [...collusionRules, ...qualificationRules, ...splittingRules, ...approvalRules, ...procedureRules, ...ocdsRules];
