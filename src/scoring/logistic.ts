/**
 * Logistic regression by Newton–Raphson / IRLS: `trainLogisticRegression` and `predictProbability`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { fail, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { choleskyInPlace, choleskySolveInPlace } from '../math/linalg.js';
import { compensatedSum } from '../math/sum.js';
import {
  MAX_ISSUES,
  featureIssue,
  inputIssues,
  readLevel,
  readNumeric,
  readTargets,
  resolveFeatures,
  type FeatureSpec,
  type ResolvedFeature,
} from './rows.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Options of {@link trainLogisticRegression}.
 *
 * - `features`: field names or `{ name, type }` (strings are categorical, numbers/booleans numeric).
 * - `target`: a field holding `true`/`false` or `1`/`0`.
 * - `l2` (default 0): ridge penalty `l2/2 · Σβ²` on the standardized, non-intercept coefficients
 *   (not divided by the number of rows). Use it for separable or collinear data.
 * - `maxIterations` (default 25, as R's `glm.control`), `tolerance` (default 1e-10, on the largest Newton step).
 *
 * @example
 * ```ts
 * const o: LogisticOptions = { features: ['employees', 'industry'], target: 'won', l2: 1 };
 * ```
 */
export interface LogisticOptions {
  readonly features: readonly FeatureSpec[];
  readonly target: string;
  readonly l2?: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/**
 * A numeric feature of a trained model: its training `mean` and sample standard deviation `sd`, the
 * coefficient on the original scale and on the standardized scale (`(x − mean) / sd`). A constant
 * feature (`sd` 0) gets coefficient 0.
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
 * A categorical feature, one-hot encoded against its `reference` level (the first level in sorted
 * order, as R's treatment contrasts). Levels not seen in training count as the reference (0) at prediction.
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
 * How the fit ended: `converged`; `max_iterations` reached first; `separated` (the classes are
 * perfectly separable, so without `l2` the likelihood has no maximum — the coefficients returned are
 * finite but arbitrary); `singular` (the Hessian stopped being positive definite: collinear features
 * or quasi-separation; use `l2`).
 *
 * @example
 * ```ts
 * const s: LogisticStatus = 'separated';
 * ```
 */
export type LogisticStatus = 'converged' | 'max_iterations' | 'separated' | 'singular';

/**
 * A trained logistic regression, plain JSON. `intercept` and `coefficients` are on the original
 * scale and comparable with R's `coef(glm(y ~ ., family = binomial))` (keys: numeric feature name, or
 * `name=level` for a dummy); `baselineLogOdds` is the log-odds at the numeric means and reference levels.
 *
 * @example
 * ```ts
 * const m: LogisticModel = unwrap(trainLogisticRegression(rows, { features: ['x'], target: 'y' }));
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
  readonly features: readonly (LogisticNumericFeature | LogisticCategoricalFeature)[];
  readonly l2: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly status: LogisticStatus;
  /** Mean negative log-likelihood per training row (natural log), without the penalty. */
  readonly logLoss: number;
  readonly rows: number;
  readonly positives: number;
  readonly warnings: readonly string[];
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

interface ReadColumns {
  readonly y: Uint8Array;
  /** Column-major: column 0 is free (for the intercept), column k + 1 holds numeric feature k. */
  readonly columns: Float64Array;
  /** Views of `columns`. */
  readonly numeric: { name: string; values: Float64Array }[];
  /** `codes[i]` indexes `levels` (sorted, as R's factor levels). */
  readonly categorical: { name: string; levels: string[]; codes: Int32Array }[];
}

/** Reads the target and every feature in one pass over the rows, or returns null at the first unreadable value. */
function readColumns(
  rows: readonly object[],
  features: readonly ResolvedFeature[],
  target: string,
): ReadColumns | null {
  const n = rows.length;
  const y = new Uint8Array(n);
  const numNames: string[] = [],
    numCols: Float64Array[] = [];
  const columns = new Float64Array((1 + features.filter((f) => f.type === 'numeric').length) * n);
  const catNames: string[] = [],
    catCodes: Int32Array[] = [],
    catMaps: Map<string, number>[] = [],
    catSeen: string[][] = [];
  for (const f of features) {
    if (f.type === 'numeric') {
      numCols.push(columns.subarray((numNames.length + 1) * n, (numNames.length + 2) * n));
      numNames.push(f.name);
    } else {
      catNames.push(f.name);
      catCodes.push(new Int32Array(n));
      catMaps.push(new Map());
      catSeen.push([]);
    }
  }
  const nNum = numNames.length,
    nCat = catNames.length;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as Record<string, unknown>;
    const t = r[target];
    if (t === 1 || t === true) y[i] = 1;
    else if (t !== 0 && t !== false) return null;
    for (let k = 0; k < nNum; k++) {
      const raw = r[numNames[k]!];
      if (typeof raw === 'number' && raw - raw === 0)
        numCols[k]![i] = raw; // finite number: the common case
      else if (typeof raw === 'boolean') numCols[k]![i] = raw ? 1 : 0;
      else return null;
    }
    for (let k = 0; k < nCat; k++) {
      const raw = r[catNames[k]!];
      const level = typeof raw === 'string' ? raw : readLevel(raw);
      if (level === null) return null;
      const map = catMaps[k]!;
      let code = map.get(level);
      if (code === undefined) {
        code = map.size;
        map.set(level, code);
        catSeen[k]!.push(level);
      }
      catCodes[k]![i] = code;
    }
  }
  const categorical = catNames.map((name, k) => {
    // Renumber the first-seen codes in sorted level order.
    const seen = catSeen[k]!,
      levels = [...seen].sort();
    const rank = new Int32Array(seen.length);
    const sortedIndex = new Map(levels.map((l, li) => [l, li] as const));
    seen.forEach((l, c) => {
      rank[c] = sortedIndex.get(l)!;
    });
    const codes = catCodes[k]!;
    for (let i = 0; i < n; i++) codes[i] = rank[codes[i]!]!;
    return { name, levels, codes };
  });
  return { y, columns, numeric: numNames.map((name, k) => ({ name, values: numCols[k]! })), categorical };
}

/** Collects the issues of unreadable targets and feature values (at most {@link MAX_ISSUES}). */
function collectReadIssues(
  rows: readonly object[],
  features: readonly ResolvedFeature[],
  target: string,
  issues: CrmIssue[],
): void {
  readTargets(rows, target, issues);
  for (const f of features) {
    for (let i = 0; i < rows.length; i++) {
      const raw = (rows[i] as Record<string, unknown>)[f.name];
      const v = f.type === 'numeric' ? readNumeric(raw) : readLevel(raw);
      if (v === null && issues.length < MAX_ISSUES) issues.push(featureIssue(i, f, raw));
    }
  }
}

/** Rows per block of the Hessian accumulation: the block's dense columns and their w-weighted copies stay in cache. */
const BLOCK = 1024;

/** Largest Newton step (standardized scale) after which the Hessian's Cholesky factor is reused. */
const REUSE_BELOW = 1e-3;

/** A categorical feature in the design: level code per row; its non-reference levels are coefficients `offset .. offset + nLev − 2`. */
interface DesignCategorical {
  readonly lev: Int32Array;
  readonly nLev: number;
  readonly offset: number;
  /** Per block of {@link BLOCK} rows: the block's row offsets grouped by level (a counting sort). */
  readonly order: Int32Array;
  /** Where level `l`'s group of block `b` starts in `order`: `bounds[b·(nLev + 1) + l]`. */
  readonly bounds: Int32Array;
}

function groupByLevel(lev: Int32Array, nLev: number, offset: number, n: number): DesignCategorical {
  const nBlocks = Math.ceil(n / BLOCK);
  const order = new Int32Array(n),
    bounds = new Int32Array(nBlocks * (nLev + 1)),
    count = new Int32Array(nLev + 1);
  for (let b = 0; b < nBlocks; b++) {
    const i0 = b * BLOCK,
      len = Math.min(BLOCK, n - i0);
    count.fill(0);
    for (let i = 0; i < len; i++) {
      const t = lev[i0 + i]! + 1;
      count[t] = count[t]! + 1;
    }
    count[0] = i0;
    for (let l = 1; l <= nLev; l++) count[l] = count[l]! + count[l - 1]!;
    bounds.set(count, b * (nLev + 1));
    for (let i = 0; i < len; i++) {
      const l = lev[i0 + i]!,
        at = count[l]!;
      order[at] = i;
      count[l] = at + 1;
    }
  }
  return { lev, nLev, offset, order, bounds };
}

/**
 * η = X·b (dense columns and level coefficients) into `eta`, μ = σ(η) into `mu`; returns the negative
 * log-likelihood Σ softplus(∓η). softplus(s) = max(s, 0) + log1p(e^{−|s|}) and σ(η) share e^{−|η|}.
 */
function linearPredictor(
  X: Float64Array,
  n: number,
  dense: number,
  cats: readonly DesignCategorical[],
  b: Float64Array,
  y: Uint8Array,
  eta: Float64Array,
  mu: Float64Array,
  coef: Float64Array,
): number {
  eta.fill(b[0]!);
  for (let j = 1; j < dense; j++) {
    const bj = b[j]!;
    if (bj === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) eta[i] = eta[i]! + bj * X[off + i]!;
  }
  for (const cat of cats) {
    const lev = cat.lev;
    coef[0] = 0;
    for (let l = 1; l < cat.nLev; l++) coef[l] = b[cat.offset + l - 1]!;
    for (let i = 0; i < n; i++) eta[i] = eta[i]! + coef[lev[i]!]!;
  }
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    const s = y[i] ? -e : e;
    const ez = Math.exp(-Math.abs(e));
    loss += s > 0 ? s + Math.log1p(ez) : Math.log1p(ez);
    mu[i] = e >= 0 ? 1 / (1 + ez) : ez / (1 + ez);
  }
  return loss;
}

/**
 * Adds one block of rows `[i0, i0 + len)` to the lower triangle of the dense XᵀWX (`hd`, dense × dense),
 * to the dense gradient Xᵀ(y − μ) (`gd`) and to the per-level sums of w·x_j of each categorical (`catAcc`).
 */
function accumulateBlock(
  X: Float64Array,
  n: number,
  dense: number,
  cats: readonly DesignCategorical[],
  i0: number,
  len: number,
  w: Float64Array,
  resid: Float64Array,
  wx: Float64Array,
  hd: Float64Array,
  gd: Float64Array,
  catAcc: readonly Float64Array[],
): void {
  for (let j = 0; j < dense; j++) {
    const off = j * n + i0,
      wo = j * BLOCK;
    let gs = 0;
    for (let i = 0; i < len; i++) {
      const x = X[off + i]!;
      wx[wo + i] = w[i0 + i]! * x;
      gs += x * resid[i0 + i]!;
    }
    gd[j] = gd[j]! + gs;
  }
  // hd[j·dense + k] += Σ wx_j · x_k for k ≤ j, four k per pass over the block.
  for (let j = 0; j < dense; j++) {
    const wo = j * BLOCK,
      row = j * dense;
    let k = 0;
    for (; k + 3 <= j; k += 4) {
      const o0 = k * n + i0,
        o1 = o0 + n,
        o2 = o1 + n,
        o3 = o2 + n;
      let h0 = 0,
        h1 = 0,
        h2 = 0,
        h3 = 0;
      for (let i = 0; i < len; i++) {
        const v = wx[wo + i]!;
        h0 += v * X[o0 + i]!;
        h1 += v * X[o1 + i]!;
        h2 += v * X[o2 + i]!;
        h3 += v * X[o3 + i]!;
      }
      hd[row + k] = hd[row + k]! + h0;
      hd[row + k + 1] = hd[row + k + 1]! + h1;
      hd[row + k + 2] = hd[row + k + 2]! + h2;
      hd[row + k + 3] = hd[row + k + 3]! + h3;
    }
    for (; k <= j; k++) {
      const o = k * n + i0;
      let h = 0;
      for (let i = 0; i < len; i++) h += wx[wo + i]! * X[o + i]!;
      hd[row + k] = hd[row + k]! + h;
    }
  }
  // Dense × dummy: per-level sums of w·x_j over the block's rows of that level.
  const base = (i0 / BLOCK) | 0;
  for (let c = 0; c < cats.length; c++) {
    const { nLev, order, bounds } = cats[c]!,
      acc = catAcc[c]!;
    for (let l = 1; l < nLev; l++) {
      const s = bounds[base * (nLev + 1) + l]!,
        e = bounds[base * (nLev + 1) + l + 1]!;
      for (let j = 0; j < dense; j++) {
        const wo = j * BLOCK;
        let h = 0;
        for (let t = s; t < e; t++) h += wx[wo + order[t]!]!;
        acc[l * dense + j] = acc[l * dense + j]! + h;
      }
    }
  }
}

/** Σ resid per level of `a` into `gacc`; Σ w per (level of a, level of b) into `tab` (nLev_a × nLev_b) for each earlier categorical b. */
function levelSums(
  a: DesignCategorical,
  earlier: readonly DesignCategorical[],
  n: number,
  w: Float64Array,
  resid: Float64Array,
  gacc: Float64Array,
  tabs: readonly Float64Array[],
): void {
  const lev = a.lev;
  gacc.fill(0);
  for (let i = 0; i < n; i++) {
    const l = lev[i]!;
    gacc[l] = gacc[l]! + resid[i]!;
  }
  for (let b = 0; b < earlier.length; b++) {
    const levB = earlier[b]!.lev,
      nb = earlier[b]!.nLev,
      tab = tabs[b]!;
    tab.fill(0);
    for (let i = 0; i < n; i++) {
      const t = lev[i]! * nb + levB[i]!;
      tab[t] = tab[t]! + w[i]!;
    }
  }
}

/**
 * Newton–Raphson with step halving on the penalized negative log-likelihood. `X` holds the `dense`
 * columns (intercept first) column-major, `n` rows each; one-hot columns are never materialized.
 */
function newton(
  X: Float64Array,
  n: number,
  dense: number,
  levels: readonly { lev: Int32Array; nLev: number; offset: number }[],
  p: number,
  y: Uint8Array,
  l2: number,
  maxIterations: number,
  tolerance: number,
): { beta: Float64Array; status: LogisticStatus; iterations: number; loss: number } {
  const cats = levels.map((c) => groupByLevel(c.lev, c.nLev, c.offset, n));
  const beta = new Float64Array(p);
  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  const step = new Float64Array(p);
  const trial = new Float64Array(p);
  const w = new Float64Array(n);
  const resid = new Float64Array(n);
  const wx = new Float64Array(dense * BLOCK);
  const hd = new Float64Array(dense * dense);
  const gd = new Float64Array(dense);
  const catAcc = cats.map((c) => new Float64Array(c.nLev * dense));
  const catG = cats.map((c) => new Float64Array(c.nLev));
  const crossTab = cats.map((ca, a) => cats.slice(0, a).map((cb) => new Float64Array(ca.nLev * cb.nLev)));
  const coef = new Float64Array(cats.reduce((m, c) => Math.max(m, c.nLev), 1));
  let eta = new Float64Array(n),
    mu = new Float64Array(n);
  let etaTrial = new Float64Array(n),
    muTrial = new Float64Array(n);
  const penalty = (b: Float64Array): number => {
    let pen = 0;
    for (let j = 1; j < p; j++) pen += b[j]! * b[j]!;
    return 0.5 * l2 * pen;
  };
  let loss = linearPredictor(X, n, dense, cats, beta, y, eta, mu, coef);
  let obj = loss + penalty(beta);
  let iterations = 0;
  let status: LogisticStatus = 'max_iterations';
  let prevStep = Infinity,
    reuseOk = true,
    reused = false;
  while (iterations < maxIterations) {
    iterations++;
    // Near the optimum (last step below REUSE_BELOW) the Hessian barely changes, so the previous
    // factor is reused with the new gradient (simplified Newton; Kelley, *Iterative Methods for Linear
    // and Nonlinear Equations*, 1995, §5.4.3) while each such step shrinks at least 100-fold.
    if (prevStep < REUSE_BELOW && reuseOk) {
      reused = true;
      for (let i = 0; i < n; i++) resid[i] = y[i]! - mu[i]!;
      for (let j = 0; j < dense; j++) {
        const off = j * n;
        let gs = 0;
        for (let i = 0; i < n; i++) gs += X[off + i]! * resid[i]!;
        g[j] = gs;
      }
      for (let a = 0; a < cats.length; a++) {
        const ca = cats[a]!,
          gacc = catG[a]!;
        levelSums(ca, [], n, w, resid, gacc, []);
        for (let l = 1; l < ca.nLev; l++) g[ca.offset + l - 1] = gacc[l]!;
      }
      for (let j = 1; j < p; j++) g[j] = g[j]! - l2 * beta[j]!;
    } else {
      reused = false;
      for (let i = 0; i < n; i++) {
        const m = mu[i]!;
        w[i] = m * (1 - m);
        resid[i] = y[i]! - m;
      }
      hd.fill(0);
      gd.fill(0);
      for (const a of catAcc) a.fill(0);
      for (let i0 = 0; i0 < n; i0 += BLOCK)
        accumulateBlock(X, n, dense, cats, i0, Math.min(BLOCK, n - i0), w, resid, wx, hd, gd, catAcc);
      // Assemble the lower triangle of H = XᵀWX and g = Xᵀ(y − μ): dense block; dummy rows (dense ×
      // dummy, the dummy's diagonal Σ w over its level, dummies of earlier categoricals via the
      // cross-tabulated w; dummies of one categorical are disjoint, so 0).
      H.fill(0);
      for (let j = 0; j < dense; j++) {
        for (let k = 0; k <= j; k++) H[j * p + k] = hd[j * dense + k]!;
        g[j] = gd[j]!;
      }
      for (let a = 0; a < cats.length; a++) {
        const ca = cats[a]!,
          acc = catAcc[a]!,
          gacc = catG[a]!,
          tabs = crossTab[a]!;
        levelSums(ca, cats.slice(0, a), n, w, resid, gacc, tabs);
        for (let l = 1; l < ca.nLev; l++) {
          const q = ca.offset + l - 1;
          for (let j = 0; j < dense; j++) H[q * p + j] = acc[l * dense + j]!;
          H[q * p + q] = acc[l * dense]!;
          g[q] = gacc[l]!;
        }
        for (let b = 0; b < a; b++) {
          const cb = cats[b]!,
            tab = tabs[b]!,
            nb = cb.nLev;
          for (let la = 1; la < ca.nLev; la++)
            for (let lb = 1; lb < nb; lb++) H[(ca.offset + la - 1) * p + (cb.offset + lb - 1)] = tab[la * nb + lb]!;
        }
      }
      for (let j = 1; j < p; j++) {
        g[j] = g[j]! - l2 * beta[j]!;
        H[j * p + j] = H[j * p + j]! + l2;
      }
      if (choleskyInPlace(H, p) >= 0) {
        status = 'singular';
        break;
      }
    }
    choleskySolveInPlace(H, p, g, step);
    // Step halving (R's glm.fit does the same when the deviance is not finite or rises).
    let t = 1,
      newObj = Infinity,
      newLoss = Infinity;
    for (let half = 0; half < 30; half++) {
      for (let j = 0; j < p; j++) trial[j] = beta[j]! + t * step[j]!;
      newLoss = linearPredictor(X, n, dense, cats, trial, y, etaTrial, muTrial, coef);
      newObj = newLoss + penalty(trial);
      if (newObj <= obj * (1 + 1e-12) + 1e-300) break;
      t /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(trial[j]! - beta[j]!));
    if (reused) reuseOk = maxStep < 0.01 * prevStep;
    prevStep = maxStep;
    beta.set(trial);
    const e = eta;
    eta = etaTrial;
    etaTrial = e;
    const m = mu;
    mu = muTrial;
    muTrial = m;
    obj = newObj;
    loss = newLoss;
    if (maxStep < tolerance) {
      status = 'converged';
      break;
    }
    if (l2 === 0) {
      // Perfect separation: every row is on the right side of the current hyperplane. Then the MLE does not exist.
      let separated = true;
      for (let i = 0; i < n && separated; i++) if ((y[i] ? eta[i]! : -eta[i]!) <= 0) separated = false;
      if (separated) {
        status = 'separated';
        break;
      }
    }
  }
  return { beta, status, iterations, loss };
}

/**
 * Fits `P(target) = σ(β₀ + Σ βⱼ xⱼ)` by Newton–Raphson (equivalently IRLS; McCullagh & Nelder,
 * *Generalized Linear Models*, 2nd ed., §4.4), solving each step with a Cholesky factorization, with
 * step halving if the penalized deviance rises. Numeric features are standardized with their mean and
 * sample sd; categorical ones are one-hot encoded against the first sorted level. With `l2: 0` the
 * coefficients equal R's `glm(..., family = binomial)`.
 *
 * Fails with `validation_failed` listing every bad row (missing/invalid target, missing or non-finite
 * feature, with its index) or bad option, and with `insufficient_data` when there are no rows or only
 * one class. Separable data does not loop: it stops with `status: 'separated'`, `converged: false`.
 *
 * @example
 * ```ts
 * const rows = [
 *   { x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 0 }, { x: 4, y: 1 }, { x: 5, y: 1 },
 * ];
 * const m = unwrap(trainLogisticRegression(rows, { features: ['x'], target: 'y' }));
 * m.coefficients.x; //=> ≈ 1.0904 (R: coef(glm(y ~ x, family = binomial)) gives -2.6486, 1.0904)
 * ```
 */
export function trainLogisticRegression(rows: readonly object[], options: LogisticOptions): Result<LogisticModel> {
  const shape = inputIssues(rows, options);
  if (shape.length) return fail('validation_failed', `Invalid logistic regression input: ${shape[0]!.message}`, shape);
  const issues: CrmIssue[] = [];
  const l2 = options.l2 ?? 0;
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-10;
  if (!(Number.isFinite(l2) && l2 >= 0))
    issues.push({
      path: ['l2'],
      message: `l2 must be a finite number ≥ 0; got ${quoteValue(l2)}`,
      code: 'invalid_value',
    });
  if (!(Number.isSafeInteger(maxIterations) && maxIterations >= 1))
    issues.push({
      path: ['maxIterations'],
      message: `maxIterations must be a positive integer; got ${quoteValue(maxIterations)}`,
      code: 'invalid_value',
    });
  if (!(Number.isFinite(tolerance) && tolerance > 0))
    issues.push({
      path: ['tolerance'],
      message: `tolerance must be a positive number; got ${quoteValue(tolerance)}`,
      code: 'invalid_value',
    });
  if (typeof options.target !== 'string' || options.target === '')
    issues.push({ path: ['target'], message: 'target must be a field name', code: 'invalid_value' });
  if (!Array.isArray(options.features) || options.features.length === 0)
    issues.push({ path: ['features'], message: 'features must be a non-empty array', code: 'invalid_value' });
  if (issues.length) return fail('validation_failed', 'Invalid logistic regression options', issues);
  const features = resolveFeatures(options.features, rows, issues);
  if (features.some((f) => f.name === options.target))
    issues.push({
      path: ['features'],
      message: `the target '${options.target}' cannot also be a feature`,
      code: 'invalid_value',
    });
  const n = rows.length;
  // Read every row once (all features and the target in one pass: each object is visited once).
  // When anything is unreadable, collectReadIssues reads column by column to report every issue.
  const read = issues.length === 0 ? readColumns(rows, features, options.target) : null;
  if (read === null) {
    collectReadIssues(rows, features, options.target, issues);
    return fail(
      'validation_failed',
      `Training data has ${issues.length >= MAX_ISSUES ? `at least ${MAX_ISSUES}` : issues.length} problem(s); first: ${issues[0]?.message ?? 'unreadable row'}`,
      issues,
    );
  }
  const { y, columns, numeric, categorical } = read;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  if (n === 0 || positives === 0 || positives === n) {
    return fail(
      'insufficient_data',
      `Logistic regression needs both classes; got ${positives} positive and ${n - positives} negative rows`,
      [{ path: [options.target], message: 'both 0/1 (false/true) outcomes must occur', code: 'one_class' }],
    );
  }
  const warnings: string[] = [];
  // Standardization (sample sd, as R's scale()).
  const stats = numeric.map(({ name, values }) => {
    const mean = compensatedSum(values) / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
    const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    if (!(sd > 0)) warnings.push(`numeric feature '${name}' is constant; its coefficient is fixed at 0`);
    return { name, mean, sd, active: sd > 0 };
  });
  // Design columns: intercept, active numerics, dummies of non-reference levels.
  const colNumeric = stats.map((s, k) => ({ k, s })).filter(({ s }) => s.active);
  const dummyCols: { cat: number; level: string }[] = [];
  categorical.forEach((c, ci) => {
    for (const level of c.levels.slice(1)) dummyCols.push({ cat: ci, level });
    if (c.levels.length === 1) warnings.push(`categorical feature '${c.name}' has a single level; it has no effect`);
  });
  const p = 1 + colNumeric.length + dummyCols.length;
  // Dense columns (intercept and standardized numerics) in one column-major Float64Array; one-hot
  // columns are never materialized: each categorical keeps a level index per row, and the Hessian
  // blocks that involve dummies are computed as per-level sums (the same numbers as XᵀWX, without the zeros).
  const dense = 1 + colNumeric.length;
  // Standardized in place in the columns read (constant ones are dropped by moving the next ones left).
  const X = columns.subarray(0, dense * n);
  X.fill(1, 0, n);
  colNumeric.forEach(({ k, s }, c) => {
    const src = (k + 1) * n,
      off = (c + 1) * n;
    for (let i = 0; i < n; i++) X[off + i] = (columns[src + i]! - s.mean) / s.sd;
  });
  const cats: { lev: Int32Array; nLev: number; offset: number }[] = [];
  {
    let offset = dense;
    for (const c of categorical) {
      if (c.levels.length < 2) continue;
      cats.push({ lev: c.codes, nLev: c.levels.length, offset });
      offset += c.levels.length - 1;
    }
  }
  const fit = newton(X, n, dense, cats, p, y, l2, maxIterations, tolerance);
  const { beta, status, iterations } = fit;
  if (status === 'separated')
    warnings.push('the classes are perfectly separable: without l2 the coefficients grow without bound; set l2 > 0');
  if (status === 'singular')
    warnings.push('the Hessian is not positive definite (collinear features or quasi-separation); set l2 > 0');
  if (status === 'max_iterations') warnings.push(`no convergence within ${maxIterations} iterations`);
  const lossSum = fit.loss;
  // Back to the original scale.
  const coefficients: Record<string, number> = {};
  let intercept = beta[0]!;
  const featureOut: (LogisticNumericFeature | LogisticCategoricalFeature)[] = [];
  let col = 1;
  const stdCoef = new Map<string, number>();
  for (const { s } of colNumeric) stdCoef.set(s.name, beta[col++]!);
  const dummyCoef = new Map<string, number>();
  for (const d of dummyCols) dummyCoef.set(`${categorical[d.cat]!.name}=${d.level}`, beta[col++]!);
  for (const f of features) {
    if (f.type === 'numeric') {
      const s = stats.find((x) => x.name === f.name)!;
      const b = stdCoef.get(f.name) ?? 0;
      const coef = s.active ? b / s.sd : 0;
      intercept -= coef * s.mean;
      coefficients[f.name] = coef;
      featureOut.push({
        name: f.name,
        type: 'numeric',
        mean: s.mean,
        sd: s.sd,
        coefficient: coef,
        standardizedCoefficient: b,
      });
    } else {
      const c = categorical.find((x) => x.name === f.name)!;
      const levels = c.levels.map((level, li) => ({
        level,
        coefficient: li === 0 ? 0 : dummyCoef.get(`${f.name}=${level}`)!,
      }));
      for (const l of levels.slice(1)) coefficients[`${f.name}=${l.level}`] = l.coefficient;
      featureOut.push({ name: f.name, type: 'categorical', reference: c.levels[0]!, levels });
    }
  }
  const model: LogisticModel = {
    kind: 'logistic',
    target: options.target,
    intercept,
    baselineLogOdds: beta[0]!,
    coefficients,
    features: featureOut,
    l2,
    iterations,
    converged: status === 'converged',
    status,
    logLoss: lossSum / n,
    rows: n,
    positives,
    warnings,
  };
  return ok(deepFreeze(model));
}

/**
 * One feature's share of a prediction's log-odds: `standardizedCoefficient × (x − mean) / sd` for a
 * numeric feature (0 at the training mean), the level's coefficient for a categorical one (0 for the
 * reference level and for levels `unseen` in training).
 *
 * @example
 * ```ts
 * const c: FeatureContribution = { feature: 'industry', value: 'retail', contribution: -0.41, unseen: false };
 * ```
 */
export interface FeatureContribution {
  readonly feature: string;
  readonly value: number | string;
  readonly contribution: number;
  readonly unseen: boolean;
}

/**
 * A prediction: `logOdds = baselineLogOdds + Σ contributions` and `probability = σ(logOdds)`.
 *
 * @example
 * ```ts
 * const p: Prediction = { probability: 0.62, logOdds: 0.49, baselineLogOdds: 0.1, contributions: [] };
 * ```
 */
export interface Prediction {
  readonly probability: number;
  readonly logOdds: number;
  readonly baselineLogOdds: number;
  readonly contributions: readonly FeatureContribution[];
}

/**
 * The probability a trained {@link LogisticModel} gives a row, with each feature's contribution to
 * the log-odds. Fails with `validation_failed` (path: the feature name) when a numeric feature is
 * missing or not finite, or a categorical one is missing. Unseen categories count as the reference
 * level and are flagged `unseen: true`.
 *
 * @example
 * ```ts
 * const r = predictProbability(model, { employees: 250, industry: 'retail' });
 * if (r.ok) r.value.probability; //=> a number in (0, 1)
 * ```
 */
export function predictProbability(model: LogisticModel, row: object): Result<Prediction> {
  const rec = row as Record<string, unknown>;
  const issues: CrmIssue[] = [];
  const contributions: FeatureContribution[] = [];
  let logOdds = model.baselineLogOdds;
  for (const f of model.features) {
    const raw = rec[f.name];
    if (f.type === 'numeric') {
      const x = readNumeric(raw);
      if (x === null) {
        issues.push({
          path: [f.name],
          message: `numeric feature '${f.name}' must be a finite number (or boolean); got ${quoteValue(raw)}`,
          code: 'invalid_value',
        });
        continue;
      }
      const c = f.sd > 0 ? (f.standardizedCoefficient * (x - f.mean)) / f.sd : 0;
      logOdds += c;
      contributions.push({ feature: f.name, value: x, contribution: c, unseen: false });
    } else {
      const level = readLevel(raw);
      if (level === null) {
        issues.push({
          path: [f.name],
          message: `categorical feature '${f.name}' is missing; expected one of ${f.levels.map((l) => l.level).join(', ')}`,
          code: 'invalid_value',
        });
        continue;
      }
      const hit = f.levels.find((l) => l.level === level);
      const c = hit ? hit.coefficient : 0;
      logOdds += c;
      contributions.push({ feature: f.name, value: level, contribution: c, unseen: hit === undefined });
    }
  }
  if (issues.length) return fail('validation_failed', `Cannot predict: ${issues[0]!.message}`, issues);
  return ok(
    deepFreeze({ probability: sigmoid(logOdds), logOdds, baselineLogOdds: model.baselineLogOdds, contributions }),
  );
}
