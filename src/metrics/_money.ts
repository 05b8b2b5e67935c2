/**
 * Private Money helpers for metrics: validation into issues, Dec conversion, rounding, and the
 * conversion of an exact ratio to a finite number.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { currencyMinorUnits, type CurrencyCode } from '../money/currencies.js';
import { Dec, decimalRounding } from '../money/decimal.js';
import { fromDecimal, isMoney, type Money } from '../money/money.js';
import { quoteValue } from '../_lib/show.js';
import { issue } from './_checks.js';

/** Issue unless `m` is Money (in `currency`, when given; non-negative when asked). */
export function moneyIssue(
  m: unknown,
  path: readonly PathSegment[],
  currency: string | null,
  nonNegative: boolean,
): CrmIssue | null {
  if (!isMoney(m))
    return issue(
      path,
      `must be Money { amount: decimal string, currency: ISO 4217 code }; received ${quoteValue(m)}`,
      'invalid_money',
    );
  if (currency !== null && m.currency !== currency)
    return issue(
      [...path, 'currency'],
      `currency ${m.currency} does not match ${currency}; every amount must be in one currency`,
      'currency_mismatch',
    );
  if (nonNegative && new Dec(m.amount).isNegative() && !new Dec(m.amount).isZero())
    return issue([...path, 'amount'], `must be ≥ 0; received ${m.amount}`);
  return null;
}

/** Reads a rate given as a number or decimal string into Dec (numbers by their shortest decimal form). */
export function decOf(x: number | string): Dec {
  return new Dec(typeof x === 'number' ? String(x) : x);
}

/** True for a finite number or a decimal string. */
export function isDecimalLike(x: unknown): x is number | string {
  if (typeof x === 'number') return Number.isFinite(x);
  if (typeof x !== 'string') return false;
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(x.trim());
}

/** Issue unless `x` is a number or decimal string in [min, max] (`(min, max]` when asked). */
export function fractionIssue(
  x: unknown,
  path: readonly PathSegment[],
  min: number,
  max: number,
  exclusiveMin = false,
): CrmIssue | null {
  const range = `${exclusiveMin ? '(' : '['}${min}, ${max}]`;
  if (!isDecimalLike(x))
    return issue(
      path,
      `must be a finite number or decimal string in ${range}; received ${quoteValue(x)}`,
      'invalid_number',
    );
  const d = decOf(x);
  if ((exclusiveMin ? d.lessThanOrEqualTo(min) : d.lessThan(min)) || d.greaterThan(max))
    return issue(path, `must be in ${range}; received ${quoteValue(x)}`);
  return null;
}

/** An exact amount rounded half-even to the currency's minor units. */
export function round(d: Dec, currency: CurrencyCode): Money {
  return fromDecimal(d.toDecimalPlaces(currencyMinorUnits(currency), decimalRounding('halfEven')), currency);
}

/**
 * An exact decimal as a plain number, or the `too_big` issue at `path` when it lies beyond the range
 * of a double (about ±1.8e308) — a result never holds `Infinity`. Values too small for a double
 * become 0 (or the nearest subnormal), as any conversion does.
 */
export function finiteNumber(d: Dec, path: readonly PathSegment[], what: string): number | CrmIssue {
  const x = d.toNumber();
  if (Number.isFinite(x)) return x;
  return issue(
    path,
    `${what} is ${d.toSignificantDigits(6).toString()}, beyond the range of a number (±1.8e308)`,
    'too_big',
  );
}

export type { Money };
