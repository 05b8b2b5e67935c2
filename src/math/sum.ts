/**
 * Accurate summation.
 *
 * @module
 */

/**
 * Neumaier's compensated sum (A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen", ZAMM 54, 1974 — an improved Kahan–Babuška sum): the rounding error does not
 * grow with the number of terms. Empty input sums to 0. When the running sum overflows or an input
 * is ±Infinity the plain sum is returned (±Infinity, or NaN for Infinity − Infinity), rather than
 * the NaN the correction term would produce.
 *
 * @example
 * ```ts
 * compensatedSum([1e16, 1, -1e16]); //=> 1 (a plain loop gives 0)
 * ```
 */
export function compensatedSum(values: Iterable<number>): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + c : sum;
}
