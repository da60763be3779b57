import type { Rule } from '../Rule.ts';


/** The procedure family's rules, in catalogue order (detections.md). */
export const procedureRules: Rule[] = [

] as Rule[];
