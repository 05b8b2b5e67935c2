/**
 * The logistic-regression fit: R's `glm.fit` iteration (IRLS for the binomial family with the logit
 * link), on a design held as dense columns (plain arrays of doubles, see {@link doubleColumn}) plus a level
 * index per row for each categorical feature. Internal; the public function is `fitLogisticRegression`.
 *
 * It is a generator: it yields between blocks of rows (a pause point, where the caller may check an
 * `AbortSignal` or give the event loop a turn) and after every iteration (a progress report).
 *
 * @module
 */
import { choleskyInPlace, choleskySolveInPlace } from '../math/linalg.js';
import { qrAddRows } from '../math/qrAddRows.js';
import { aliasTolerance, aliasedColumns, mightBeAliased } from './logisticAliasing.js';
import type { ScoringProgress } from './progress.js';

/** Rows per block of the Hessian accumulation: a block's dense columns and their weighted copies stay in cache. */
export const BLOCK = 1024;

/** Rows between two pause points of a pass over the data (a multiple of {@link BLOCK}). */
const CHUNK = 32_768; // 32 × BLOCK, a literal so that bundlers can drop it

/** R's `logit_linkinv` and `logit_mu_eta` clamp the linear predictor here (`THRESH` in `family.c`). */
const THRESH = 30;
const EPS = 2.220446049250313e-16; // DBL_EPSILON

/**
 * `n` zeros (−0) in a plain array whose elements V8 keeps as unboxed doubles, 8 bytes each, as in a
 * `Float64Array` (−0 is not a small integer, so the array starts in V8's double representation; writing
 * any number keeps it there). The fit's per-row columns of doubles (the dense design columns, the weights,
 * residuals and linear predictor) live in such arrays, on the JavaScript heap, and not in typed arrays: V8
 * counts typed-array memory as external, and each time external memory grows by 64 MB since the last full
 * collection it starts a full collection of the whole heap — which marks the caller's row objects, several
 * hundred bytes each, for every 400,000 or so rows of a design of 20 columns. A fit of a million distinct
 * rows spent about as long in those collections as in reading its rows. Heap arrays grow the heap under
 * V8's usual rule instead (collections whose number grows with the logarithm of the heap), and the kernels
 * run over them as fast as over typed arrays (measured: the same or faster).
 */
export function doubleColumn(n: number): number[] {
  return new Array<number>(n).fill(-0);
}

/** A categorical feature in the design. */
export interface DesignCategorical {
  /** Level index of every row. */
  readonly codes: Int32Array;
  readonly nLev: number;
  /** Parameter index of each level, or −1 (the reference level, or a level whose dummy is aliased). */
  readonly param: Int32Array;
  /** R's column index (0 = intercept) of each level's dummy, or −1 for the reference level. */
  readonly rColumn: Int32Array;
}

/** What the fit works on. `X` holds `dense` columns of `n` rows: the intercept (all 1) first. */
export interface IrlsInput {
  readonly n: number;
  readonly y: Uint8Array;
  /** The dense columns, each of `n` doubles ({@link doubleColumn}); the fit only reads them. */
  readonly X: readonly (readonly number[])[];
  readonly dense: number;
  /** R's column index of each dense column (0 for the intercept). */
  readonly denseRColumn: Int32Array;
  readonly cats: readonly DesignCategorical[];
  /** Number of R columns (intercept, numeric columns, dummies), aliased or not. */
  readonly rColumns: number;
  /** Per R column: the factor from the design's units to R's raw units, and R's raw column norm. */
  readonly scale: Float64Array;
  readonly norm: Float64Array;
  /** R columns known to be aliased before any computation (constant numeric features). */
  readonly preAliased: readonly boolean[];
  readonly l2: number;
  readonly maxIterations: number;
  readonly epsilon: number;
}

/** How the iteration ended. */
export type IrlsStatus = 'converged' | 'max_iterations' | 'separated' | 'singular';

/** The fitted coefficients, by R column (0 for aliased ones), and the state at the end. */
export interface IrlsOutcome {
  readonly beta: Float64Array;
  readonly aliased: readonly boolean[];
  readonly status: IrlsStatus;
  readonly converged: boolean;
  readonly iterations: number;
  /** Σ −log-likelihood at the estimate (natural log, exact for any linear predictor). */
  readonly nll: number;
  /** R's deviance (`dev.resids` with R's clamped μ). */
  readonly deviance: number;
  /** Some fitted probability is numerically 0 or 1 in R's sense (|η| > 30). */
  readonly extreme: boolean;
}

/** Per-iteration scratch for the cross-products of the categorical features. */
interface Accumulators {
  /** Lower triangle of XᵀWX over the dense columns, `dense × dense`. */
  readonly hd: Float64Array;
  /** Xᵀr over the dense columns. */
  readonly gd: Float64Array;
  /** Per categorical: Σ w·x_j over the rows of each level, `nLev × dense`. */
  readonly catAcc: Float64Array[];
  /** Per categorical: Σ r over the rows of each level. */
  readonly catG: Float64Array[];
  /**
   * Per pair of categoricals a > b, at index `a·(a − 1)/2 + b`: Σ w over rows with levels (la, lb),
   * `nLev_a × nLev_b` (one flat list, so every element has the same shape for the compiler).
   */
  readonly crossTab: Float64Array[];
  /** Block scratch: w·x for the block's rows, `dense × BLOCK`. */
  readonly wx: Float64Array;
}

/**
 * The rows of every block of {@link BLOCK} rows grouped by the level of one categorical feature (a
 * counting sort, made once per fit): `order[b·BLOCK + t]` is a row offset within block `b`, and level
 * `l`'s rows of block `b` are at `t ∈ [bounds[b·(nLev + 1) + l], bounds[b·(nLev + 1) + l + 1])`.
 */
interface LevelGroups {
  readonly order: Int32Array;
  readonly bounds: Int32Array;
}

function groupByLevel(codes: Int32Array, nLev: number, n: number): LevelGroups {
  const order = new Int32Array(n),
    bounds = new Int32Array(Math.ceil(n / BLOCK) * (nLev + 1));
  groupRows(codes, nLev, n, order, bounds, new Int32Array(nLev));
  return { order, bounds };
}

/** The counting sort of {@link groupByLevel} (a function of loops only, so it is optimized as a unit). */
function groupRows(
  codes: Int32Array,
  nLev: number,
  n: number,
  order: Int32Array,
  bounds: Int32Array,
  next: Int32Array,
): void {
  const blocks = Math.ceil(n / BLOCK);
  for (let b = 0; b < blocks; b++) {
    const i0 = b * BLOCK,
      len = Math.min(BLOCK, n - i0),
      at = b * (nLev + 1);
    for (let i = 0; i < len; i++) {
      const t = at + codes[i0 + i]! + 1;
      bounds[t] = bounds[t]! + 1;
    }
    for (let l = 1; l <= nLev; l++) bounds[at + l] = bounds[at + l]! + bounds[at + l - 1]!;
    for (let l = 0; l < nLev; l++) next[l] = bounds[at + l]!;
    for (let i = 0; i < len; i++) {
      const l = codes[i0 + i]!;
      order[i0 + next[l]!] = i;
      next[l] = next[l]! + 1;
    }
  }
}

/**
 * Adds rows `[i0, i0 + len)` (at most {@link BLOCK}) of the dense columns to the lower triangle of XᵀWX
 * (`hd`, `dense × dense`) and to Xᵀr (`gd`), two rows × four columns of the triangle per pass over the
 * block; leaves w·x of the block in `wx` (`dense × BLOCK`) for the categorical sums. The hot kernels take
 * arrays of doubles (typed, or {@link doubleColumn}s: one kind per parameter) and numbers only, so their
 * compiled code never depends on the shape of an object.
 */
function accumulateDense(
  X: readonly (readonly number[])[],
  dense: number,
  i0: number,
  len: number,
  w: readonly number[],
  r: readonly number[],
  hd: Float64Array,
  gd: Float64Array,
  wx: Float64Array,
): void {
  for (let j = 0; j < dense; j++) {
    const xj = X[j]!,
      wo = j * BLOCK;
    let gs = 0;
    for (let i = 0; i < len; i++) {
      const x = xj[i0 + i]!;
      wx[wo + i] = w[i0 + i]! * x;
      gs += x * r[i0 + i]!;
    }
    gd[j] = gd[j]! + gs;
  }
  for (let j = 0; j < dense; j += 2) {
    const pair = j + 1 < dense;
    const top = pair ? j + 1 : j; // last column k needed (inclusive)
    const wa = j * BLOCK,
      wb = wa + BLOCK,
      rowA = j * dense,
      rowB = rowA + dense;
    let k = 0;
    if (pair) {
      for (; k + 3 <= top; k += 4) {
        const col0 = X[k]!,
          col1 = X[k + 1]!,
          col2 = X[k + 2]!,
          col3 = X[k + 3]!;
        let a0 = 0,
          a1 = 0,
          a2 = 0,
          a3 = 0,
          b0 = 0,
          b1 = 0,
          b2 = 0,
          b3 = 0;
        for (let i = 0; i < len; i++) {
          const u = wx[wa + i]!,
            v = wx[wb + i]!,
            x0 = col0[i0 + i]!,
            x1 = col1[i0 + i]!,
            x2 = col2[i0 + i]!,
            x3 = col3[i0 + i]!;
          a0 += u * x0;
          a1 += u * x1;
          a2 += u * x2;
          a3 += u * x3;
          b0 += v * x0;
          b1 += v * x1;
          b2 += v * x2;
          b3 += v * x3;
        }
        // Row j takes columns ≤ j only (column j + 1 of row j is in the upper triangle).
        hd[rowA + k] = hd[rowA + k]! + a0;
        if (k + 1 <= j) hd[rowA + k + 1] = hd[rowA + k + 1]! + a1;
        if (k + 2 <= j) hd[rowA + k + 2] = hd[rowA + k + 2]! + a2;
        if (k + 3 <= j) hd[rowA + k + 3] = hd[rowA + k + 3]! + a3;
        hd[rowB + k] = hd[rowB + k]! + b0;
        hd[rowB + k + 1] = hd[rowB + k + 1]! + b1;
        hd[rowB + k + 2] = hd[rowB + k + 2]! + b2;
        hd[rowB + k + 3] = hd[rowB + k + 3]! + b3;
      }
      for (; k <= top; k++) {
        const xk = X[k]!;
        let a = 0,
          b = 0;
        for (let i = 0; i < len; i++) {
          const x = xk[i0 + i]!;
          a += wx[wa + i]! * x;
          b += wx[wb + i]! * x;
        }
        if (k <= j) hd[rowA + k] = hd[rowA + k]! + a;
        hd[rowB + k] = hd[rowB + k]! + b;
      }
    } else {
      for (; k <= top; k++) {
        const xk = X[k]!;
        let a = 0;
        for (let i = 0; i < len; i++) a += wx[wa + i]! * xk[i0 + i]!;
        hd[rowA + k] = hd[rowA + k]! + a;
      }
    }
  }
}

/**
 * One categorical feature over one block: Σ r per level into `g`, and per level with a parameter
 * (`param[l] ≥ 0`) Σ w·x_j over the block's rows of that level into `sums` (`nLev × dense`), gathering
 * from `wx` through the rows grouped by level ({@link groupByLevel}).
 */
function accumulateLevels(
  codes: Int32Array,
  nLev: number,
  param: Int32Array,
  order: Int32Array,
  bounds: Int32Array,
  block: number,
  i0: number,
  len: number,
  dense: number,
  r: readonly number[],
  wx: Float64Array,
  sums: Float64Array,
  g: Float64Array,
): void {
  for (let i = 0; i < len; i++) {
    const l = codes[i0 + i]!;
    g[l] = g[l]! + r[i0 + i]!;
  }
  const at = block * (nLev + 1);
  for (let l = 0; l < nLev; l++) {
    if (param[l]! < 0) continue;
    const s = i0 + bounds[at + l]!,
      e = i0 + bounds[at + l + 1]!;
    if (s === e) continue;
    const row = l * dense;
    let j = 0;
    for (; j + 4 <= dense; j += 4) {
      const w0 = j * BLOCK,
        w1 = w0 + BLOCK,
        w2 = w1 + BLOCK,
        w3 = w2 + BLOCK;
      let h0 = 0,
        h1 = 0,
        h2 = 0,
        h3 = 0;
      for (let t = s; t < e; t++) {
        const o = order[t]!;
        h0 += wx[w0 + o]!;
        h1 += wx[w1 + o]!;
        h2 += wx[w2 + o]!;
        h3 += wx[w3 + o]!;
      }
      sums[row + j] = sums[row + j]! + h0;
      sums[row + j + 1] = sums[row + j + 1]! + h1;
      sums[row + j + 2] = sums[row + j + 2]! + h2;
      sums[row + j + 3] = sums[row + j + 3]! + h3;
    }
    for (; j < dense; j++) {
      const wo = j * BLOCK;
      let h = 0;
      for (let t = s; t < e; t++) h += wx[wo + order[t]!]!;
      sums[row + j] = sums[row + j]! + h;
    }
  }
}

/** Σ w over the rows `[i0, i0 + len)` per pair of levels of two categoricals, into `tab` (`nLev_a × nb`). */
function accumulateCross(
  codesA: Int32Array,
  codesB: Int32Array,
  nb: number,
  i0: number,
  len: number,
  w: readonly number[],
  tab: Float64Array,
): void {
  for (let i = 0; i < len; i++) {
    const t = codesA[i0 + i]! * nb + codesB[i0 + i]!;
    tab[t] = tab[t]! + w[i0 + i]!;
  }
}

/** Per-iteration scratch of one fit. */
function newAccumulators(dense: number, cats: readonly DesignCategorical[]): Accumulators {
  return {
    hd: new Float64Array(dense * dense),
    gd: new Float64Array(dense),
    catAcc: cats.map((c) => new Float64Array(c.nLev * dense)),
    catG: cats.map((c) => new Float64Array(c.nLev)),
    crossTab: cats.flatMap((ca, a) => cats.slice(0, a).map((cb) => new Float64Array(ca.nLev * cb.nLev))),
    wx: new Float64Array(dense * BLOCK),
  };
}

/** State shared by the passes of one fit. */
interface Fit {
  n: number;
  y: Uint8Array;
  /** The dense columns (compacted when a column is aliased; the columns themselves are never written). */
  X: (readonly number[])[];
  dense: number;
  cats: DesignCategorical[];
  /** Number of parameters (dense columns, then the categorical levels with a parameter). */
  p: number;
  /** R column of each parameter. */
  rOf: Int32Array;
  /** Per row ({@link doubleColumn}): the IRLS weight, the working residual y − μ, and η. */
  w: number[];
  r: number[];
  eta: number[];
  acc: Accumulators;
  /** Per categorical: its rows grouped by level, block by block. */
  groups: LevelGroups[];
  H: Float64Array;
  g: Float64Array;
}

/**
 * One pass over the rows: H = XᵀWX (lower triangle, `p × p`) and g = Xᵀr, from the weights `w` and the
 * working residuals `r` of the fit, assembled from the dense block and the per-level sums (dummies of
 * one categorical are disjoint, so their cross-products are 0).
 */
function* crossProducts(f: Fit): Generator<undefined, void> {
  const { n, X, dense, cats, acc, p, H, g } = f;
  acc.hd.fill(0);
  acc.gd.fill(0);
  for (const a of acc.catAcc) a.fill(0);
  for (const a of acc.catG) a.fill(0);
  for (const t of acc.crossTab) t.fill(0);
  const { hd, gd, wx } = acc;
  const nCats = cats.length;
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const c1 = Math.min(n, c0 + CHUNK);
    for (let i0 = c0; i0 < c1; i0 += BLOCK) {
      const len = Math.min(BLOCK, c1 - i0);
      accumulateDense(X, dense, i0, len, f.w, f.r, hd, gd, wx);
      for (let c = 0; c < nCats; c++) {
        const cat = cats[c]!,
          grp = f.groups[c]!;
        accumulateLevels(
          cat.codes,
          cat.nLev,
          cat.param,
          grp.order,
          grp.bounds,
          (i0 / BLOCK) | 0,
          i0,
          len,
          dense,
          f.r,
          wx,
          acc.catAcc[c]!,
          acc.catG[c]!,
        );
        for (let b = 0; b < c; b++)
          accumulateCross(cat.codes, cats[b]!.codes, cats[b]!.nLev, i0, len, f.w, acc.crossTab[(c * (c - 1)) / 2 + b]!);
      }
    }
    if (c1 < n) yield undefined;
  }
  H.fill(0);
  for (let j = 0; j < dense; j++) {
    for (let k = 0; k <= j; k++) H[j * p + k] = acc.hd[j * dense + k]!;
    g[j] = acc.gd[j]!;
  }
  for (let a = 0; a < cats.length; a++) {
    const ca = cats[a]!,
      sums = acc.catAcc[a]!,
      ga = acc.catG[a]!;
    for (let l = 0; l < ca.nLev; l++) {
      const q = ca.param[l]!;
      if (q < 0) continue;
      for (let j = 0; j < dense; j++) H[q * p + j] = sums[l * dense + j]!;
      H[q * p + q] = sums[l * dense]!; // Σ w over the level's rows: the intercept column is all 1
      g[q] = ga[l]!;
      for (let b = 0; b < a; b++) {
        const cb = cats[b]!,
          tab = acc.crossTab[(a * (a - 1)) / 2 + b]!;
        for (let lb = 0; lb < cb.nLev; lb++) {
          const qb = cb.param[lb]!;
          if (qb >= 0) H[q * p + qb] = tab[l * cb.nLev + lb]!;
        }
      }
    }
  }
}

/** `eta[i] += b0·x0[i] + … + b3·x3[i]` for rows `[c0, c1)` (one loop, so it compiles as a unit). */
function addFourColumns(
  x0: readonly number[],
  x1: readonly number[],
  x2: readonly number[],
  x3: readonly number[],
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  eta: number[],
  c0: number,
  c1: number,
): void {
  for (let i = c0; i < c1; i++) eta[i] = eta[i]! + b0 * x0[i]! + b1 * x1[i]! + b2 * x2[i]! + b3 * x3[i]!;
}

/**
 * η = β₀ + Σ βⱼ X[j] over the dense columns for rows `[c0, c1)`, four columns per pass (X[0] is the
 * intercept's 1s; a last group of fewer than four columns uses zero coefficients on column 0).
 */
function linearPredictorDense(
  X: readonly (readonly number[])[],
  dense: number,
  beta: Float64Array,
  eta: number[],
  c0: number,
  c1: number,
): void {
  eta.fill(beta[0]!, c0, c1);
  for (let j = 1; j < dense; j += 4) {
    const at = (k: number): readonly number[] => X[j + k < dense ? j + k : 0]!;
    const coef = (k: number): number => (j + k < dense ? beta[j + k]! : 0);
    addFourColumns(at(0), at(1), at(2), at(3), coef(0), coef(1), coef(2), coef(3), eta, c0, c1);
  }
}

/** Adds each row's level coefficient `coef[codes[i]]` to η for rows `[c0, c1)`. */
function linearPredictorLevels(codes: Int32Array, coef: Float64Array, eta: number[], c0: number, c1: number): void {
  for (let i = c0; i < c1; i++) eta[i] = eta[i]! + coef[codes[i]!]!;
}

/**
 * From η, for rows `[c0, c1)`: R's μ, the IRLS weight `w` and the residual `r = y − μ`; adds to `out` the
 * negative log-likelihood (accurate: softplus), R's deviance, the rows on the wrong side of (or on) the
 * hyperplane, and the rows with |η| > 30 (R's fitted probability numerically 0 or 1).
 */
function rowTerms(
  eta: readonly number[],
  y: Uint8Array,
  w: number[],
  r: number[],
  c0: number,
  c1: number,
  out: Float64Array,
): void {
  let nll = 0,
    dev = 0,
    wrong = 0,
    extreme = 0;
  for (let i = c0; i < c1; i++) {
    const e = eta[i]!,
      yi = y[i]!;
    // −log-likelihood: softplus(∓η) = max(s, 0) + log1p(e^−|η|).
    const s = yi ? -e : e;
    const ez = Math.exp(-Math.abs(e));
    const sp = (s > 0 ? s : 0) + Math.log1p(ez);
    nll += sp;
    if (s >= 0) wrong++;
    if (e > THRESH || e < -THRESH) {
      // R clamps: μ = 1/(1 + ε) or ε/(1 + ε), dμ/dη = ε.
      extreme++;
      const m = e > 0 ? 1 / (1 + EPS) : EPS / (1 + EPS);
      w[i] = EPS;
      r[i] = yi - m;
      dev += -2 * Math.log(yi ? m : 1 - m);
    } else {
      const m = e >= 0 ? 1 / (1 + ez) : ez / (1 + ez);
      w[i] = m * (1 - m);
      r[i] = yi - m;
      dev += 2 * sp;
    }
  }
  out[0] = out[0]! + nll;
  out[1] = out[1]! + dev;
  out[2] = out[2]! + wrong;
  out[3] = out[3]! + extreme;
}

/** Accumulated over one evaluation pass. */
interface Evaluation {
  /** Σ −log-likelihood (accurate: softplus). */
  nll: number;
  /** R's deviance. */
  dev: number;
  /** Rows on the wrong side of (or on) the hyperplane. */
  wrong: number;
  /** Rows with |η| > 30 (R's fitted probability numerically 0 or 1). */
  extreme: number;
}

/**
 * η = Xβ for every row, then R's μ, IRLS weight w and the residual r = y − μ, the negative
 * log-likelihood and R's deviance. `coef` is per categorical the coefficient of each level (0 for none).
 */
function* evaluate(f: Fit, beta: Float64Array, coef: readonly Float64Array[]): Generator<undefined, Evaluation> {
  const { n, X, dense, cats, y, eta, w, r } = f;
  const sums = new Float64Array(4);
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const c1 = Math.min(n, c0 + CHUNK);
    linearPredictorDense(X, dense, beta, eta, c0, c1);
    for (let c = 0; c < cats.length; c++) linearPredictorLevels(cats[c]!.codes, coef[c]!, eta, c0, c1);
    rowTerms(eta, y, w, r, c0, c1, sums);
    if (c1 < n) yield undefined;
  }
  return { nll: sums[0]!, dev: sums[1]!, wrong: sums[2]!, extreme: sums[3]! };
}

/** `r[i] = y[i] ? a1 : a0`: R's first working response times its weight. */
function startResiduals(y: Uint8Array, r: number[], a1: number, a0: number): void {
  for (let i = 0; i < y.length; i++) r[i] = y[i] ? a1 : a0;
}

/** Number of 1s. */
function countOnes(y: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) k += y[i]!;
  return k;
}

/** Removes the aliased parameters (by R column) from the fit: the dense columns of X, H, g and the level maps. */
function dropAliased(f: Fit, aliasedR: readonly boolean[]): void {
  const keep: number[] = [];
  for (let q = 0; q < f.p; q++) if (!aliasedR[f.rOf[q]!]) keep.push(q);
  if (keep.length === f.p) return;
  const { X } = f;
  let dense = 0;
  for (let j = 0; j < f.dense; j++) {
    if (aliasedR[f.rOf[j]!]) continue;
    if (dense !== j) X[dense] = X[j]!;
    dense++;
  }
  X.length = dense;
  const newIndex = new Int32Array(f.p).fill(-1);
  keep.forEach((q, k) => (newIndex[q] = k));
  const p = keep.length;
  const H = new Float64Array(p * p),
    g = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    g[a] = f.g[keep[a]!]!;
    for (let b = 0; b <= a; b++) {
      const i = keep[a]!,
        j = keep[b]!;
      H[a * p + b] = i >= j ? f.H[i * f.p + j]! : f.H[j * f.p + i]!;
    }
  }
  for (const c of f.cats) for (let l = 0; l < c.nLev; l++) if (c.param[l]! >= 0) c.param[l] = newIndex[c.param[l]!]!;
  f.rOf = Int32Array.from(keep, (q) => f.rOf[q]!);
  f.dense = dense;
  f.p = p;
  f.H = H;
  f.g = g;
  f.acc = newAccumulators(dense, f.cats);
}

/**
 * Below this ratio of a Cholesky pivot to its diagonal entry (the share of a column's weighted variance not
 * explained by the earlier columns) the normal equations, whose error grows with cond(X)², would drift
 * from R's QR solution by more than about 1e-10: such a design is solved by QR instead.
 */
const ILL_CONDITIONED = 1e-6;

/** Rows per block of the QR solve. */
const QR_BLOCK = 256;

/**
 * Solves the IRLS weighted least-squares problem as R does, by Householder QR of `[√w·X | √w·z]` built
 * block by block ({@link qrAddRows}), with `z = η + r/w` (at the first iteration `r/w` is `z` itself); the
 * ridge term enters as `p − 1` extra rows `√l2·eⱼ`. Writes β into `out`; false when R has a zero pivot.
 */
function* solveByQr(f: Fit, l2: number, first: boolean, out: Float64Array): Generator<undefined, boolean> {
  const { n, X, dense, cats, w, r, eta, p } = f;
  const m = p + 1;
  const R = new Float64Array(m * m);
  const block = new Float64Array(QR_BLOCK * m);
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const c1 = Math.min(n, c0 + CHUNK);
    for (let b0 = c0; b0 < c1; b0 += QR_BLOCK) {
      const count = Math.min(QR_BLOCK, c1 - b0);
      block.fill(0, 0, count * m);
      for (let t = 0; t < count; t++) {
        const i = b0 + t,
          row = t * m;
        const sw = Math.sqrt(w[i]!);
        for (let j = 0; j < dense; j++) block[row + j] = sw * X[j]![i]!;
        for (const c of cats) {
          const q = c.param[c.codes[i]!]!;
          if (q >= 0) block[row + q] = sw;
        }
        block[row + p] = sw * (first ? r[i]! / w[i]! : eta[i]! + r[i]! / w[i]!);
      }
      qrAddRows(R, m, block, count);
    }
    if (c1 < n) yield undefined;
  }
  if (l2 > 0 && p > 1) {
    const ridge = new Float64Array((p - 1) * m);
    for (let j = 1; j < p; j++) ridge[(j - 1) * m + j] = Math.sqrt(l2);
    qrAddRows(R, m, ridge, p - 1);
  }
  for (let j = p - 1; j >= 0; j--) {
    let s = R[j * m + p]!;
    for (let k = j + 1; k < p; k++) s -= R[j * m + k]! * out[k]!;
    const d = R[j * m + j]!;
    if (d === 0 || !Number.isFinite(s / d)) return false;
    out[j] = s / d;
  }
  return true;
}

/**
 * R's `glm.fit` for `family = binomial` (McCullagh & Nelder, *Generalized Linear Models*, 2nd ed., §2.5
 * and §4.4; R's `src/library/stats/R/glm.R`): start from `mustart = (y + 0.5) / 2`; each iteration solves
 * the weighted least-squares problem of IRLS (here through the normal equations, in standardized columns,
 * by Cholesky; with `l2`, the ridge term is added to them); stop when
 * `|dev − dev_old| / (|dev| + 0.1) < epsilon`, or after `maxIterations`. With `l2 > 0`, `dev` includes
 * the penalty `l2 · Σβ²` (non-intercept, standardized scale). Without a penalty, columns R would alias
 * are left out after the first iteration's cross-products (see `logisticAliasing.ts`).
 *
 * Stops early, status `separated`, when every row lies strictly on its own side of the fitted hyperplane
 * (and `l2` is 0): the classes are then separable and the likelihood has no maximum.
 */
export function* irls(
  input: IrlsInput,
  fillRRow: (start: number, count: number, out: Float64Array) => void,
): Generator<ScoringProgress | undefined, IrlsOutcome> {
  const { n, y, l2, maxIterations, epsilon, cats } = input;
  let p = input.dense;
  for (const c of cats) for (let l = 0; l < c.nLev; l++) if (c.param[l]! >= 0) p = Math.max(p, c.param[l]! + 1);
  const rOf = new Int32Array(p);
  for (let j = 0; j < input.dense; j++) rOf[j] = input.denseRColumn[j]!;
  for (const c of cats) for (let l = 0; l < c.nLev; l++) if (c.param[l]! >= 0) rOf[c.param[l]!] = c.rColumn[l]!;
  const f: Fit = {
    n,
    y,
    X: input.X.slice(0, input.dense),
    dense: input.dense,
    cats: [...cats],
    p,
    rOf,
    w: doubleColumn(n),
    r: doubleColumn(n),
    eta: doubleColumn(n),
    acc: newAccumulators(input.dense, cats),
    groups: cats.map((c) => groupByLevel(c.codes, c.nLev, n)),
    H: new Float64Array(p * p),
    g: new Float64Array(p),
  };

  // R's start: mustart = (y + 0.5)/2, eta = logit(mustart); then the first IRLS step solves
  // XᵀW₀X β = XᵀW₀z₀ with z = η + (y − μ)/μ'(η) and W = μ'(η)²/(μ(1 − μ)) (constant over rows of a class).
  const eta0 = Math.log(0.75 / 0.25);
  const e0 = Math.exp(eta0);
  const mu1 = e0 / (1 + e0),
    mu0 = Math.exp(-eta0) / (1 + Math.exp(-eta0));
  const muEta = e0 / ((1 + e0) * (1 + e0));
  const w0 = (muEta * muEta) / (mu1 * (1 - mu1));
  const z1 = eta0 + (1 - mu1) / muEta,
    z0 = -eta0 + (0 - mu0) / muEta;
  f.w.fill(w0);
  startResiduals(y, f.r, w0 * z1, w0 * z0);
  const positives = countOnes(y);
  let devOld = positives * (-2 * Math.log(mu1)) + (n - positives) * (-2 * Math.log(1 - mu0));
  yield* crossProducts(f);

  // Aliased columns: the first iteration's weights are all equal, so XᵀW₀X / w₀ is the Gram matrix.
  const aliased = [...input.preAliased];
  const order = new Int32Array(f.p);
  {
    const byR = [...f.rOf].map((q, k) => [q, k] as const).sort((a, b) => a[0] - b[0]);
    byR.forEach(([, k], a) => (order[a] = k));
    const scale = Float64Array.from(byR, ([q]) => input.scale[q]!);
    const norm = Float64Array.from(byR, ([q]) => input.norm[q]!);
    const gram = Float64Array.from(f.H, (v) => v / w0);
    // With a ridge penalty every column keeps a coefficient (the penalty splits the weight of collinear ones).
    if (l2 === 0 && mightBeAliased(gram, f.p, order, scale, norm)) {
      // The exact check works on every R column, the pre-aliased ones (constant numerics) excluded.
      const live = byR.map(([q]) => q);
      const all = new Float64Array(BLOCK * input.rColumns);
      const found = aliasedColumns(
        n,
        live.length,
        (start, count, out) => {
          fillRRow(start, count, all);
          for (let i = 0; i < count; i++)
            for (let a = 0; a < live.length; a++) out[i * live.length + a] = all[i * input.rColumns + live[a]!]!;
        },
        scale,
        norm,
        aliasTolerance(epsilon),
      );
      live.forEach((q, a) => {
        if (found[a]) aliased[q] = true;
      });
      dropAliased(f, aliased);
    }
  }

  let beta = new Float64Array(f.p);
  const step = new Float64Array(f.p);
  const coef = f.cats.map((c) => new Float64Array(c.nLev));
  let iterations = 0;
  let status: IrlsStatus = 'max_iterations';
  let converged = false;
  let last: Evaluation = { nll: n * Math.LN2, dev: 2 * n * Math.LN2, wrong: n, extreme: 0 };
  let evaluated = false;
  // Once a step needs QR (an ill-conditioned design), the rest do too.
  let qr = false;
  while (iterations < maxIterations) {
    const { p, H, g } = f;
    if (!qr) {
      for (let j = 1; j < p; j++) H[j * p + j] = H[j * p + j]! + l2;
      if (iterations > 0) for (let j = 1; j < p; j++) g[j] = g[j]! - l2 * beta[j]!;
      const diag = Float64Array.from({ length: p }, (_, j) => H[j * p + j]!);
      qr = choleskyInPlace(H, p) >= 0;
      for (let j = 0; j < p && !qr; j++) if (H[j * p + j]! ** 2 < ILL_CONDITIONED * diag[j]!) qr = true;
      if (!qr) {
        choleskySolveInPlace(H, p, g, step);
        // First iteration: the solution is β itself (R's start is not of the form Xβ); then Newton steps.
        if (iterations === 0) beta = Float64Array.from(step);
        else for (let j = 0; j < p; j++) beta[j] = beta[j]! + step[j]!;
      }
    }
    if (qr) {
      const next = new Float64Array(p);
      if (!(yield* solveByQr(f, l2, iterations === 0, next))) {
        status = 'singular';
        break;
      }
      beta = next;
    }
    iterations++;
    for (let c = 0; c < f.cats.length; c++) {
      const cat = f.cats[c]!;
      for (let l = 0; l < cat.nLev; l++) coef[c]![l] = cat.param[l]! >= 0 ? beta[cat.param[l]!]! : 0;
    }
    last = yield* evaluate(f, beta, coef);
    evaluated = true;
    let dev = last.dev;
    if (l2 > 0) {
      let pen = 0;
      for (let j = 1; j < p; j++) pen += beta[j]! * beta[j]!;
      dev += l2 * pen;
    }
    yield { phase: 'fit', done: iterations, total: maxIterations };
    if (l2 === 0 && last.wrong === 0) {
      status = 'separated';
      break;
    }
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      status = 'converged';
      converged = true;
      break;
    }
    devOld = dev;
    if (iterations >= maxIterations) break;
    if (!qr) yield* crossProducts(f);
  }
  if (!evaluated) {
    // Singular at the first iteration: report the start (β = 0, every probability 1/2).
    beta = new Float64Array(f.p);
    for (const k of coef) k.fill(0);
    last = yield* evaluate(f, beta, coef);
  }
  const out = new Float64Array(input.rColumns);
  for (let q = 0; q < f.p; q++) out[f.rOf[q]!] = beta[q]!;
  return {
    beta: out,
    aliased,
    status,
    converged,
    iterations,
    nll: last.nll,
    deviance: last.dev,
    extreme: last.extreme > 0,
  };
}
