/**
 * The per-period rate equivalent to an annual rate.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { compoundRate } from './_compound.js';
import type { CompoundingOptions } from './annualizeRate.js';
import { guarded } from './_guard.js';

/**
 * Options of {@link periodRate}.
 *
 * @example
 * ```ts
 * const o: PeriodRateOptions = { basis: 'loss' };
 * ```
 */
export type PeriodRateOptions = CompoundingOptions;

/**
 * The per-period rate equivalent to an annual rate, by compounding: 1 − (1 − a)^(1/k) for losses,
 * (1 + a)^(1/k) − 1 for growth. The inverse of {@link annualizeRate}. Bad input as there; a result
 * beyond the range of a number is `validation_failed` (`too_big`). Never throws.
 *
 * @example
 * ```ts
 * unwrap(periodRate(0.2, 12)); //=> 0.018423470126248327
 * ```
 */
export function periodRate(
  annualRate: number,
  periodsPerYear: number,
  options?: PeriodRateOptions | null,
): Result<number> {
  return guarded('periodRate', () => {
    return compoundRate('periodRate', annualRate, periodsPerYear, options, 'annualRate');
  });
}
