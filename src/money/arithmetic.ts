/**
 * Arithmetic on Money: add, subtract, multiply, sum, compare, round, allocate, convert.
 *
 * @module
 */
import { parseIsoInstant } from '../core/dates.js';
import { CrmError } from '../core/errors.js';
import { currencyMinorUnits, type CurrencyCode } from './currencies.js';
import { Dec, decimalRounding, type RoundingMode } from './decimal.js';
import { fromDecimal, moneyToDecimal, zeroMoney, type Money } from './money.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Throws `CrmError` `currency_mismatch` unless both amounts share a currency. For modules that
 * combine Money themselves.
 *
 * @example
 * ```ts
 * assertSameCurrency(money('1', 'USD'), money('2', 'USD'), 'myOperation'); // passes
 * assertSameCurrency(money('1', 'USD'), money('2', 'EUR'), 'myOperation'); // throws currency_mismatch
 * ```
 */
export function assertSameCurrency(a: Money, b: Money, operation: string): void {
  if (a.currency !== b.currency) {
    throw new CrmError(
      'currency_mismatch',
      `${operation}: cannot combine ${a.currency} and ${b.currency}; convert one of them first with convertMoney and an explicit rate`,
      {
        issues: [
          { path: ['currency'], code: 'currency_mismatch', message: `Expected ${a.currency}, received ${b.currency}` },
        ],
      },
    );
  }
}

/**
 * Reads a factor, ratio or rate as an exact decimal: a decimal string (exponents allowed), a finite
 * number (by its shortest decimal form) or a bigint. Throws `validation_failed` at `path` otherwise.
 */
function toFactor(factor: string | number | bigint, what: string, path: readonly (string | number)[]): Dec {
  const refuse = (detail: string, cause?: unknown): CrmError =>
    new CrmError('validation_failed', `${what} ${detail}; expected a finite decimal string, number or bigint`, {
      issues: [
        {
          path: [...path],
          code: 'invalid_number',
          message: `Expected a finite decimal number; received ${quoteValue(factor)}`,
        },
      ],
      cause,
    });
  if (typeof factor !== 'string' && typeof factor !== 'number' && typeof factor !== 'bigint')
    throw refuse(`has type ${factor === null ? 'null' : typeof factor}`);
  if (typeof factor === 'number' && !Number.isFinite(factor)) throw refuse(`must be finite; received ${factor}`);
  let d: Dec;
  try {
    d = new Dec(typeof factor === 'bigint' ? factor.toString() : typeof factor === 'string' ? factor.trim() : factor);
  } catch (cause) {
    throw refuse(`${quoteValue(factor)} is not a number`, cause);
  }
  if (!d.isFinite()) throw refuse(`must be finite; received ${quoteValue(factor)}`);
  return d;
}

/**
 * `a + b`, exact. Throws `currency_mismatch` when the currencies differ.
 *
 * @example
 * ```ts
 * addMoney(money('0.10', 'USD'), money('0.20', 'USD')); //=> { amount: '0.30', currency: 'USD' }
 * ```
 */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'addMoney');
  return fromDecimal(moneyToDecimal(a).plus(b.amount), a.currency);
}

/**
 * `a − b`, exact. Throws `currency_mismatch` when the currencies differ.
 *
 * @example
 * ```ts
 * subtractMoney(money('10', 'EUR'), money('0.01', 'EUR')); //=> { amount: '9.99', currency: 'EUR' }
 * ```
 */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'subtractMoney');
  return fromDecimal(moneyToDecimal(a).minus(b.amount), a.currency);
}

/**
 * `m × factor`. The factor is a decimal string, a number (read by its shortest decimal form, so
 * `0.1` means 0.1) or a bigint; `NaN`, `Infinity` and malformed strings throw `validation_failed`
 * (issue path `['factor']`). Without `rounding` the product is exact (up to 80 significant digits;
 * it may carry more digits than the currency has); with a rounding mode it is rounded to the
 * currency's minor units.
 *
 * @example
 * ```ts
 * multiplyMoney(money('19.99', 'USD'), 3);                 //=> { amount: '59.97', currency: 'USD' }
 * multiplyMoney(money('10.00', 'USD'), '0.3333');           //=> { amount: '3.333', currency: 'USD' }
 * multiplyMoney(money('10.00', 'USD'), '0.3333', 'halfEven'); //=> { amount: '3.33', currency: 'USD' }
 * ```
 */
export function multiplyMoney(m: Money, factor: string | number | bigint, rounding?: RoundingMode): Money {
  const product = moneyToDecimal(m).times(toFactor(factor, 'multiplyMoney: the factor', ['factor']));
  const result = fromDecimal(product, m.currency);
  return rounding === undefined ? result : roundMoney(result, rounding);
}

/**
 * Rounds to the currency's minor units (USD 2, JPY 0, KWD 3) with a named mode (default `halfEven`).
 *
 * @example
 * ```ts
 * roundMoney(money('2.345', 'USD'));           //=> { amount: '2.34', currency: 'USD' }
 * roundMoney(money('2.345', 'USD'), 'halfUp'); //=> { amount: '2.35', currency: 'USD' }
 * ```
 */
export function roundMoney(m: Money, mode: RoundingMode = 'halfEven'): Money {
  const digits = currencyMinorUnits(m.currency);
  return fromDecimal(moneyToDecimal(m).toDecimalPlaces(digits, decimalRounding(mode)), m.currency);
}

/**
 * The sum of a list of Money in `currency`; an empty list sums to zero. Throws `currency_mismatch`
 * when an item is in another currency (its index is in the issue path).
 *
 * @example
 * ```ts
 * sumMoney([money('1.10', 'USD'), money('2.20', 'USD')], 'USD'); //=> { amount: '3.30', currency: 'USD' }
 * sumMoney([], 'EUR');                                            //=> { amount: '0.00', currency: 'EUR' }
 * ```
 */
export function sumMoney(list: Iterable<Money>, currency: CurrencyCode): Money {
  const zero = zeroMoney(currency);
  let total = new Dec(0);
  let index = 0;
  for (const m of list) {
    if (m.currency !== currency) {
      throw new CrmError(
        'currency_mismatch',
        `sumMoney: item ${index} is in ${m.currency}, the sum is in ${currency}`,
        {
          issues: [
            {
              path: [index, 'currency'],
              code: 'currency_mismatch',
              message: `Expected ${currency}, received ${m.currency}`,
            },
          ],
        },
      );
    }
    total = total.plus(m.amount);
    index++;
  }
  return fromDecimal(total, zero.currency);
}

/**
 * Compares two amounts of one currency: −1, 0 or 1 (usable as an `Array.prototype.sort` comparator).
 *
 * @example
 * ```ts
 * compareMoney(money('1.00', 'USD'), money('1', 'USD')); //=> 0
 * [money('2', 'USD'), money('1', 'USD')].sort(compareMoney); // ascending
 * ```
 */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b, 'compareMoney');
  return moneyToDecimal(a).comparedTo(b.amount) as -1 | 0 | 1;
}

/**
 * True when the amount is zero.
 *
 * @example
 * ```ts
 * isZeroMoney(money('0.00', 'USD')); //=> true
 * ```
 */
export function isZeroMoney(m: Money): boolean {
  return moneyToDecimal(m).isZero();
}

/**
 * True when the amount is below zero.
 *
 * @example
 * ```ts
 * isNegativeMoney(money('-0.01', 'USD')); //=> true
 * ```
 */
export function isNegativeMoney(m: Money): boolean {
  return moneyToDecimal(m).isNegative() && !moneyToDecimal(m).isZero();
}

/**
 * `−m`.
 *
 * @example
 * ```ts
 * negateMoney(money('5', 'USD')); //=> { amount: '-5.00', currency: 'USD' }
 * ```
 */
export function negateMoney(m: Money): Money {
  return fromDecimal(moneyToDecimal(m).negated(), m.currency);
}

/**
 * Splits `m` into parts proportional to `ratios` (non-negative numbers or decimal strings, not all
 * zero), in the currency's minor units, so that the parts always sum exactly to the whole.
 * Each part first gets the floor of its exact share; the minor units left over go one each to the
 * parts with the largest fractional remainders (largest-remainder/Hamilton method), ties to the
 * earlier index — deterministic. A negative amount is split as its absolute value, then negated.
 * The whole is first rounded half-even to minor units if it carries more digits.
 *
 * @example
 * ```ts
 * allocateMoney(money('100.00', 'USD'), [1, 1, 1]).map((m) => m.amount); //=> ['33.34', '33.33', '33.33']
 * allocateMoney(money('5', 'JPY'), [70, 30]).map((m) => m.amount);       //=> ['4', '1']
 * ```
 */
export function allocateMoney(m: Money, ratios: readonly (number | string)[]): readonly Money[] {
  if (ratios.length === 0) {
    throw new CrmError('validation_failed', 'allocateMoney: at least one ratio is required', {
      issues: [{ path: ['ratios'], code: 'too_small', message: 'Expected at least one ratio' }],
    });
  }
  const weights = ratios.map((r, i) => {
    const d = toFactor(r, `allocateMoney: ratio ${i}`, ['ratios', i]);
    if (d.isNegative() && !d.isZero()) {
      throw new CrmError(
        'validation_failed',
        `allocateMoney: ratio ${i} is negative (${quoteValue(r)}); ratios must be ≥ 0`,
        { issues: [{ path: ['ratios', i], code: 'too_small', message: 'Ratio must be ≥ 0' }] },
      );
    }
    return d;
  });
  const totalWeight = weights.reduce((s, w) => s.plus(w), new Dec(0));
  if (totalWeight.isZero()) {
    throw new CrmError('validation_failed', 'allocateMoney: the ratios sum to zero; at least one must be positive', {
      issues: [{ path: ['ratios'], code: 'too_small', message: 'Ratios sum to zero' }],
    });
  }
  const digits = currencyMinorUnits(m.currency);
  const scale = new Dec(10).pow(digits);
  const whole = moneyToDecimal(m).toDecimalPlaces(digits, Dec.ROUND_HALF_EVEN);
  const sign = whole.isNegative() ? -1 : 1;
  const units = whole.abs().times(scale); // an integer number of minor units
  const exact = weights.map((w) => units.times(w).div(totalWeight));
  const floors = exact.map((e) => e.floor());
  let remaining = units.minus(floors.reduce((s, f) => s.plus(f), new Dec(0))).toNumber();
  const order = exact
    .map((e, i) => ({ i, frac: e.minus(floors[i]!) }))
    .sort((x, y) => y.frac.comparedTo(x.frac) || x.i - y.i);
  const parts = [...floors];
  for (const { i } of order) {
    if (remaining <= 0) break;
    parts[i] = parts[i]!.plus(1);
    remaining--;
  }
  return Object.freeze(parts.map((p) => fromDecimal(p.div(scale).times(sign), m.currency)));
}

/**
 * An exchange rate with its date: one unit of `from` buys `rate` units of `to` as of `asOf`.
 * The rate is a decimal string (or a number read by its shortest decimal form).
 *
 * @example
 * ```ts
 * const eurUsd: ExchangeRate = { from: 'EUR', to: 'USD', rate: '1.0842', asOf: '2026-01-02' };
 * ```
 */
export interface ExchangeRate {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  readonly rate: string | number;
  /** When the rate was quoted (a Date or an ISO 8601 string). Required: crmkit never guesses a rate's date. */
  readonly asOf: Date | string;
}

/**
 * Converts `m` with an explicit, dated rate, rounding to the target currency's minor units
 * (half-even unless another mode is named). Throws `currency_mismatch` when `m` is not in
 * `rate.from`, and `validation_failed` for a non-positive rate or a missing date.
 *
 * @example
 * ```ts
 * convertMoney(money('100.00', 'EUR'), { from: 'EUR', to: 'USD', rate: '1.0842', asOf: '2026-01-02' });
 * //=> { amount: '108.42', currency: 'USD' }
 * ```
 */
export function convertMoney(m: Money, rate: ExchangeRate, rounding: RoundingMode = 'halfEven'): Money {
  if (m.currency !== rate.from) {
    throw new CrmError(
      'currency_mismatch',
      `convertMoney: the amount is in ${m.currency} but the rate converts from ${rate.from}`,
      {
        issues: [
          {
            path: ['rate', 'from'],
            code: 'currency_mismatch',
            message: `Expected ${m.currency}, received ${rate.from}`,
          },
        ],
      },
    );
  }
  const asOf =
    rate.asOf instanceof Date
      ? rate.asOf.getTime()
      : typeof rate.asOf === 'string'
        ? parseIsoInstant(rate.asOf)
        : Number.NaN;
  if (!Number.isFinite(asOf)) {
    throw new CrmError('validation_failed', 'convertMoney: the rate needs a valid `asOf` date', {
      issues: [{ path: ['rate', 'asOf'], code: 'invalid_date', message: 'Expected a valid date' }],
    });
  }
  const r = toFactor(rate.rate, 'convertMoney: the rate', ['rate', 'rate']);
  if (!r.isPositive() || r.isZero()) {
    throw new CrmError('validation_failed', `convertMoney: the rate must be > 0; received ${quoteValue(rate.rate)}`, {
      issues: [{ path: ['rate', 'rate'], code: 'too_small', message: 'Rate must be > 0' }],
    });
  }
  currencyMinorUnits(rate.to);
  return roundMoney(fromDecimal(moneyToDecimal(m).times(r), rate.to), rounding);
}
