/**
 * Private: reading survey scores — plain numbers or response records, with the kind and period
 * filters — and tallying them per scale point.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';
import { countIssue, isIssue, isValidDate, issue } from './_checks.js';
import type { ScalePointCounts, SurveyFilterOptions, SurveyScoreRecord } from './surveyScoreRecord.js';
import type { Tally } from './_by.js';

/**
 * What a survey measure reads: the scores themselves, or survey-response records.
 *
 * @example
 * ```ts
 * const input: ScoreInput = [10, 9, 3];
 * ```
 */
export type ScoreInput = ArrayLike<number> | readonly SurveyScoreRecord[];

/** The option keys every record-level survey metric takes. */
export const SURVEY_OPTION_KEYS = ['confidence', 'period'] as const;

export function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { length?: unknown }).length === 'number';
}

export function scaleIssue(score: number, min: number, max: number, path: readonly PathSegment[]): CrmIssue {
  return issue(path, `score ${score} is outside the scale; allowed integers ${min}..${max}`);
}

/**
 * Iterates the scores of the input that pass the filter, calling `visit(score, index, path)` (`path` is
 * the score's: `[index]` in an array of numbers, `[index, 'score']` in records); returns the first issue.
 */
export function eachScore(
  input: ScoreInput,
  kind: string,
  options: SurveyFilterOptions | null | undefined,
  visit: (score: number, index: number, path: readonly PathSegment[]) => CrmIssue | null,
): CrmIssue | null {
  if (!isArrayLike(input))
    return issue([], `expected an array of scores or responses; received ${quoteValue(input)}`, 'invalid_type');
  const n = input.length;
  if (n === 0) return null;
  if (typeof input[0] === 'number' || (options?.period === undefined && typeof input[0] !== 'object')) {
    const scores = input as ArrayLike<number>;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      if (typeof s !== 'number') return issue([i], `expected a number score; received ${typeof s}`, 'invalid_type');
      const p = visit(s, i, [i]);
      if (p !== null) return p;
    }
    return null;
  }
  const records = input as readonly SurveyScoreRecord[];
  const period = options?.period;
  const from = period?.start.getTime() ?? 0;
  const to = period?.end.getTime() ?? 0;
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const s = responseScore(r, i, kind, period !== undefined, from, to);
    if (s === null) continue;
    if (typeof s !== 'number') return s;
    const p = visit(s, i, [i, 'score']);
    if (p !== null) return p;
  }
  return null;
}

/**
 * The score of response record `r` at index `i` for the metric of `kind`: `null` when it is not
 * counted (another kind; answered outside [from, to) when `inPeriod`), or the issue of a malformed
 * record. The one reading of a response record, for {@link eachScore} and the `…By` survey metrics.
 */
export function responseScore(
  r: unknown,
  i: number,
  kind: string,
  inPeriod: boolean,
  from: number,
  to: number,
): number | null | CrmIssue {
  if (typeof r !== 'object' || r === null)
    return issue(
      [i],
      `expected a response record { score }; received ${r === null ? 'null' : typeof r}`,
      'invalid_type',
    );
  const x = r as SurveyScoreRecord;
  if (x.kind !== undefined && x.kind !== kind) return null;
  if (inPeriod) {
    if (!isValidDate(x.answeredAt))
      return issue([i, 'answeredAt'], 'must be a valid Date when a period is given', 'invalid_date');
    const t = x.answeredAt.getTime();
    if (t < from || t >= to) return null;
  }
  if (typeof x.score !== 'number')
    return issue([i, 'score'], `expected a number; received ${typeof x.score}`, 'invalid_type');
  return x.score;
}

/**
 * Counts integer scores min..max per point in one tight loop; returns the issue of the first score
 * that is not an integer in range.
 */
export function tally(scores: ArrayLike<number>, min: number, max: number): Float64Array | CrmIssue {
  const counts = new Float64Array(max - min + 1);
  const n = scores.length;
  const span = max - min;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    const k = s - min;
    // (k >>> 0) === k accepts exactly the integers 0..2³²−1; the range test then bounds it.
    if (k >>> 0 === k && k <= span) counts[k]!++;
    else
      return typeof s === 'number'
        ? scaleIssue(s, min, max, [i])
        : issue([i], `expected a number score; received ${typeof s}`, 'invalid_type');
  }
  return counts;
}

/** The score of one accumulator item: the number, the record's score, null for a record of another kind, or the issue. */
export function recordScore(item: number | SurveyScoreRecord, kind: string): number | null | CrmIssue {
  if (typeof item === 'number') return item;
  if (typeof item !== 'object' || item === null)
    return issue(
      [],
      `expected a score or a response record; received ${item === null ? 'null' : typeof item}`,
      'invalid_type',
    );
  if (item.kind !== undefined && item.kind !== kind) return null;
  if (typeof item.score !== 'number')
    return issue(['score'], `expected a number; received ${typeof item.score}`, 'invalid_type');
  return item.score;
}

/** Count, mean and sample standard deviation of answers given as counts per point from `min`. */
export interface Distribution {
  readonly total: number;
  readonly mean: number | null;
  readonly sd: number | null;
}

export function distribution(counts: readonly number[], min: number): Distribution {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i]!;
    sum += counts[i]! * (min + i);
  }
  if (total === 0) return { total, mean: null, sd: null };
  const mean = sum / total;
  let ss = 0;
  for (let i = 0; i < counts.length; i++) ss += counts[i]! * (min + i - mean) ** 2;
  return { total, mean, sd: total > 1 ? Math.sqrt(ss / (total - 1)) : null };
}

/** Counts per point min..max of scores or records (filtered by kind and period), or the first issue. */
export function countPoints(
  input: ScoreInput,
  kind: string,
  min: number,
  max: number,
  options: SurveyFilterOptions | null | undefined,
): number[] | CrmIssue {
  if (input.length > 0 && typeof input[0] === 'number') {
    const t = tally(input as ArrayLike<number>, min, max);
    return isIssue(t) ? t : Array.from(t);
  }
  const counts = new Array<number>(max - min + 1).fill(0);
  const problem = eachScore(input, kind, options, (s, _i, path) => {
    if (!Number.isInteger(s) || s < min || s > max) return scaleIssue(s, min, max, path);
    counts[s - min]!++;
    return null;
  });
  return problem ?? counts;
}

/** The issue of counts per point that are not `length` non-negative integers, or null. */
export function pointCountsIssue(counts: unknown, length: number): CrmIssue | null {
  if (!isArrayLike(counts) || counts.length !== length)
    return issue(['counts'], `expected ${length} counts, one per scale point from the lowest`, 'invalid_type');
  for (let i = 0; i < length; i++) {
    const c = countIssue(counts[i], ['counts', i]);
    if (c !== null) return c;
  }
  return null;
}

/** Counts per point of a CES/CSAT input: scores, records, or `{ counts }`. */
export function pointCounts(
  input: ScoreInput | ScalePointCounts,
  kind: string,
  scale: number,
  options: SurveyFilterOptions | null | undefined,
): number[] | CrmIssue {
  if (isArrayLike(input)) return countPoints(input as ScoreInput, kind, 1, scale, options);
  const c = pointCountsIssue((input as ScalePointCounts | null)?.counts, scale);
  return c ?? Array.from((input as ScalePointCounts).counts);
}

/**
 * For the `…By` survey metrics: the metric of `kind` on a 1..`max` scale as a tally of answers per
 * point, read as the metric reads them (a number is a score; a record goes through
 * {@link responseScore}, with its kind and period filter), the same scale check, and `result` of the
 * counts per point, lowest first.
 */
export function pointTally<T>(
  kind: string,
  max: number,
  options: SurveyFilterOptions | null | undefined,
  result: (counts: readonly number[]) => T,
): Tally<number, number[], T> {
  const period = options?.period;
  const from = period?.start.getTime() ?? 0;
  const to = period?.end.getTime() ?? 0;
  return {
    read: (r, i) => {
      const s = typeof r === 'number' ? r : responseScore(r, i, kind, period !== undefined, from, to);
      if (s === null || typeof s !== 'number') return s;
      if (!Number.isInteger(s) || s < 1 || s > max)
        return scaleIssue(s, 1, max, typeof r === 'number' ? [i] : [i, 'score']);
      return s - 1;
    },
    empty: () => new Array<number>(max).fill(0),
    add: (counts, k) => void counts[k]!++,
    result,
  };
}
