/**
 * Private Money helpers for metrics: validation into issues, and Dec conversion.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { Dec } from '../money/decimal.js';
import { isMoney, type Money } from '../money/money.js';
import { issue } from './_shared.js';

/** Issue unless `m` is Money (in `currency`, when given; non-negative when asked). */
export function moneyIssue(
  m: unknown,
  path: readonly PathSegment[],
  currency: string | null,
  nonNegative: boolean,
): CrmIssue | null {
  if (!isMoney(m))
    return issue(path, 'must be Money { amount: decimal string, currency: ISO 4217 code }', 'invalid_money');
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

export function isDecimalLike(x: unknown): x is number | string {
  if (typeof x === 'number') return Number.isFinite(x);
  if (typeof x !== 'string') return false;
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(x.trim());
}

export type { Money };
