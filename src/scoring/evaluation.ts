/**
 * Evaluating scores and probabilities against outcomes: ROC AUC and the ROC curve, log-loss, Brier
 * score, confusion counts, lift and calibration tables.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, fail, ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput, MAX_ISSUES } from '../core/issues.js';
import { deepFreeze } from '../_lib/freeze.js';
import { compensatedSum } from '../math/sum.js';
import { readOptions, readTarget } from './rows.js';

/**
 * An outcome: `true`/`1` positive (won, converted), `false`/`0` negative.
 *
 * @example
 * ```ts
 * const labels: Outcome[] = [true, false, 1, 0];
 * ```
 */
export type Outcome = boolean | 0 | 1;

function checkPairs(scores: unknown, labels: unknown, what: 'score' | 'probability'): Result<Uint8Array> {
  try {
    return readPairs(scores, labels, what);
  } catch {
    // A getter or proxy of the caller's threw while the arrays were read: reported, never thrown.
    return err(
      invalidInput('Evaluation input', [
        crmIssue.invalidType(
          [],
          `readable ${what === 'score' ? 'scores' : 'probabilities'} and labels (reading them threw)`,
          undefined,
        ),
      ]),
    );
  }
}

function readPairs(scores: unknown, labels: unknown, what: 'score' | 'probability'): Result<Uint8Array> {
  const plural = what === 'score' ? 'scores' : 'probabilities';
  if (!Array.isArray(scores))
    return err(invalidInput('Evaluation input', [crmIssue.invalidType([plural], 'an array of numbers', scores)]));
  if (!Array.isArray(labels))
    return err(invalidInput('Evaluation input', [crmIssue.invalidType(['labels'], 'an array of outcomes', labels)]));
  if (scores.length !== labels.length)
    return fail('validation_failed', `${plural} and labels differ in length (${scores.length} vs ${labels.length})`, [
      crmIssue.of('length_mismatch', ['labels'], `expected ${scores.length} labels, got ${labels.length}`),
    ]);
  const issues: CrmIssue[] = [];
  let bad = 0;
  const y = new Uint8Array(labels.length);
  for (let i = 0; i < scores.length; i++) {
    const s: unknown = scores[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) {
      if (bad++ < MAX_ISSUES) issues.push(crmIssue.invalidNumber([i], s));
    } else if (what === 'probability' && (s < 0 || s > 1)) {
      if (bad++ < MAX_ISSUES) issues.push(crmIssue.invalidValue([i], `probability ${i} must be in [0, 1]`, s));
    }
    const t = readTarget(labels[i]);
    if (t === null) {
      if (bad++ < MAX_ISSUES)
        issues.push(crmIssue.invalidValue(['labels', i], `label ${i} must be true/false or 1/0`, labels[i]));
    } else y[i] = t;
  }
  if (bad) return err(invalidInput('Evaluation input', issues, bad));
  if (scores.length === 0)
    return fail('insufficient_data', `No ${plural} to evaluate`, [crmIssue.of('insufficient_data', [], 'empty input')]);
  return ok(y);
}

/**
 * The most bins of a {@link calibrationTable}: its uniform strategy makes one row per bin whatever the
 * number of predictions, so the size of its output (and its work) is bounded here.
 */
const MAX_CALIBRATION_BINS = 10_000;

/** Reads a `bins` option: a positive integer (at most `max` when given), default 10. */
function readBins(v: unknown, issues: CrmIssue[], max = Infinity): number {
  if (v === undefined) return 10;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) {
    if (v <= max) return v;
    issues.push(crmIssue.tooBig(['bins'], 'bins', max, true, v));
    return 10;
  }
  issues.push(crmIssue.invalidValue(['bins'], 'bins must be a positive integer', v));
  return 10;
}

function bothClasses(y: Uint8Array, name: string): Result<{ pos: number; neg: number }> {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0)
    return fail(
      'insufficient_data',
      `${name} needs both positive and negative labels; got ${pos} positive and ${neg} negative`,
      [crmIssue.of('one_class', ['labels'], 'only one class present')],
    );
  return ok({ pos, neg });
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half — the Mann–Whitney U statistic divided by `n₊·n₋` (Hanley & McNeil 1982).
 * Computed from doubled mid-ranks in integers, so ties are handled exactly. Depends only on the order
 * of the scores. Fails with `insufficient_data` when a class is absent, `validation_failed` for
 * mismatched lengths, non-finite scores or bad labels.
 *
 * @example
 * ```ts
 * rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); //=> { ok: true, value: 0.75 }
 * ```
 */
export function rocAuc(scores: readonly number[], labels: readonly Outcome[]): Result<number> {
  const c = checkPairs(scores, labels, 'score');
  if (!c.ok) return c;
  const y = c.value;
  const cls = bothClasses(y, 'rocAuc');
  if (!cls.ok) return cls;
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // Twice the rank sum of positives, with mid-ranks for ties: group [i, j) gets ranks i+1..j, mid = (i+1+j)/2.
  let twiceRankSum = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    let posInGroup = 0;
    for (let k = i; k < j; k++) posInGroup += y[order[k]!]!;
    twiceRankSum += posInGroup * (i + 1 + j);
    i = j;
  }
  const { pos, neg } = cls.value;
  return ok((twiceRankSum - pos * (pos + 1)) / (2 * pos * neg));
}

/**
 * A point of the ROC curve: calling every score ≥ `threshold` positive gives `tp` true and `fp` false
 * positives, the true positive rate `tpr = tp / n₊` and the false positive rate `fpr = fp / n₋`. The
 * first point of a curve, `(0, 0)`, has `threshold: null`: nothing is called positive.
 *
 * @example
 * ```ts
 * const p: RocPoint = { threshold: 0.8, tp: 1, fp: 0, tpr: 0.5, fpr: 0 };
 * ```
 */
export interface RocPoint {
  readonly threshold: number | null;
  readonly tp: number;
  readonly fp: number;
  readonly tpr: number;
  readonly fpr: number;
}

/**
 * The ROC curve (Fawcett, "An introduction to ROC analysis", *Pattern Recognition Letters* 27, 2006,
 * Algorithm 1): from `(0, 0)` (threshold `null`), one point per distinct score in decreasing order, the
 * last one `(1, 1)`. Tied scores make one point, so the curve has a diagonal segment there — which is why
 * the trapezoidal area under these points equals {@link rocAuc} (ties counted one half) exactly. The
 * points are what `rocChart` plots; `threshold` works with {@link confusionAt}.
 *
 * Fails as {@link rocAuc} does: `insufficient_data` when a class is absent or there are no scores,
 * `validation_failed` for mismatched lengths, non-finite scores or bad labels.
 *
 * @example
 * ```ts
 * const r = rocCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]);
 * if (r.ok) r.value.map((p) => [p.fpr, p.tpr]); //=> [[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]
 * ```
 */
export function rocCurve(scores: readonly number[], labels: readonly Outcome[]): Result<readonly RocPoint[]> {
  const c = checkPairs(scores, labels, 'score');
  if (!c.ok) return c;
  const y = c.value;
  const cls = bothClasses(y, 'rocCurve');
  if (!cls.ok) return cls;
  const { pos, neg } = cls.value;
  const n = scores.length;
  const order = Float64Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const points: RocPoint[] = [Object.freeze({ threshold: null, tp: 0, fp: 0, tpr: 0, fpr: 0 })];
  let tp = 0,
    fp = 0;
  for (let k = 0; k < n;) {
    const threshold = scores[order[k]!]!;
    while (k < n && scores[order[k]!] === threshold) {
      if (y[order[k]!]) tp++;
      else fp++;
      k++;
    }
    points.push(Object.freeze({ threshold, tp, fp, tpr: tp / pos, fpr: fp / neg }));
  }
  return ok(Object.freeze(points));
}

/**
 * Options of {@link logLoss}: `epsilon` (default 1e-15) clips probabilities to `[epsilon, 1 − epsilon]`.
 *
 * @example
 * ```ts
 * const o: LogLossOptions = { epsilon: 1e-12 };
 * ```
 */
export interface LogLossOptions {
  readonly epsilon?: number;
}

/**
 * Mean log-loss (cross-entropy, natural log): `−mean(y log p + (1 − y) log(1 − p))`, with `p` clipped
 * to `[epsilon, 1 − epsilon]` (default 1e-15, as scikit-learn) so a confident miss is large but finite.
 * Unknown option keys are refused; `null` options mean none.
 *
 * @example
 * ```ts
 * logLoss([0.9, 0.2], [1, 0]); //=> { ok: true, value: ≈ 0.1643 } (−(ln 0.9 + ln 0.8) / 2)
 * ```
 */
export function logLoss(
  probabilities: readonly number[],
  labels: readonly Outcome[],
  options?: LogLossOptions | null,
): Result<number> {
  const issues: CrmIssue[] = [];
  const o = readOptions(options, ['epsilon'] as const, issues);
  let eps = 1e-15;
  if (o.epsilon !== undefined) {
    if (typeof o.epsilon === 'number' && o.epsilon > 0 && o.epsilon < 0.5) eps = o.epsilon;
    else issues.push(crmIssue.invalidValue(['epsilon'], 'epsilon must be in (0, 0.5)', o.epsilon));
  }
  if (issues.length) return err(invalidInput('logLoss options', issues));
  const c = checkPairs(probabilities, labels, 'probability');
  if (!c.ok) return c;
  const y = c.value;
  const terms = probabilities.map((p, i) => {
    const q = Math.min(1 - eps, Math.max(eps, p));
    return -(y[i] ? Math.log(q) : Math.log1p(-q));
  });
  return ok(compensatedSum(terms) / terms.length);
}

/**
 * Brier score: the mean squared difference between probability and outcome (Brier 1950); 0 is perfect.
 *
 * @example
 * ```ts
 * brierScore([0.9, 0.2], [1, 0]); //=> { ok: true, value: 0.025 } ((0.01 + 0.04) / 2)
 * ```
 */
export function brierScore(probabilities: readonly number[], labels: readonly Outcome[]): Result<number> {
  const c = checkPairs(probabilities, labels, 'probability');
  if (!c.ok) return c;
  const y = c.value;
  return ok(compensatedSum(probabilities.map((p, i) => (p - y[i]!) ** 2)) / probabilities.length);
}

/**
 * Confusion counts at a threshold (a score ≥ `threshold` is predicted positive) and the usual rates;
 * a rate whose denominator is 0 is `null` (never NaN).
 *
 * @example
 * ```ts
 * const c: Confusion = unwrap(confusionAt([0.2, 0.7], [0, 1], 0.5));
 * c.tp; //=> 1
 * ```
 */
export interface Confusion {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  readonly accuracy: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly specificity: number | null;
  readonly f1: number | null;
}

/**
 * Counts true/false positives/negatives when scores at or above `threshold` are called positive.
 * Fails with `validation_failed` when `threshold` is not a finite number (the result echoes it, and
 * never holds ±Infinity: a threshold above every score calls none positive), and as {@link rocAuc} does
 * for the scores and labels.
 *
 * @example
 * ```ts
 * unwrap(confusionAt([0.1, 0.6, 0.4, 0.8], [0, 0, 1, 1], 0.5)); //=> { tp: 1, fp: 1, tn: 1, fn: 1, accuracy: 0.5, precision: 0.5, recall: 0.5, ... }
 * ```
 */
export function confusionAt(
  scores: readonly number[],
  labels: readonly Outcome[],
  threshold: number,
): Result<Confusion> {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold))
    return err(invalidInput('confusionAt', [crmIssue.invalidType(['threshold'], 'a finite number', threshold)]));
  const c = checkPairs(scores, labels, 'score');
  if (!c.ok) return c;
  const y = c.value;
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (predicted) {
      if (y[i]) tp++;
      else fp++;
    } else if (y[i]) fn++;
    else tn++;
  }
  const div = (a: number, b: number): number | null => (b === 0 ? null : a / b);
  const precision = div(tp, tp + fp),
    recall = div(tp, tp + fn);
  return ok(
    Object.freeze({
      threshold,
      tp,
      fp,
      tn,
      fn,
      accuracy: (tp + tn) / scores.length,
      precision,
      recall,
      specificity: div(tn, tn + fp),
      f1: div(2 * tp, 2 * tp + fp + fn),
    }),
  );
}

/**
 * One row of a lift table: bin `bin` (1 = highest scores) with its `count`, `positives`, positive
 * `rate`, the score range, and cumulative figures: `gain` (share of all positives captured so far),
 * `lift` (this bin's rate over the overall rate) and `cumulativeLift`.
 *
 * @example
 * ```ts
 * const row: LiftRow = { bin: 1, count: 10, positives: 6, rate: 0.6, minScore: 0.8, maxScore: 0.99, cumulativeCount: 10, cumulativePositives: 6, gain: 0.3, lift: 3, cumulativeLift: 3 };
 * ```
 */
export interface LiftRow {
  readonly bin: number;
  readonly count: number;
  readonly positives: number;
  readonly rate: number;
  readonly minScore: number;
  readonly maxScore: number;
  readonly cumulativeCount: number;
  readonly cumulativePositives: number;
  readonly gain: number;
  readonly lift: number;
  readonly cumulativeLift: number;
}

/**
 * Options of {@link liftTable}: `bins` (default 10).
 *
 * @example
 * ```ts
 * const o: LiftTableOptions = { bins: 5 };
 * ```
 */
export interface LiftTableOptions {
  readonly bins?: number;
}

/**
 * Gain and lift by score bins (deciles by default): rows sorted by score descending (ties by input
 * position), cut into `bins` groups whose sizes differ by at most one (earlier bins take the extra
 * row). Needs at least `bins` rows and one positive (`insufficient_data` otherwise). Unknown option
 * keys and a `bins` that is not a positive integer are `validation_failed`; `null` options mean none.
 *
 * @example
 * ```ts
 * const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
 * const labels = [1, 1, 0, 1, 0, 0, 0, 0, 1, 0] as const;
 * const t = unwrap(liftTable(scores, [...labels], { bins: 5 }));
 * t[0]!.lift; //=> 2.5 (the top fifth converts at 2 / 2, the base rate is 4 / 10)
 * t[4]!.gain; //=> 1
 * ```
 */
export function liftTable(
  scores: readonly number[],
  labels: readonly Outcome[],
  options?: LiftTableOptions | null,
): Result<readonly LiftRow[]> {
  const issues: CrmIssue[] = [];
  const o = readOptions(options, ['bins'] as const, issues);
  const bins = readBins(o.bins, issues);
  if (issues.length) return err(invalidInput('liftTable options', issues));
  const c = checkPairs(scores, labels, 'score');
  if (!c.ok) return c;
  const y = c.value;
  const n = scores.length;
  if (n < bins)
    return fail('insufficient_data', `liftTable needs at least ${bins} rows for ${bins} bins; got ${n}`, [
      crmIssue.of('insufficient_data', [], 'too few rows'),
    ]);
  let totalPos = 0;
  for (let i = 0; i < n; i++) totalPos += y[i]!;
  if (totalPos === 0)
    return fail(
      'insufficient_data',
      'liftTable needs at least one positive label (gain and lift divide by the positives)',
      [crmIssue.of('one_class', ['labels'], 'no positives')],
    );
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const base = totalPos / n;
  const rows: LiftRow[] = [];
  let start = 0,
    cumCount = 0,
    cumPos = 0;
  for (let b = 0; b < bins; b++) {
    const size = Math.floor(n / bins) + (b < n % bins ? 1 : 0);
    let positives = 0,
      minScore = Infinity,
      maxScore = -Infinity;
    for (let k = start; k < start + size; k++) {
      const i = order[k]!;
      positives += y[i]!;
      minScore = Math.min(minScore, scores[i]!);
      maxScore = Math.max(maxScore, scores[i]!);
    }
    start += size;
    cumCount += size;
    cumPos += positives;
    const rate = positives / size;
    rows.push({
      bin: b + 1,
      count: size,
      positives,
      rate,
      minScore,
      maxScore,
      cumulativeCount: cumCount,
      cumulativePositives: cumPos,
      gain: cumPos / totalPos,
      lift: rate / base,
      cumulativeLift: cumPos / cumCount / base,
    });
  }
  return ok(deepFreeze(rows));
}

/**
 * One bin of a calibration table: its probability range `[lower, upper)` (the last bin includes 1),
 * how many predictions fell in it, their mean, and the observed positive rate (`null` for an empty bin).
 *
 * @example
 * ```ts
 * const row: CalibrationRow = { bin: 3, lower: 0.2, upper: 0.3, count: 40, meanPredicted: 0.25, observedRate: 0.275 };
 * ```
 */
export interface CalibrationRow {
  readonly bin: number;
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  readonly meanPredicted: number | null;
  readonly observedRate: number | null;
}

/**
 * Options of {@link calibrationTable}: `bins` (default 10) and `strategy` (`'uniform'`, the default, or
 * `'quantile'`).
 *
 * @example
 * ```ts
 * const o: CalibrationTableOptions = { bins: 5, strategy: 'quantile' };
 * ```
 */
export interface CalibrationTableOptions {
  readonly bins?: number;
  readonly strategy?: 'uniform' | 'quantile';
}

/**
 * A calibration table: its rows and the expected calibration error `ece`.
 *
 * @example
 * ```ts
 * const t: CalibrationTable = { rows: [], ece: 0.02 };
 * ```
 */
export interface CalibrationTable {
  readonly rows: readonly CalibrationRow[];
  readonly ece: number;
}

/**
 * Reliability table of predicted probabilities against observed rates. `strategy: 'uniform'`
 * (default) cuts [0, 1] into `bins` equal-width bins; `'quantile'` makes bins of equal counts (sizes
 * differ by at most one) over the sorted probabilities. Also returns the expected calibration error
 * `ece = Σ (count / n) · |meanPredicted − observedRate|` (Naeini et al. 2015). Unknown option keys, a bad
 * `bins` or `strategy` are `validation_failed`, and so is `bins` above 10,000 (`too_big`: the uniform
 * strategy makes one row per bin); `null` options mean none.
 *
 * @example
 * ```ts
 * const t = unwrap(calibrationTable([0.1, 0.15, 0.8, 0.9], [0, 0, 1, 1], { bins: 2 }));
 * t.rows[0]; //=> { bin: 1, lower: 0, upper: 0.5, count: 2, meanPredicted: 0.125, observedRate: 0 }
 * ```
 */
export function calibrationTable(
  probabilities: readonly number[],
  labels: readonly Outcome[],
  options?: CalibrationTableOptions | null,
): Result<CalibrationTable> {
  const issues: CrmIssue[] = [];
  const o = readOptions(options, ['bins', 'strategy'] as const, issues);
  const bins = readBins(o.bins, issues, MAX_CALIBRATION_BINS);
  const strategy = o.strategy ?? 'uniform';
  if (strategy !== 'uniform' && strategy !== 'quantile')
    issues.push(
      crmIssue.invalidValue(['strategy'], 'strategy must be a binning strategy', strategy, ['uniform', 'quantile']),
    );
  if (issues.length) return err(invalidInput('calibrationTable options', issues));
  const c = checkPairs(probabilities, labels, 'probability');
  if (!c.ok) return c;
  const y = c.value;
  const n = probabilities.length;
  const groups: number[][] = Array.from({ length: bins }, () => []);
  const bounds: [number, number][] = [];
  if (strategy === 'uniform') {
    for (let b = 0; b < bins; b++) bounds.push([b / bins, (b + 1) / bins]);
    for (let i = 0; i < n; i++) groups[Math.min(bins - 1, Math.floor(probabilities[i]! * bins))]!.push(i);
  } else {
    if (n < bins)
      return fail('insufficient_data', `quantile calibration needs at least ${bins} predictions; got ${n}`, [
        crmIssue.of('insufficient_data', [], 'too few rows'),
      ]);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[a]! - probabilities[b]! || a - b);
    let start = 0;
    for (let b = 0; b < bins; b++) {
      const size = Math.floor(n / bins) + (b < n % bins ? 1 : 0);
      groups[b] = order.slice(start, start + size);
      start += size;
    }
    for (let b = 0; b < bins; b++) {
      const g = groups[b]!;
      bounds.push([probabilities[g[0]!]!, b === bins - 1 ? 1 : probabilities[groups[b + 1]![0]!]!]);
    }
  }
  let ece = 0;
  const rows = groups.map((g, b) => {
    const count = g.length;
    if (count === 0)
      return { bin: b + 1, lower: bounds[b]![0], upper: bounds[b]![1], count, meanPredicted: null, observedRate: null };
    const meanPredicted = compensatedSum(g.map((i) => probabilities[i]!)) / count;
    let pos = 0;
    for (const i of g) pos += y[i]!;
    const observedRate = pos / count;
    ece += (count / n) * Math.abs(meanPredicted - observedRate);
    return { bin: b + 1, lower: bounds[b]![0], upper: bounds[b]![1], count, meanPredicted, observedRate };
  });
  const table: CalibrationTable = { rows, ece };
  return ok(deepFreeze(table));
}
