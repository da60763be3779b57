import type { Rule } from '../Rule.ts';
import { rules } from '../registry.ts';

/** The splitting family's rules, in catalogue order: every folder under rules/splitting/ (registry.generated.ts). */
export const splittingRules: Rule[] = rules.filter((rule) => rule.family === 'splitting');
