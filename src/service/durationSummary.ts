/**
 * The summary every service time metric returns: count, mean, median and 90th percentile of a list of
 * durations, in business or calendar minutes.
 *
 * @module
 */
import { quantileSorted } from '../math/quantile.js';
import { compensatedSum } from '../math/sum.js';

/**
 * The unit of a {@link DurationSummary}: `'business_minutes'` when a business calendar was given,
 * `'calendar_minutes'` (wall-clock minutes) otherwise.
 *
 * @example
 * ```ts
 * const u: DurationUnit = 'calendar_minutes';
 * ```
 */
export type DurationUnit = 'business_minutes' | 'calendar_minutes';

/**
 * Count, mean, median and 90th percentile of durations in minutes (fractional). The quantiles are
 * Hyndman & Fan (1996) type 7, R's `quantile(x, c(0.5, 0.9), type = 7)`; the mean is the compensated
 * sum of the sorted durations over their count, so it depends only on the multiset of durations (the
 * same after any merge or reordering). With no duration, `count` is 0 and every statistic is `null`
 * (never `NaN`).
 *
 * @example
 * ```ts
 * const s: DurationSummary = { count: 0, mean: null, median: null, p90: null, unit: 'calendar_minutes' };
 * ```
 */
export interface DurationSummary {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
  readonly unit: DurationUnit;
}

/** @internal The frozen summary of `minutes` (not changed). */
export function summarizeMinutes(minutes: readonly number[], unit: DurationUnit): DurationSummary {
  if (minutes.length === 0) return Object.freeze({ count: 0, mean: null, median: null, p90: null, unit });
  const sorted = Float64Array.from(minutes).sort();
  return Object.freeze({
    count: sorted.length,
    mean: compensatedSum(sorted) / sorted.length,
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    unit,
  });
}
