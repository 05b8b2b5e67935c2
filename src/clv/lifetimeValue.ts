/**
 * Expected customer lifetime value of one customer: a transaction model (BG/NBD or Pareto/NBD) times a
 * spend model (Gamma-Gamma), discounted, as exact Money.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import type { CurrencyCode } from '../money/currencies.js';
import { currencyMinorUnits, isCurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { quoteValue } from '../_lib/show.js';
import { customerIssues } from './rows.js';
import {
  discountedFactor,
  isTimeUnit,
  MAX_HORIZON_MONTHS,
  MONTH_IN_UNIT,
  type DiscountConvention,
} from './discount.js';
import { gammaGammaSpend } from './gammaGamma.js';
import {
  spendModelIssues,
  transactionKernel,
  transactionModelIssues,
  type SpendModel,
  type TransactionModel,
} from './models.js';
import type { RfmTimeUnit } from './rfm.js';

/**
 * Input of {@link expectedLifetimeValue}.
 *
 * @example
 * ```ts
 * const input: ExpectedLifetimeValueInput = {
 *   transactionModel: { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
 *   spendModel: { params: { p: 6.25, q: 3.74, v: 15.44 } },
 *   customer: { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
 *   horizon: 12, discountRate: 0.01, timeUnit: 'week', currency: 'USD',
 * };
 * ```
 */
export interface ExpectedLifetimeValueInput {
  readonly transactionModel: TransactionModel;
  readonly spendModel: SpendModel;
  /** The customer's summary, in the same time unit as the models were fitted. */
  readonly customer: {
    readonly frequency: number;
    readonly recency: number;
    readonly T: number;
    readonly monetaryValue: number;
  };
  /**
   * Horizon in months: a positive integer for `'monthly'`, any positive number for `'continuous'`; at most
   * {@link MAX_HORIZON_MONTHS} (1,200: 100 years).
   */
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

/**
 * The input of {@link expectedLifetimeValue}.
 *
 * @deprecated Use ExpectedLifetimeValueInput. (crmkit/metrics exports a different `LifetimeValueInput`.)
 * @example
 * ```ts
 * const input: LifetimeValueInput = {
 *   transactionModel: { model: 'pareto_nbd', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } },
 *   spendModel: { params: { p: 6.25, q: 3.74, v: 15.44 } },
 *   customer: { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
 *   horizon: 12, discountRate: 0.01, timeUnit: 'week', currency: 'USD',
 * };
 * ```
 */
export type LifetimeValueInput = ExpectedLifetimeValueInput;

/** The settings shared by the per-customer and the batch lifetime values, checked. */
export interface LifetimeSettings {
  readonly horizon: number;
  readonly discountRate: number;
  readonly month: number;
  readonly margin: number;
  readonly discounting: DiscountConvention;
}

/**
 * Checks horizon, discountRate, timeUnit, margin and discounting (paths under `path`), pushing issues.
 * Returns the settings when all are fine.
 */
export function checkLifetimeSettings(
  o: Record<string, unknown>,
  issues: CrmIssue[],
  path: readonly (string | number)[],
): LifetimeSettings | undefined {
  const { horizon, discountRate, timeUnit } = o;
  const margin = o['margin'] ?? 1;
  const discounting = o['discounting'] ?? 'monthly';
  const before = issues.length;
  if (!isTimeUnit(timeUnit))
    issues.push(
      crmIssue.invalidValue([...path, 'timeUnit'], "timeUnit must be 'day', 'week' or 'month'", timeUnit, [
        'day',
        'week',
        'month',
      ]),
    );
  if (!(typeof discountRate === 'number' && Number.isFinite(discountRate) && discountRate >= 0))
    issues.push(
      crmIssue.of(
        'invalid_number',
        [...path, 'discountRate'],
        `discountRate must be a finite number ≥ 0; received ${quoteValue(discountRate)}`,
      ),
    );
  if (!(typeof margin === 'number' && margin >= 0 && margin <= 1))
    issues.push(
      crmIssue.of('invalid_number', [...path, 'margin'], `margin must be in [0, 1]; received ${quoteValue(margin)}`),
    );
  if (discounting !== 'monthly' && discounting !== 'continuous')
    issues.push(
      crmIssue.invalidValue([...path, 'discounting'], "discounting must be 'monthly' or 'continuous'", discounting, [
        'monthly',
        'continuous',
      ]),
    );
  if (
    !(typeof horizon === 'number' && Number.isFinite(horizon) && horizon > 0) ||
    (discounting === 'monthly' && !Number.isInteger(horizon))
  ) {
    issues.push(
      crmIssue.of(
        'invalid_number',
        [...path, 'horizon'],
        `horizon must be a positive ${discounting === 'monthly' ? 'integer ' : ''}number of months; received ${quoteValue(horizon)}`,
      ),
    );
  } else if (horizon > MAX_HORIZON_MONTHS) {
    issues.push(crmIssue.tooBig([...path, 'horizon'], 'horizon', MAX_HORIZON_MONTHS, true, horizon));
  }
  if (issues.length > before) return undefined;
  return {
    horizon: horizon as number,
    discountRate: discountRate as number,
    month: MONTH_IN_UNIT[timeUnit as RfmTimeUnit],
    margin: margin as number,
    discounting: discounting as DiscountConvention,
  };
}

const INPUT_KEYS = [
  'transactionModel',
  'spendModel',
  'customer',
  'horizon',
  'discountRate',
  'timeUnit',
  'margin',
  'currency',
  'discounting',
] as const;

/** Exact Money of margin × spend × purchases (decimal products of the binary64 factors), half-even to minor units. */
export function lifetimeMoney(
  margin: number,
  spend: number,
  purchases: number,
  currency: CurrencyCode,
  minorUnits: number,
): Money {
  const value = new Dec(margin).times(new Dec(spend)).times(new Dec(purchases));
  return fromDecimal(value.toDecimalPlaces(minorUnits, Dec.ROUND_HALF_EVEN), currency);
}

/**
 * Expected (discounted) lifetime value of one customer over `horizon` months: margin × expected
 * spend per purchase (Gamma-Gamma, `gammaGammaExpectedSpend`) × discounted expected purchases
 * (BG/NBD or Pareto/NBD conditional expectation), following Fader, Hardie & Lee (2005) "RFM and CLV".
 * See {@link DiscountConvention} for the two conventions. The result is Money: the exact decimal product
 * of the three binary64 factors (margin, spend, discounted purchases), rounded half-even to the currency's
 * minor units once, at the end (the amount goes through decimal.js, never through a float-formatted string).
 * The same kernels as `lifetimeValues` / `lifetimeValuesAsMoney`, which give the same amounts.
 *
 * A customer whose repeat purchases are all worth 0 (left out of `fitGammaGamma`) is valued with the
 * spend `gammaGammaExpectedSpend` documents for her; nothing throws for her.
 *
 * @throws `validation_failed` for an unknown key in `input`, an unknown model, bad parameters (q ≤ 1), a
 * bad customer, a negative rate, a margin outside [0, 1], a horizon that is not positive or above
 * {@link MAX_HORIZON_MONTHS} (`too_big`), an unknown time unit or currency, or parameters at which the
 * value overflows (`too_big`); `not_converged` when a series does not converge.
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
export function expectedLifetimeValue(input: ExpectedLifetimeValueInput): Money {
  const fn = 'expectedLifetimeValue';
  if (typeof input !== 'object' || input === null) {
    throw invalidInput(fn, [
      crmIssue.invalidType(
        [],
        'an object { transactionModel, spendModel, customer, horizon, discountRate, timeUnit, currency }',
        input,
      ),
    ]);
  }
  const o = input as unknown as Record<string, unknown>;
  const issues: CrmIssue[] = [...checkOptionKeys(o, INPUT_KEYS)];
  issues.push(...transactionModelIssues(o['transactionModel']), ...spendModelIssues(o['spendModel']));
  issues.push(...customerIssues(o['customer']));
  const customer = o['customer'] as ExpectedLifetimeValueInput['customer'];
  if (issues.length === 0) {
    const m: unknown = customer.monetaryValue;
    if (!(typeof m === 'number' && Number.isFinite(m) && m >= 0))
      issues.push(
        crmIssue.of(
          'invalid_number',
          ['customer', 'monetaryValue'],
          `customer: monetaryValue must be a finite number ≥ 0; received ${quoteValue(m)}`,
        ),
      );
  }
  const settings = checkLifetimeSettings(o, issues, []);
  const currency = o['currency'];
  if (!isCurrencyCode(currency))
    issues.push(
      crmIssue.of(
        'invalid_currency',
        ['currency'],
        `currency must be an ISO 4217 code; received ${quoteValue(currency)}`,
      ),
    );
  if (issues.length > 0 || settings === undefined) throw invalidInput(fn, issues);

  const kernel = transactionKernel(input.transactionModel);
  const { frequency: x, recency: tx, T, monetaryValue } = customer;
  const { p, q, v } = input.spendModel.params;
  const spend = gammaGammaSpend(p, q, v, x, monetaryValue);
  const alive = kernel.alive(x, tx, T);
  const factor = discountedFactor(
    (t) => kernel.factor(x, T, t),
    settings.horizon,
    settings.month,
    settings.discountRate,
    settings.discounting,
  );
  if (Number.isNaN(alive) || Number.isNaN(factor))
    throw new CrmError(
      'not_converged',
      `${fn}: a series of the transaction model did not converge at these parameters`,
    );
  const purchases = factor * alive;
  if (!Number.isFinite(purchases) || !Number.isFinite(spend) || !Number.isFinite(settings.margin * spend * purchases))
    throw invalidInput(fn, [
      crmIssue.of(
        'too_big',
        ['transactionModel', 'params'],
        'the lifetime value overflows binary64 at these parameters',
      ),
    ]);
  return lifetimeMoney(
    settings.margin,
    spend,
    purchases,
    currency as CurrencyCode,
    currencyMinorUnits(currency as CurrencyCode),
  );
}
