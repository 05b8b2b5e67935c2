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
 * Durations for the survival functions: an array or a typed array (a `Float64Array` of tenures is
 * read without copying into objects).
 *
 * @example
 * ```ts
 * const tenures: Durations = Float64Array.from([3, 14, 14, 40]);
 * ```
 */
export type Durations = ArrayLike<number>;

/**
 * Event indicators for the survival functions, one per duration: an array of booleans or 0/1, or a
 * `Uint8Array` of 0/1.
 *
 * @example
 * ```ts
 * const churned: EventIndicators = Uint8Array.from([1, 0, 1, 1]);
 * ```
 */
export type EventIndicators = ArrayLike<EventIndicator> | Uint8Array;

/**
 * One sample for {@link logRankTest}: a duration and an event indicator per subject.
 *
 * @example
 * ```ts
 * const g: SurvivalSample = { durations: [5, 8, 12], events: [1, 1, 0] };
 * ```
 */
export interface SurvivalSample {
  readonly durations: Durations;
  readonly events: EventIndicators;
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
