import type { Rule } from '../Rule.ts';
import { rule as shortBidPeriod } from './E1-short-bid-period/rule.ts';
import { rule as tooFewValidBids } from './E2-too-few-valid-bids/rule.ts';
import { rule as disqualificationPattern } from './E3-disqualification-pattern/rule.ts';
import { rule as buyerConcentration } from './E4-buyer-concentration/rule.ts';
import { rule as sanctionedCompany } from './E5-sanctioned-company/rule.ts';

/** The procedure family's rules, in catalogue order (detections.md). */
export const procedureRules: Rule[] = [
  shortBidPeriod,
  tooFewValidBids,
  disqualificationPattern,
  buyerConcentration,
  sanctionedCompany,
] as Rule[];
