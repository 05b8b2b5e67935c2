/**
 * The shapes of goals and their progress.
 *
 * @module
 */
import type { Money } from '../money/money.js';
import type { CurrencyCode } from '../money/currencies.js';
import type { PeriodUnit } from '../time/period.js';
import type { GoalMeasure, GoalMetric } from './goalMetrics.js';

/**
 * The value of a measure: a number, or Money for a measure of kind `money`.
 *
 * @example
 * ```ts
 * const cac: GoalValue = { amount: '115.00', currency: 'USD' };
 * ```
 */
export type GoalValue = number | Money;

/**
 * What {@link defineGoal} reads.
 *
 * @example
 * ```ts
 * const spec: GoalSpec = {
 *   id: 'cac-2026', metric: 'customerAcquisitionCost', period: 'month',
 *   baseline: { amount: '115.00', currency: 'USD' }, target: { amount: '80.00', currency: 'USD' },
 *   start: '2026-01-01', by: '2027-01-01',
 * };
 * ```
 */
export interface GoalSpec {
  /** The goal's id. */
  readonly id: string;
  /** A measure of crmkit/metrics ({@link GOAL_METRICS}) or one the host registers in `measures`. */
  readonly metric: GoalMetric | (string & {});
  /** The value to reach by `by`: a number, or Money for a money measure. */
  readonly target: GoalValue;
  /** The value at `start`; default the value of the first observation. */
  readonly baseline?: GoalValue | null;
  /** When the goal starts (a Date or an ISO 8601 instant); default the time of the first observation. */
  readonly start?: Date | string | null;
  /** The deadline (a Date or an ISO 8601 instant). */
  readonly by: Date | string;
  /** The measure's cadence: each observation is the measure over one such period (monthly churn); paces are per period. */
  readonly period: PeriodUnit;
  /** A segment's name: only observations of that segment count (without it, only observations without one). */
  readonly segment?: string | null;
}

/**
 * Options of {@link defineGoal}.
 *
 * @example
 * ```ts
 * const o: DefineGoalOptions = { measures: { demosBooked: { better: 'higher', kind: 'number' } } };
 * ```
 */
export interface DefineGoalOptions {
  /** Measures of the host's own, by name (a name of {@link GOAL_METRICS} cannot be redefined). */
  readonly measures?: Readonly<Record<string, GoalMeasure>> | null;
}

/**
 * A checked, frozen goal made by {@link defineGoal}.
 *
 * @example
 * ```ts
 * declare const goal: Goal;
 * goal.better; //=> 'lower' for churnRate
 * ```
 */
export interface Goal {
  /** The goal's id. */
  readonly id: string;
  /** The measure. */
  readonly metric: string;
  /** Which way is better. */
  readonly better: 'higher' | 'lower';
  /** Numbers or Money. */
  readonly kind: 'number' | 'money';
  /** The currency of a money goal, or `null`. */
  readonly currency: CurrencyCode | null;
  /** The target. */
  readonly target: GoalValue;
  /** The baseline, or `null` (then the first observation's). */
  readonly baseline: GoalValue | null;
  /** The start, or `null` (then the first observation's time). */
  readonly start: Date | null;
  /** The deadline. */
  readonly by: Date;
  /** The cadence. */
  readonly period: PeriodUnit;
  /** The segment, or `null`. */
  readonly segment: string | null;
}

/**
 * One measurement of a goal's measure.
 *
 * @example
 * ```ts
 * const o: GoalObservation = { at: '2026-07-01', value: { amount: '100.00', currency: 'USD' } };
 * ```
 */
export interface GoalObservation {
  /** When the value was measured (the end of the period it covers), a Date or an ISO 8601 instant. */
  readonly at: Date | string;
  /** The value: a number, or Money for a money measure. */
  readonly value: GoalValue;
  /** The segment it was measured on, or `null` for all. */
  readonly segment?: string | null;
}

/**
 * `on_track`, `at_risk` or `off_track` (the rule is in {@link goalProgress}).
 *
 * @example
 * ```ts
 * const s: GoalStatus = 'at_risk';
 * ```
 */
export type GoalStatus = 'on_track' | 'at_risk' | 'off_track';

/**
 * Paces, per `period` of the goal: how fast the measure moved, must move and was planned to move.
 *
 * @example
 * ```ts
 * const p: GoalPace = { per: 'month', soFar: -2.5, needed: -3.3, planned: -2.9 };
 * ```
 */
export interface GoalPace {
  /** The unit of time the paces are per. */
  readonly per: PeriodUnit;
  /** (current − baseline) per period from `start` to the latest observation; `null` when no time passed. */
  readonly soFar: GoalValue | null;
  /** (target − current) per period from `asOf` to `by`; `null` at or after `by`. */
  readonly needed: GoalValue | null;
  /** (target − baseline) per period from `start` to `by`: the straight line to the target. */
  readonly planned: GoalValue | null;
}

/**
 * Where a goal stands at `asOf`.
 *
 * @example
 * ```ts
 * declare const p: GoalProgress;
 * p.status; //=> 'at_risk'
 * ```
 */
export interface GoalProgress {
  /** The goal's id. */
  readonly goalId: string;
  /** The measure. */
  readonly metric: string;
  /** on_track / at_risk / off_track, or `null` when no observation counts. */
  readonly status: GoalStatus | null;
  /** Whether the current value reached the target (at or beyond it, in the better direction). */
  readonly achieved: boolean;
  /** The latest value at or before `asOf`, or `null`. */
  readonly current: GoalValue | null;
  /** When it was measured, or `null`. */
  readonly currentAt: Date | null;
  /** The baseline used, or `null`. */
  readonly baseline: GoalValue | null;
  /** The target. */
  readonly target: GoalValue;
  /** The start used, or `null`. */
  readonly start: Date | null;
  /** (current − baseline) / (target − baseline): 0 at the baseline, 1 at the target; below 0 when it moved the wrong way. */
  readonly progress: number | null;
  /** The share of the time from `start` to `by` gone at `asOf`, in [0, 1]. */
  readonly elapsed: number | null;
  /** The value at `by` if the pace so far holds (linear extrapolation), or `null`. */
  readonly projected: GoalValue | null;
  /** Paces per period. */
  readonly pace: GoalPace;
}
