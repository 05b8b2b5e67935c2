/**
 * Confidence intervals: the interval every measure with an uncertainty reports, and the option that
 * sets its level.
 *
 * @module
 */

/**
 * A two-sided confidence interval `[lower, upper]` at level `confidence`, in the unit of the
 * measure it belongs to.
 *
 * @example
 * ```ts
 * const i: Interval = { lower: 0.28, upper: 0.47, confidence: 0.95 };
 * ```
 */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/**
 * Options shared by every measure that reports an interval.
 *
 * @example
 * ```ts
 * const o: ConfidenceOptions = { confidence: 0.9 };
 * ```
 */
export interface ConfidenceOptions {
  /** Two-sided confidence level in (0, 1); default 0.95. */
  readonly confidence?: number;
}
