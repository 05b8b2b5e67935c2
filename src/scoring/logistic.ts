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
import { MAX_ISSUES, featureIssue, readLevel, readNumeric, readTargets, resolveFeatures, type FeatureSpec } from './rows.js';

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

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
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
  const issues: CrmIssue[] = [];
  const l2 = options.l2 ?? 0;
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-10;
  if (!(Number.isFinite(l2) && l2 >= 0)) issues.push({ path: ['l2'], message: `l2 must be a finite number ≥ 0; got ${l2}`, code: 'invalid_option' });
  if (!(Number.isSafeInteger(maxIterations) && maxIterations >= 1)) issues.push({ path: ['maxIterations'], message: `maxIterations must be a positive integer; got ${maxIterations}`, code: 'invalid_option' });
  if (!(Number.isFinite(tolerance) && tolerance > 0)) issues.push({ path: ['tolerance'], message: `tolerance must be a positive number; got ${tolerance}`, code: 'invalid_option' });
  if (typeof options.target !== 'string' || options.target === '') issues.push({ path: ['target'], message: 'target must be a field name', code: 'invalid_option' });
  if (!Array.isArray(options.features) || options.features.length === 0) issues.push({ path: ['features'], message: 'features must be a non-empty array', code: 'invalid_option' });
  if (issues.length) return fail('validation_failed', 'Invalid logistic regression options', issues);
  const features = resolveFeatures(options.features, rows, issues);
  if (features.some((f) => f.name === options.target)) issues.push({ path: ['features'], message: `the target '${options.target}' cannot also be a feature`, code: 'invalid_option' });
  const y = readTargets(rows, options.target, issues);
  const n = rows.length;
  // Read columns.
  const numeric: { name: string; values: Float64Array }[] = [];
  const categorical: { name: string; values: string[]; levels: string[] }[] = [];
  for (const f of features) {
    if (f.type === 'numeric') {
      const values = new Float64Array(n);
      const name = f.name;
      for (let i = 0; i < n; i++) {
        const raw = (rows[i] as Record<string, unknown>)[name];
        if (typeof raw === 'number' && raw - raw === 0) { values[i] = raw; continue; } // finite number: the common case
        const v = readNumeric(raw);
        if (v === null) { if (issues.length < MAX_ISSUES) issues.push(featureIssue(i, f, raw)); } else values[i] = v;
      }
      numeric.push({ name: f.name, values });
    } else {
      const values: string[] = new Array(n);
      const set = new Set<string>();
      for (let i = 0; i < n; i++) {
        const raw = (rows[i] as Record<string, unknown>)[f.name];
        const v = readLevel(raw);
        if (v === null) { if (issues.length < MAX_ISSUES) issues.push(featureIssue(i, f, raw)); values[i] = ''; } else { values[i] = v; set.add(v); }
      }
      categorical.push({ name: f.name, values, levels: [...set].sort() });
    }
  }
  if (issues.length) return fail('validation_failed', `Training data has ${issues.length >= MAX_ISSUES ? `at least ${MAX_ISSUES}` : issues.length} problem(s); first: ${issues[0]!.message}`, issues);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  if (n === 0 || positives === 0 || positives === n) {
    return fail('insufficient_data', `Logistic regression needs both classes; got ${positives} positive and ${n - positives} negative rows`, [{ path: [options.target], message: 'both 0/1 (false/true) outcomes must occur', code: 'one_class' }]);
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
  categorical.forEach((c, ci) => { for (const level of c.levels.slice(1)) dummyCols.push({ cat: ci, level }); if (c.levels.length === 1) warnings.push(`categorical feature '${c.name}' has a single level; it has no effect`); });
  const p = 1 + colNumeric.length + dummyCols.length;
  // Dense columns (intercept and standardized numerics), column-major; one-hot columns are never
  // materialized: each categorical keeps a level index per row, and the Hessian blocks that involve
  // dummies are computed as per-level sums (the same numbers as XᵀWX, without the zeros).
  const dense = 1 + colNumeric.length;
  const cols: Float64Array[] = [new Float64Array(n).fill(1)];
  for (const { k, s } of colNumeric) {
    const src = numeric[k]!.values, dst = new Float64Array(n);
    for (let i = 0; i < n; i++) dst[i] = (src[i]! - s.mean) / s.sd;
    cols.push(dst);
  }
  const cats: { lev: Int32Array; nLev: number; offset: number }[] = [];
  {
    let offset = dense;
    for (const c of categorical) {
      if (c.levels.length < 2) continue;
      const index = new Map(c.levels.map((l, li) => [l, li] as const));
      const lev = new Int32Array(n);
      for (let i = 0; i < n; i++) lev[i] = index.get(c.values[i]!)!;
      cats.push({ lev, nLev: c.levels.length, offset });
      offset += c.levels.length - 1;
    }
  }
  // Newton–Raphson.
  const beta = new Float64Array(p);
  const eta = new Float64Array(n);
  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  const step = new Float64Array(p);
  const trial = new Float64Array(p);
  const wx = new Float64Array(n);
  const resid = new Float64Array(n);
  const w = new Float64Array(n);
  const linear = (b: Float64Array, out: Float64Array): void => {
    out.fill(b[0]!);
    for (let j = 1; j < dense; j++) {
      const bj = b[j]!;
      if (bj === 0) continue;
      const c = cols[j]!;
      for (let i = 0; i < n; i++) out[i] = out[i]! + bj * c[i]!;
    }
    for (const c of cats) {
      const coef = new Float64Array(c.nLev);
      for (let l = 1; l < c.nLev; l++) coef[l] = b[c.offset + l - 1]!;
      const lev = c.lev;
      for (let i = 0; i < n; i++) out[i] = out[i]! + coef[lev[i]!]!;
    }
  };
  const objective = (b: Float64Array, etaOut: Float64Array): number => {
    linear(b, etaOut);
    let loss = 0;
    for (let i = 0; i < n; i++) { const e = etaOut[i]!; loss += softplus(y[i] ? -e : e); }
    let pen = 0;
    for (let j = 1; j < p; j++) pen += b[j]! * b[j]!;
    return loss + 0.5 * l2 * pen;
  };
  let obj = objective(beta, eta);
  let iterations = 0;
  let status: LogisticStatus = 'max_iterations';
  const etaTrial = new Float64Array(n);
  while (iterations < maxIterations) {
    iterations++;
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i]!);
      w[i] = mu * (1 - mu);
      resid[i] = y[i]! - mu;
    }
    H.fill(0);
    // Dense block, and dense × dummy blocks as per-level sums of w·x.
    for (let j = 0; j < dense; j++) {
      const cj = cols[j]!;
      let gs = 0;
      for (let i = 0; i < n; i++) { const x = cj[i]!; gs += x * resid[i]!; wx[i] = w[i]! * x; }
      g[j] = gs;
      // Four dot products per pass over the rows (fewer loads of wx).
      let k = 0;
      for (; k + 3 <= j; k += 4) {
        const c0 = cols[k]!, c1 = cols[k + 1]!, c2 = cols[k + 2]!, c3 = cols[k + 3]!;
        let h0 = 0, h1 = 0, h2 = 0, h3 = 0;
        for (let i = 0; i < n; i++) {
          const v = wx[i]!;
          h0 += v * c0[i]!; h1 += v * c1[i]!; h2 += v * c2[i]!; h3 += v * c3[i]!;
        }
        H[j * p + k] = h0; H[j * p + k + 1] = h1; H[j * p + k + 2] = h2; H[j * p + k + 3] = h3;
      }
      for (; k <= j; k++) {
        const ck = cols[k]!;
        let hs = 0;
        for (let i = 0; i < n; i++) hs += wx[i]! * ck[i]!;
        H[j * p + k] = hs;
      }
      for (const c of cats) {
        const acc = new Float64Array(c.nLev);
        const lev = c.lev;
        for (let i = 0; i < n; i++) acc[lev[i]!] = acc[lev[i]!]! + wx[i]!;
        for (let l = 1; l < c.nLev; l++) H[(c.offset + l - 1) * p + j] = acc[l]!;
        if (j === 0) for (let l = 1; l < c.nLev; l++) H[(c.offset + l - 1) * (p + 1)] = acc[l]!; // diagonal: Σ w over the level
      }
    }
    // Dummy gradient, and dummy × dummy blocks of different categoricals (cross-tabulated w).
    for (let a = 0; a < cats.length; a++) {
      const ca = cats[a]!;
      const gacc = new Float64Array(ca.nLev);
      for (let i = 0; i < n; i++) gacc[ca.lev[i]!] = gacc[ca.lev[i]!]! + resid[i]!;
      for (let l = 1; l < ca.nLev; l++) g[ca.offset + l - 1] = gacc[l]!;
      for (let b = 0; b < a; b++) {
        const cb = cats[b]!;
        const tab = new Float64Array(ca.nLev * cb.nLev);
        for (let i = 0; i < n; i++) { const t = ca.lev[i]! * cb.nLev + cb.lev[i]!; tab[t] = tab[t]! + w[i]!; }
        for (let la = 1; la < ca.nLev; la++) for (let lb = 1; lb < cb.nLev; lb++) H[(ca.offset + la - 1) * p + (cb.offset + lb - 1)] = tab[la * cb.nLev + lb]!;
      }
    }
    for (let j = 1; j < p; j++) { g[j] = g[j]! - l2 * beta[j]!; H[j * p + j] = H[j * p + j]! + l2; }
    if (choleskyInPlace(H, p) >= 0) { status = 'singular'; break; }
    choleskySolveInPlace(H, p, g, step);
    // Step halving (R's glm.fit does the same when the deviance is not finite or rises).
    let t = 1, newObj = Infinity;
    for (let half = 0; half < 30; half++) {
      for (let j = 0; j < p; j++) trial[j] = beta[j]! + t * step[j]!;
      newObj = objective(trial, etaTrial);
      if (newObj <= obj * (1 + 1e-12) + 1e-300) break;
      t /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(trial[j]! - beta[j]!));
    beta.set(trial);
    eta.set(etaTrial);
    obj = newObj;
    if (maxStep < tolerance) { status = 'converged'; break; }
    if (l2 === 0) {
      // Perfect separation: every row is on the right side of the current hyperplane. Then the MLE does not exist.
      let separated = true;
      for (let i = 0; i < n && separated; i++) if ((y[i] ? eta[i]! : -eta[i]!) <= 0) separated = false;
      if (separated) { status = 'separated'; break; }
    }
  }
  if (status === 'separated') warnings.push('the classes are perfectly separable: without l2 the coefficients grow without bound; set l2 > 0');
  if (status === 'singular') warnings.push('the Hessian is not positive definite (collinear features or quasi-separation); set l2 > 0');
  if (status === 'max_iterations') warnings.push(`no convergence within ${maxIterations} iterations`);
  let lossSum = 0;
  for (let i = 0; i < n; i++) lossSum += softplus(y[i] ? -eta[i]! : eta[i]!);
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
      featureOut.push({ name: f.name, type: 'numeric', mean: s.mean, sd: s.sd, coefficient: coef, standardizedCoefficient: b });
    } else {
      const c = categorical.find((x) => x.name === f.name)!;
      const levels = c.levels.map((level, li) => ({ level, coefficient: li === 0 ? 0 : dummyCoef.get(`${f.name}=${level}`)! }));
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
      if (x === null) { issues.push({ path: [f.name], message: `numeric feature '${f.name}' must be a finite number (or boolean); got ${raw === undefined ? 'undefined' : JSON.stringify(raw) ?? String(raw)}`, code: 'invalid_feature_value' }); continue; }
      const c = f.sd > 0 ? (f.standardizedCoefficient * (x - f.mean)) / f.sd : 0;
      logOdds += c;
      contributions.push({ feature: f.name, value: x, contribution: c, unseen: false });
    } else {
      const level = readLevel(raw);
      if (level === null) { issues.push({ path: [f.name], message: `categorical feature '${f.name}' is missing; expected one of ${f.levels.map((l) => l.level).join(', ')}`, code: 'invalid_feature_value' }); continue; }
      const hit = f.levels.find((l) => l.level === level);
      const c = hit ? hit.coefficient : 0;
      logOdds += c;
      contributions.push({ feature: f.name, value: level, contribution: c, unseen: hit === undefined });
    }
  }
  if (issues.length) return fail('validation_failed', `Cannot predict: ${issues[0]!.message}`, issues);
  return ok(deepFreeze({ probability: sigmoid(logOdds), logOdds, baselineLogOdds: model.baselineLogOdds, contributions }));
}
