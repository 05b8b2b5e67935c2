/**
 * Survival data as `kaplanMeier`, `logRankTest` and their accumulators read it: durations with event
 * indicators.
 *
 * @module
 */

/**
 * An event indicator: `true`/`1` = the event (churn) happened at the duration; `false`/`0` = censored.
 *
 * @example
 * ```ts
 * const churned: EventIndicator = 1;
 * ```
 */
export type EventIndicator = boolean | 0 | 1;

/**
 * One sample for {@link logRankTest}: a duration and an event indicator per subject.
 *
 * @example
 * ```ts
 * const g: SurvivalSample = { durations: [5, 8, 12], events: [1, 1, 0] };
 * ```
 */
export interface SurvivalSample {
  readonly durations: readonly number[];
  readonly events: readonly EventIndicator[];
}

/**
 * One subject for the Kaplan–Meier accumulator: its duration (tenure) and whether the event
 * (churn) happened at it.
 *
 * @example
 * ```ts
 * const o: SurvivalObservation = { duration: 14, event: true };
 * ```
 */
export interface SurvivalObservation {
  readonly duration: number;
  readonly event: EventIndicator;
}
