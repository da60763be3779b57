import type { Rule } from '../Rule.ts';
import { rules } from '../registry.ts';

/** The collusion family's rules, in catalogue order: every folder under rules/collusion/ (registry.generated.ts). */
export const collusionRules: Rule[] = rules.filter((rule) => rule.family === 'collusion');
