/**
 * Private: compounding a per-period rate, shared by `annualizeRate` and `periodRate`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { invalid, isIssue, issue, optionsIssue, rangeIssue } from './_checks.js';
import type { CompoundingOptions } from './annualizeRate.js';

function compound(rate: number, k: number, basis: 'loss' | 'growth'): number {
  // expm1/log1p keep precision for small rates.
  if (basis === 'loss') return rate === 1 ? 1 : -Math.expm1(k * Math.log1p(-rate));
  return Math.expm1(k * Math.log1p(rate));
}

function compoundingIssue(
  rate: unknown,
  periodsPerYear: unknown,
  options: unknown,
  what: string,
): CrmIssue | 'loss' | 'growth' {
  const keys = optionsIssue(options, ['basis']);
  if (keys !== null) return keys;
  const basis = (options as CompoundingOptions | null | undefined)?.basis ?? 'loss';
  if (basis !== 'loss' && basis !== 'growth')
    return issue(['options', 'basis'], `must be 'loss' or 'growth'; received ${quoteValue(basis)}`);
  const r = basis === 'loss' ? rangeIssue(rate, 0, 1, [what]) : rangeIssue(rate, -1, Number.MAX_VALUE, [what], true);
  if (r !== null) return r;
  return rangeIssue(periodsPerYear, 0, Number.MAX_VALUE, ['periodsPerYear'], true) ?? basis;
}

/** @internal The compounded rate (exponent `periodsPerYear`, or its inverse), checked to be finite. */
export function compoundRate(
  name: string,
  rate: number,
  periodsPerYear: number,
  options: unknown,
  what: 'rate' | 'annualRate',
): Result<number> {
  const b = compoundingIssue(rate, periodsPerYear, options, what);
  if (isIssue(b)) return invalid(name, [b]);
  const v = compound(rate, what === 'rate' ? periodsPerYear : 1 / periodsPerYear, b);
  return Number.isFinite(v)
    ? ok(v)
    : invalid(name, [
        issue(
          [what],
          `the compounded rate overflows (beyond ±1.8e308) for ${what} ${rate} and periodsPerYear ${periodsPerYear}`,
          'too_big',
        ),
      ]);
}
