import type { Rule } from '../Rule.ts';
import { rules } from '../registry.ts';

/** The procedure family's rules, in catalogue order: every folder under rules/procedure/ (registry.generated.ts). */
export const procedureRules: Rule[] = rules.filter((rule) => rule.family === 'procedure');
