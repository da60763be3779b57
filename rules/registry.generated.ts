// Generated from the rule folders by rules/renderRegistry.ts: do not edit. `npm run new-rule` rewrites it;
// after renaming or removing a rule folder run `npx tsx rules/writeRegistry.ts`.
import type { Rule } from './Rule.ts';
import { rule as ruleA1SharedBidFileTraces } from './collusion/A1-shared-bid-file-traces/rule.ts';
import { rule as ruleA2SharedKeyStaff } from './collusion/A2-shared-key-staff/rule.ts';
import { rule as ruleA3SharedDepositAccount } from './collusion/A3-shared-deposit-account/rule.ts';
import { rule as ruleA4RegularPriceDifferences } from './collusion/A4-regular-price-differences/rule.ts';
import { rule as ruleA5PriceScreens } from './collusion/A5-price-screens/rule.ts';
import { rule as ruleA6RelatedBidders } from './collusion/A6-related-bidders/rule.ts';
import { rule as ruleA7BiddingRings } from './collusion/A7-bidding-rings/rule.ts';
import { rule as ruleA8AwardNearCeiling } from './collusion/A8-award-near-ceiling/rule.ts';
import { rule as ruleB1PmRegistrationMismatch } from './qualification/B1-pm-registration-mismatch/rule.ts';
import { rule as ruleB2SocialInsuranceElsewhere } from './qualification/B2-social-insurance-elsewhere/rule.ts';
import { rule as ruleB3OverlappingPmAssignments } from './qualification/B3-overlapping-pm-assignments/rule.ts';
import { rule as ruleB4BidderLacksQualification } from './qualification/B4-bidder-lacks-qualification/rule.ts';
import { rule as ruleB5DepositPaidByThirdParty } from './qualification/B5-deposit-paid-by-third-party/rule.ts';
import { rule as ruleB6SubcontractingOut } from './qualification/B6-subcontracting-out/rule.ts';
import { rule as ruleC1SplitAwards } from './splitting/C1-split-awards/rule.ts';
import { rule as ruleC2BunchingBelowThreshold } from './splitting/C2-bunching-below-threshold/rule.ts';
import { rule as ruleC3NonOpenMethodAboveThreshold } from './splitting/C3-non-open-method-above-threshold/rule.ts';
import { rule as ruleC4ContractWithoutProcurement } from './splitting/C4-contract-without-procurement/rule.ts';
import { rule as ruleD1TenderBeforeProjectApproval } from './approval/D1-tender-before-project-approval/rule.ts';
import { rule as ruleD2TenderBeforePrerequisites } from './approval/D2-tender-before-prerequisites/rule.ts';
import { rule as ruleD3ConstructionBeforeAwardOrPermit } from './approval/D3-construction-before-award-or-permit/rule.ts';
import { rule as ruleD4ContractBeforeAward } from './approval/D4-contract-before-award/rule.ts';
import { rule as ruleD5CostOverruns } from './approval/D5-cost-overruns/rule.ts';
import { rule as ruleE1ShortBidPeriod } from './procedure/E1-short-bid-period/rule.ts';
import { rule as ruleE2TooFewValidBids } from './procedure/E2-too-few-valid-bids/rule.ts';
import { rule as ruleE3DisqualificationPattern } from './procedure/E3-disqualification-pattern/rule.ts';
import { rule as ruleE4BuyerConcentration } from './procedure/E4-buyer-concentration/rule.ts';
import { rule as ruleE5SanctionedCompany } from './procedure/E5-sanctioned-company/rule.ts';
import { rule as ruleR003ShortSubmissionPeriod } from './ocds/R003-short-submission-period/rule.ts';
import { rule as ruleR018SingleBidReceived } from './ocds/R018-single-bid-received/rule.ts';
import { rule as ruleR024PriceCloseToWinningBid } from './ocds/R024-price-close-to-winning-bid/rule.ts';
import { rule as ruleR025ExcessiveUnsuccessfulBids } from './ocds/R025-excessive-unsuccessful-bids/rule.ts';
import { rule as ruleR028IdenticalBidPrices } from './ocds/R028-identical-bid-prices/rule.ts';
import { rule as ruleR030LateBidWon } from './ocds/R030-late-bid-won/rule.ts';
import { rule as ruleR035AllExceptWinningBidDisqualified } from './ocds/R035-all-except-winning-bid-disqualified/rule.ts';
import { rule as ruleR036LowestBidDisqualified } from './ocds/R036-lowest-bid-disqualified/rule.ts';
import { rule as ruleR038ExcessiveDisqualifiedBids } from './ocds/R038-excessive-disqualified-bids/rule.ts';
import { rule as ruleR048HeterogeneousSupplier } from './ocds/R048-heterogeneous-supplier/rule.ts';
import { rule as ruleR058HeavilyDiscountedBid } from './ocds/R058-heavily-discounted-bid/rule.ts';

/** Every rule folder, family by family in catalogue order, then by code number. */
export const registeredRules: Rule[] = [
  ruleA1SharedBidFileTraces,
  ruleA2SharedKeyStaff,
  ruleA3SharedDepositAccount,
  ruleA4RegularPriceDifferences,
  ruleA5PriceScreens,
  ruleA6RelatedBidders,
  ruleA7BiddingRings,
  ruleA8AwardNearCeiling,
  ruleB1PmRegistrationMismatch,
  ruleB2SocialInsuranceElsewhere,
  ruleB3OverlappingPmAssignments,
  ruleB4BidderLacksQualification,
  ruleB5DepositPaidByThirdParty,
  ruleB6SubcontractingOut,
  ruleC1SplitAwards,
  ruleC2BunchingBelowThreshold,
  ruleC3NonOpenMethodAboveThreshold,
  ruleC4ContractWithoutProcurement,
  ruleD1TenderBeforeProjectApproval,
  ruleD2TenderBeforePrerequisites,
  ruleD3ConstructionBeforeAwardOrPermit,
  ruleD4ContractBeforeAward,
  ruleD5CostOverruns,
  ruleE1ShortBidPeriod,
  ruleE2TooFewValidBids,
  ruleE3DisqualificationPattern,
  ruleE4BuyerConcentration,
  ruleE5SanctionedCompany,
  ruleR003ShortSubmissionPeriod,
  ruleR018SingleBidReceived,
  ruleR024PriceCloseToWinningBid,
  ruleR025ExcessiveUnsuccessfulBids,
  ruleR028IdenticalBidPrices,
  ruleR030LateBidWon,
  ruleR035AllExceptWinningBidDisqualified,
  ruleR036LowestBidDisqualified,
  ruleR038ExcessiveDisqualifiedBids,
  ruleR048HeterogeneousSupplier,
  ruleR058HeavilyDiscountedBid,
] as Rule[];
