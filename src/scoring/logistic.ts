/**
 * Logistic regression as R's `glm(…, family = binomial)` fits it: `fitLogisticRegression` (and its
 * async twin). Predictions are in `predictProbability.ts`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, fail, ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput, MAX_ISSUES } from '../core/issues.js';
import { deepFreeze } from '../_lib/freeze.js';
import {
  featureIssue,
  positiveIntegerOption,
  readOptions,
  readTargetOption,
  resolveFeatures,
  rowsIssues,
  targetIssue,
  type FeatureSpec,
  type ResolvedFeature,
} from './rows.js';
import { orderLevels, type LevelKind } from './levelOrder.js';
import { doubleColumn, irls, type DesignCategorical, type IrlsOutcome } from './logisticIrls.js';
import {
  abortedError,
  readProgressOptions,
  runAsync,
  runSync,
  type ProgressOptions,
  type RunOutcome,
  type ScoringProgress,
} from './progress.js';

/**
 * Options of {@link fitLogisticRegression}.
 *
 * - `features`: field names or `{ name, type, levels? }` (see {@link FeatureSpec}).
 * - `target`: a field holding `true`/`false` or `1`/`0`.
 * - `l2` (default 0): ridge penalty `l2/2 · Σβ²` on the standardized, non-intercept coefficients (not
 *   divided by the number of rows). Use it for separable or collinear data. With `l2: 0` the fit is R's.
 * - `maxIterations` (default 25) and `epsilon` (default 1e-8): R's `glm.control(maxit, epsilon)`; the fit
 *   has converged when the deviance changes by less than `epsilon · (|deviance| + 0.1)`.
 * - `tolerance`: deprecated, read as `epsilon`.
 * - `onProgress`, `signal`: see {@link ProgressOptions}; phases `read` (rows) and `fit` (iterations).
 *
 * @example
 * ```ts
 * const o: FitLogisticRegressionOptions = { features: ['employees', 'industry'], target: 'won', l2: 1 };
 * ```
 */
export interface FitLogisticRegressionOptions extends ProgressOptions {
  readonly features: readonly FeatureSpec[];
  readonly target: string;
  readonly l2?: number;
  readonly maxIterations?: number;
  readonly epsilon?: number;
  /** @deprecated Use `epsilon` (R's convergence criterion on the relative change of the deviance). */
  readonly tolerance?: number;
}

/**
 * Options of {@link trainLogisticRegression}.
 *
 * @deprecated Use {@link FitLogisticRegressionOptions}.
 * @example
 * ```ts
 * const o: LogisticOptions = { features: ['employees'], target: 'won' };
 * ```
 */
export type LogisticOptions = FitLogisticRegressionOptions;

const OPTION_KEYS = [
  'features',
  'target',
  'l2',
  'maxIterations',
  'epsilon',
  'tolerance',
  'onProgress',
  'signal',
] as const;

/**
 * A numeric feature of a fitted model: its training `mean` and sample standard deviation `sd`, the
 * coefficient on the original scale and on the standardized scale (`(x − mean) / sd`). An aliased
 * feature (a constant one, or one that is a linear combination of earlier columns) has coefficient 0
 * and is listed in the model's `aliased`.
 *
 * @example
 * ```ts
 * const f: LogisticNumericFeature = { name: 'employees', type: 'numeric', mean: 120, sd: 80, coefficient: 0.01, standardizedCoefficient: 0.8 };
 * ```
 */
export interface LogisticNumericFeature {
  readonly name: string;
  readonly type: 'numeric';
  readonly mean: number;
  readonly sd: number;
  readonly coefficient: number;
  readonly standardizedCoefficient: number;
}

/**
 * A categorical feature, one-hot encoded against its `reference` level (the first level in R's
 * `factor()` order, or the first of the `levels` given: R's treatment contrasts). Levels not seen in
 * training count as the reference (0) at prediction; an aliased level has coefficient 0 and is listed
 * in the model's `aliased`.
 *
 * @example
 * ```ts
 * const f: LogisticCategoricalFeature = { name: 'industry', type: 'categorical', reference: 'finance', levels: [{ level: 'finance', coefficient: 0 }, { level: 'retail', coefficient: -0.4 }] };
 * ```
 */
export interface LogisticCategoricalFeature {
  readonly name: string;
  readonly type: 'categorical';
  readonly reference: string;
  readonly levels: readonly { readonly level: string; readonly coefficient: number }[];
}

/**
 * How the fit ended:
 * - `converged`: R's criterion was met;
 * - `max_iterations`: it was not met within `maxIterations` (R: "algorithm did not converge");
 * - `separated`: every row lies on its own side of the fitted hyperplane, so without `l2` the likelihood
 *   has no maximum; the fit stopped there with finite coefficients that only show the direction;
 * - `quasi_separated`: a fitted probability is numerically 0 or 1 (R: "fitted probabilities numerically
 *   0 or 1 occurred"), or a level of a categorical feature (or a value of a two-valued numeric one) has
 *   outcomes of one class only: some coefficients have no finite estimate, and the ones reported are
 *   where R's iteration stopped;
 * - `singular`: the weighted cross-product matrix stopped being positive definite during the
 *   iteration (weights underflowing on a near-separated fit); use `l2`.
 *
 * @example
 * ```ts
 * const s: LogisticStatus = 'quasi_separated';
 * ```
 */
export type LogisticStatus = 'converged' | 'max_iterations' | 'separated' | 'quasi_separated' | 'singular';

/**
 * A fitted logistic regression, plain JSON. `intercept` and `coefficients` are on the original scale and
 * equal R's `coef(glm(y ~ ., family = binomial))` (keys: numeric feature name, or `name=level` for a
 * dummy); coefficients R gives as `NA` (aliased columns) are left out of `coefficients` and listed in
 * `aliased`. `baselineLogOdds` is the log-odds at the numeric means and reference levels. `converged` is
 * R's `converged`; `iterations` R's `iter`; `deviance` R's `deviance`; `logLoss` the mean negative
 * log-likelihood per training row (natural log, without the penalty).
 *
 * @example
 * ```ts
 * const rows = [{ x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 0 }, { x: 4, y: 1 }, { x: 5, y: 1 }];
 * const m: LogisticModel = unwrap(fitLogisticRegression(rows, { features: ['x'], target: 'y' }));
 * m.converged; //=> true
 * JSON.parse(JSON.stringify(m)); // round-trips
 * ```
 */
export interface LogisticModel {
  readonly kind: 'logistic';
  readonly target: string;
  readonly intercept: number;
  readonly baselineLogOdds: number;
  readonly coefficients: Readonly<Record<string, number>>;
  readonly aliased: readonly string[];
  readonly features: readonly (LogisticNumericFeature | LogisticCategoricalFeature)[];
  readonly l2: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly status: LogisticStatus;
  readonly deviance: number;
  readonly logLoss: number;
  readonly rows: number;
  readonly positives: number;
  readonly warnings: readonly string[];
}

/** Rows read between two pause points. */
const READ_CHUNK = 16384;

/** A feature as read: a numeric column (in the design buffer) or level codes. */
type ReadFeature =
  | { readonly type: 'numeric'; readonly name: string; readonly column: number }
  | {
      readonly type: 'categorical';
      readonly name: string;
      readonly levels: readonly string[];
      readonly codes: Int32Array;
      /** Rows and positive rows per level. */
      readonly counts: Float64Array;
      readonly positives: Float64Array;
    };

interface ReadData {
  readonly y: Uint8Array;
  /** `1 + numeric features` columns of `n` doubles ({@link doubleColumn}); column 0 is free (for the intercept). */
  readonly X: number[][];
  readonly features: readonly ReadFeature[];
}

/** What {@link readChunk} reads into. */
interface ReadState {
  readonly target: string;
  readonly numNames: readonly string[];
  readonly catNames: readonly string[];
  readonly catFeatures: readonly ResolvedFeature[];
  readonly X: readonly number[][];
  readonly y: Uint8Array;
  readonly catCodes: readonly Int32Array[];
  readonly catMaps: readonly Map<string, number>[];
  readonly fixed: readonly boolean[];
  readonly allNumber: boolean[];
  readonly allBoolean: boolean[];
  readonly issues: CrmIssue[];
}

/**
 * Reads rows `[c0, c1)`: the target and every feature of one row at a time (each row object visited
 * once), into the typed columns; returns `bad` plus the unreadable values found, keeping the issues of
 * the first {@link MAX_ISSUES}. A function of its own, so it is optimized as a unit (and it stores
 * nothing after its loop, which compiled code entered mid-loop would have no feedback for).
 */
function readChunk(rows: readonly object[], c0: number, c1: number, st: ReadState, bad: number): number {
  const { target, numNames, catNames, X, y, catCodes, catMaps, fixed, allNumber, allBoolean, issues } = st;
  const nNum = numNames.length,
    nCat = catNames.length;
  for (let i = c0; i < c1; i++) {
    const r = rows[i] as Record<string, unknown>;
    const t = r[target];
    if (t === 1 || t === true) y[i] = 1;
    else if (t !== 0 && t !== false) {
      if (bad++ < MAX_ISSUES) issues.push(targetIssue(i, target, t));
    }
    for (let k = 0; k < nNum; k++) {
      const raw = r[numNames[k]!];
      if (typeof raw === 'number' && raw - raw === 0) X[k + 1]![i] = raw;
      else if (typeof raw === 'boolean') X[k + 1]![i] = raw ? 1 : 0;
      else if (bad++ < MAX_ISSUES) issues.push(featureIssue(i, { name: numNames[k]!, type: 'numeric' }, raw));
    }
    for (let k = 0; k < nCat; k++) {
      const raw = r[catNames[k]!];
      let level: string;
      if (typeof raw === 'string') {
        level = raw;
        allNumber[k] = false;
        allBoolean[k] = false;
      } else if (typeof raw === 'number' && raw - raw === 0) {
        level = String(raw);
        allBoolean[k] = false;
      } else if (typeof raw === 'boolean') {
        level = raw ? 'true' : 'false';
        allNumber[k] = false;
      } else {
        if (bad++ < MAX_ISSUES) issues.push(featureIssue(i, { name: catNames[k]!, type: 'categorical' }, raw));
        continue;
      }
      const map = catMaps[k]!;
      let code = map.get(level);
      if (code === undefined) {
        if (fixed[k]) {
          if (bad++ < MAX_ISSUES) issues.push(featureIssue(i, st.catFeatures[k]!, raw));
          continue;
        }
        code = map.size;
        map.set(level, code);
      }
      catCodes[k]![i] = code;
    }
  }
  return bad;
}

/**
 * Reads the target and every feature into typed columns, block by block of rows (a pause point
 * between blocks); collects the issues of unreadable values (at most {@link MAX_ISSUES}) instead.
 */
function* readRows(
  rows: readonly object[],
  features: readonly ResolvedFeature[],
  target: string,
  issues: CrmIssue[],
): Generator<ScoringProgress | undefined, ReadData | number> {
  const n = rows.length;
  const y = new Uint8Array(n);
  const numNames: string[] = [],
    catNames: string[] = [],
    catFeatures: ResolvedFeature[] = [];
  for (const f of features) {
    if (f.type === 'numeric') numNames.push(f.name);
    else {
      catNames.push(f.name);
      catFeatures.push(f);
    }
  }
  const X = Array.from({ length: 1 + numNames.length }, () => doubleColumn(n));
  const catCodes = catNames.map(() => new Int32Array(n));
  const catMaps = catFeatures.map((f) => new Map<string, number>(f.levels?.map((l, k) => [l, k] as const)));
  const fixed = catFeatures.map((f) => f.levels !== undefined);
  const state: ReadState = {
    target,
    numNames,
    catNames,
    catFeatures,
    X,
    y,
    catCodes,
    catMaps,
    fixed,
    allNumber: catNames.map(() => true),
    allBoolean: catNames.map(() => true),
    issues,
  };
  let bad = 0;
  for (let c0 = 0; c0 < n; c0 += READ_CHUNK) {
    const c1 = Math.min(n, c0 + READ_CHUNK);
    bad = readChunk(rows, c0, c1, state, bad);
    yield { phase: 'read', done: c1, total: n };
  }
  const { allNumber, allBoolean } = state;
  if (bad > 0) return bad;
  const catRead = catNames.map((name, k) => {
    const codes = catCodes[k]!;
    let levels: readonly string[];
    if (fixed[k]) levels = catFeatures[k]!.levels!;
    else {
      // Renumber the first-seen codes in R's factor() order.
      const seen = [...catMaps[k]!.keys()];
      const kind: LevelKind = allNumber[k] ? 'number' : allBoolean[k] ? 'boolean' : 'text';
      levels = orderLevels(seen, kind);
      const rank = new Int32Array(seen.length);
      const sortedIndex = new Map(levels.map((l, li) => [l, li] as const));
      seen.forEach((l, c) => (rank[c] = sortedIndex.get(l)!));
      renumber(codes, rank);
    }
    const counts = new Float64Array(levels.length),
      positives = new Float64Array(levels.length);
    countLevels(codes, y, counts, positives);
    return { type: 'categorical' as const, name, levels, codes, counts, positives };
  });
  let numK = 0,
    catK = 0;
  const out: ReadFeature[] = features.map((f) =>
    f.type === 'numeric' ? { type: 'numeric' as const, name: f.name, column: 1 + numK++ } : catRead[catK++]!,
  );
  return { y, X, features: out };
}

// The O(n) loops of the fit live in small functions of one loop each: V8 then optimizes each on its
// own, and a deoptimization of the long generator that calls them never sends a loop back to the
// interpreter (where every number would be boxed).

/** `codes[i] = rank[codes[i]]`. */
function renumber(codes: Int32Array, rank: Int32Array): void {
  for (let i = 0; i < codes.length; i++) codes[i] = rank[codes[i]!]!;
}

/** Rows and positive rows per level. */
function countLevels(codes: Int32Array, y: Uint8Array, counts: Float64Array, positives: Float64Array): void {
  for (let i = 0; i < codes.length; i++) {
    const l = codes[i]!;
    counts[l] = counts[l]! + 1;
    positives[l] = positives[l]! + y[i]!;
  }
}

/** Σ (x − mean)² over the `n` values of column `x`. */
function sumOfSquares(x: readonly number[], n: number, mean: number): number {
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d;
  }
  return ss;
}

/** `x ← (x − mean) · inv` for the `n` values of column `x`. */
function standardize(x: number[], n: number, mean: number, inv: number): void {
  for (let i = 0; i < n; i++) x[i] = (x[i]! - mean) * inv;
}

/** Number of 1s. */
function countOnes(y: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) k += y[i]!;
  return k;
}

/** Neumaier-compensated mean of the `n` values of column `col`. */
function columnMean(col: readonly number[], n: number): number {
  let s = 0,
    c = 0;
  for (let i = 0; i < n; i++) {
    const x = col[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return (s + c) / n;
}

/** Describes levels or values whose rows all have one outcome (quasi-separation certificates). */
function oneClassGroups(data: ReadData, numeric: readonly NumericStats[], n: number): string[] {
  const out: string[] = [];
  const { y, X } = data;
  const describe = (label: string, rows: number, pos: number): void => {
    if (rows > 0 && (pos === 0 || pos === rows))
      out.push(`${label} (${rows} row${rows === 1 ? '' : 's'}, all ${pos === 0 ? 'negative' : 'positive'})`);
  };
  for (const f of data.features) {
    if (f.type !== 'categorical' || f.levels.length < 2) continue;
    f.levels.forEach((level, l) => describe(`${f.name}=${level}`, f.counts[l]!, f.positives[l]!));
  }
  for (const s of numeric) {
    if (!s.active) continue;
    const col = X[s.column]!;
    const a = col[0]!;
    let b = a,
      two = true;
    for (let i = 1; i < n && two; i++) {
      const x = col[i]!;
      if (x !== a) {
        if (b === a) b = x;
        else if (x !== b) two = false;
      }
    }
    if (!two || b === a) continue;
    let rowsA = 0,
      posA = 0,
      posAll = 0;
    for (let i = 0; i < n; i++) {
      posAll += y[i]!;
      if (col[i] === a) {
        rowsA++;
        posA += y[i]!;
      }
    }
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const [rowsLo, posLo] = a < b ? [rowsA, posA] : [n - rowsA, posAll - posA];
    describe(`${s.name} = ${lo}`, rowsLo, posLo);
    describe(`${s.name} = ${hi}`, n - rowsLo, posAll - posLo);
  }
  return out;
}

interface NumericStats {
  readonly name: string;
  /** Column of the read buffer. */
  readonly column: number;
  readonly mean: number;
  readonly sd: number;
  readonly active: boolean;
}

/** The checked options and rows of a fit, or the error. */
interface Prepared {
  readonly rows: readonly object[];
  readonly features: readonly ResolvedFeature[];
  readonly target: string;
  readonly l2: number;
  readonly maxIterations: number;
  readonly epsilon: number;
  readonly control: ProgressOptions;
}

function prepare(rows: unknown, options: unknown): Result<Prepared> {
  const issues: CrmIssue[] = [];
  try {
    const o = readOptions(options, OPTION_KEYS, issues);
    if (issues.length) return err(invalidInput('Logistic regression options', issues));
    rowsIssues(rows, issues);
    if (issues.length) return err(invalidInput('Logistic regression rows', issues));
    const target = readTargetOption(o.target, issues);
    let l2 = 0;
    if (o.l2 !== undefined) {
      if (typeof o.l2 === 'number' && Number.isFinite(o.l2) && o.l2 >= 0) l2 = o.l2;
      else issues.push(crmIssue.invalidValue(['l2'], 'l2 must be a finite number ≥ 0', o.l2));
    }
    const maxIterations = positiveIntegerOption('maxIterations', o.maxIterations, 25, issues);
    if (o.epsilon !== undefined && o.tolerance !== undefined)
      issues.push(
        crmIssue.of('options_mismatch', ['tolerance'], 'give epsilon only (tolerance is its deprecated name)'),
      );
    const eps = o.epsilon ?? o.tolerance;
    let epsilon = 1e-8;
    if (eps !== undefined) {
      if (typeof eps === 'number' && eps > 0 && eps < 1) epsilon = eps;
      else
        issues.push(
          crmIssue.invalidValue([o.epsilon !== undefined ? 'epsilon' : 'tolerance'], 'epsilon must be in (0, 1)', eps),
        );
    }
    const control = readProgressOptions(o.onProgress, o.signal, issues);
    const features = resolveFeatures(o.features, target, rows as readonly object[], issues);
    if (issues.length) return err(invalidInput('Logistic regression options', issues));
    return ok({ rows: rows as readonly object[], features, target, l2, maxIterations, epsilon, control });
  } catch {
    return fail('validation_failed', 'Logistic regression input could not be read (a getter or proxy threw)', [
      crmIssue.of('invalid_type', [], 'the rows or options could not be read (a getter or proxy threw)'),
    ]);
  }
}

/**
 * The whole fit as a generator (pause points between blocks of rows): read, check, build the design,
 * iterate, and turn the estimate into a model.
 */
function* fitSteps(input: Prepared): Generator<ScoringProgress | undefined, Result<LogisticModel>> {
  const { rows, features, target, l2, maxIterations, epsilon } = input;
  const n = rows.length;
  const issues: CrmIssue[] = [];
  let data: ReadData | number;
  try {
    data = yield* readRows(rows, features, target, issues);
  } catch {
    return fail('validation_failed', 'Logistic regression rows could not be read (a getter or proxy threw)', [
      crmIssue.of('invalid_type', ['rows'], 'a row could not be read (a getter or proxy threw)'),
    ]);
  }
  if (typeof data === 'number') return err(invalidInput('Logistic regression training data', issues, data));
  const { y, X } = data;
  const positives = countOnes(y);
  if (n === 0 || positives === 0 || positives === n)
    return fail(
      'insufficient_data',
      `Logistic regression needs both classes; got ${positives} positive and ${n - positives} negative rows`,
      [crmIssue.of('one_class', [target], 'both 0/1 (false/true) outcomes must occur')],
    );
  const warnings: string[] = [];

  // Numeric columns: mean and sample sd (as R's scale()); a constant one is aliased. The quasi-separation
  // certificates read the raw values; then the columns are standardized in place.
  const numeric: NumericStats[] = [];
  for (const f of data.features) {
    if (f.type !== 'numeric') continue;
    const col = X[f.column]!;
    const mean = columnMean(col, n);
    const ss = sumOfSquares(col, n, mean);
    const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    // Values so large that the column's mean, spread or norm overflow binary64 (|x| beyond about 1e153)
    // cannot be standardized: refused, as a model holding an infinite sd could not predict.
    if (!Number.isFinite(Math.sqrt((n - 1) * sd * sd + n * mean * mean)))
      issues.push(
        crmIssue.of(
          'too_big',
          [f.name],
          `numeric feature '${f.name}': its values are too large to standardize (the mean or standard deviation overflows binary64)`,
        ),
      );
    numeric.push({ name: f.name, column: f.column, mean, sd, active: sd > 0 && Number.isFinite(sd) });
  }
  if (issues.length > 0) return err(invalidInput('Logistic regression training data', issues));
  const certificates = l2 === 0 ? oneClassGroups(data, numeric, n) : [];
  for (const s of numeric) {
    if (!s.active) continue;
    standardize(X[s.column]!, n, s.mean, 1 / s.sd);
  }

  // R's columns: intercept, then each feature in order (a numeric column, or a dummy per non-reference level).
  let rColumns = 1;
  const scale: number[] = [1],
    norm: number[] = [Math.sqrt(n)],
    preAliased: boolean[] = [false];
  const numericR = new Map<string, number>();
  const cats: DesignCategorical[] = [];
  const catOf = new Map<string, DesignCategorical>();
  for (const f of data.features) {
    if (f.type === 'numeric') {
      const s = numeric.find((x) => x.name === f.name)!;
      numericR.set(f.name, rColumns++);
      scale.push(s.active ? s.sd : 1);
      norm.push(Math.sqrt((n - 1) * s.sd * s.sd + n * s.mean * s.mean));
      preAliased.push(!s.active);
    } else {
      if (f.levels.length < 2) {
        warnings.push(`categorical feature '${f.name}' has a single level; it has no effect`);
        continue;
      }
      const counts = f.counts;
      const rColumn = new Int32Array(f.levels.length).fill(-1);
      for (let l = 1; l < f.levels.length; l++) {
        rColumn[l] = rColumns++;
        scale.push(1);
        norm.push(Math.sqrt(counts[l]!));
        preAliased.push(false);
      }
      const cat: DesignCategorical = {
        codes: f.codes,
        nLev: f.levels.length,
        param: new Int32Array(f.levels.length).fill(-1),
        rColumn,
      };
      cats.push(cat);
      catOf.set(f.name, cat);
    }
  }
  // Dense columns: intercept and the active numerics, moved left over the constant ones.
  const active = numeric.filter((s) => s.active);
  const dense = 1 + active.length;
  X[0]!.fill(1);
  const denseRColumn = new Int32Array(dense);
  active.forEach((s, k) => {
    if (s.column !== k + 1) X[k + 1] = X[s.column]!; // columns move left: s.column ≥ k + 1
    denseRColumn[k + 1] = numericR.get(s.name)!;
  });
  let p = dense;
  for (const c of cats) for (let l = 1; l < c.nLev; l++) c.param[l] = p++;
  const denseOfR = new Int32Array(rColumns).fill(-1);
  denseRColumn.forEach((q, j) => (denseOfR[q] = j));
  const design = X.slice(0, dense);
  // Rows of the design in R's column order, for the exact aliasing check (rarely needed).
  const fillRRow = (start: number, count: number, out: Float64Array): void => {
    out.fill(0, 0, count * rColumns);
    for (let i = 0; i < count; i++) {
      const row = i * rColumns;
      for (let q = 0; q < rColumns; q++) {
        const j = denseOfR[q]!;
        if (j >= 0) out[row + q] = design[j]![start + i]!;
      }
      for (const c of cats) {
        const q = c.rColumn[c.codes[start + i]!]!;
        if (q >= 0) out[row + q] = 1;
      }
    }
  };
  const fit: IrlsOutcome = yield* irls(
    {
      n,
      y,
      X: design,
      dense,
      denseRColumn,
      cats,
      rColumns,
      scale: Float64Array.from(scale),
      norm: Float64Array.from(norm),
      preAliased,
      l2,
      maxIterations,
      epsilon,
    },
    fillRRow,
  );
  const { beta, aliased, iterations } = fit;

  // Back to the original scale; aliased columns (R: NA) are left out of `coefficients`.
  const coefficients: Record<string, number> = {};
  const aliasedNames: string[] = [];
  let intercept = beta[0]!;
  const featureOut: (LogisticNumericFeature | LogisticCategoricalFeature)[] = [];
  for (const f of data.features) {
    if (f.type === 'numeric') {
      const s = numeric.find((x) => x.name === f.name)!;
      const q = numericR.get(f.name)!;
      const b = aliased[q] ? 0 : beta[q]!;
      const coef = aliased[q] ? 0 : b / s.sd;
      intercept -= coef * s.mean;
      if (aliased[q]) aliasedNames.push(f.name);
      else coefficients[f.name] = coef;
      featureOut.push({
        name: f.name,
        type: 'numeric',
        mean: s.mean,
        sd: s.sd,
        coefficient: coef,
        standardizedCoefficient: b,
      });
    } else {
      const cat = catOf.get(f.name);
      const levels = f.levels.map((level, l) => {
        const q = cat?.rColumn[l] ?? -1;
        if (q < 0) return { level, coefficient: 0 };
        const key = `${f.name}=${level}`;
        if (aliased[q]) {
          aliasedNames.push(key);
          return { level, coefficient: 0 };
        }
        coefficients[key] = beta[q]!;
        return { level, coefficient: beta[q]! };
      });
      featureOut.push({ name: f.name, type: 'categorical', reference: f.levels[0]!, levels });
    }
  }
  if (aliasedNames.length)
    warnings.push(
      `${aliasedNames.length} coefficient${aliasedNames.length === 1 ? '' : 's'} not defined because of singularities (R gives NA; a constant column or a linear combination of earlier columns): ${aliasedNames.join(', ')}`,
    );
  let status: LogisticStatus = fit.status;
  if (fit.status === 'separated')
    warnings.push('the classes are perfectly separable: without l2 the coefficients grow without bound; set l2 > 0');
  else if (l2 === 0 && (fit.extreme || certificates.length > 0)) {
    status = 'quasi_separated';
    if (fit.extreme) warnings.push('fitted probabilities numerically 0 or 1 occurred (quasi-separation); set l2 > 0');
    if (certificates.length)
      warnings.push(
        `quasi-separation: outcomes of one class only in ${certificates.join(', ')}; their coefficients have no finite estimate; set l2 > 0`,
      );
  }
  if (fit.status === 'singular')
    warnings.push('the weighted cross-product matrix stopped being positive definite; set l2 > 0');
  if (fit.status === 'max_iterations')
    warnings.push(`algorithm did not converge: no convergence within ${maxIterations} iterations`);
  const model: LogisticModel = {
    kind: 'logistic',
    target,
    intercept,
    baselineLogOdds: beta[0]!,
    coefficients,
    aliased: aliasedNames,
    features: featureOut,
    l2,
    iterations,
    converged: fit.converged,
    status,
    deviance: fit.deviance,
    logLoss: fit.nll / n,
    rows: n,
    positives,
    warnings,
  };
  yield { phase: 'fit', done: iterations, total: iterations };
  return ok(deepFreeze(model));
}

function finish(outcome: RunOutcome<Result<LogisticModel>>, control: ProgressOptions): Result<LogisticModel> {
  if (outcome.aborted) return err(abortedError('fitLogisticRegression', control.signal!));
  return outcome.value;
}

/**
 * Fits `P(target) = σ(β₀ + Σ βⱼ xⱼ)` exactly as R's `glm(target ~ features, family = binomial)` does:
 * the same start (`mustart = (y + 0.5)/2`), the same IRLS iterations (McCullagh & Nelder, *Generalized
 * Linear Models*, 2nd ed., §4.4), the same convergence rule (`|dev − dev_old| / (|dev| + 0.1) <
 * epsilon`), the same `maxit` (25), the same aliased columns (R's `NA` coefficients, see
 * {@link LogisticModel}), and R's reference levels (`factor()` order; see {@link FeatureSpec}). So the
 * coefficients are R's, not merely the same maximum: each iteration is solved by Cholesky on
 * standardized columns, which agrees with R's QR to about 1e-12 on well-conditioned data. With `l2 > 0`
 * the ridge penalty is added to each step.
 *
 * Fails with `validation_failed` listing every bad row (missing/invalid target, missing or non-finite
 * feature, with its index), a numeric feature whose values are too large to standardize (`too_big`: its
 * mean or standard deviation overflows binary64, |x| beyond about 1e153), unknown option keys, or bad options; with `insufficient_data` when there are
 * no rows or one class only; with `aborted` when `signal` is aborted. Separable and quasi-separable data
 * are reported in `status` and `warnings`, never as NaN or Infinity. Never throws for its input.
 *
 * @throws Only what your `onProgress` callback throws (it propagates unchanged).
 * @example
 * ```ts
 * const rows = [
 *   { x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 0 }, { x: 4, y: 1 }, { x: 5, y: 1 },
 * ];
 * const m = unwrap(fitLogisticRegression(rows, { features: ['x'], target: 'y' }));
 * m.coefficients['x']; //=> 1.0904255521… (R: coef(glm(y ~ x, family = binomial)) gives -2.6485865987, 1.0904255521)
 * ```
 */
export function fitLogisticRegression(
  rows: readonly object[],
  options: FitLogisticRegressionOptions,
): Result<LogisticModel> {
  const prepared = prepare(rows, options);
  if (!prepared.ok) return prepared;
  return finish(runSync(fitSteps(prepared.value), prepared.value.control), prepared.value.control);
}

/**
 * {@link fitLogisticRegression} that gives the event loop a turn between blocks of rows, so that a long
 * fit (millions of rows) keeps a server or a page responsive and can be aborted by `signal` from a
 * timer or a UI: the abort takes effect at the next block (milliseconds), with error code `aborted`.
 * The result is the same as the synchronous fit's.
 *
 * @throws Never synchronously; the promise rejects only with what your `onProgress` callback throws.
 * @example
 * ```ts
 * const rows = [{ x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 0 }, { x: 4, y: 1 }];
 * const controller = new AbortController();
 * const r = await fitLogisticRegressionAsync(rows, { features: ['x'], target: 'y', signal: controller.signal });
 * if (r.ok) r.value.coefficients;
 * ```
 */
export async function fitLogisticRegressionAsync(
  rows: readonly object[],
  options: FitLogisticRegressionOptions,
): Promise<Result<LogisticModel>> {
  const prepared = prepare(rows, options);
  if (!prepared.ok) return prepared;
  return finish(await runAsync(fitSteps(prepared.value), prepared.value.control), prepared.value.control);
}

/**
 * The former name of {@link fitLogisticRegression} (same function).
 *
 * @deprecated Use {@link fitLogisticRegression}: crmkit names the act of estimating a model `fit*` in
 * every module.
 * @example
 * ```ts
 * const m = trainLogisticRegression([{ x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 1 }, { x: 4, y: 0 }], { features: ['x'], target: 'y' });
 * m.ok; //=> true
 * ```
 */
export function trainLogisticRegression(
  rows: readonly object[],
  options: FitLogisticRegressionOptions,
): Result<LogisticModel> {
  return fitLogisticRegression(rows, options);
}
