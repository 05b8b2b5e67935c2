/**
 * Survey metrics: NPS (with npsBy and npsChange), CES and CSAT, at the counts level and the
 * record level, with mergeable accumulators.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { normalSf } from '../math/normal.js';
import type { Period } from '../time/period.js';
import {
  accumulatorFromJSON,
  checkConfidence,
  clamp,
  countIssue,
  groupKey,
  groupKeyIssue,
  countsFromJSON,
  invalid,
  isIssue,
  isValidDate,
  issue,
  makeAccumulator,
  periodIssue,
  wilson,
  type Accumulator,
  type AccumulatorSpec,
  type AccumulatorStateBase,
  type ConfidenceOptions,
  type Interval,
} from './_shared.js';
import { quoteValue } from '../_lib/show.js';

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

/** Options for record-level survey metrics. */
export interface SurveyFilterOptions extends ConfidenceOptions {
  /** Count only records whose `answeredAt` lies in this half-open period (records then need `answeredAt`). */
  readonly period?: Period;
}

type ScoreInput = ArrayLike<number> | readonly SurveyScoreRecord[];

/** Iterates the scores of the input that pass the filter, calling `visit(score, index)`; returns the first issue. */
function eachScore(
  input: ScoreInput,
  kind: string,
  options: SurveyFilterOptions | undefined,
  visit: (score: number, index: number) => CrmIssue | null,
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
      const p = visit(s, i);
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
    if (typeof r !== 'object' || r === null)
      return issue(
        [i],
        `expected a response record { score }; received ${r === null ? 'null' : typeof r}`,
        'invalid_type',
      );
    if (r.kind !== undefined && r.kind !== kind) continue;
    if (period !== undefined) {
      if (!isValidDate(r.answeredAt))
        return issue([i, 'answeredAt'], 'must be a valid Date when a period is given', 'invalid_date');
      const t = r.answeredAt.getTime();
      if (t < from || t >= to) continue;
    }
    if (typeof r.score !== 'number')
      return issue([i, 'score'], `expected a number; received ${typeof r.score}`, 'invalid_type');
    const p = visit(r.score, i);
    if (p !== null) return p.path.length === 1 ? { ...p, path: [i, 'score'] } : p;
  }
  return null;
}

/**
 * Counts integer scores min..max per point in one tight loop; returns the issue of the first score
 * that is not an integer in range.
 */
function tally(scores: ArrayLike<number>, min: number, max: number): Float64Array | CrmIssue {
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

function scaleIssue(score: number, min: number, max: number, path: (string | number)[]): CrmIssue {
  return issue(path, `score ${score} is outside the scale; allowed integers ${min}..${max}`);
}

// ---------------------------------------------------------------------------------------------
// NPS

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

/** Input of {@link nps}: counts, 0–10 scores, or response records. */
export type NpsInput = NpsCounts | ArrayLike<number> | readonly SurveyScoreRecord[];

function npsFromCounts(c: NpsCounts, z: number, confidence: number): NpsResult {
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

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { length?: unknown }).length === 'number';
}

function countNps(input: ScoreInput, options: SurveyFilterOptions | undefined): NpsCounts | CrmIssue {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
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
  const problem = eachScore(input, 'nps', options, (s, i) => {
    if (!Number.isInteger(s) || s < 0 || s > 10) return scaleIssue(s, 0, 10, [i]);
    if (s >= 9) promoters++;
    else if (s >= 7) passives++;
    else detractors++;
    return null;
  });
  return problem ?? { promoters, passives, detractors };
}

function npsCountsIssue(c: NpsCounts): CrmIssue | null {
  return (
    countIssue(c.promoters, ['promoters']) ??
    countIssue(c.passives, ['passives']) ??
    countIssue(c.detractors, ['detractors'])
  );
}

function resolveNpsCounts(input: NpsInput, options: SurveyFilterOptions | undefined): NpsCounts | CrmIssue {
  if (isArrayLike(input)) {
    if (options?.period !== undefined) {
      const p = periodIssue(options.period);
      if (p !== null) return p;
    }
    return countNps(input as ScoreInput, options);
  }
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
 * `confidence` or `period` — gives `validation_failed` naming the index and the allowed range.
 * Empty input gives `ok` with `score: null` and `total: 0`.
 *
 * @example
 * ```ts
 * nps([10, 9, 8, 6, 3]).value.score;                    //=> 0
 * nps({ promoters: 50, passives: 30, detractors: 20 }).value.score; //=> 30
 * nps([11]).error.issues[0].path;                      //=> [0]
 * ```
 */
export function nps(input: NpsInput, options?: SurveyFilterOptions): Result<NpsResult> {
  const conf = checkConfidence(options);
  if (isIssue(conf)) return invalid('nps', [conf]);
  const counts = resolveNpsCounts(input, options);
  if (isIssue(counts)) return invalid('nps', [counts]);
  return ok(npsFromCounts(counts, conf.z, conf.confidence));
}

/**
 * One group of {@link npsBy}.
 *
 * @example
 * ```ts
 * const g: NpsGroup = { key: 'onboarding', nps: unwrap(nps([10, 9])) };
 * ```
 */
export interface NpsGroup {
  readonly key: string | null;
  readonly nps: NpsResult;
}

/**
 * NPS per group — per touchpoint, segment, month, … — grouping responses by a field name or a
 * function. Groups come sorted by key (`null` last). Bad input as in {@link nps} (the index is the
 * record's index in `responses`); empty input gives an empty list.
 *
 * @example
 * ```ts
 * npsBy([{ score: 10, touchpoint: 'support' }, { score: 2, touchpoint: 'billing' }], 'touchpoint').value
 *   .map((g) => [g.key, g.nps.score]); //=> [['billing', -100], ['support', 100]]
 * ```
 */
export function npsBy<R extends SurveyScoreRecord>(
  responses: readonly R[],
  key: keyof R | ((response: R) => string | null | undefined),
  options?: SurveyFilterOptions,
): Result<readonly NpsGroup[]> {
  const conf = checkConfidence(options);
  if (isIssue(conf)) return invalid('npsBy', [conf]);
  if (options?.period !== undefined) {
    const p = periodIssue(options.period);
    if (p !== null) return invalid('npsBy', [p]);
  }
  const groups = new Map<string | null, { promoters: number; passives: number; detractors: number }>();
  const badKey = groupKeyIssue(key);
  if (badKey !== null) return invalid('npsBy', [badKey]);
  const keyOf =
    typeof key === 'function' ? key : (r: R) => (typeof r === 'object' && r !== null ? r[key] : undefined) as unknown;
  const problem = eachScore(responses, 'nps', options, (s, i) => {
    if (!Number.isInteger(s) || s < 0 || s > 10) return scaleIssue(s, 0, 10, [i]);
    const k = groupKey(keyOf(responses[i]!));
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = { promoters: 0, passives: 0, detractors: 0 }));
    if (s >= 9) g.promoters++;
    else if (s >= 7) g.passives++;
    else g.detractors++;
    return null;
  });
  if (problem !== null) return invalid('npsBy', [problem]);
  const keys = [...groups.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return ok(
    Object.freeze(
      keys.map((k) => Object.freeze({ key: k, nps: npsFromCounts(groups.get(k)!, conf.z, conf.confidence) })),
    ),
  );
}

/**
 * The change of NPS from `before` to `after` and a two-sided z test of the difference (independent
 * samples; the standard error of the difference is √(SE_a² + SE_b²) with each SE the Wald standard
 * error of {@link NpsResult}; Rocks 2016). `pValue` and `z` are `null` when either sample is empty
 * or both have zero variance (for example, all promoters in both); `significant` is then false.
 */
export interface NpsChange {
  readonly before: NpsResult;
  readonly after: NpsResult;
  /** after.score − before.score, in NPS points; `null` when either is empty. */
  readonly difference: number | null;
  readonly standardError: number | null;
  readonly z: number | null;
  readonly pValue: number | null;
  /** Interval for the difference, at the requested confidence. */
  readonly interval: Interval | null;
  /** `pValue < 1 − confidence`. */
  readonly significant: boolean;
}

/**
 * Compares two NPS samples (counts, scores or records each): the difference after − before and a
 * two-sided z test of it (see {@link NpsChange}). Bad input as in {@link nps}, with the path
 * prefixed by `'before'` or `'after'`.
 *
 * @example
 * ```ts
 * const r = npsChange({ promoters: 40, passives: 30, detractors: 30 }, { promoters: 55, passives: 25, detractors: 20 });
 * r.value.difference; //=> 25
 * r.value.pValue;     //=> 0.02940… (z = 2.178)
 * ```
 */
export function npsChange(before: NpsInput, after: NpsInput, options?: SurveyFilterOptions): Result<NpsChange> {
  const conf = checkConfidence(options);
  if (isIssue(conf)) return invalid('npsChange', [conf]);
  const a = resolveNpsCounts(before, options);
  if (isIssue(a)) return invalid('npsChange', [{ ...a, path: ['before', ...a.path] }]);
  const b = resolveNpsCounts(after, options);
  if (isIssue(b)) return invalid('npsChange', [{ ...b, path: ['after', ...b.path] }]);
  const ra = npsFromCounts(a, conf.z, conf.confidence);
  const rb = npsFromCounts(b, conf.z, conf.confidence);
  if (ra.score === null || rb.score === null || ra.standardError === null || rb.standardError === null) {
    return ok(
      Object.freeze({
        before: ra,
        after: rb,
        difference: null,
        standardError: null,
        z: null,
        pValue: null,
        interval: null,
        significant: false,
      }),
    );
  }
  const difference = rb.score - ra.score;
  const se = Math.sqrt(ra.standardError ** 2 + rb.standardError ** 2);
  if (se === 0) {
    return ok(
      Object.freeze({
        before: ra,
        after: rb,
        difference,
        standardError: 0,
        z: null,
        pValue: null,
        interval: null,
        significant: false,
      }),
    );
  }
  const z = difference / se;
  const pValue = Math.min(1, 2 * normalSf(Math.abs(z)));
  return ok(
    Object.freeze({
      before: ra,
      after: rb,
      difference,
      standardError: se,
      z,
      pValue,
      interval: Object.freeze({
        lower: Math.max(-200, difference - conf.z * se),
        upper: Math.min(200, difference + conf.z * se),
        confidence: conf.confidence,
      }),
      significant: pValue < 1 - conf.confidence,
    }),
  );
}

/**
 * JSON state of an NPS accumulator.
 *
 * @example
 * ```ts
 * const s: NpsAccumulatorState = createNpsAccumulator().add(9).toJSON();
 * ```
 */
export interface NpsAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly confidence: number };
  readonly data: readonly [number, number, number];
}

/**
 * A mergeable NPS accumulator over 0–10 scores or response records.
 *
 * @example
 * ```ts
 * const acc: NpsAccumulator = createNpsAccumulator();
 * ```
 */
export type NpsAccumulator = Accumulator<number | SurveyScoreRecord, NpsResult, NpsAccumulatorState>;

function recordScore(item: number | SurveyScoreRecord, kind: string): number | null | CrmIssue {
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

function npsSpec(confidence: number, z: number): AccumulatorSpec<number | SurveyScoreRecord, NpsResult, number[]> {
  return {
    kind: 'nps',
    label: 'nps accumulator',
    options: { confidence },
    empty: () => [0, 0, 0],
    addArray(data, items) {
      if (items.length === 0 || typeof items[0] !== 'number') return false;
      const t = tally(items as ArrayLike<number>, 0, 10);
      if (isIssue(t)) return false;
      data[0]! += t[9]! + t[10]!;
      data[1]! += t[7]! + t[8]!;
      data[2]! += t[0]! + t[1]! + t[2]! + t[3]! + t[4]! + t[5]! + t[6]!;
      return true;
    },
    add(data, item) {
      const s = recordScore(item, 'nps');
      if (s === null) return null;
      if (typeof s !== 'number') return s;
      if (!Number.isInteger(s) || s < 0 || s > 10)
        return scaleIssue(s, 0, 10, typeof item === 'number' ? [] : ['score']);
      data[s >= 9 ? 0 : s >= 7 ? 1 : 2]!++;
      return null;
    },
    mergeInto(t, s) {
      for (let i = 0; i < 3; i++) t[i]! += s[i]!;
    },
    result: (d) => ok(npsFromCounts({ promoters: d[0]!, passives: d[1]!, detractors: d[2]! }, z, confidence)),
    toJSON: (d) => d.slice(),
    fromJSON: (j) => countsFromJSON(j, 3),
  };
}

function confidenceOrThrow(options: ConfidenceOptions | undefined): { z: number; confidence: number } {
  const conf = checkConfidence(options);
  if (isIssue(conf)) throw invalid('accumulator', [conf]).error;
  return conf;
}

/**
 * Creates a mergeable NPS accumulator: `add` 0–10 scores or response records (records of another
 * `kind` are ignored), `merge` other NPS accumulators or their JSON, `result()` gives the same
 * {@link NpsResult} as {@link nps} over everything added. O(1) memory (three counts). Throws
 * `validation_failed` for an invalid `confidence`.
 *
 * @example
 * ```ts
 * const a = createNpsAccumulator().add(10).add(6);
 * const b = npsAccumulatorFromJSON(JSON.stringify(createNpsAccumulator().add(9))).value;
 * a.merge(b).result().value.score; //=> 33.33333333333333
 * ```
 */
export function createNpsAccumulator(options?: ConfidenceOptions): NpsAccumulator {
  const { z, confidence } = confidenceOrThrow(options);
  return makeAccumulator(npsSpec(confidence, z));
}

/**
 * Rebuilds an NPS accumulator from its JSON state (object or text); `validation_failed` when the
 * state is malformed.
 *
 * @example
 * ```ts
 * npsAccumulatorFromJSON(createNpsAccumulator().add(9).toJSON()).ok; //=> true
 * ```
 */
export function npsAccumulatorFromJSON(json: unknown): Result<NpsAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const c = (parsed as { options?: { confidence?: number } } | null)?.options?.confidence;
  const conf = checkConfidence({ confidence: c ?? 0.95 });
  if (isIssue(conf)) return invalid('nps accumulator state', [conf]);
  return accumulatorFromJSON(npsSpec(conf.confidence, conf.z), parsed);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Per-point distributions (CES, CSAT)

interface Distribution {
  readonly total: number;
  readonly mean: number | null;
  readonly sd: number | null;
}

function distribution(counts: readonly number[], min: number): Distribution {
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

function countPoints(
  input: ScoreInput,
  kind: string,
  min: number,
  max: number,
  options: SurveyFilterOptions | undefined,
): number[] | CrmIssue {
  if (input.length > 0 && typeof input[0] === 'number') {
    const t = tally(input as ArrayLike<number>, min, max);
    return isIssue(t) ? t : Array.from(t);
  }
  const counts = new Array<number>(max - min + 1).fill(0);
  const problem = eachScore(input, kind, options, (s, i) => {
    if (!Number.isInteger(s) || s < min || s > max) return scaleIssue(s, min, max, [i]);
    counts[s - min]!++;
    return null;
  });
  return problem ?? counts;
}

function pointCountsIssue(counts: unknown, length: number): CrmIssue | null {
  if (!isArrayLike(counts) || counts.length !== length)
    return issue(['counts'], `expected ${length} counts, one per scale point from the lowest`, 'invalid_type');
  for (let i = 0; i < length; i++) {
    const c = countIssue(counts[i], ['counts', i]);
    if (c !== null) return c;
  }
  return null;
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

// ---------------------------------------------------------------------------------------------
// CES

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
 * … 7 (strongly agree); higher is better. `mean` is the average answer with a normal-approximation
 * interval mean ± z·s/√n (s the sample standard deviation; `null` below 2 answers). `agreeShare` is
 * the share answering 5–7 (on a 5-point scale 4–5) with a Wilson interval. `score` is the mean
 * (method `'mean'`) or 100 × agreeShare (method `'percentAgree'`), and `interval` is in the unit of
 * `score`. Empty input: every measure `null`, `total` 0.
 */
export interface CesResult {
  readonly method: 'mean' | 'percentAgree';
  readonly scale: 5 | 7;
  readonly score: number | null;
  readonly interval: Interval | null;
  readonly mean: number | null;
  readonly standardDeviation: number | null;
  readonly agree: number;
  readonly agreeShare: number | null;
  readonly total: number;
  /** Counts per point, lowest first. */
  readonly counts: readonly number[];
}

function cesFromCounts(
  counts: readonly number[],
  scale: 5 | 7,
  method: 'mean' | 'percentAgree',
  z: number,
  confidence: number,
): CesResult {
  const d = distribution(counts, 1);
  const agreeFrom = scale === 7 ? 5 : 4;
  let agree = 0;
  for (let p = agreeFrom; p <= scale; p++) agree += counts[p - 1]!;
  const agreeShare = d.total === 0 ? null : agree / d.total;
  let interval: Interval | null = null;
  let score: number | null = null;
  if (method === 'mean') {
    score = d.mean;
    if (d.mean !== null && d.sd !== null) {
      const half = (z * d.sd) / Math.sqrt(d.total);
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
    mean: d.mean,
    standardDeviation: d.sd,
    agree,
    agreeShare,
    total: d.total,
    counts: Object.freeze(counts.slice()),
  });
}

function cesOptions(
  options: CesOptions | undefined,
): { scale: 5 | 7; method: 'mean' | 'percentAgree'; z: number; confidence: number } | CrmIssue {
  const scale = options?.scale ?? 7;
  if (scale !== 5 && scale !== 7) return issue(['options', 'scale'], `must be 5 or 7; received ${quoteValue(scale)}`);
  const method = options?.method ?? 'mean';
  if (method !== 'mean' && method !== 'percentAgree')
    return issue(['options', 'method'], `must be 'mean' or 'percentAgree'; received ${quoteValue(method)}`);
  const conf = checkConfidence(options);
  if (isIssue(conf)) return conf;
  if (options?.period !== undefined) {
    const p = periodIssue(options.period);
    if (p !== null) return p;
  }
  return { scale, method, ...conf };
}

/**
 * Customer Effort Score (CES 2.0) from 1–7 (or 1–5) answers, response records, or counts per point.
 * See {@link CesResult} for the definitions. Bad input — an answer outside 1..scale or not an
 * integer, a bad count, a bad option — gives `validation_failed` naming the index and allowed range;
 * empty input gives `score: null`, `total: 0`.
 *
 * @example
 * ```ts
 * ces([7, 6, 5, 2]).value.score;                              //=> 5
 * ces([7, 6, 5, 2], { method: 'percentAgree' }).value.score;  //=> 75
 * ces([4, 5], { scale: 5, method: 'percentAgree' }).value.score; //=> 100
 * ```
 */
export function ces(
  input: ArrayLike<number> | readonly SurveyScoreRecord[] | ScalePointCounts,
  options?: CesOptions,
): Result<CesResult> {
  const o = cesOptions(options);
  if (isIssue(o)) return invalid('ces', [o]);
  let counts: number[] | CrmIssue;
  if (isArrayLike(input)) counts = countPoints(input as ScoreInput, 'ces', 1, o.scale, options);
  else {
    const c = pointCountsIssue((input as ScalePointCounts | null)?.counts, o.scale);
    counts = c ?? Array.from((input as ScalePointCounts).counts);
  }
  if (isIssue(counts)) return invalid('ces', [counts]);
  return ok(cesFromCounts(counts, o.scale, o.method, o.z, o.confidence));
}

/**
 * JSON state of a CES accumulator.
 *
 * @example
 * ```ts
 * const s: CesAccumulatorState = createCesAccumulator().add(6).toJSON();
 * ```
 */
export interface CesAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly scale: 5 | 7; readonly method: 'mean' | 'percentAgree'; readonly confidence: number };
  readonly data: readonly number[];
}

/**
 * A mergeable CES accumulator.
 *
 * @example
 * ```ts
 * const acc: CesAccumulator = createCesAccumulator({ scale: 7 });
 * ```
 */
export type CesAccumulator = Accumulator<number | SurveyScoreRecord, CesResult, CesAccumulatorState>;

function pointSpec<R>(
  kind: string,
  label: string,
  options: Readonly<Record<string, unknown>>,
  min: number,
  max: number,
  result: (counts: number[]) => R,
): AccumulatorSpec<number | SurveyScoreRecord, R, number[]> {
  return {
    kind,
    label,
    options,
    empty: () => new Array<number>(max - min + 1).fill(0),
    addArray(data, items) {
      if (items.length === 0 || typeof items[0] !== 'number') return false;
      const t = tally(items as ArrayLike<number>, min, max);
      if (isIssue(t)) return false;
      for (let i = 0; i < t.length; i++) data[i]! += t[i]!;
      return true;
    },
    add(data, item) {
      const s = recordScore(item, kind);
      if (s === null) return null;
      if (typeof s !== 'number') return s;
      if (!Number.isInteger(s) || s < min || s > max)
        return scaleIssue(s, min, max, typeof item === 'number' ? [] : ['score']);
      data[s - min]!++;
      return null;
    },
    mergeInto(t, s) {
      for (let i = 0; i < t.length; i++) t[i]! += s[i]!;
    },
    result: (d) => ok(result(d)),
    toJSON: (d) => d.slice(),
    fromJSON: (j) => countsFromJSON(j, max - min + 1),
  };
}

function cesSpec(
  options: CesOptions | undefined,
): AccumulatorSpec<number | SurveyScoreRecord, CesResult, number[]> | CrmIssue {
  const o = cesOptions(options);
  if (isIssue(o)) return o;
  return pointSpec(
    'ces',
    'ces accumulator',
    { scale: o.scale, method: o.method, confidence: o.confidence },
    1,
    o.scale,
    (c) => cesFromCounts(c, o.scale, o.method, o.z, o.confidence),
  );
}

/**
 * Creates a mergeable CES accumulator (counts per scale point: O(1) memory). `result()` equals
 * {@link ces} over everything added. Throws `validation_failed` for invalid options.
 *
 * @example
 * ```ts
 * createCesAccumulator().add(7).add(5).result().value.mean; //=> 6
 * ```
 */
export function createCesAccumulator(options?: Omit<CesOptions, 'period'>): CesAccumulator {
  const spec = cesSpec(options);
  if (isIssue(spec)) throw invalid('ces accumulator', [spec]).error;
  return makeAccumulator(spec);
}

/**
 * Rebuilds a CES accumulator from its JSON state.
 *
 * @example
 * ```ts
 * cesAccumulatorFromJSON(createCesAccumulator().add(6).toJSON()).ok; //=> true
 * ```
 */
export function cesAccumulatorFromJSON(json: unknown): Result<CesAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const spec = cesSpec((parsed as { options?: CesOptions } | null)?.options);
  if (isIssue(spec)) return invalid('ces accumulator state', [spec]);
  return accumulatorFromJSON(spec, parsed);
}

// ---------------------------------------------------------------------------------------------
// CSAT

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
 * percent (0..100) with a Wilson interval in percent, plus the mean answer. Empty input: `score`,
 * `satisfiedShare`, `mean`, `interval` are `null`, `total` 0.
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

function csatOptions(
  options: CsatOptions | undefined,
): { scale: number; satisfiedFrom: number; z: number; confidence: number } | CrmIssue {
  const scale = options?.scale ?? 5;
  if (!Number.isInteger(scale) || scale < 2 || scale > 100)
    return issue(['options', 'scale'], `must be an integer 2..100; received ${quoteValue(scale)}`);
  const satisfiedFrom = options?.satisfiedFrom ?? Math.min(4, scale);
  if (!Number.isInteger(satisfiedFrom) || satisfiedFrom < 1 || satisfiedFrom > scale)
    return issue(['options', 'satisfiedFrom'], `must be an integer 1..${scale}; received ${quoteValue(satisfiedFrom)}`);
  const conf = checkConfidence(options);
  if (isIssue(conf)) return conf;
  if (options?.period !== undefined) {
    const p = periodIssue(options.period);
    if (p !== null) return p;
  }
  return { scale, satisfiedFrom, ...conf };
}

function csatFromCounts(
  counts: readonly number[],
  scale: number,
  satisfiedFrom: number,
  z: number,
  confidence: number,
): CsatResult {
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

/**
 * Customer Satisfaction Score (top-box share, in percent) and mean, from 1..scale answers, response
 * records or counts per point; see {@link CsatResult}. Bad input gives `validation_failed` naming
 * the index and the allowed range; empty input gives `score: null`, `total: 0`.
 *
 * @example
 * ```ts
 * csat([5, 4, 3, 1]).value.score;                       //=> 50
 * csat([5, 4, 3, 1], { satisfiedFrom: 5 }).value.score; //=> 25
 * csat({ counts: [1, 0, 1, 1, 1] }).value.mean;         //=> 3.25
 * ```
 */
export function csat(
  input: ArrayLike<number> | readonly SurveyScoreRecord[] | ScalePointCounts,
  options?: CsatOptions,
): Result<CsatResult> {
  const o = csatOptions(options);
  if (isIssue(o)) return invalid('csat', [o]);
  let counts: number[] | CrmIssue;
  if (isArrayLike(input)) counts = countPoints(input as ScoreInput, 'csat', 1, o.scale, options);
  else {
    const c = pointCountsIssue((input as ScalePointCounts | null)?.counts, o.scale);
    counts = c ?? Array.from((input as ScalePointCounts).counts);
  }
  if (isIssue(counts)) return invalid('csat', [counts]);
  return ok(csatFromCounts(counts, o.scale, o.satisfiedFrom, o.z, o.confidence));
}

/**
 * JSON state of a CSAT accumulator.
 *
 * @example
 * ```ts
 * const s: CsatAccumulatorState = createCsatAccumulator().add(4).toJSON();
 * ```
 */
export interface CsatAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly scale: number; readonly satisfiedFrom: number; readonly confidence: number };
  readonly data: readonly number[];
}

/**
 * A mergeable CSAT accumulator.
 *
 * @example
 * ```ts
 * const acc: CsatAccumulator = createCsatAccumulator();
 * ```
 */
export type CsatAccumulator = Accumulator<number | SurveyScoreRecord, CsatResult, CsatAccumulatorState>;

function csatSpec(
  options: CsatOptions | undefined,
): AccumulatorSpec<number | SurveyScoreRecord, CsatResult, number[]> | CrmIssue {
  const o = csatOptions(options);
  if (isIssue(o)) return o;
  return pointSpec(
    'csat',
    'csat accumulator',
    { scale: o.scale, satisfiedFrom: o.satisfiedFrom, confidence: o.confidence },
    1,
    o.scale,
    (c) => csatFromCounts(c, o.scale, o.satisfiedFrom, o.z, o.confidence),
  );
}

/**
 * Creates a mergeable CSAT accumulator (counts per point). Throws `validation_failed` for invalid
 * options.
 *
 * @example
 * ```ts
 * createCsatAccumulator().add(5).add(2).result().value.score; //=> 50
 * ```
 */
export function createCsatAccumulator(options?: Omit<CsatOptions, 'period'>): CsatAccumulator {
  const spec = csatSpec(options);
  if (isIssue(spec)) throw invalid('csat accumulator', [spec]).error;
  return makeAccumulator(spec);
}

/**
 * Rebuilds a CSAT accumulator from its JSON state.
 *
 * @example
 * ```ts
 * csatAccumulatorFromJSON(createCsatAccumulator().add(4).toJSON()).ok; //=> true
 * ```
 */
export function csatAccumulatorFromJSON(json: unknown): Result<CsatAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const spec = csatSpec((parsed as { options?: CsatOptions } | null)?.options);
  if (isIssue(spec)) return invalid('csat accumulator state', [spec]);
  return accumulatorFromJSON(spec, parsed);
}
