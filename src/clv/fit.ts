/**
 * The maximum-likelihood driver shared by the CLV fitters: log-parameterised BFGS with analytic
 * gradients, a Nelder–Mead fallback, standard errors from the observed information, abort and
 * progress handling.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import {
  minimizeBfgs,
  minimizeNelderMead,
  type DifferentiableObjective,
  type MinimizeStatus,
} from '../math/optimize.js';
import { quoteValue } from '../_lib/show.js';

/**
 * One progress report of a fit, after each optimizer iteration.
 *
 * @example
 * ```ts
 * const p: FitProgress = { iteration: 5, logLikelihood: -9600.1, params: { r: 0.3, alpha: 5, a: 0.7, b: 2 } };
 * ```
 */
export interface FitProgress {
  readonly iteration: number;
  /** The full log-likelihood (sum over customers) at the current parameters. */
  readonly logLikelihood: number;
  readonly params: Readonly<Record<string, number>>;
}

/**
 * Options of every CLV fitter.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const options: FitOptions<{ r: number }> = { start: { r: 0.5 }, tolerance: 1e-10, maxIterations: 200, signal: controller.signal };
 * ```
 */
export interface FitOptions<P> {
  /** Start values for some or all parameters (each must be positive); the rest use the fitter's defaults. */
  readonly start?: Partial<P>;
  /**
   * Convergence tolerance on the largest gradient component of the mean log-likelihood per customer,
   * with respect to the log-parameters (default 1e-8; scale-free, so it means the same for 2,357
   * and for 1,000,000 customers).
   */
  readonly tolerance?: number;
  /** Iteration limit of the optimizer (default 500). */
  readonly maxIterations?: number;
  /** Called after every optimizer iteration. */
  readonly onProgress?: (progress: FitProgress) => void;
  /** Aborting it stops the fit with an `aborted` error. */
  readonly signal?: AbortSignal;
}

/**
 * What every fitter reports besides its parameters. `converged` is false when the optimizer stopped
 * without meeting the tolerance (`status` says why); the parameters are then the best found, and
 * must not be trusted blindly. Nothing is hidden: check `converged`.
 *
 * @example
 * ```ts
 * const d: FitDiagnostics = { logLikelihood: -9582.43, iterations: 31, converged: true, status: 'converged', gradientNorm: 3e-10, customers: 2357, groups: 1016 };
 * ```
 */
export interface FitDiagnostics {
  /** The full log-likelihood at the estimate: the weighted sum over customers, every constant kept. */
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly status: MinimizeStatus;
  /** Largest gradient component of the mean log-likelihood with respect to the log-parameters. */
  readonly gradientNorm: number;
  /** Number of customers (sum of the weights) the fit used. */
  readonly customers: number;
  /** Number of distinct rows the likelihood was evaluated on. */
  readonly groups: number;
}

/** The optimizer-facing description of a model. */
export interface MleProblem<P extends object> {
  readonly names: readonly (keyof P & string)[];
  /** Default start values (natural scale). */
  readonly start: P;
  /** Mean log-likelihood per customer and its gradient w.r.t. the natural parameters. */
  readonly meanLogLik: (theta: readonly number[], gradient: number[]) => number;
  readonly totalWeight: number;
  readonly fn: string;
}

/** The outcome of {@link maximizeLikelihood}. */
export interface MleOutcome<P> {
  readonly params: P;
  readonly standardErrors: P | null;
  readonly diagnostics: FitDiagnostics;
}

function validateStart<P extends object>(
  start: Partial<P> | undefined,
  names: readonly string[],
  fn: string,
): CrmError | undefined {
  if (start === undefined) return undefined;
  const issues: CrmIssue[] = [];
  for (const name of names) {
    const v = (start as Record<string, unknown>)[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      issues.push({
        path: ['start', name],
        message: `start.${name} must be a positive finite number; received ${quoteValue(v)}`,
        code: 'invalid_number',
      });
    }
  }
  return issues.length > 0
    ? new CrmError('validation_failed', `${fn}: ${issues.map((i) => i.message).join('; ')}`, { issues })
    : undefined;
}

/**
 * Maximises a mean log-likelihood over positive parameters, in log-parameter space (θ = eᶻ, so
 * ∂ℓ/∂z = θ·∂ℓ/∂θ), with BFGS; falls back to Nelder–Mead plus a BFGS polish when BFGS stalls.
 */
export function maximizeLikelihood<P extends object>(
  problem: MleProblem<P>,
  options: FitOptions<P>,
  groups: number,
): Result<MleOutcome<P>> {
  const { names, fn, totalWeight } = problem;
  const bad = validateStart(options.start, names, fn);
  if (bad) return err(bad);
  const tolerance = options.tolerance ?? 1e-8;
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
    return err(
      new CrmError('validation_failed', `${fn}: tolerance must be a positive finite number; received ${tolerance}`, {
        issues: [{ path: ['tolerance'], message: 'must be positive', code: 'invalid_number' }],
      }),
    );
  }
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    return err(
      new CrmError('validation_failed', `${fn}: maxIterations must be a positive integer; received ${maxIterations}`, {
        issues: [{ path: ['maxIterations'], message: 'must be a positive integer', code: 'invalid_number' }],
      }),
    );
  }
  if (options.signal?.aborted) return err(new CrmError('aborted', `${fn}: aborted before the fit started`));

  const k = names.length;
  const theta = new Array<number>(k).fill(0);
  const gTheta = new Array<number>(k).fill(0);
  const objective: DifferentiableObjective = (z, g) => {
    for (let i = 0; i < k; i++) theta[i] = Math.exp(z[i]!);
    const ll = problem.meanLogLik(theta, gTheta);
    for (let i = 0; i < k; i++) g[i] = -gTheta[i]! * theta[i]!;
    return -ll;
  };
  const toParams = (z: readonly number[]): P => {
    const p: Record<string, number> = {};
    names.forEach((name, i) => (p[name] = Math.exp(z[i]!)));
    return Object.freeze(p) as P;
  };
  const start = names.map((name) =>
    Math.log(
      (options.start as Record<string, number> | undefined)?.[name] ?? (problem.start as Record<string, number>)[name]!,
    ),
  );
  const onProgress = options.onProgress
    ? (p: { iteration: number; value: number; x: readonly number[] }): void =>
        options.onProgress!(
          Object.freeze({
            iteration: p.iteration,
            logLikelihood: -p.value * totalWeight,
            params: toParams(p.x) as Readonly<Record<string, number>>,
          }),
        )
    : undefined;

  let result = minimizeBfgs(objective, start, { tolerance, maxIterations, onProgress, signal: options.signal });
  let iterations = result.iterations;
  if (result.status === 'invalid_start') {
    return err(
      new CrmError(
        'validation_failed',
        `${fn}: the log-likelihood is not finite at the start values ${JSON.stringify(toParams(start))}; choose other start values`,
        {
          issues: [{ path: ['start'], message: 'log-likelihood not finite here', code: 'invalid_start' }],
        },
      ),
    );
  }
  if (result.status === 'line_search_failed') {
    // BFGS stalled short of the tolerance: restart from the best point with the simplex method, then polish.
    const nm = minimizeNelderMead((z) => objective(z, new Array<number>(k).fill(0)), result.x, {
      maxIterations: 2000,
      tolerance: 1e-14,
      signal: options.signal,
    });
    iterations += nm.iterations;
    if (nm.status !== 'aborted') {
      const polish = minimizeBfgs(objective, nm.x, {
        tolerance,
        maxIterations: Math.max(1, maxIterations - iterations),
        onProgress,
        signal: options.signal,
      });
      iterations += polish.iterations;
      result = polish.value <= result.value || polish.converged ? polish : result;
    }
  }
  if (result.status === 'aborted') return err(new CrmError('aborted', `${fn}: aborted after ${iterations} iterations`));

  const params = toParams(result.x);
  const gradientNorm = Math.max(...result.gradient.map(Math.abs));
  return ok({
    params,
    standardErrors: standardErrors(objective, result.x, totalWeight, names),
    diagnostics: Object.freeze({
      logLikelihood: -result.value * totalWeight,
      iterations,
      converged: result.converged,
      status: result.status,
      gradientNorm,
      customers: totalWeight,
      groups,
    }),
  });
}

/**
 * Asymptotic standard errors from the observed information: the Hessian of the total negative
 * log-likelihood in log-parameters by central differences of the analytic gradient, inverted by
 * Cholesky, mapped back by the delta method (se(θ) = θ·se(z)). `null` when the Hessian is not
 * positive definite (for example at a boundary).
 */
function standardErrors<P>(
  objective: DifferentiableObjective,
  z: readonly number[],
  totalWeight: number,
  names: readonly string[],
): P | null {
  const k = z.length;
  const H: number[][] = [];
  const gp = new Array<number>(k).fill(0);
  const gm = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    const h = 1e-5 * Math.max(1, Math.abs(z[j]!));
    const zp = z.slice();
    const zm = z.slice();
    zp[j]! += h;
    zm[j]! -= h;
    const fp = objective(zp, gp);
    const fm = objective(zm, gm);
    if (!Number.isFinite(fp) || !Number.isFinite(fm)) return null;
    H.push(gp.map((v, i) => ((v - gm[i]!) / (2 * h)) * totalWeight));
  }
  // Symmetrise, then Cholesky.
  const A = H.map((row, i) => row.map((v, j) => (v + H[j]![i]!) / 2));
  const L: number[][] = A.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i]![j]!;
      for (let m = 0; m < j; m++) s -= L[i]![m]! * L[j]![m]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i]![i] = Math.sqrt(s);
      } else {
        L[i]![j] = s / L[j]![j]!;
      }
    }
  }
  // Diagonal of A⁻¹ = Σ over columns of (L⁻¹)ᵀ L⁻¹.
  const Linv: number[][] = L.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    Linv[i]![i] = 1 / L[i]![i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= L[i]![m]! * Linv[m]![j]!;
      Linv[i]![j] = s / L[i]![i]!;
    }
  }
  const out: Record<string, number> = {};
  for (let j = 0; j < k; j++) {
    let v = 0;
    for (let i = 0; i < k; i++) v += Linv[i]![j]! ** 2;
    out[names[j]!] = Math.exp(z[j]!) * Math.sqrt(v);
  }
  return Object.freeze(out) as P;
}
