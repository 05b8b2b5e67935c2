/**
 * The Net Promoter Score from counts, 0–10 scores or response records.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { clamp, countIssue, invalid, isIssue, issue, optionsIssue, periodIssue } from './_checks.js';
import { checkConfidence } from './_confidence.js';
import { eachScore, isArrayLike, scaleIssue, SURVEY_OPTION_KEYS, tally, type ScoreInput } from './_surveyScores.js';
import type { Interval } from './interval.js';
import type { SurveyFilterOptions, SurveyScoreRecord } from './surveyScoreRecord.js';
import { guarded } from './_guard.js';

/**
 * Response counts for NPS: promoters (9–10), passives (7–8), detractors (0–6).
 *
 * @example
 * ```ts
 * const c: NpsCounts = { promoters: 50, passives: 30, detractors: 20 };
 * ```
 */
export interface NpsCounts {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

/**
 * The Net Promoter Score of a set of 0–10 answers.
 *
 * `score` = 100 × (promoters − detractors) / total, in [−100, 100] (Reichheld 2003, "The One Number
 * You Need to Grow", HBR). `marginOfError` and `interval` are the Wald interval of the mean of the
 * per-answer values +1/0/−1: variance (p₊ + p₋ − (p₊ − p₋)²) / n (Rocks 2016, "Interval estimation for
 * the Net Promoter Score", The American Statistician 70(4)), in NPS points, clipped to [−100, 100].
 * Empty input: `score`, shares, `marginOfError` and `interval` are `null`, `total` is 0.
 *
 * @example
 * ```ts
 * const r: NpsResult = unwrap(nps({ promoters: 50, passives: 30, detractors: 20 }));
 * r.score; //=> 30
 * ```
 */
export interface NpsResult extends NpsCounts {
  readonly score: number | null;
  readonly total: number;
  readonly promoterShare: number | null;
  readonly passiveShare: number | null;
  readonly detractorShare: number | null;
  /** Half-width of the interval, in NPS points (z × standard error × 100). */
  readonly marginOfError: number | null;
  readonly interval: Interval | null;
  /** Standard error of the score, in NPS points. */
  readonly standardError: number | null;
}

/**
 * Input of {@link nps}: counts, 0–10 scores, or response records.
 *
 * @example
 * ```ts
 * const input: NpsInput = [10, 9, 7, 3];
 * ```
 */
export type NpsInput = NpsCounts | ArrayLike<number> | readonly SurveyScoreRecord[];

/**
 * Options of {@link nps}: `confidence` (default 0.95) and `period` (only records answered inside it
 * count).
 *
 * @example
 * ```ts
 * const o: NpsOptions = { confidence: 0.9, period: monthPeriod('2026-03-01') };
 * ```
 */
export type NpsOptions = SurveyFilterOptions;

/** @internal The NPS result of counts. */
export function npsFromCounts(c: NpsCounts, z: number, confidence: number): NpsResult {
  const total = c.promoters + c.passives + c.detractors;
  if (total === 0) {
    return Object.freeze({
      ...pickCounts(c),
      total: 0,
      score: null,
      promoterShare: null,
      passiveShare: null,
      detractorShare: null,
      marginOfError: null,
      interval: null,
      standardError: null,
    });
  }
  const pp = c.promoters / total;
  const pd = c.detractors / total;
  const diff = pp - pd;
  const variance = Math.max(0, pp + pd - diff * diff);
  const se = 100 * Math.sqrt(variance / total);
  const score = clamp(100 * diff, -100, 100);
  const moe = z * se;
  return Object.freeze({
    ...pickCounts(c),
    total,
    score,
    promoterShare: pp,
    passiveShare: c.passives / total,
    detractorShare: pd,
    standardError: se,
    marginOfError: moe,
    interval: Object.freeze({ lower: clamp(score - moe, -100, 100), upper: clamp(score + moe, -100, 100), confidence }),
  });
}

function pickCounts(c: NpsCounts): NpsCounts {
  return { promoters: c.promoters, passives: c.passives, detractors: c.detractors };
}

/** The category index of a valid 0–10 score: 0 promoter, 1 passive, 2 detractor; or the issue. */
export function npsCategory(s: number, path: readonly PathSegment[]): 0 | 1 | 2 | CrmIssue {
  if (!Number.isInteger(s) || s < 0 || s > 10) return scaleIssue(s, 0, 10, path);
  return s >= 9 ? 0 : s >= 7 ? 1 : 2;
}

function countNps(input: ScoreInput, options: SurveyFilterOptions | null | undefined): NpsCounts | CrmIssue {
  // Fast path: plain number arrays (or typed arrays) are tallied per point.
  if (input.length > 0 && typeof input[0] === 'number') {
    const t = tally(input as ArrayLike<number>, 0, 10);
    if (isIssue(t)) return t;
    return {
      promoters: t[9]! + t[10]!,
      passives: t[7]! + t[8]!,
      detractors: t[0]! + t[1]! + t[2]! + t[3]! + t[4]! + t[5]! + t[6]!,
    };
  }
  const c = [0, 0, 0];
  const problem = eachScore(input, 'nps', options, (s, _i, path) => {
    const k = npsCategory(s, path);
    if (typeof k !== 'number') return k;
    c[k]!++;
    return null;
  });
  return problem ?? { promoters: c[0]!, passives: c[1]!, detractors: c[2]! };
}

function npsCountsIssue(c: NpsCounts): CrmIssue | null {
  return (
    countIssue(c.promoters, ['promoters']) ??
    countIssue(c.passives, ['passives']) ??
    countIssue(c.detractors, ['detractors'])
  );
}

/** @internal Checks the options of an NPS function: the confidence and the period. */
export function npsOptions(options: unknown): { z: number; confidence: number } | CrmIssue {
  const keys = optionsIssue(options, SURVEY_OPTION_KEYS);
  if (keys !== null) return keys;
  const o = options as SurveyFilterOptions | null | undefined;
  const conf = checkConfidence(o);
  if (isIssue(conf)) return conf;
  if (o?.period !== undefined) {
    const p = periodIssue(o.period);
    if (p !== null) return p;
  }
  return conf;
}

/** @internal Counts of any NPS input (options already checked), or the issue. */
export function resolveNpsCounts(
  input: NpsInput,
  options: SurveyFilterOptions | null | undefined,
): NpsCounts | CrmIssue {
  if (isArrayLike(input)) return countNps(input as ScoreInput, options);
  if (typeof input !== 'object' || input === null)
    return issue(
      [],
      'expected counts { promoters, passives, detractors }, an array of scores or an array of responses',
      'invalid_type',
    );
  return npsCountsIssue(input) ?? input;
}

/**
 * Net Promoter Score from counts, 0–10 scores, or response records (`{ score, kind?, answeredAt? }`).
 * Promoters answer 9–10, passives 7–8, detractors 0–6 (Reichheld 2003). Returns the score in
 * [−100, 100], the three counts and shares, and a Wald interval (see {@link NpsResult}).
 *
 * Bad input — a score that is not an integer 0–10, a negative or fractional count, a bad
 * `confidence` or `period`, an unknown option — gives `validation_failed` naming the index and the
 * allowed range. Empty input (or an empty period) gives `ok` with `score: null` and `total: 0`.
 * Never throws.
 *
 * @example
 * ```ts
 * unwrap(nps([10, 9, 8, 6, 3])).score;                              //=> 0
 * unwrap(nps({ promoters: 50, passives: 30, detractors: 20 })).score; //=> 30
 * const bad = nps([11]);
 * bad.ok ? null : bad.error.issues[0]?.path;                        //=> [0]
 * ```
 */
export function nps(input: NpsInput, options?: NpsOptions | null): Result<NpsResult> {
  return guarded('nps', () => {
    const conf = npsOptions(options);
    if (isIssue(conf)) return invalid('nps', [conf]);
    const counts = resolveNpsCounts(input, options);
    if (isIssue(counts)) return invalid('nps', [counts]);
    return ok(npsFromCounts(counts, conf.z, conf.confidence));
  });
}
