/**
 * Order statistics.
 *
 * @module
 */

/**
 * The `p`-quantile of an ascending-sorted array by linear interpolation between order statistics —
 * Hyndman & Fan (1996) definition 7, the default of R's `quantile()` and of NumPy. Returns `null`
 * for an empty array. `p` is clamped to [0, 1].
 *
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5); //=> 2.5
 * quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9); //=> 9.1 (R: quantile(1:10, 0.9))
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const q = Math.min(1, Math.max(0, p));
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
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
