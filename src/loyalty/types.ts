/**
 * The shapes of a loyalty programme: rules that earn points, rewards that cost them, tiers, expiry,
 * orders and ledger entries.
 *
 * @module
 */
import type { ConditionJson } from '../conditions/types.js';
import type { Money } from '../money/money.js';
import type { CurrencyCode } from '../money/currencies.js';
import type { LoyaltyTransactionKind } from '../entities/enums.js';

/**
 * A number of points as given: a decimal string (`'12.5'`) or a safe integer. Points are exact
 * decimals; results give them as canonical decimal strings (`'12.5'`, `'-100'`, `'0'`).
 *
 * @example
 * ```ts
 * const p: PointsInput = '12.5';
 * ```
 */
export type PointsInput = string | number;

/**
 * What every earning rule has. A rule applies to an order when the order carries its `code` (if it
 * has one) and the lines its `products` condition selects (all lines without one) reach its minimums.
 *
 * @example
 * ```ts
 * const base: LoyaltyRuleBase = { id: 'coffee', points: 5, products: { field: 'category', op: 'eq', value: 'coffee' }, minimumQuantity: 2 };
 * ```
 */
export interface LoyaltyRuleBase {
  /** The rule's id, unique in the programme (named in `earnPoints`' `byRule`). */
  readonly id: string;
  /** Points earned per order, per whole `per` spent or per unit, by mode. */
  readonly points: PointsInput;
  /**
   * The lines the rule counts: a condition (crmkit/conditions) on {@link LoyaltyOrderLine} fields
   * `productId`, `category`, `tags`, `quantity`, `amount` and `customFields.<key>`. Without it every
   * line counts, and the money counted is the order's `total`.
   */
  readonly products?: ConditionJson | null;
  /** The least quantity of the counted lines for the rule to apply (Odoo's `minimum_qty`). */
  readonly minimumQuantity?: number | null;
  /** The least amount of the counted lines (or of the order's `total`) for the rule to apply (Odoo's `minimum_amount`). */
  readonly minimumAmount?: Money | null;
  /** A promotion code the order must carry for the rule to apply (Odoo's rule `code`). */
  readonly code?: string | null;
}

/**
 * A rule earning `points` once per order (Odoo's `reward_point_mode = 'order'`).
 *
 * @example
 * ```ts
 * const visit: PerOrderRule = { id: 'visit', mode: 'per_order', points: 10, minimumAmount: { amount: '20.00', currency: 'USD' } };
 * ```
 */
export interface PerOrderRule extends LoyaltyRuleBase {
  /** Per order. */
  readonly mode: 'per_order';
}

/**
 * A rule earning `points` for each whole `per` of money counted (Odoo's `reward_point_mode = 'money'`,
 * in whole steps): $47.80 at 1 point per $1 earns 47 points.
 *
 * @example
 * ```ts
 * const spend: PerMoneyRule = { id: 'spend', mode: 'per_money', points: 1, per: { amount: '1.00', currency: 'USD' } };
 * ```
 */
export interface PerMoneyRule extends LoyaltyRuleBase {
  /** Per whole `per` spent. */
  readonly mode: 'per_money';
  /** The step of money that earns `points` (positive, in the programme's currency). */
  readonly per: Money;
}

/**
 * A rule earning `points` per unit of the counted lines (Odoo's `reward_point_mode = 'unit'`).
 *
 * @example
 * ```ts
 * const beans: PerUnitRule = { id: 'beans', mode: 'per_unit', points: '2.5', products: { field: 'category', op: 'eq', value: 'beans' } };
 * ```
 */
export interface PerUnitRule extends LoyaltyRuleBase {
  /** Per unit. */
  readonly mode: 'per_unit';
}

/**
 * An earning rule.
 *
 * @example
 * ```ts
 * const rule: LoyaltyRule = { id: 'visit', mode: 'per_order', points: 10 };
 * ```
 */
export type LoyaltyRule = PerOrderRule | PerMoneyRule | PerUnitRule;

/**
 * What every reward has: its id and what it costs in points (Odoo's `required_points`).
 *
 * @example
 * ```ts
 * const base: LoyaltyRewardBase = { id: 'coffee', cost: 100 };
 * ```
 */
export interface LoyaltyRewardBase {
  /** The reward's id, unique in the programme. */
  readonly id: string;
  /** The points a redemption takes (positive). */
  readonly cost: PointsInput;
}

/**
 * A percentage off an order (Odoo's `discount_mode = 'percent'`). `value` is an estimate of what one
 * redemption is worth, used only by `pointsLiability`; without it the reward has no money value there.
 *
 * @example
 * ```ts
 * const r: PercentDiscountReward = { id: 'pct15', kind: 'percent_discount', cost: 300, percent: 15, maxAmount: { amount: '30.00', currency: 'USD' } };
 * ```
 */
export interface PercentDiscountReward extends LoyaltyRewardBase {
  /** A percentage off. */
  readonly kind: 'percent_discount';
  /** The percentage, in (0, 100]: a decimal string or a number. */
  readonly percent: string | number;
  /** The most the discount takes off (Odoo's `discount_max_amount`). */
  readonly maxAmount?: Money | null;
  /** What a redemption is worth on average, for the liability. */
  readonly value?: Money | null;
}

/**
 * A fixed amount off an order (Odoo's `discount_mode = 'per_order'`).
 *
 * @example
 * ```ts
 * const r: AmountDiscountReward = { id: 'ten-off', kind: 'amount_discount', cost: 100, amount: { amount: '10.00', currency: 'USD' } };
 * ```
 */
export interface AmountDiscountReward extends LoyaltyRewardBase {
  /** An amount off. */
  readonly kind: 'amount_discount';
  /** The amount taken off (positive). */
  readonly amount: Money;
}

/**
 * A free product (Odoo's `reward_type = 'product'`); `value` is what it is worth (its price or cost).
 *
 * @example
 * ```ts
 * const r: ProductReward = { id: 'mug', kind: 'product', cost: 250, productId: 'mug-01', value: { amount: '12.00', currency: 'USD' } };
 * ```
 */
export interface ProductReward extends LoyaltyRewardBase {
  /** A product given. */
  readonly kind: 'product';
  /** The product given. */
  readonly productId: string;
  /** How many are given (a positive integer; default 1). */
  readonly quantity?: number | null;
  /** What the products given are worth together. */
  readonly value: Money;
}

/**
 * A voucher (a gift card or a coupon for a next order, Odoo's gift card and next-order coupon programmes).
 *
 * @example
 * ```ts
 * const r: VoucherReward = { id: 'gift25', kind: 'voucher', cost: 500, value: { amount: '25.00', currency: 'USD' } };
 * ```
 */
export interface VoucherReward extends LoyaltyRewardBase {
  /** A voucher. */
  readonly kind: 'voucher';
  /** The voucher's value. */
  readonly value: Money;
}

/**
 * A reward.
 *
 * @example
 * ```ts
 * const r: LoyaltyReward = { id: 'gift25', kind: 'voucher', cost: 500, value: { amount: '25.00', currency: 'USD' } };
 * ```
 */
export type LoyaltyReward = PercentDiscountReward | AmountDiscountReward | ProductReward | VoucherReward;

/**
 * A tier level: reached when the customer's points (a decimal) or spend (Money) in the window reach `threshold`.
 *
 * @example
 * ```ts
 * const gold: LoyaltyTierLevel = { id: 'gold', threshold: 2000 };
 * ```
 */
export interface LoyaltyTierLevel {
  /** The tier's id, unique in the programme. */
  readonly id: string;
  /** Points (a decimal) for `basis: 'points'`, Money for `basis: 'spend'`; strictly increasing level by level. */
  readonly threshold: PointsInput | Money;
}

/**
 * Tiers: what they are reached by (points earned or money spent), over the customer's lifetime or a
 * rolling window of `days` ending at `asOf`, and the levels in increasing order of threshold.
 *
 * @example
 * ```ts
 * const tiers: LoyaltyTiers = { basis: 'points', window: { days: 365 }, levels: [{ id: 'silver', threshold: 500 }, { id: 'gold', threshold: 2000 }] };
 * ```
 */
export interface LoyaltyTiers {
  /** `points`: points earned (earn entries); `spend`: money spent (the `spend` of earn entries). */
  readonly basis: 'points' | 'spend';
  /** A rolling window of whole days ending at `asOf`; absent or `null` for the lifetime. */
  readonly window?: { readonly days: number } | null;
  /** The levels, lowest first. */
  readonly levels: readonly LoyaltyTierLevel[];
}

/**
 * The definition {@link defineLoyaltyProgram} reads.
 *
 * @example
 * ```ts
 * const spec: LoyaltyProgramSpec = {
 *   currency: 'USD',
 *   rules: [{ id: 'spend', mode: 'per_money', points: 1, per: { amount: '1.00', currency: 'USD' } }],
 *   rewards: [{ id: 'ten-off', kind: 'amount_discount', cost: 100, amount: { amount: '10.00', currency: 'USD' } }],
 *   expiry: { days: 365 },
 * };
 * ```
 */
export interface LoyaltyProgramSpec {
  /** The programme's currency: every Money in it and in the orders it reads. */
  readonly currency: CurrencyCode;
  /** The earning rules (at least one). */
  readonly rules: readonly LoyaltyRule[];
  /** The rewards. */
  readonly rewards: readonly LoyaltyReward[];
  /** The tiers; absent or `null` for none. */
  readonly tiers?: LoyaltyTiers | null;
  /** Earned points expire this many whole days after they are earned; absent or `null`: never. */
  readonly expiry?: { readonly days: number } | null;
}

/**
 * A checked, frozen loyalty programme made by {@link defineLoyaltyProgram}: the spec with points in
 * canonical decimal text and Money canonical. Only programmes made by `defineLoyaltyProgram` are accepted
 * by the functions that take one.
 *
 * @example
 * ```ts
 * declare const program: LoyaltyProgram;
 * program.rules.map((r) => r.id);
 * ```
 */
export interface LoyaltyProgram {
  /** The programme's currency. */
  readonly currency: CurrencyCode;
  /** The rules, points as canonical decimal text. */
  readonly rules: readonly (LoyaltyRule & { readonly points: string })[];
  /** The rewards, costs as canonical decimal text. */
  readonly rewards: readonly (LoyaltyReward & { readonly cost: string })[];
  /** The tiers, or `null`. */
  readonly tiers: LoyaltyTiers | null;
  /** The expiry, or `null` for points that never expire. */
  readonly expiry: { readonly days: number } | null;
}

/**
 * One line of an order, as loyalty rules read it (product conditions test these fields).
 *
 * @example
 * ```ts
 * const line: LoyaltyOrderLine = { productId: 'espresso', category: 'coffee', quantity: 2, amount: { amount: '6.00', currency: 'USD' } };
 * ```
 */
export interface LoyaltyOrderLine {
  /** The product's id. */
  readonly productId: string;
  /** The quantity (a finite number ≥ 0; fractions allowed, read by their shortest decimal text). */
  readonly quantity: number;
  /** What the line costs the customer, after discounts (not negative, in the programme's currency). */
  readonly amount: Money;
  /** The product's category. */
  readonly category?: string | null;
  /** The product's tags. */
  readonly tags?: readonly string[] | null;
  /** The host's own fields, for conditions on `customFields.<key>`. */
  readonly customFields?: Readonly<Record<string, unknown>> | null;
}

/**
 * An order, as {@link earnPoints} reads it.
 *
 * @example
 * ```ts
 * const order: LoyaltyOrder = { customerId: 'c1', at: '2026-03-01T10:00:00Z', total: { amount: '47.80', currency: 'USD' }, lines: [] };
 * ```
 */
export interface LoyaltyOrder {
  /** The customer (a contact's or an account's id). */
  readonly customerId: string;
  /** The order's lines. */
  readonly lines: readonly LoyaltyOrderLine[];
  /** What the customer paid for the whole order (not negative): what rules without a product condition count. */
  readonly total: Money;
  /** When the order was placed (a Date or an ISO 8601 instant). */
  readonly at: Date | string;
  /** A promotion code the customer entered. */
  readonly code?: string | null;
  /** The order's id, kept on the ledger entry. */
  readonly orderId?: string | null;
}

/**
 * The fields of a ledger entry the loyalty functions read: a `LoyaltyTransaction` (crmkit/entities) fits.
 *
 * @example
 * ```ts
 * const e: LedgerEntry = { customerId: 'c1', kind: 'earn', points: '120', at: '2026-03-01T10:00:00Z', expiresAt: '2027-03-01T10:00:00Z' };
 * ```
 */
export interface LedgerEntry {
  /** The customer whose points these are. */
  readonly customerId: string;
  /** earn, redeem, expire or adjust. */
  readonly kind: LoyaltyTransactionKind;
  /** Signed points: a decimal string or a safe integer. */
  readonly points: PointsInput;
  /** When (a Date or an ISO 8601 instant). Entries come in order of `at`. */
  readonly at: Date | string;
  /** When the points of an entry that adds points expire; absent or `null`: never. */
  readonly expiresAt?: Date | string | null;
  /** The spend an earn entry records (tiers by spend read it). */
  readonly spend?: Money | null;
  /** The reward a redemption took. */
  readonly rewardId?: string | null;
}
