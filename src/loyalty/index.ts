/**
 * Loyalty and referrals: programmes after Odoo's loyalty rules (points per order, per money spent or
 * per unit, with minimums, a product condition and codes; percent and amount discounts, products and
 * vouchers as rewards; tiers by points or spend over a lifetime or a rolling window; expiry), the
 * points ledger with FIFO expiry in one pass, redemption that never overdraws, tiers, the liability of
 * outstanding points, the redemption rate, and referral measures (rate, conversion, promoters as
 * candidates).
 *
 * Points are exact decimals: given as decimal strings or safe integers, returned as canonical decimal
 * strings, computed with decimal.js. The ledger entries and referrals are the `LoyaltyTransaction` and
 * `Referral` entities of crmkit/entities. Every function returns a `Result` and never throws for its
 * data; a programme not made by `defineLoyaltyProgram` is a thrown `CrmError`. Guide: docs/loyalty.md.
 *
 * @module crmkit/loyalty
 */
export { defineLoyaltyProgram } from './defineLoyaltyProgram.js';
export type {
  PointsInput,
  LoyaltyRuleBase,
  PerOrderRule,
  PerMoneyRule,
  PerUnitRule,
  LoyaltyRule,
  LoyaltyRewardBase,
  PercentDiscountReward,
  AmountDiscountReward,
  ProductReward,
  VoucherReward,
  LoyaltyReward,
  LoyaltyTierLevel,
  LoyaltyTiers,
  LoyaltyProgramSpec,
  LoyaltyProgram,
  LoyaltyOrderLine,
  LoyaltyOrder,
  LedgerEntry,
} from './types.js';
export { earnPoints } from './earnPoints.js';
export type { EarnedPoints, RulePoints } from './earnPoints.js';
export { loyaltyBalance } from './loyaltyBalance.js';
export type { LoyaltyBalance, LoyaltyBalanceOptions, ExpiringPoints } from './loyaltyBalance.js';
export { redeem } from './redeem.js';
export type { RedeemOptions } from './redeem.js';
export { tierFor } from './tierFor.js';
export type { TierForOptions, TierStatus } from './tierFor.js';
export { pointsLiability } from './pointsLiability.js';
export type { PointsLiability, PointsLiabilityOptions } from './pointsLiability.js';
export { redemptionRate } from './redemptionRate.js';
export type { RedemptionRateOptions, RedemptionRateResult } from './redemptionRate.js';
export { referralRate } from './referralRate.js';
export type { ReferralRecord, ReferralRateOptions, ReferralRateResult } from './referralRate.js';
export { referralConversion } from './referralConversion.js';
export type { ReferralConversionOptions, ReferralConversionResult } from './referralConversion.js';
export { referralCandidates } from './referralCandidates.js';
export type { PromoterResponse, ReferralCandidatesOptions, ReferralCandidate } from './referralCandidates.js';
