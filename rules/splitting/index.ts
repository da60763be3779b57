import type { Rule } from '../Rule.ts';
import { rule as splitAwards } from './C1-split-awards/rule.ts';
import { rule as bunchingBelowThreshold } from './C2-bunching-below-threshold/rule.ts';
import { rule as nonOpenMethodAboveThreshold } from './C3-non-open-method-above-threshold/rule.ts';
import { rule as contractWithoutProcurement } from './C4-contract-without-procurement/rule.ts';

/** The splitting family's rules, in catalogue order (detections.md). */
export const splittingRules: Rule[] = [
  splitAwards,
  bunchingBelowThreshold,
  nonOpenMethodAboveThreshold,
  contractWithoutProcurement,
] as Rule[];
