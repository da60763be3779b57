import type { Rule } from '../Rule.ts';
import { rules } from '../registry.ts';

/** The qualification family's rules, in catalogue order: every folder under rules/qualification/ (registry.generated.ts). */
export const qualificationRules: Rule[] = rules.filter((rule) => rule.family === 'qualification');
