import type { OcdsRule } from './defineOcdsRule.ts';
import { rule as shortSubmissionPeriod } from './R003-short-submission-period/rule.ts';
import { rule as singleBidReceived } from './R018-single-bid-received/rule.ts';
import { rule as priceCloseToWinningBid } from './R024-price-close-to-winning-bid/rule.ts';
import { rule as excessiveUnsuccessfulBids } from './R025-excessive-unsuccessful-bids/rule.ts';
import { rule as identicalBidPrices } from './R028-identical-bid-prices/rule.ts';
import { rule as lateBidWon } from './R030-late-bid-won/rule.ts';
import { rule as allExceptWinningBidDisqualified } from './R035-all-except-winning-bid-disqualified/rule.ts';
import { rule as lowestBidDisqualified } from './R036-lowest-bid-disqualified/rule.ts';
import { rule as excessiveDisqualifiedBids } from './R038-excessive-disqualified-bids/rule.ts';
import { rule as heterogeneousSupplier } from './R048-heterogeneous-supplier/rule.ts';
import { rule as heavilyDiscountedBid } from './R058-heavily-discounted-bid/rule.ts';

/** The ocds family: Cardinal 0.0.8's indicators, in its order (R003 … R058). */
export const ocdsRules: OcdsRule[] = [
  shortSubmissionPeriod,
  singleBidReceived,
  priceCloseToWinningBid,
  excessiveUnsuccessfulBids,
  identicalBidPrices,
  lateBidWon,
  allExceptWinningBidDisqualified,
  lowestBidDisqualified,
  excessiveDisqualifiedBids,
  heterogeneousSupplier,
  heavilyDiscountedBid,
] as OcdsRule[];
