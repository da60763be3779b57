import type { Rule } from '../Rule.ts';


/** The approval family's rules, in catalogue order (detections.md). */
export const approvalRules: Rule[] = [

] as Rule[];
