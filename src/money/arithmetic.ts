/**
 * Arithmetic on Money: add, subtract, multiply, sum, compare, round, allocate, convert.
 *
 * @module
 */
import { parseIsoInstant } from '../core/dates.js';
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { currencyMinorUnits, type CurrencyCode } from './currencies.js';
import { Dec, decimalRounding, type RoundingMode } from './decimal.js';
import { assertMoneyShape, fromDecimal, moneyToDecimal, zeroMoney, type Money } from './money.js';
import { quoteValue, showValue } from '../_lib/show.js';

/**
 * Checks that both amounts share a currency. For modules that combine Money themselves.
 *
 * @throws CrmError `currency_mismatch` when the currencies differ.
 *
 * @example
 * ```ts
 * assertSameCurrency(money('1', 'USD'), money('2', 'USD'), 'myOperation'); // passes
 * assertSameCurrency(money('1', 'USD'), money('2', 'EUR'), 'myOperation'); // throws currency_mismatch
 * ```
 */
export function assertSameCurrency(a: Money, b: Money, operation: string): void {
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') {
    const which = a === null || typeof a !== 'object' ? 0 : 1;
    throw new CrmError('validation_failed', `${operation}: expected two Money values { amount, currency }`, {
      issues: [crmIssue.invalidType([which], 'Money { amount, currency }', which === 0 ? a : b)],
    });
  }
  if (a.currency !== b.currency) {
    throw new CrmError(
      'currency_mismatch',
      `${operation}: cannot combine ${showValue(a.currency)} and ${showValue(b.currency)}; convert one of them first with convertMoney and an explicit rate`,
      {
        issues: [
          {
            path: ['currency'],
            code: 'currency_mismatch',
            message: `Expected ${showValue(a.currency)}, received ${showValue(b.currency)}`,
          },
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
 * `a + b`, exact (up to 80 significant digits, `MONEY_MAX_DIGITS`).
 *
 * @throws CrmError `currency_mismatch` when the currencies differ (check with `a.currency === b.currency`,
 * or use a collection function that returns a `Result`); `validation_failed` for an amount that is not a
 * decimal string or an unknown currency.
 *
 * @example
 * ```ts
 * addMoney(money('0.10', 'USD'), money('0.20', 'USD')); //=> { amount: '0.30', currency: 'USD' }
 * ```
 */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'addMoney');
  return fromDecimal(moneyToDecimal(a).plus(moneyToDecimal(b)), a.currency);
}

/**
 * `a − b`, exact (up to 80 significant digits, `MONEY_MAX_DIGITS`).
 *
 * @throws CrmError `currency_mismatch` when the currencies differ; `validation_failed` for an amount that
 * is not a decimal string or an unknown currency.
 *
 * @example
 * ```ts
 * subtractMoney(money('10', 'EUR'), money('0.01', 'EUR')); //=> { amount: '9.99', currency: 'EUR' }
 * ```
 */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'subtractMoney');
  return fromDecimal(moneyToDecimal(a).minus(moneyToDecimal(b)), a.currency);
}

/**
 * `m × factor`. The factor is a decimal string, a number (read by its shortest decimal form, so
 * `0.1` means 0.1) or a bigint. Without `rounding` the product is exact (up to 80 significant digits;
 * it may carry more digits than the currency has); with a rounding mode it is rounded to the
 * currency's minor units.
 *
 * @throws CrmError `validation_failed` for a `NaN`, infinite or malformed factor (issue path
 * `['factor']`), an unknown rounding mode, an amount that is not a decimal string or an unknown currency.
 *
 * @example
 * ```ts
 * multiplyMoney(money('19.99', 'USD'), 3);                 //=> { amount: '59.97', currency: 'USD' }
 * multiplyMoney(money('10.00', 'USD'), '0.3333');           //=> { amount: '3.333', currency: 'USD' }
 * multiplyMoney(money('10.00', 'USD'), '0.3333', 'halfEven'); //=> { amount: '3.33', currency: 'USD' }
 * ```
 */
export function multiplyMoney(m: Money, factor: string | number | bigint, rounding?: RoundingMode): Money {
  assertMoneyShape(m, 'multiplyMoney');
  const product = moneyToDecimal(m).times(toFactor(factor, 'multiplyMoney: the factor', ['factor']));
  const result = fromDecimal(product, m.currency);
  return rounding === undefined ? result : roundMoney(result, rounding);
}

/**
 * Rounds to the currency's minor units (USD 2, JPY 0, KWD 3) with a named mode (default `halfEven`).
 *
 * @throws CrmError `validation_failed` for an unknown rounding mode, an unknown currency or an amount that
 * is not a decimal string.
 *
 * @example
 * ```ts
 * roundMoney(money('2.345', 'USD'));           //=> { amount: '2.34', currency: 'USD' }
 * roundMoney(money('2.345', 'USD'), 'halfUp'); //=> { amount: '2.35', currency: 'USD' }
 * ```
 */
export function roundMoney(m: Money, mode: RoundingMode = 'halfEven'): Money {
  assertMoneyShape(m, 'roundMoney');
  const digits = currencyMinorUnits(m.currency);
  return fromDecimal(moneyToDecimal(m).toDecimalPlaces(digits, decimalRounding(mode)), m.currency);
}

/**
 * The sum of a list of Money in `currency`; an empty list sums to zero.
 *
 * @throws CrmError `currency_mismatch` when an item is in another currency (its index is in the issue
 * path); `validation_failed` for an unknown currency, an item whose amount is not a decimal string, or a
 * list that is not an iterable of readable Money.
 *
 * @example
 * ```ts
 * sumMoney([money('1.10', 'USD'), money('2.20', 'USD')], 'USD'); //=> { amount: '3.30', currency: 'USD' }
 * sumMoney([], 'EUR');                                            //=> { amount: '0.00', currency: 'EUR' }
 * ```
 */
export function sumMoney(list: Iterable<Money>, currency: CurrencyCode): Money {
  const zero = zeroMoney(currency);
  if (!isIterable(list)) {
    throw new CrmError('validation_failed', `sumMoney: expected a list of Money; received ${quoteValue(list)}`, {
      issues: [crmIssue.invalidType([], 'an iterable of Money', list)],
    });
  }
  let total = new Dec(0);
  let index = 0;
  try {
    for (const m of list) {
      if (m === null || typeof m !== 'object') {
        throw new CrmError('validation_failed', `sumMoney: item ${index} is not Money`, {
          issues: [crmIssue.invalidType([index], 'Money { amount, currency }', m)],
        });
      }
      if (m.currency !== currency) {
        throw new CrmError(
          'currency_mismatch',
          `sumMoney: item ${index} is in ${showValue(m.currency)}, the sum is in ${currency}`,
          {
            issues: [
              {
                path: [index, 'currency'],
                code: 'currency_mismatch',
                message: `Expected ${currency}, received ${showValue(m.currency)}`,
              },
            ],
          },
        );
      }
      total = total.plus(moneyToDecimal(m));
      index++;
    }
  } catch (e) {
    if (e instanceof CrmError) throw e;
    // A getter or an iterator of the caller's that throws: the list is not readable Money.
    throw new CrmError('validation_failed', `sumMoney: item ${index} could not be read`, {
      issues: [crmIssue.invalidType([index], 'readable Money (reading it threw)', undefined)],
      cause: e,
    });
  }
  return fromDecimal(total, zero.currency);
}

function isIterable(v: unknown): v is Iterable<unknown> {
  try {
    return (
      v !== null && v !== undefined && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Compares two amounts of one currency: −1, 0 or 1 (usable as an `Array.prototype.sort` comparator).
 *
 * @throws CrmError `currency_mismatch` when the currencies differ; `validation_failed` for an amount that
 * is not a decimal string.
 *
 * @example
 * ```ts
 * compareMoney(money('1.00', 'USD'), money('1', 'USD')); //=> 0
 * [money('2', 'USD'), money('1', 'USD')].sort(compareMoney); // ascending
 * ```
 */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b, 'compareMoney');
  return moneyToDecimal(a).comparedTo(moneyToDecimal(b)) as -1 | 0 | 1;
}

/**
 * True when the amount is zero.
 *
 * @throws CrmError `validation_failed` when the amount is not a decimal string.
 *
 * @example
 * ```ts
 * isZeroMoney(money('0.00', 'USD')); //=> true
 * ```
 */
export function isZeroMoney(m: Money): boolean {
  assertMoneyShape(m, 'isZeroMoney');
  return moneyToDecimal(m).isZero();
}

/**
 * True when the amount is below zero.
 *
 * @throws CrmError `validation_failed` when the amount is not a decimal string.
 *
 * @example
 * ```ts
 * isNegativeMoney(money('-0.01', 'USD')); //=> true
 * ```
 */
export function isNegativeMoney(m: Money): boolean {
  assertMoneyShape(m, 'isNegativeMoney');
  return moneyToDecimal(m).isNegative() && !moneyToDecimal(m).isZero();
}

/**
 * `−m`.
 *
 * @throws CrmError `validation_failed` when the amount is not a decimal string or the currency is unknown.
 *
 * @example
 * ```ts
 * negateMoney(money('5', 'USD')); //=> { amount: '-5.00', currency: 'USD' }
 * ```
 */
export function negateMoney(m: Money): Money {
  assertMoneyShape(m, 'negateMoney');
  return fromDecimal(moneyToDecimal(m).negated(), m.currency);
}

/** A ratio's magnitude must lie within 10^±RATIO_MAX_EXPONENT (every finite JavaScript number does). */
const RATIO_MAX_EXPONENT = 330;

/** A non-negative decimal string rounded half-even to `digits` decimal places, as an integer count of minor units. */
function toMinorUnits(amount: string, digits: number): bigint {
  const text = amount.trim().replace(/^[+-]/, '');
  const dot = text.indexOf('.');
  const intPart = (dot < 0 ? text : text.slice(0, dot)) || '0';
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  const kept = frac.slice(0, digits).padEnd(digits, '0');
  const rest = frac.slice(digits);
  let units = BigInt(intPart + kept);
  const first = rest.charCodeAt(0) - 48; // NaN when there is no rest
  if (first > 5 || (first === 5 && (/[1-9]/.test(rest.slice(1)) || units % 2n === 1n))) units += 1n;
  return units;
}

/** The canonical decimal string of `units` minor units with `digits` decimal places, negated when `negative`. */
function unitsToAmount(units: bigint, digits: number, negative: boolean): string {
  const abs = units.toString().padStart(digits + 1, '0');
  const text = digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
  return negative && units !== 0n ? `-${text}` : text;
}

/**
 * Splits `m` into parts proportional to `ratios` (non-negative numbers or decimal strings, not all
 * zero), in the currency's minor units, so that the parts always sum exactly to the whole.
 * Each part first gets the floor of its exact share; the minor units left over go one each to the
 * parts with the largest fractional remainders (largest-remainder/Hamilton method), ties to the
 * earlier index — deterministic. A negative amount is split as its absolute value, then negated.
 * The whole is first rounded half-even to minor units if it carries more digits. The shares are
 * computed in exact integer arithmetic, so the parts add up whatever the size of the amount.
 *
 * @throws CrmError `validation_failed` when `ratios` is not a non-empty array, a ratio is negative,
 * not a finite decimal (issue path `['ratios', i]`) or of a magnitude beyond 10^±330, or the
 * ratios sum to zero; for an amount that is not a decimal string or an unknown currency. These are
 * calls a type-correct program does not make: validate untrusted ratios before calling.
 *
 * @example
 * ```ts
 * allocateMoney(money('100.00', 'USD'), [1, 1, 1]).map((m) => m.amount); //=> ['33.34', '33.33', '33.33']
 * allocateMoney(money('5', 'JPY'), [70, 30]).map((m) => m.amount);       //=> ['4', '1']
 * ```
 */
export function allocateMoney(m: Money, ratios: readonly (number | string)[]): readonly Money[] {
  assertMoneyShape(m, 'allocateMoney');
  if (!Array.isArray(ratios) || ratios.length === 0) {
    throw new CrmError('validation_failed', 'allocateMoney: at least one ratio is required', {
      issues: [
        Array.isArray(ratios)
          ? { path: ['ratios'], code: 'too_small', message: 'Expected at least one ratio' }
          : {
              path: ['ratios'],
              code: 'invalid_type',
              message: `Expected an array of ratios; received ${quoteValue(ratios)}`,
            },
      ],
    });
  }
  const weights: Dec[] = [];
  let scale = 0;
  for (let i = 0; i < ratios.length; i++) {
    const r = ratios[i] as number | string;
    const d = toFactor(r, `allocateMoney: ratio ${i}`, ['ratios', i]);
    if (d.isNegative() && !d.isZero()) {
      throw new CrmError(
        'validation_failed',
        `allocateMoney: ratio ${i} is negative (${quoteValue(r)}); ratios must be ≥ 0`,
        { issues: [{ path: ['ratios', i], code: 'too_small', message: 'Ratio must be ≥ 0' }] },
      );
    }
    if (!d.isZero() && (d.e > RATIO_MAX_EXPONENT || d.e < -RATIO_MAX_EXPONENT || d.sd() > 80)) {
      throw new CrmError(
        'validation_failed',
        `allocateMoney: ratio ${i} (${quoteValue(r)}) is beyond the supported range (at most 80 significant digits, magnitude within 1e±${RATIO_MAX_EXPONENT})`,
        { issues: [{ path: ['ratios', i], code: 'too_big', message: 'Ratio out of the supported range' }] },
      );
    }
    weights.push(d);
    scale = Math.max(scale, d.decimalPlaces());
  }
  // Ratios as integers on one scale: shares are then exact integer quotients and remainders.
  const factor = new Dec(10).pow(scale);
  const w = weights.map((d) => BigInt(d.times(factor).toFixed(0)));
  const totalWeight = w.reduce((s, x) => s + x, 0n);
  if (totalWeight === 0n) {
    throw new CrmError('validation_failed', 'allocateMoney: the ratios sum to zero; at least one must be positive', {
      issues: [{ path: ['ratios'], code: 'too_small', message: 'Ratios sum to zero' }],
    });
  }
  const digits = currencyMinorUnits(m.currency);
  const amount = moneyToDecimal(m); // validates the amount
  const negative = amount.isNegative();
  const units = toMinorUnits(m.amount, digits);
  const parts = new Array<bigint>(w.length);
  const remainders = new Array<bigint>(w.length);
  let given = 0n;
  for (let i = 0; i < w.length; i++) {
    const share = units * w[i]!;
    parts[i] = share / totalWeight;
    remainders[i] = share % totalWeight;
    given += parts[i]!;
  }
  const order = parts.map((_, i) => i);
  order.sort((a, b) => (remainders[a]! > remainders[b]! ? -1 : remainders[a]! < remainders[b]! ? 1 : a - b));
  for (let k = 0, left = units - given; left > 0n; k++, left--) parts[order[k]!]! += 1n;
  return Object.freeze(parts.map((p) => fromDecimal(new Dec(unitsToAmount(p, digits, negative)), m.currency)));
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
 * (half-even unless another mode is named).
 *
 * @throws CrmError `currency_mismatch` when `m` is not in `rate.from`; `validation_failed` for a
 * non-positive or non-finite rate (`['rate', 'rate']`), a missing or invalid date (`['rate', 'asOf']`),
 * an unknown currency or rounding mode.
 *
 * @example
 * ```ts
 * convertMoney(money('100.00', 'EUR'), { from: 'EUR', to: 'USD', rate: '1.0842', asOf: '2026-01-02' });
 * //=> { amount: '108.42', currency: 'USD' }
 * ```
 */
export function convertMoney(m: Money, rate: ExchangeRate, rounding: RoundingMode = 'halfEven'): Money {
  assertMoneyShape(m, 'convertMoney');
  const amount = moneyToDecimal(m); // validates m
  if (rate === null || typeof rate !== 'object') {
    throw new CrmError('validation_failed', 'convertMoney: the rate must be { from, to, rate, asOf }', {
      issues: [crmIssue.invalidType(['rate'], 'an exchange rate { from, to, rate, asOf }', rate)],
    });
  }
  if (m.currency !== rate.from) {
    throw new CrmError(
      'currency_mismatch',
      `convertMoney: the amount is in ${showValue(m.currency)} but the rate converts from ${showValue(rate.from)}`,
      {
        issues: [
          {
            path: ['rate', 'from'],
            code: 'currency_mismatch',
            message: `Expected ${showValue(m.currency)}, received ${showValue(rate.from)}`,
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
  return roundMoney(fromDecimal(amount.times(r), rate.to), rounding);
}
