import type { Rule } from '../Rule.ts';


/** The qualification family's rules, in catalogue order (detections.md). */
export const qualificationRules: Rule[] = [

] as Rule[];
