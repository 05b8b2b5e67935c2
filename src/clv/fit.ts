/**
 * The maximum-likelihood driver shared by the CLV fitters: log-parameterised BFGS with analytic
 * gradients, a Nelder–Mead fallback, standard errors from the observed information, options, progress
 * and cancellation. A fit is a generator of steps that pauses between chunks of work; {@link runFit}
 * runs it to its end, {@link runFitAsync} yields to the event loop at every pause, so an `AbortSignal`
 * can stop it from outside.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { bfgsSteps, nelderMeadSteps, type MinimizeStatus, type SteppedObjective } from '../math/optimize.js';
import { quoteValue } from '../_lib/show.js';

/**
 * The phases of a fit, in order: reading and grouping the rows (`done`/`total` count rows), the optimizer
 * (`done` counts iterations out of `maxIterations`), and the standard errors (`done` counts parameters).
 *
 * @example
 * ```ts
 * const phase: FitPhase = 'optimize';
 * ```
 */
export type FitPhase = 'group' | 'optimize' | 'standard_errors';

/**
 * One progress report of a fit. Reports come at a bounded rate: one per 65,536 rows while grouping, one
 * per optimizer iteration, one per parameter for the standard errors. Within a phase `done` never
 * decreases, and every phase ends with a report where `done === total` (the optimizer's last report says
 * `done: maxIterations` when it stops early: the phase is complete). `iteration`, `logLikelihood` and
 * `params` describe the optimizer's current point (`null` before it starts).
 *
 * @example
 * ```ts
 * const p: FitProgress = { phase: 'optimize', done: 5, total: 500, iteration: 5, logLikelihood: -9600.1, params: { r: 0.3, alpha: 5, a: 0.7, b: 2 } };
 * ```
 */
export interface FitProgress {
  readonly phase: FitPhase;
  readonly done: number;
  readonly total: number;
  /** Optimizer iterations so far. */
  readonly iteration: number;
  /** The full log-likelihood (sum over customers) at the current parameters; `null` before the optimizer runs. */
  readonly logLikelihood: number | null;
  readonly params: Readonly<Record<string, number>> | null;
}

/**
 * Options of every CLV fitter (and of their async twins). `null` or `undefined` mean none; unknown keys
 * are refused.
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
  /**
   * Iteration limit of the optimizer (default 500, at most 100,000): of all its runs together (BFGS, and
   * the Nelder–Mead fallback and BFGS polish when BFGS stalls).
   */
  readonly maxIterations?: number;
  /** Called with {@link FitProgress} reports. An exception it throws propagates out of the fit. */
  readonly onProgress?: (progress: FitProgress) => void;
  /**
   * Aborting it ends the fit with an `aborted` error and no partial result. A synchronous fit sees it only
   * when it is aborted from inside (from `onProgress`); the async twins see it at once.
   */
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

/**
 * Running sums of a likelihood and its gradient over chunks of groups: each chunk is summed plainly, and
 * the chunk sums are added with Neumaier's compensation (as `compensatedSum` in crmkit/math), so the
 * rounding error stays that of one chunk however many groups there are. (Plain sums of millions of terms
 * lose enough digits that the gradient cannot reach the default tolerance.) One chunk gives exactly its
 * plain sum.
 */
export class ChunkSums {
  private readonly sum: Float64Array;
  private readonly comp: Float64Array;
  constructor(readonly size: number) {
    this.sum = new Float64Array(size);
    this.comp = new Float64Array(size);
  }
  reset(): void {
    this.sum.fill(0);
    this.comp.fill(0);
  }
  add(i: number, v: number): void {
    const s = this.sum[i]!;
    const t = s + v;
    this.comp[i]! += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    this.sum[i] = t;
  }
  value(i: number): number {
    const s = this.sum[i]!;
    return Number.isFinite(s) ? s + this.comp[i]! : s;
  }
}

/** A mean log-likelihood and its gradient w.r.t. the natural parameters, evaluated in steps. */
export type StepLogLik = (theta: readonly number[], gradient: number[]) => Generator<void, number, void>;

/** The optimizer-facing description of a model. */
export interface MleProblem<P extends object> {
  readonly names: readonly (keyof P & string)[];
  /** Default start values (natural scale). */
  readonly start: P;
  /** Mean log-likelihood per customer and its gradient w.r.t. the natural parameters. */
  readonly meanLogLik: StepLogLik;
  readonly totalWeight: number;
  readonly fn: string;
}

/** The outcome of {@link maximizeLikelihoodSteps}. */
export interface MleOutcome<P> {
  readonly params: P;
  readonly standardErrors: P | null;
  readonly diagnostics: FitDiagnostics;
}

/** Fit options after checking, with defaults filled in. */
export interface CheckedFitOptions<P> {
  readonly start: Partial<P> | undefined;
  readonly tolerance: number;
  readonly maxIterations: number;
  readonly onProgress: ((progress: FitProgress) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

const FIT_OPTION_KEYS = ['start', 'tolerance', 'maxIterations', 'onProgress', 'signal'] as const;
const MAX_ITERATIONS = 100_000;

function isSignal(v: unknown): v is AbortSignal {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { aborted?: unknown }).aborted === 'boolean' &&
    typeof (v as { addEventListener?: unknown }).addEventListener === 'function' &&
    typeof (v as { removeEventListener?: unknown }).removeEventListener === 'function'
  );
}

/**
 * Checks the options of a fitter: `null`/`undefined` mean none, unknown keys (also inside `start`) are
 * refused, and each value is checked. Never throws, whatever the options are (a throwing getter is
 * reported as an issue).
 */
export function checkFitOptions<P>(
  options: unknown,
  names: readonly string[],
  fn: string,
): Result<CheckedFitOptions<P>> {
  try {
    const issues: CrmIssue[] = [...checkOptionKeys(options, FIT_OPTION_KEYS, ['options'])];
    if (issues.length > 0 && issues[0]!.code === 'invalid_type') return err(invalidInput(`${fn} options`, issues));
    const o = (options ?? {}) as Record<string, unknown>;
    const start = o['start'];
    if (start !== undefined) {
      issues.push(...checkOptionKeys(start, names, ['options', 'start']));
      if (start !== null && typeof start === 'object') {
        for (const name of names) {
          const v = (start as Record<string, unknown>)[name];
          if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0))
            issues.push(
              crmIssue.of(
                'invalid_number',
                ['options', 'start', name],
                `start.${name} must be a positive finite number; received ${quoteValue(v)}`,
              ),
            );
        }
      }
    }
    const tolerance = o['tolerance'];
    if (tolerance !== undefined && !(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0))
      issues.push(
        crmIssue.of(
          'invalid_number',
          ['options', 'tolerance'],
          `tolerance must be a positive finite number; received ${quoteValue(tolerance)}`,
        ),
      );
    const maxIterations = o['maxIterations'];
    if (
      maxIterations !== undefined &&
      !(typeof maxIterations === 'number' && Number.isInteger(maxIterations) && maxIterations >= 1)
    )
      issues.push(
        crmIssue.of(
          'invalid_number',
          ['options', 'maxIterations'],
          `maxIterations must be a positive integer; received ${quoteValue(maxIterations)}`,
        ),
      );
    else if (typeof maxIterations === 'number' && maxIterations > MAX_ITERATIONS)
      issues.push(crmIssue.tooBig(['options', 'maxIterations'], 'maxIterations', MAX_ITERATIONS, true, maxIterations));
    const onProgress = o['onProgress'];
    if (onProgress !== undefined && typeof onProgress !== 'function')
      issues.push(crmIssue.invalidType(['options', 'onProgress'], 'a function', onProgress));
    const signal = o['signal'];
    if (signal !== undefined && !isSignal(signal))
      issues.push(crmIssue.invalidType(['options', 'signal'], 'an AbortSignal', signal));
    if (issues.length > 0) return err(invalidInput(`${fn} options`, issues));
    return ok({
      start: start === null ? undefined : (start as Partial<P> | undefined),
      tolerance: (tolerance as number | undefined) ?? 1e-8,
      maxIterations: (maxIterations as number | undefined) ?? 500,
      onProgress: onProgress as ((progress: FitProgress) => void) | undefined,
      signal: signal as AbortSignal | undefined,
    });
  } catch {
    return err(invalidInput(`${fn} options`, [crmIssue.invalidType(['options'], 'readable fit options', options)]));
  }
}

/** The progress reporter of one fit (a no-op without `onProgress`). */
export class FitReporter {
  constructor(private readonly onProgress: ((progress: FitProgress) => void) | undefined) {}
  iteration = 0;
  logLikelihood: number | null = null;
  params: Readonly<Record<string, number>> | null = null;

  report(phase: FitPhase, done: number, total: number): void {
    this.onProgress?.(
      Object.freeze({
        phase,
        done,
        total,
        iteration: this.iteration,
        logLikelihood: this.logLikelihood,
        params: this.params,
      }),
    );
  }

  /** The reporter of the grouping phase. */
  get group(): ((done: number, total: number) => void) | undefined {
    return this.onProgress === undefined ? undefined : (done, total) => this.report('group', done, total);
  }
}

/**
 * Maximises a mean log-likelihood over positive parameters, in log-parameter space (θ = eᶻ, so
 * ∂ℓ/∂z = θ·∂ℓ/∂θ), with BFGS; falls back to Nelder–Mead plus a BFGS polish when BFGS stalls. Pauses
 * wherever the log-likelihood pauses.
 */
export function* maximizeLikelihoodSteps<P extends object>(
  problem: MleProblem<P>,
  options: CheckedFitOptions<P>,
  groups: number,
  reporter: FitReporter,
): Generator<void, Result<MleOutcome<P>>, void> {
  const { names, fn, totalWeight } = problem;
  const { tolerance, maxIterations, signal } = options;
  if (signal?.aborted) return err(new CrmError('aborted', `${fn}: aborted before the fit started`));

  const k = names.length;
  const theta = new Array<number>(k).fill(0);
  const gTheta = new Array<number>(k).fill(0);
  const objective: SteppedObjective = function* (z, g) {
    for (let i = 0; i < k; i++) theta[i] = Math.exp(z[i]!);
    const ll = yield* problem.meanLogLik(theta, gTheta);
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
  let before = 0; // iterations of earlier optimizer runs (Nelder–Mead fallback)
  const onProgress = (p: { iteration: number; value: number; x: readonly number[] }): void => {
    reporter.iteration = before + p.iteration;
    reporter.logLikelihood = -p.value * totalWeight;
    reporter.params = toParams(p.x) as Readonly<Record<string, number>>;
    reporter.report('optimize', Math.min(maxIterations, reporter.iteration), maxIterations);
  };

  let result = yield* bfgsSteps(objective, start, { tolerance, maxIterations, onProgress, signal });
  let iterations = result.iterations;
  if (result.status === 'invalid_start') {
    // Without caller's start values the defaults come from the data: then the data is what to look at.
    const given = options.start !== undefined;
    return err(
      invalidInput(`${fn} start values`, [
        crmIssue.of(
          'invalid_start',
          given ? ['options', 'start'] : ['rows'],
          given
            ? `the log-likelihood is not finite at the start values ${quoteValue(toParams(start))}; choose other start values`
            : `the log-likelihood is not finite at the default start values ${quoteValue(toParams(start))} (made from the data): the rows hold values too large for the model (a T or recency near the range of binary64); pass start values or rescale time`,
        ),
      ]),
    );
  }
  if (result.status === 'line_search_failed' && maxIterations - iterations >= 2) {
    // BFGS stalled short of the tolerance: restart from the best point with the simplex method, then polish.
    // All three runs share maxIterations (the simplex leaves at least one iteration to the polish).
    before = iterations;
    const nm = yield* nelderMeadSteps(
      function* (z) {
        return yield* objective(z, new Array<number>(k).fill(0));
      },
      result.x,
      { maxIterations: maxIterations - iterations - 1, tolerance: 1e-14, signal },
    );
    iterations += nm.iterations;
    if (nm.status !== 'aborted') {
      before = iterations;
      const polish = yield* bfgsSteps(objective, nm.x, {
        tolerance,
        maxIterations: Math.max(1, maxIterations - iterations),
        onProgress,
        signal,
      });
      iterations += polish.iterations;
      result = polish.value <= result.value || polish.converged ? polish : result;
    }
  }
  if (result.status === 'aborted') return err(new CrmError('aborted', `${fn}: aborted after ${iterations} iterations`));
  reporter.iteration = iterations;
  reporter.logLikelihood = -result.value * totalWeight;
  reporter.params = toParams(result.x) as Readonly<Record<string, number>>;
  reporter.report('optimize', maxIterations, maxIterations);

  const params = toParams(result.x);
  const gradientNorm = Math.max(...result.gradient.map(Math.abs));
  const standardErrors = yield* standardErrorSteps<P>(objective, result.x, totalWeight, names, reporter);
  return ok({
    params,
    standardErrors,
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
 * positive definite (for example at a boundary) or a standard error is not finite.
 */
function* standardErrorSteps<P>(
  objective: SteppedObjective,
  z: readonly number[],
  totalWeight: number,
  names: readonly string[],
  reporter: FitReporter,
): Generator<void, P | null, void> {
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
    const fp = yield* objective(zp, gp);
    const fm = yield* objective(zm, gm);
    reporter.report('standard_errors', j + 1, k);
    if (!Number.isFinite(fp) || !Number.isFinite(fm)) {
      for (let rest = j + 1; rest < k; rest++) reporter.report('standard_errors', rest + 1, k);
      return null;
    }
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
    const se = Math.exp(z[j]!) * Math.sqrt(v);
    if (!Number.isFinite(se)) return null;
    out[names[j]!] = se;
  }
  return Object.freeze(out) as P;
}

function abortedError(fn: string): Result<never> {
  return err(new CrmError('aborted', `${fn}: aborted`));
}

/**
 * Runs a fit's steps to the end in the calling thread. The signal is checked at every pause (so an abort
 * from `onProgress` stops the fit within one chunk of work).
 */
export function runFit<T>(
  steps: Generator<void, Result<T>, void>,
  signal: AbortSignal | undefined,
  fn: string,
): Result<T> {
  try {
    let next = steps.next();
    while (!next.done) {
      if (signal?.aborted) {
        steps.return(abortedError(fn));
        return abortedError(fn);
      }
      next = steps.next();
    }
    return next.value;
  } catch (e) {
    // A kernel refusing a point far outside the model's range: an error Result, never a throw.
    if (e instanceof CrmError) return err(e);
    throw e;
  }
}

/** Schedules `callback` on a later turn of the event loop (setImmediate, else a MessageChannel, else setTimeout). */
function scheduler(): { readonly later: (callback: () => void) => void; readonly close: () => void } {
  const g = globalThis as unknown as {
    setImmediate?: (callback: () => void) => unknown;
    MessageChannel?: new () => {
      port1: { onmessage: (() => void) | null; close(): void };
      port2: { postMessage(message: unknown): void; close(): void };
    };
  };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return { later: (callback) => void setImmediate(callback), close: () => undefined };
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    let pending: (() => void) | undefined;
    channel.port1.onmessage = () => {
      const callback = pending;
      pending = undefined;
      callback?.();
    };
    return {
      later: (callback) => {
        pending = callback;
        channel.port2.postMessage(null);
      },
      close: () => {
        channel.port1.close();
        channel.port2.close();
      },
    };
  }
  return { later: (callback) => void setTimeout(callback, 0), close: () => undefined };
}

/**
 * Runs a fit's steps one chunk per turn of the event loop. The promise settles with an `aborted` error as
 * soon as the signal is aborted (from the abort event itself, not at the next chunk), and the remaining
 * work is dropped at the next pause: no partial result, no work after the abort beyond the chunk in
 * flight. An exception thrown by `onProgress` rejects the promise.
 */
export function runFitAsync<T>(
  steps: Generator<void, Result<T>, void>,
  signal: AbortSignal | undefined,
  fn: string,
): Promise<Result<T>> {
  return new Promise<Result<T>>((resolve, reject) => {
    const { later, close } = scheduler();
    let settled = false;
    const settle = (result: Result<T> | undefined, error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      close();
      if (result === undefined) reject(error);
      else resolve(result);
    };
    const onAbort = (): void => settle(abortedError(fn));
    if (signal?.aborted) {
      settle(abortedError(fn));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const pump = (): void => {
      if (settled || signal?.aborted) {
        steps.return(abortedError(fn));
        settle(abortedError(fn));
        return;
      }
      try {
        const next = steps.next();
        if (next.done) settle(next.value);
        else later(pump);
      } catch (e) {
        if (e instanceof CrmError) settle(err(e));
        else settle(undefined, e);
      }
    };
    later(pump);
  });
}
