/**
 * Discounted expected purchases over a horizon, the kernel of `expectedLifetimeValue` and
 * `lifetimeValues`. Every conditional expectation of the BG/NBD and Pareto/NBD is P(alive) times a factor
 * F(t) that depends on (x, T) only, so the discounted sum is P(alive) times the discounted sum of F, which
 * the batch functions compute once per distinct (x, T).
 *
 * @module
 */
import { integrate } from '../math/quadrature.js';
import type { RfmTimeUnit } from './rfm.js';

/**
 * How future value is discounted; both use the same monthly `discountRate` d.
 *
 * - `'monthly'` (default; lifetimes' `customer_lifetime_value` and PyMC-Marketing's
 *   `customer_lifetime_value`): the expected purchases of month k (k = 1…horizon) are valued at the
 *   month's end and discounted by (1 + d)^−k.
 * - `'continuous'` (the convention of BTYD's discounted expected residual transactions, DERT, Fader,
 *   Hardie & Lee 2005 "RFM and CLV" eq. 2, here over a finite horizon): every purchase is discounted
 *   at the instant τ it is expected, by e^(−δτ) with δ = ln(1 + d) per month, i.e. ∫₀ᴴ e^(−δτ) dE[Y(τ)].
 *
 * @example
 * ```ts
 * const d: DiscountConvention = 'continuous';
 * ```
 */
export type DiscountConvention = 'monthly' | 'continuous';

/**
 * The longest horizon, in months (100 years). The monthly sum has one term per month, and each BG/NBD
 * term costs more the further out it lies (its series converges more slowly as t/(α+T) grows), so the
 * cost is bounded here: at CDNOW's parameters a 1,200-month BG/NBD value takes up to about a second per
 * distinct (x, T) (T near 0), a 12-month one well under a millisecond; a Pareto/NBD value costs one
 * closed form per month.
 *
 * @example
 * ```ts
 * MAX_HORIZON_MONTHS; //=> 1200
 * ```
 */
export const MAX_HORIZON_MONTHS = 1200;

/** Length of a month in the model's unit, as lifetimes' customer_lifetime_value counts it (W: 4.345, D: 30, M: 1). */
export const MONTH_IN_UNIT: Readonly<Record<RfmTimeUnit, number>> = /* @__PURE__ */ Object.freeze({
  day: 30,
  week: 4.345,
  month: 1,
});

/** True when `unit` is one of the time units (an own key, so `'__proto__'` and `'toString'` are not). */
export function isTimeUnit(unit: unknown): unit is RfmTimeUnit {
  return unit === 'day' || unit === 'week' || unit === 'month';
}

/**
 * Σₖ₌₁ᴴ [F(k·m) − F((k−1)·m)]·(1 + d)^−k for `'monthly'`, or e^(−δH)·F(H·m) + δ∫₀ᴴ e^(−δτ) F(τ·m) dτ
 * (integration by parts of ∫₀ᴴ e^(−δτ) dF, τ in months, δ = ln(1 + d)) for `'continuous'`, where F is the
 * expectation factor (F(0) = 0) and m the length of a month in the model's unit. NaN when F is NaN
 * somewhere (a series that did not converge).
 */
export function discountedFactor(
  factor: (t: number) => number,
  horizon: number,
  month: number,
  discountRate: number,
  discounting: DiscountConvention,
): number {
  if (discounting === 'monthly') {
    let purchases = 0;
    let prev = 0;
    for (let k = 1; k <= horizon; k++) {
      const cum = factor(k * month);
      if (Number.isNaN(cum)) return Number.NaN;
      purchases += (cum - prev) / Math.pow(1 + discountRate, k);
      prev = cum;
    }
    return purchases;
  }
  const delta = Math.log1p(discountRate);
  const yH = factor(horizon * month);
  if (Number.isNaN(yH)) return Number.NaN;
  if (delta === 0) return Math.exp(-delta * horizon) * yH;
  let failed = false;
  const integral = integrate(
    (tau) => {
      const f = factor(tau * month);
      if (Number.isNaN(f)) failed = true;
      return failed ? 0 : Math.exp(-delta * tau) * f;
    },
    0,
    horizon,
    { tolerance: 1e-12 },
  );
  return failed ? Number.NaN : Math.exp(-delta * horizon) * yH + delta * integral;
}
