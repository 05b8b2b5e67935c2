/**
 * Order statistics.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';

/**
 * The `p`-quantile of an ascending-sorted array by linear interpolation between order statistics —
 * Hyndman & Fan (1996) definition 7, the default of R's `quantile()` and of NumPy. Computed the
 * way R's `quantile.default` does (`index = 1 + (n − 1)p`, `(1 − h)·x[lo] + h·x[hi]`), so results
 * match R to the last bit on ordinary data. Returns `null` for an empty array. `p` is clamped to
 * [0, 1]; a `NaN` `p` throws `CrmError` `validation_failed`. The array is not checked for order.
 *
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5); //=> 2.5
 * quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9); //=> 9.1 (R: quantile(1:10, 0.9))
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (Number.isNaN(p)) {
    throw new CrmError('validation_failed', 'quantileSorted: p is NaN; expected a probability in [0, 1]', {
      issues: [{ path: ['p'], code: 'invalid_number', message: 'Expected a number in [0, 1]' }],
    });
  }
  const n = sorted.length;
  if (n === 0) return null;
  const q = Math.min(1, Math.max(0, p));
  // R 4.x, quantile.default, type 7 (1-based): index <- 1 + (n - 1) * probs; lo <- floor(index); hi <- ceiling(index)
  const index = 1 + (n - 1) * q;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const a = sorted[lo - 1]!;
  const b = sorted[hi - 1]!;
  if (!(index > lo) || b === a) return a;
  const h = index - lo;
  return (1 - h) * a + h * b;
}

/**
 * The median (R's `median`), or `null` for an empty array. The input is not changed.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); //=> 2
 * ```
 */
export function median(values: readonly number[]): number | null {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}
