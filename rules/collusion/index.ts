import type { Rule } from '../Rule.ts';
import { rule as sharedBidFileTraces } from './A1-shared-bid-file-traces/rule.ts';
import { rule as sharedKeyStaff } from './A2-shared-key-staff/rule.ts';
import { rule as sharedDepositAccount } from './A3-shared-deposit-account/rule.ts';
import { rule as regularPriceDifferences } from './A4-regular-price-differences/rule.ts';
import { rule as priceScreens } from './A5-price-screens/rule.ts';
import { rule as relatedBidders } from './A6-related-bidders/rule.ts';
import { rule as biddingRings } from './A7-bidding-rings/rule.ts';
import { rule as awardNearCeiling } from './A8-award-near-ceiling/rule.ts';

/** The collusion family's rules, in catalogue order (detections.md). */
export const collusionRules: Rule[] = [
  sharedBidFileTraces,
  sharedKeyStaff,
  sharedDepositAccount,
  regularPriceDifferences,
  priceScreens,
  relatedBidders,
  biddingRings,
  awardNearCeiling,
] as Rule[];
