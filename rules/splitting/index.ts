import type { Rule } from '../Rule.ts';


/** The splitting family's rules, in catalogue order (detections.md). */
export const splittingRules: Rule[] = [

] as Rule[];
