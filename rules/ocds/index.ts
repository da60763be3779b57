import type { OcdsRule } from './defineOcdsRule.ts';
import { rule as shortSubmissionPeriod } from './R003-short-submission-period/rule.ts';

/** The ocds family: Cardinal 0.0.8's indicators, in its order (R003 … R058). */
export const ocdsRules: OcdsRule[] = [
  shortSubmissionPeriod,
] as OcdsRule[];
