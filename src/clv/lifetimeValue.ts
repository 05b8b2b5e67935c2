/**
 * Expected customer lifetime value: a transaction model (BG/NBD or Pareto/NBD) times a spend model
 * (Gamma-Gamma), discounted, as exact Money.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import type { CurrencyCode } from '../money/currencies.js';
import { currencyMinorUnits, isCurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { bgNbdConditionalExpectedPurchases, type BgNbdParams } from './bgNbd.js';
import { gammaGammaExpectedSpend, type GammaGammaParams } from './gammaGamma.js';
import { paretoNbdConditionalExpectedPurchases, type ParetoNbdParams } from './paretoNbd.js';
import { integrate } from '../math/quadrature.js';
import { TIME_UNIT_DAYS, type RfmTimeUnit } from './rfm.js';
import { quoteValue } from '../_lib/show.js';

/**
 * A transaction model for {@link expectedLifetimeValue}: a fit from `fitBgNbd` / `fitParetoNbd`, or
 * the same shape with parameters from elsewhere.
 *
 * @example
 * ```ts
 * const model: TransactionModel = { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * ```
 */
export type TransactionModel =
  | { readonly model: 'bg_nbd'; readonly params: BgNbdParams }
  | { readonly model: 'pareto_nbd'; readonly params: ParetoNbdParams };

/**
 * A spend model for {@link expectedLifetimeValue}: a fit from `fitGammaGamma`, or `{ params }`.
 *
 * @example
 * ```ts
 * const spend: SpendModel = { params: { p: 6.25, q: 3.74, v: 15.44 } };
 * ```
 */
export interface SpendModel {
  readonly params: GammaGammaParams;
}

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
 * Input of {@link expectedLifetimeValue}.
 *
 * @example
 * ```ts
 * const input: LifetimeValueInput = {
 *   transactionModel: bgFit, spendModel: ggFit, customer: { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
 *   horizon: 12, discountRate: 0.01, timeUnit: 'week', currency: 'USD',
 * };
 * ```
 */
export interface LifetimeValueInput {
  readonly transactionModel: TransactionModel;
  readonly spendModel: SpendModel;
  /** The customer's summary, in the same time unit as the models were fitted. */
  readonly customer: {
    readonly frequency: number;
    readonly recency: number;
    readonly T: number;
    readonly monetaryValue: number;
  };
  /** Horizon in months (a positive integer for `'monthly'`, any positive number for `'continuous'`). */
  readonly horizon: number;
  /** Discount rate per month, ≥ 0 (e.g. 0.01 ≈ 12.7% a year). */
  readonly discountRate: number;
  /** The time unit of the models and of `customer` (a month is 30 days for 'day' and 4.345 weeks for 'week', as in lifetimes). */
  readonly timeUnit: RfmTimeUnit;
  /** Profit margin applied to spend, in [0, 1] (default 1: revenue). */
  readonly margin?: number;
  /** Currency of the monetary values. */
  readonly currency: CurrencyCode;
  /** Discounting convention (default `'monthly'`). */
  readonly discounting?: DiscountConvention;
}

// Length of a month in the model's unit, as lifetimes' customer_lifetime_value uses it (W: 4.345, D: 30, M: 1).
const MONTH_IN_UNIT: Readonly<Record<RfmTimeUnit, number>> = { day: 30, week: 4.345, month: 1 };

function bad(message: string, path: string): CrmError {
  return new CrmError('validation_failed', `expectedLifetimeValue: ${message}`, {
    issues: [{ path: [path], message, code: 'invalid_value' }],
  });
}

/**
 * Expected (discounted) lifetime value of one customer over `horizon` months: margin × expected
 * spend per purchase (Gamma-Gamma, `gammaGammaExpectedSpend`) × discounted expected purchases
 * (BG/NBD or Pareto/NBD conditional expectation), following Fader, Hardie & Lee (2005) "RFM and CLV".
 * See {@link DiscountConvention} for the two conventions. The result is Money rounded half-even to the
 * currency's minor units (the rounding is the only step after the model arithmetic; the amount goes
 * through decimal.js, never through a float-formatted string).
 *
 * Throws `validation_failed` for an unknown model, bad parameters, a bad customer, a negative rate,
 * a margin outside [0, 1], a non-positive horizon, or an unknown currency.
 *
 * @example
 * ```ts
 * expectedLifetimeValue({
 *   transactionModel: { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
 *   spendModel: { params: { p: 6.25, q: 3.74, v: 15.44 } },
 *   customer: { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
 *   horizon: 12, discountRate: 0.01, timeUnit: 'week', currency: 'USD',
 * }); //=> { amount: '36.29', currency: 'USD' }
 * ```
 */
export function expectedLifetimeValue(input: LifetimeValueInput): Money {
  if (typeof input !== 'object' || input === null) {
    throw new CrmError(
      'validation_failed',
      `expectedLifetimeValue: expects an object { transactionModel, spendModel, customer, horizon, discountRate, timeUnit, currency }; received ${quoteValue(input)}`,
      { issues: [{ path: [], message: 'expected an object', code: 'invalid_type' }] },
    );
  }
  const { transactionModel, spendModel, customer, horizon, discountRate, timeUnit, currency } = input;
  const margin = input.margin ?? 1;
  const discounting = input.discounting ?? 'monthly';
  if (!isCurrencyCode(currency))
    throw bad(`currency must be an ISO 4217 code; received ${quoteValue(currency)}`, 'currency');
  if (TIME_UNIT_DAYS[timeUnit] === undefined)
    throw bad(`timeUnit must be 'day', 'week' or 'month'; received ${quoteValue(timeUnit)}`, 'timeUnit');
  if (!(Number.isFinite(discountRate) && discountRate >= 0))
    throw bad(`discountRate must be a finite number ≥ 0; received ${discountRate}`, 'discountRate');
  if (!(Number.isFinite(margin) && margin >= 0 && margin <= 1))
    throw bad(`margin must be in [0, 1]; received ${margin}`, 'margin');
  if (discounting !== 'monthly' && discounting !== 'continuous')
    throw bad(`discounting must be 'monthly' or 'continuous'; received ${quoteValue(discounting)}`, 'discounting');
  if (!(Number.isFinite(horizon) && horizon > 0) || (discounting === 'monthly' && !Number.isInteger(horizon))) {
    throw bad(
      `horizon must be a positive ${discounting === 'monthly' ? 'integer ' : ''}number of months; received ${horizon}`,
      'horizon',
    );
  }
  let expected: (t: number) => number;
  if (transactionModel?.model === 'bg_nbd') {
    const p = transactionModel.params;
    expected = (t) => bgNbdConditionalExpectedPurchases(p, t, customer);
  } else if (transactionModel?.model === 'pareto_nbd') {
    const p = transactionModel.params;
    expected = (t) => paretoNbdConditionalExpectedPurchases(p, t, customer);
  } else {
    throw bad(
      `transactionModel.model must be 'bg_nbd' or 'pareto_nbd'; received ${quoteValue((transactionModel as { model?: unknown })?.model)}`,
      'transactionModel',
    );
  }
  const spend = gammaGammaExpectedSpend(spendModel.params, customer);
  const month = MONTH_IN_UNIT[timeUnit];

  let purchases: number; // discounted expected purchases
  if (discounting === 'monthly') {
    purchases = 0;
    let prev = 0;
    for (let k = 1; k <= horizon; k++) {
      const cum = expected(k * month);
      purchases += (cum - prev) / Math.pow(1 + discountRate, k);
      prev = cum;
    }
  } else {
    // ∫₀ᴴ e^(−δτ) dY(τ) = e^(−δH) Y(H) + δ ∫₀ᴴ e^(−δτ) Y(τ) dτ (integration by parts; τ in months).
    const delta = Math.log1p(discountRate);
    const yH = expected(horizon * month);
    purchases =
      Math.exp(-delta * horizon) * yH +
      (delta === 0
        ? 0
        : delta * integrate((tau) => Math.exp(-delta * tau) * expected(tau * month), 0, horizon, { tolerance: 1e-12 }));
  }
  const value = new Dec(margin).times(new Dec(spend)).times(new Dec(purchases));
  return fromDecimal(value.toDecimalPlaces(currencyMinorUnits(currency), Dec.ROUND_HALF_EVEN), currency);
}
