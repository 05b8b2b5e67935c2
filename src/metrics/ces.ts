/**
 * The Customer Effort Score (CES 2.0) from answers, response records or counts per point.
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
 * Options of {@link ces}.
 *
 * @example
 * ```ts
 * const o: CesOptions = { scale: 7, method: 'percentAgree' };
 * ```
 */
export interface CesOptions extends SurveyFilterOptions {
  /** 7 (CES 2.0, default) or 5 points, from 1 (strongly disagree) to `scale` (strongly agree). */
  readonly scale?: 5 | 7;
  /** What `score` reports: the mean answer (default) or the percentage who agree. */
  readonly method?: 'mean' | 'percentAgree';
}

/**
 * Customer Effort Score. CES 2.0 (Dixon, Toman & DeLisi 2013, "The Effortless Experience"; CEB)
 * asks agreement with "The company made it easy for me to handle my issue" on 1 (strongly disagree)
 * … 7 (strongly agree); higher is better.
 *
 * - `mean` is the average answer. With method `'mean'`, `interval` is the large-sample normal
 *   (Wald) interval of a mean, mean ± z·s/√n with s the sample standard deviation (Wasserman 2004,
 *   *All of Statistics*, §6.3.2, the normal-based interval θ̂ ± z·se; `null` below 2 answers), then
 *   **clamped to [1, scale]**: a mean of answers on 1..scale cannot lie outside it, so the clamp
 *   removes only impossible values and leaves the coverage unchanged. It takes effect for small or
 *   very spread samples (`[1, 7]` gives the unclamped [−1.88, 9.88] → [1, 7]); the unclamped ends
 *   are mean ∓ `marginOfError`.
 * - `agreeShare` is the share answering 5–7 (on a 5-point scale 4–5); with method `'percentAgree'`,
 *   `score` is 100 × agreeShare and `interval` its Wilson interval (Wilson 1927) in percent.
 *
 * Empty input: every measure `null`, `total` 0.
 *
 * @example
 * ```ts
 * const r: CesResult = unwrap(ces([1, 7]));
 * r.interval; //=> { lower: 1, upper: 7, confidence: 0.95 }
 * ```
 */
export interface CesResult {
  readonly method: 'mean' | 'percentAgree';
  readonly scale: 5 | 7;
  readonly score: number | null;
  readonly interval: Interval | null;
  /**
   * Half-width of the unclamped interval of the mean, z·s/√n (method `'mean'`; `null` below 2
   * answers or for `'percentAgree'`).
   */
  readonly marginOfError: number | null;
  readonly mean: number | null;
  readonly standardDeviation: number | null;
  readonly agree: number;
  readonly agreeShare: number | null;
  readonly total: number;
  /** Counts per point, lowest first. */
  readonly counts: readonly number[];
}

/** @internal Resolved CES options. */
export interface CesSettings {
  readonly scale: 5 | 7;
  readonly method: 'mean' | 'percentAgree';
  readonly z: number;
  readonly confidence: number;
}

/** @internal The CES result of counts per point. */
export function cesFromCounts(counts: readonly number[], o: CesSettings): CesResult {
  const { scale, method, z, confidence } = o;
  const d = distribution(counts, 1);
  const agreeFrom = scale === 7 ? 5 : 4;
  let agree = 0;
  for (let p = agreeFrom; p <= scale; p++) agree += counts[p - 1]!;
  const agreeShare = d.total === 0 ? null : agree / d.total;
  let interval: Interval | null = null;
  let score: number | null = null;
  let marginOfError: number | null = null;
  if (method === 'mean') {
    score = d.mean;
    if (d.mean !== null && d.sd !== null) {
      const half = (z * d.sd) / Math.sqrt(d.total);
      marginOfError = half;
      // Clamped to the possible means [1, scale] (documented in CesResult).
      interval = Object.freeze({
        lower: Math.max(1, d.mean - half),
        upper: Math.min(scale, d.mean + half),
        confidence,
      });
    }
  } else if (agreeShare !== null) {
    score = 100 * agreeShare;
    const w = wilson(agree, d.total, z, confidence);
    interval = Object.freeze({ lower: 100 * w.lower, upper: 100 * w.upper, confidence });
  }
  return Object.freeze({
    method,
    scale,
    score,
    interval,
    marginOfError,
    mean: d.mean,
    standardDeviation: d.sd,
    agree,
    agreeShare,
    total: d.total,
    counts: Object.freeze(counts.slice()),
  });
}

/** @internal Checks CES options other than their keys and the period. */
export function cesSettings(options: Readonly<Record<string, unknown>> | null | undefined): CesSettings | CrmIssue {
  const scale = options?.['scale'] ?? 7;
  if (scale !== 5 && scale !== 7) return issue(['options', 'scale'], `must be 5 or 7; received ${quoteValue(scale)}`);
  const method = options?.['method'] ?? 'mean';
  if (method !== 'mean' && method !== 'percentAgree')
    return issue(['options', 'method'], `must be 'mean' or 'percentAgree'; received ${quoteValue(method)}`);
  const conf = checkConfidence(options);
  if (isIssue(conf)) return conf;
  return { scale, method, ...conf };
}

/** @internal The option keys of {@link ces}. */
export const CES_OPTION_KEYS = ['confidence', 'period', 'scale', 'method'] as const;

/**
 * Customer Effort Score (CES 2.0) from 1–7 (or 1–5) answers, response records, or counts per point.
 * See {@link CesResult} for the definitions and the clamp of the mean's interval. Bad input — an
 * answer outside 1..scale or not an integer, a bad count, a bad or unknown option — gives
 * `validation_failed` naming the index and allowed range; empty input (or an empty period) gives
 * `score: null`, `total: 0`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(ces([7, 6, 5, 2])).score;                                   //=> 5
 * unwrap(ces([7, 6, 5, 2], { method: 'percentAgree' })).score;       //=> 75
 * unwrap(ces([4, 5], { scale: 5, method: 'percentAgree' })).score;   //=> 100
 * ```
 */
export function ces(input: ScoreInput | ScalePointCounts, options?: CesOptions | null): Result<CesResult> {
  return guarded('ces', () => {
    const o =
      optionsIssue(options, CES_OPTION_KEYS) ?? cesSettings(options as Readonly<Record<string, unknown>> | null);
    if (isIssue(o)) return invalid('ces', [o]);
    if (options?.period !== undefined) {
      const p = periodIssue(options.period);
      if (p !== null) return invalid('ces', [p]);
    }
    const counts = pointCounts(input, 'ces', o.scale, options);
    if (isIssue(counts)) return invalid('ces', [counts]);
    return ok(cesFromCounts(counts, o));
  });
}
