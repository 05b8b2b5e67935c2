/**
 * CAC payback: periods of margin needed to recover the acquisition cost.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import type { Money } from '../money/money.js';
import { invalid, isIssue, issue } from './_checks.js';
import { decOf, finiteNumber, fractionIssue, moneyIssue } from './_money.js';
import { guarded } from './_guard.js';

/**
 * Input of {@link cacPaybackPeriods}.
 *
 * @example
 * ```ts
 * const i: CacPaybackInput = { cac: money('1200', 'USD'), arpu: money('100', 'USD'), grossMargin: 0.8 };
 * ```
 */
export interface CacPaybackInput {
  readonly cac: Money;
  readonly arpu: Money;
  /** Gross margin in [0, 1] (a number or decimal string). */
  readonly grossMargin: number | string;
}

/**
 * The result of {@link cacPaybackPeriods}.
 *
 * @example
 * ```ts
 * const r: CacPaybackResult = { periods: 15 };
 * ```
 */
export interface CacPaybackResult {
  /** cac / (arpu × grossMargin), in the periods `arpu` is per; `null` when the margin per period is zero. */
  readonly periods: number | null;
}

/**
 * Periods to recover CAC from margin: cac / (arpu × grossMargin) (Skok, "SaaS Metrics 2.0": months
 * to recover CAC). `periods` is `null` when the margin per period is zero. Bad input (including a
 * payback beyond the range of a number: `too_big`): `validation_failed`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(cacPaybackPeriods({ cac: money('1200', 'USD'), arpu: money('100', 'USD'), grossMargin: 0.8 })).periods; //=> 15
 * ```
 */
export function cacPaybackPeriods(input: CacPaybackInput): Result<CacPaybackResult> {
  return guarded('cacPaybackPeriods', () => {
    const i =
      typeof input === 'object' && input !== null
        ? (moneyIssue(input.cac, ['cac'], null, true) ??
          moneyIssue(input.arpu, ['arpu'], input.cac.currency, true) ??
          fractionIssue(input.grossMargin, ['grossMargin'], 0, 1))
        : issue([], 'expected { cac, arpu, grossMargin }', 'invalid_type');
    if (i !== null) return invalid('cacPaybackPeriods', [i]);
    const margin = new Dec(input.arpu.amount).times(decOf(input.grossMargin));
    if (margin.isZero()) return ok(Object.freeze({ periods: null }));
    const periods = finiteNumber(new Dec(input.cac.amount).div(margin), ['cac'], 'cac / (arpu × grossMargin)');
    if (isIssue(periods)) return invalid('cacPaybackPeriods', [periods]);
    return ok(Object.freeze({ periods }));
  });
}
