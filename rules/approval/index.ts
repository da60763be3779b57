import type { Rule } from '../Rule.ts';
import { rules } from '../registry.ts';

/** The approval family's rules, in catalogue order: every folder under rules/approval/ (registry.generated.ts). */
export const approvalRules: Rule[] = rules.filter((rule) => rule.family === 'approval');
