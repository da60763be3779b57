import type { Rule } from '../Rule.ts';
import { rule as sharedBidFileTraces } from './A1-shared-bid-file-traces/rule.ts';

/** The collusion family's rules, in catalogue order (detections.md). */
export const collusionRules: Rule[] = [
  sharedBidFileTraces,
] as Rule[];
