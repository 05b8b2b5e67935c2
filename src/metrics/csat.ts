/**
 * The Customer Satisfaction Score (top-box share) from answers, response records or counts per point.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { invalid, isIssue, issue, optionsIssue, periodIssue } from './_checks.js';
import { checkConfidence, wilson } from './_confidence.js';
import { distribution, pointCounts, type ScoreInput } from './_surveyScores.js';
import type { Interval } from './interval.js';
import type { ScalePointCounts, SurveyFilterOptions } from './surveyScoreRecord.js';
import { guarded } from './_guard.js';

/**
 * Options of {@link csat}.
 *
 * @example
 * ```ts
 * const o: CsatOptions = { scale: 5, satisfiedFrom: 4 };
 * ```
 */
export interface CsatOptions extends SurveyFilterOptions {
  /** Highest point of the 1..scale answer scale; an integer 2..100, default 5. */
  readonly scale?: number;
  /** Lowest answer that counts as satisfied (top-box threshold); default 4 (top-2-box on 1–5). */
  readonly satisfiedFrom?: number;
}

/**
 * Customer Satisfaction Score: the share of answers at or above `satisfiedFrom` on a 1..scale
 * scale (top-box share; ACSI/industry convention, default top-2 of 5), reported as `score` in
 * percent (0..100) with a Wilson interval in percent (Wilson 1927), plus the mean answer. Empty
 * input: `score`, `satisfiedShare`, `mean`, `interval` are `null`, `total` 0.
 *
 * @example
 * ```ts
 * const r: CsatResult = unwrap(csat([5, 4, 3, 1]));
 * r.satisfied; //=> 2
 * ```
 */
export interface CsatResult {
  readonly scale: number;
  readonly satisfiedFrom: number;
  readonly score: number | null;
  readonly interval: Interval | null;
  readonly satisfied: number;
  readonly satisfiedShare: number | null;
  readonly mean: number | null;
  readonly total: number;
  readonly counts: readonly number[];
}

/** @internal Resolved CSAT options. */
export interface CsatSettings {
  readonly scale: number;
  readonly satisfiedFrom: number;
  readonly z: number;
  readonly confidence: number;
}

/** @internal Checks CSAT options other than their keys and the period. */
export function csatSettings(options: Readonly<Record<string, unknown>> | null | undefined): CsatSettings | CrmIssue {
  const scale = options?.['scale'] ?? 5;
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 2 || scale > 100)
    return issue(['options', 'scale'], `must be an integer 2..100; received ${quoteValue(scale)}`);
  const satisfiedFrom = options?.['satisfiedFrom'] ?? Math.min(4, scale);
  if (
    typeof satisfiedFrom !== 'number' ||
    !Number.isInteger(satisfiedFrom) ||
    satisfiedFrom < 1 ||
    satisfiedFrom > scale
  )
    return issue(['options', 'satisfiedFrom'], `must be an integer 1..${scale}; received ${quoteValue(satisfiedFrom)}`);
  const conf = checkConfidence(options);
  if (isIssue(conf)) return conf;
  return { scale, satisfiedFrom, ...conf };
}

/** @internal The CSAT result of counts per point. */
export function csatFromCounts(counts: readonly number[], o: CsatSettings): CsatResult {
  const { scale, satisfiedFrom, z, confidence } = o;
  const d = distribution(counts, 1);
  let satisfied = 0;
  for (let p = satisfiedFrom; p <= scale; p++) satisfied += counts[p - 1]!;
  if (d.total === 0) {
    return Object.freeze({
      scale,
      satisfiedFrom,
      score: null,
      interval: null,
      satisfied: 0,
      satisfiedShare: null,
      mean: null,
      total: 0,
      counts: Object.freeze(counts.slice()),
    });
  }
  const share = satisfied / d.total;
  const w = wilson(satisfied, d.total, z, confidence);
  return Object.freeze({
    scale,
    satisfiedFrom,
    score: 100 * share,
    interval: Object.freeze({ lower: 100 * w.lower, upper: 100 * w.upper, confidence }),
    satisfied,
    satisfiedShare: share,
    mean: d.mean,
    total: d.total,
    counts: Object.freeze(counts.slice()),
  });
}

/** @internal The option keys of {@link csat}. */
export const CSAT_OPTION_KEYS = ['confidence', 'period', 'scale', 'satisfiedFrom'] as const;

/**
 * Customer Satisfaction Score (top-box share, in percent) and mean, from 1..scale answers, response
 * records or counts per point; see {@link CsatResult}. Bad input (an answer outside the scale, a bad
 * or unknown option) gives `validation_failed` naming the index and the allowed range; empty input
 * (or an empty period) gives `score: null`, `total: 0`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(csat([5, 4, 3, 1])).score;                       //=> 50
 * unwrap(csat([5, 4, 3, 1], { satisfiedFrom: 5 })).score; //=> 25
 * unwrap(csat({ counts: [1, 0, 1, 1, 1] })).mean;         //=> 3.25
 * ```
 */
export function csat(input: ScoreInput | ScalePointCounts, options?: CsatOptions | null): Result<CsatResult> {
  return guarded('csat', () => {
    const o =
      optionsIssue(options, CSAT_OPTION_KEYS) ?? csatSettings(options as Readonly<Record<string, unknown>> | null);
    if (isIssue(o)) return invalid('csat', [o]);
    if (options?.period !== undefined) {
      const p = periodIssue(options.period);
      if (p !== null) return invalid('csat', [p]);
    }
    const counts = pointCounts(input, 'csat', o.scale, options);
    if (isIssue(counts)) return invalid('csat', [counts]);
    return ok(csatFromCounts(counts, o));
  });
}
