/**
 * Survey answers as the survey metrics (`nps`, `npsBy`, `npsChange`, `ces`, `csat`) read them:
 * response records, the period filter, and counts per scale point.
 *
 * @module
 */
import type { Period } from '../time/period.js';
import type { ConfidenceOptions } from './interval.js';

/**
 * The fields of a survey response the survey metrics read. A `SurveyResponse` entity fits, and so
 * does a plain `{ score: 9 }`. When `kind` is present, only responses of the metric's kind are
 * counted (so a mixed list can be passed as is); when `answeredAt` is present and a `period` option
 * is given, only responses answered inside the half-open period count.
 *
 * @example
 * ```ts
 * const r: SurveyScoreRecord = { score: 9, kind: 'nps', answeredAt: new Date('2026-03-02T10:00:00Z'), touchpoint: 'onboarding' };
 * ```
 */
export interface SurveyScoreRecord {
  readonly score: number;
  readonly kind?: string;
  readonly answeredAt?: Date;
  readonly touchpoint?: string | null;
}

/**
 * Options shared by the record-level survey metrics (the base of `NpsOptions`, `CesOptions` and
 * `CsatOptions`).
 *
 * @example
 * ```ts
 * const o: SurveyFilterOptions = { period: monthPeriod('2026-03-01'), confidence: 0.9 };
 * ```
 */
export interface SurveyFilterOptions extends ConfidenceOptions {
  /**
   * Count only records whose `answeredAt` lies in this half-open period (records then need
   * `answeredAt`). Plain numeric scores carry no time and are all counted. An empty period
   * (`start == end`) contains no instant: no record counts.
   */
  readonly period?: Period;
}

/**
 * Counts per scale point, lowest first (what `GROUP BY score` returns): for a 1–7 CES scale,
 * `counts[0]` is the number of 1s and `counts[6]` the number of 7s.
 *
 * @example
 * ```ts
 * const c: ScalePointCounts = { counts: [0, 1, 0, 2, 5, 8, 4] };
 * ```
 */
export interface ScalePointCounts {
  readonly counts: readonly number[];
}
