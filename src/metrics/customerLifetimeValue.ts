/**
 * Customer lifetime value with a geometric (constant-churn) lifetime, exact in decimal arithmetic.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { quoteValue } from '../_lib/show.js';
import { invalid, isIssue, issue } from './_checks.js';
import { decOf, finiteNumber, fractionIssue, moneyIssue, round } from './_money.js';
import { guarded } from './_guard.js';

/**
 * Inputs of {@link customerLifetimeValue}. Rates are per period (month, year — whatever `arpu` is
 * per), as numbers (read by their shortest decimal form: 0.05 means 0.05) or decimal strings.
 * (`crmkit/clv` has its own, different input for its probabilistic models; this is the
 * constant-churn formula's.)
 *
 * @example
 * ```ts
 * const i: LifetimeValueInput = { arpu: money('100', 'USD'), grossMargin: 0.8, churnRate: 0.05 };
 * ```
 */
export interface LifetimeValueInput {
  /** Average revenue per customer per period, ≥ 0. */
  readonly arpu: Money;
  /** Gross margin in [0, 1]. */
  readonly grossMargin: number | string;
  /** Churn per period in [0, 1] (the retention rate is 1 − churn). */
  readonly churnRate: number | string;
  /** Discount rate per period, ≥ 0; default 0 (no discounting). */
  readonly discountRate?: number | string;
  /** Finite horizon in periods (a positive integer); default: unbounded. */
  readonly horizonPeriods?: number;
  /**
   * When margin arrives within a period: `'start'` (default — the customer pays at the start of each
   * period they are a customer, so the undiscounted value is margin / churn), or `'end'` (margin
   * only if retained through the period; Gupta & Lehmann 2003).
   */
  readonly timing?: 'start' | 'end';
}

/**
 * Customer lifetime value. `value` is rounded half-even to the currency's minor units;
 * `exactAmount` keeps 30 significant digits. `expectedLifetimePeriods` is the expected number of
 * (undiscounted) paying periods: `null` when it is unbounded (churn 0 with a discount and no horizon,
 * where the discounted value is still finite).
 *
 * @example
 * ```ts
 * const r: LifetimeValueResult = unwrap(customerLifetimeValue({ arpu: money('100', 'USD'), grossMargin: 0.8, churnRate: 0.05 }));
 * r.expectedLifetimePeriods; //=> 20
 * ```
 */
export interface LifetimeValueResult {
  readonly value: Money;
  readonly exactAmount: string;
  readonly marginPerPeriod: Money;
  readonly expectedLifetimePeriods: number | null;
  readonly formula: string;
}

/**
 * Customer lifetime value with a geometric (constant-churn) lifetime, exact in decimal arithmetic.
 * With margin per period m = arpu × grossMargin, retention r = 1 − churn, discount d and
 * q = r / (1 + d):
 *
 * - timing `'start'` (default): CLV = m · Σₜ₌₀^{T−1} qᵗ = m (1 − q^T) / (1 − q); unbounded:
 *   m (1 + d) / (churn + d), which without discounting is the textbook m / churn
 *   (e.g. Skok, "SaaS Metrics 2.0"; Kumar & Reinartz, Customer Relationship Management).
 * - timing `'end'`: CLV = m · Σₜ₌₁^{T} qᵗ; unbounded m · r / (churn + d) — Gupta & Lehmann (2003),
 *   "Customers as assets", Journal of Interactive Marketing 17(1).
 *
 * `validation_failed` for a negative or non-Money `arpu`, rates out of range, a non-positive or
 * fractional horizon, an unbounded horizon with churn + discount = 0 (infinite value), or a churn
 * so small that the expected lifetime is beyond the range of a number (`too_big`). Never throws.
 *
 * @example
 * ```ts
 * unwrap(customerLifetimeValue({ arpu: money('100', 'USD'), grossMargin: 0.8, churnRate: 0.05 })).value;
 * //=> { amount: '1600.00', currency: 'USD' }
 * unwrap(customerLifetimeValue({ arpu: money('100', 'USD'), grossMargin: 1, churnRate: 0.1, discountRate: 0.1, timing: 'end' })).value;
 * //=> { amount: '450.00', currency: 'USD' }
 * ```
 */
export function customerLifetimeValue(input: LifetimeValueInput): Result<LifetimeValueResult> {
  return guarded('customerLifetimeValue', () => {
    if (typeof input !== 'object' || input === null)
      return invalid('customerLifetimeValue', [
        issue([], 'expected { arpu, grossMargin, churnRate, discountRate?, horizonPeriods? }', 'invalid_type'),
      ]);
    const timing = input.timing ?? 'start';
    const i =
      moneyIssue(input.arpu, ['arpu'], null, true) ??
      fractionIssue(input.grossMargin, ['grossMargin'], 0, 1) ??
      fractionIssue(input.churnRate, ['churnRate'], 0, 1) ??
      (input.discountRate === undefined ? null : fractionIssue(input.discountRate, ['discountRate'], 0, 1e6)) ??
      (input.horizonPeriods === undefined || (Number.isSafeInteger(input.horizonPeriods) && input.horizonPeriods > 0)
        ? null
        : issue(['horizonPeriods'], `must be a positive integer; received ${quoteValue(input.horizonPeriods)}`)) ??
      (timing === 'start' || timing === 'end'
        ? null
        : issue(['timing'], `must be 'start' or 'end'; received ${quoteValue(timing)}`));
    if (i !== null) return invalid('customerLifetimeValue', [i]);
    const currency = input.arpu.currency;
    const m = new Dec(input.arpu.amount).times(decOf(input.grossMargin));
    const c = decOf(input.churnRate);
    const d = input.discountRate === undefined ? new Dec(0) : decOf(input.discountRate);
    const r = new Dec(1).minus(c);
    const q = r.div(new Dec(1).plus(d));
    const T = input.horizonPeriods;
    let factor: Dec;
    let formula: string;
    if (T === undefined) {
      if (c.plus(d).isZero())
        return invalid('customerLifetimeValue', [
          issue(
            ['churnRate'],
            'churnRate + discountRate must be > 0 without horizonPeriods (the value would be infinite); allowed churnRate in (0, 1] or a finite horizon',
          ),
        ]);
      factor = timing === 'start' ? new Dec(1).plus(d).div(c.plus(d)) : r.div(c.plus(d));
      formula = timing === 'start' ? 'm(1 + d) / (c + d)' : 'm(1 − c) / (c + d)';
    } else {
      // Σₜ₌₀^{T−1} qᵗ (start) or Σₜ₌₁^{T} qᵗ (end); q = 1 sums to T.
      const geometric = q.equals(1) ? new Dec(T) : new Dec(1).minus(q.pow(T)).div(new Dec(1).minus(q));
      factor = timing === 'start' ? geometric : geometric.times(q);
      formula = timing === 'start' ? 'm Σ_{t=0}^{T−1} ((1 − c)/(1 + d))^t' : 'm Σ_{t=1}^{T} ((1 − c)/(1 + d))^t';
    }
    const exact = m.times(factor);
    let lifetime: Dec;
    if (T === undefined) lifetime = c.isZero() ? new Dec(0) : timing === 'start' ? new Dec(1).div(c) : r.div(c);
    else {
      const g = r.equals(1) ? new Dec(T) : new Dec(1).minus(r.pow(T)).div(c);
      lifetime = timing === 'start' ? g : g.times(r);
    }
    // Without churn and without a horizon the lifetime is unbounded (the discount keeps the value finite).
    const periods =
      T === undefined && c.isZero() ? null : finiteNumber(lifetime, ['churnRate'], 'the expected lifetime in periods');
    if (isIssue(periods)) return invalid('customerLifetimeValue', [periods]);
    return ok(
      Object.freeze({
        value: round(exact, currency),
        exactAmount: exact.toSignificantDigits(30).toFixed(),
        marginPerPeriod: fromDecimal(m, currency),
        expectedLifetimePeriods: periods,
        formula,
      }),
    );
  });
}
