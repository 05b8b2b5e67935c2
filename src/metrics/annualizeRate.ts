/**
 * Annualizing a per-period rate by compounding.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { compoundRate } from './_compound.js';
import { guarded } from './_guard.js';

/**
 * Options of {@link annualizeRate} and {@link periodRate}.
 *
 * @example
 * ```ts
 * const o: CompoundingOptions = { basis: 'growth' };
 * ```
 */
export interface CompoundingOptions {
  /**
   * `'loss'` (default) for churn-like rates: survival compounds, 1 − (1 − r)^k. `'growth'` for
   * growth rates: (1 + r)^k − 1.
   */
  readonly basis?: 'loss' | 'growth';
}

/**
 * Options of {@link annualizeRate}.
 *
 * @example
 * ```ts
 * const o: AnnualizeRateOptions = { basis: 'growth' };
 * ```
 */
export type AnnualizeRateOptions = CompoundingOptions;

/**
 * Annualizes a per-period rate by compounding, not by multiplying: a 2% monthly churn is
 * 1 − 0.98¹² ≈ 21.5% a year, not 24%. `periodsPerYear` is 12 for months, 4 for quarters, 52 for
 * weeks. Loss rates must be in [0, 1], growth rates above −1, `periodsPerYear` > 0; otherwise (or
 * for an unknown option, or a growth that overflows) `validation_failed`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(annualizeRate(0.02, 12));                      //=> 0.21528327626520905
 * unwrap(annualizeRate(0.01, 12, { basis: 'growth' })); //=> 0.12682503013196977
 * ```
 */
export function annualizeRate(
  rate: number,
  periodsPerYear: number,
  options?: AnnualizeRateOptions | null,
): Result<number> {
  return guarded('annualizeRate', () => {
    return compoundRate('annualizeRate', rate, periodsPerYear, options, 'rate');
  });
}
