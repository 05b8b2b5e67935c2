/**
 * Goals: measurable KPI goals with deadlines ("cut CAC from $115 to $80 per customer by the end of the
 * year", "reduce churn by 25% by the end of next quarter") on any measure of crmkit/metrics or one the
 * host registers, and their progress — current value, progress from baseline to target, the pace needed
 * against the pace so far, and a status (`on_track` / `at_risk` / `off_track`) by a documented rule.
 * Guide: docs/goals.md.
 *
 * @module crmkit/goals
 */
export { GOAL_METRICS } from './goalMetrics.js';
export type { GoalMeasure, GoalMetric } from './goalMetrics.js';
export { defineGoal } from './defineGoal.js';
export { goalProgress } from './goalProgress.js';
export type { GoalProgressOptions } from './goalProgress.js';
export type {
  GoalValue,
  GoalSpec,
  DefineGoalOptions,
  Goal,
  GoalObservation,
  GoalStatus,
  GoalPace,
  GoalProgress,
} from './types.js';
