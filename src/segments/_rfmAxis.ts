/**
 * One axis of RFM scoring: quantile breaks (R type 7) at k/bins, equal breaks merged, and the bin of
 * a value (right-closed intervals, as pandas `qcut`).
 *
 * @module
 */
import { quantileSorted } from '../math/quantile.js';

/** The breaks of one axis. */
export interface AxisBreaks {
  /** Bins the axis gets: the distinct breaks less one, at least 1. */
  readonly bins: number;
  /** The quantiles at p = k / requested bins, k = 0 … bins (R `quantile(x, (0:bins)/bins, type = 7)`). */
  readonly quantiles: readonly number[];
  /** The distinct quantiles, ascending: the edges of the bins. */
  readonly breaks: readonly number[];
}

/**
 * The quantiles of `values` at k / `bins` (R type 7) and their distinct values. `values` is sorted in
 * place (pass a copy). An empty axis has no quantiles and 0 bins.
 *
 * @example
 * ```ts
 * axisBreaks(Float64Array.of(1, 1, 1, 1, 2, 9), 5); //=> { bins: 2, quantiles: [1, 1, 1, 1, 2, 9], breaks: [1, 2, 9] }
 * ```
 */
export function axisBreaks(values: Float64Array, bins: number): AxisBreaks {
  if (values.length === 0) return { bins: 0, quantiles: [], breaks: [] };
  values.sort();
  const quantiles: number[] = [];
  // k / bins, as R's (0:bins)/bins computes it: the same doubles (seq(0, 1, 0.2) would differ at 0.6).
  for (let k = 0; k <= bins; k++) quantiles.push(quantileSorted(values, k / bins)!);
  const breaks: number[] = [];
  for (const q of quantiles) if (breaks.length === 0 || q !== breaks[breaks.length - 1]) breaks.push(q);
  return { bins: Math.max(1, breaks.length - 1), quantiles, breaks };
}

/**
 * The bin (1 … bins) of a value: 1 + the number of interior breaks strictly below it. Bins are
 * right-closed, `(b[j−1], b[j]]`, and the first also holds `b[0]`: a value equal to a break falls in
 * the bin below it, as in pandas `qcut`.
 *
 * @example
 * ```ts
 * binOf(2, [1, 2, 9]); //=> 1 (2 is the first bin's upper edge)
 * binOf(2.5, [1, 2, 9]); //=> 2
 * ```
 */
export function binOf(v: number, breaks: readonly number[]): number {
  let bin = 1;
  for (let j = 1; j < breaks.length - 1; j++) if (v > breaks[j]!) bin++;
  return bin;
}

/**
 * The plain sentence saying why an axis got fewer bins than asked, naming the coinciding breaks.
 *
 * @example
 * ```ts
 * reducedBinsWarning('frequency', 5, { bins: 2, quantiles: [1, 1, 1, 1, 2, 9], breaks: [1, 2, 9] });
 * //=> 'frequency has 2 bins instead of 5: its quantiles at p = 0, 0.2, 0.4, 0.6 are all 1, so equal breaks were merged (many customers share these values).'
 * ```
 */
export function reducedBinsWarning(axis: string, requested: number, b: AxisBreaks): string {
  const groups: string[] = [];
  let start = 0;
  for (let k = 1; k <= b.quantiles.length; k++) {
    if (k < b.quantiles.length && b.quantiles[k] === b.quantiles[start]) continue;
    if (k - start > 1) {
      const ps = [];
      for (let j = start; j < k; j++) ps.push(String(j / requested));
      groups.push(`at p = ${ps.join(', ')} are all ${b.quantiles[start]}`);
    }
    start = k;
  }
  return `${axis} has ${b.bins} bin${b.bins === 1 ? '' : 's'} instead of ${requested}: its quantiles ${groups.join(', and ')}, so equal breaks were merged (many customers share these values).`;
}
