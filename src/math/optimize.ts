/**
 * Unconstrained minimisation: BFGS with a backtracking line search (for smooth objectives with a
 * gradient) and Nelder–Mead (derivative-free fallback). Generic over the objective; both take a
 * tolerance, an iteration limit, an `onProgress` callback and an `AbortSignal`, and report rather
 * than hide non-convergence.
 *
 * @module
 */

/**
 * An objective with its gradient: returns f(x) and writes ∇f(x) into `gradient` (same length as
 * `x`). May return a non-finite value for points outside its domain; the line search then steps back.
 *
 * @example
 * ```ts
 * const sphere: DifferentiableObjective = (x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; };
 * ```
 */
export type DifferentiableObjective = (x: readonly number[], gradient: number[]) => number;

/**
 * An objective without a gradient (for {@link minimizeNelderMead}).
 *
 * @example
 * ```ts
 * const f: Objective = (x) => (x[0]! - 1) ** 2;
 * ```
 */
export type Objective = (x: readonly number[]) => number;

/**
 * One progress report, given to `onProgress` after every iteration.
 *
 * @example
 * ```ts
 * const p: MinimizeProgress = { iteration: 3, value: 1.5, gradientNorm: 0.01, x: [0, 1] };
 * ```
 */
export interface MinimizeProgress {
  readonly iteration: number;
  readonly value: number;
  /** Largest absolute gradient component (`NaN` for Nelder–Mead, which has no gradient). */
  readonly gradientNorm: number;
  readonly x: readonly number[];
}

/**
 * Options shared by the minimisers.
 *
 * @example
 * ```ts
 * const options: MinimizeOptions = { tolerance: 1e-8, maxIterations: 200, onProgress: (p) => console.log(p.value) };
 * ```
 */
export interface MinimizeOptions {
  /**
   * Convergence tolerance. BFGS: the largest absolute gradient component (default 1e-8).
   * Nelder–Mead: the spread of objective values over the simplex and the simplex size (default 1e-10).
   */
  readonly tolerance?: number;
  /** Iteration limit (default 1000 for BFGS, 5000 for Nelder–Mead). */
  readonly maxIterations?: number;
  /** Called after every iteration. */
  readonly onProgress?: (progress: MinimizeProgress) => void;
  /** Stops the iteration (status `aborted`) when aborted; checked once per iteration. */
  readonly signal?: AbortSignal;
  /** BFGS only: the largest change of any coordinate in one step (default 10). */
  readonly maxStep?: number;
}

/**
 * Why a minimiser stopped: `converged` (tolerance met), `max_iterations`, `line_search_failed`
 * (no decrease could be found along the search direction before the tolerance was met),
 * `aborted` (the signal fired), `invalid_start` (the objective is not finite at the start point).
 *
 * @example
 * ```ts
 * const s: MinimizeStatus = 'converged';
 * ```
 */
export type MinimizeStatus = 'converged' | 'max_iterations' | 'line_search_failed' | 'aborted' | 'invalid_start';

/**
 * The outcome of a minimisation: the best point found, always finite, whatever the status.
 *
 * @example
 * ```ts
 * const r: MinimizeResult = minimizeBfgs((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; }, [3]);
 * r.converged; //=> true
 * ```
 */
export interface MinimizeResult {
  readonly x: readonly number[];
  readonly value: number;
  /** The gradient at `x` (BFGS); empty for Nelder–Mead. */
  readonly gradient: readonly number[];
  readonly iterations: number;
  /** Objective evaluations. */
  readonly evaluations: number;
  readonly converged: boolean;
  readonly status: MinimizeStatus;
}

function infNorm(v: readonly number[]): number {
  let m = 0;
  for (const x of v) {
    const a = Math.abs(x);
    if (!(a <= m)) m = a; // NaN propagates as "large"
  }
  return m;
}

function finish(
  x: number[],
  value: number,
  gradient: number[],
  iterations: number,
  evaluations: number,
  status: MinimizeStatus,
): MinimizeResult {
  return Object.freeze({
    x: Object.freeze(x.slice()),
    value,
    gradient: Object.freeze(gradient.slice()),
    iterations,
    evaluations,
    converged: status === 'converged',
    status,
  });
}

/**
 * Minimises a smooth function with the BFGS quasi-Newton method (Nocedal & Wright 2006,
 * "Numerical Optimization", algorithm 6.1): a dense inverse-Hessian update skipped when the
 * curvature condition fails, initial scaling by yᵀs/yᵀy (eq. 6.20), and a backtracking line search
 * with the Armijo condition (c₁ = 1e-4) that also steps back from non-finite values. Near the
 * optimum, where f changes by less than a few ulps and can no longer rank points, a step is accepted
 * when it shrinks the gradient; five steps in a row that lower neither f nor the gradient stop the
 * run with `line_search_failed`. Converges when the largest gradient component is below `tolerance`. Suited to the few-parameter maximum-likelihood
 * problems of crmkit (the dense update is O(n²) per step).
 *
 * Never throws for a bad objective: a non-finite start gives status `invalid_start`; the result
 * always holds the best finite point found.
 *
 * @example
 * ```ts
 * // Rosenbrock's function, minimum at (1, 1)
 * const r = minimizeBfgs((x, g) => {
 *   const [a, b] = [x[0]!, x[1]!];
 *   g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
 *   g[1] = 200 * (b - a * a);
 *   return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
 * }, [-1.2, 1]);
 * r.x.map((v) => v.toFixed(6)); //=> ['1.000000', '1.000000']
 * ```
 */
export function minimizeBfgs(
  objective: DifferentiableObjective,
  start: readonly number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  return runSteps(bfgsSteps(stepped(objective), start, options));
}

/**
 * An objective evaluated in steps: a generator that may pause (`yield`) between chunks of its work and
 * returns f(x), writing ∇f(x) into `gradient`. {@link bfgsSteps} and {@link nelderMeadSteps} pass its
 * pauses through, so a caller can interleave a long evaluation with other work (an event loop) without
 * changing a single floating-point operation.
 *
 * @example
 * ```ts
 * const sphere: SteppedObjective = function* (x, g) { g[0] = 2 * x[0]!; return x[0]! ** 2; };
 * ```
 */
export type SteppedObjective = (x: readonly number[], gradient: number[]) => Generator<void, number, void>;

/** A plain objective as a {@link SteppedObjective} that never pauses. */
function stepped(objective: DifferentiableObjective): SteppedObjective {
  return function* (x, g) {
    return objective(x, g);
  };
}

/**
 * Runs a step generator to its end without pausing and returns its result (the synchronous driver of
 * {@link bfgsSteps} and {@link nelderMeadSteps}).
 *
 * @example
 * ```ts
 * const r = runSteps(bfgsSteps(function* (x, g) { g[0] = 2 * x[0]!; return x[0]! ** 2; }, [3]));
 * r.converged; //=> true
 * ```
 */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  let next = steps.next();
  while (!next.done) next = steps.next();
  return next.value;
}

/**
 * {@link minimizeBfgs} as a generator: the same iterations, floating-point operation for operation,
 * pausing wherever the objective pauses. `minimizeBfgs(f, x0, o)` is `runSteps(bfgsSteps(f', x0, o))`.
 *
 * @example
 * ```ts
 * const steps = bfgsSteps(function* (x, g) { g[0] = 2 * x[0]!; return x[0]! ** 2; }, [3]);
 * runSteps(steps).x; //=> [0]
 * ```
 */
export function* bfgsSteps(
  objective: SteppedObjective,
  start: readonly number[],
  options: MinimizeOptions = {},
): Generator<void, MinimizeResult, void> {
  const n = start.length;
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  const maxStep = options.maxStep ?? 10;
  let evaluations = 0;
  const evaluate = function* (x: readonly number[], g: number[]): Generator<void, number, void> {
    evaluations++;
    const v = yield* objective(x, g);
    return Number.isFinite(v) && g.every(Number.isFinite) ? v : Infinity;
  };

  let x = start.slice();
  let g = new Array<number>(n).fill(0);
  let f = yield* evaluate(x, g);
  if (!Number.isFinite(f)) return finish(x, f, g, 0, evaluations, 'invalid_start');
  // Inverse Hessian approximation, row-major.
  let H = identity(n);
  let scaled = false;
  let iteration = 0;
  let stalled = 0; // consecutive accepted steps that did not lower f (rounding floor reached)

  while (true) {
    if (infNorm(g) <= tolerance) return finish(x, f, g, iteration, evaluations, 'converged');
    if (options.signal?.aborted) return finish(x, f, g, iteration, evaluations, 'aborted');
    if (iteration >= maxIterations) return finish(x, f, g, iteration, evaluations, 'max_iterations');
    iteration++;

    // Search direction d = −H g; fall back to steepest descent when it is not a descent direction.
    let d = matVec(H, g).map((v) => -v);
    let slope = dot(d, g);
    if (!(slope < 0)) {
      H = identity(n);
      d = g.map((v) => -v);
      slope = dot(d, g);
    }
    const dMax = infNorm(d);
    let step = dMax > maxStep ? maxStep / dMax : 1;

    const gNew = new Array<number>(n).fill(0);
    let xNew = x;
    let fNew = Infinity;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      xNew = x.map((v, i) => v + step * d[i]!);
      fNew = yield* evaluate(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // At the rounding floor of f (changes below a few ulps) f cannot rank points any more; accept
      // the step when the gradient shrinks, so the gradient tolerance stays reachable.
      if (
        Number.isFinite(fNew) &&
        Math.abs(fNew - f) <= 8 * Number.EPSILON * Math.abs(f) &&
        infNorm(gNew) < infNorm(g)
      ) {
        accepted = true;
        break;
      }
      step *= Number.isFinite(fNew) ? 0.5 : 0.1;
    }
    if (!accepted) {
      if (scaled || iteration > 1) {
        // Retry once from steepest descent before giving up.
        H = identity(n);
        scaled = false;
        const retry = yield* tryStep(evaluate, x, f, g, maxStep);
        if (retry === undefined) return finish(x, f, g, iteration, evaluations, 'line_search_failed');
        xNew = retry.x;
        fNew = retry.f;
        gNew.splice(0, n, ...retry.g);
      } else {
        return finish(x, f, g, iteration, evaluations, 'line_search_failed');
      }
    }

    const s = xNew.map((v, i) => v - x[i]!);
    const y = gNew.map((v, i) => v - g[i]!);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (!scaled) {
        H = identity(n).map((v) => (v * sy) / dot(y, y));
        scaled = true;
      }
      H = bfgsUpdate(H, s, y, sy, n);
    }
    stalled = fNew < f || infNorm(gNew) < infNorm(g) ? 0 : stalled + 1;
    x = xNew;
    f = fNew;
    g = gNew;
    if (stalled >= 5 && infNorm(g) > tolerance) {
      // f no longer changes in floating point: further steps cannot make progress.
      return finish(x, f, g, iteration, evaluations, 'line_search_failed');
    }
    options.onProgress?.(Object.freeze({ iteration, value: f, gradientNorm: infNorm(g), x: Object.freeze(x.slice()) }));
  }
}

function* tryStep(
  evaluate: (x: readonly number[], g: number[]) => Generator<void, number, void>,
  x: number[],
  f: number,
  g: number[],
  maxStep: number,
): Generator<void, { x: number[]; f: number; g: number[] } | undefined, void> {
  const d = g.map((v) => -v);
  const slope = dot(d, g);
  const dMax = infNorm(d);
  let step = dMax > maxStep ? maxStep / dMax : 1;
  const gNew = new Array<number>(x.length).fill(0);
  for (let k = 0; k < 80; k++) {
    const xNew = x.map((v, i) => v + step * d[i]!);
    const fNew = yield* evaluate(xNew, gNew);
    if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope && fNew < f)
      return { x: xNew, f: fNew, g: gNew.slice() };
    step *= 0.5;
  }
  return undefined;
}

function identity(n: number): number[] {
  const m = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function matVec(m: readonly number[], v: readonly number[]): number[] {
  const n = v.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m[i * n + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

// H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs)  (Nocedal & Wright eq. 6.17)
function bfgsUpdate(H: readonly number[], s: readonly number[], y: readonly number[], sy: number, n: number): number[] {
  const rho = 1 / sy;
  const Hy = matVec(H, y);
  const yHy = dot(y, Hy);
  const out = new Array<number>(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] =
        H[i * n + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
    }
  }
  return out;
}

/**
 * Minimises a function without derivatives by the Nelder–Mead simplex method with the standard
 * coefficients (reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et al. 1998,
 * "Convergence properties of the Nelder–Mead simplex method in low dimensions"). The initial
 * simplex steps 5% of each non-zero coordinate (0.00025 for zeros), as R's and MATLAB's versions do.
 * Converges when both the spread of the objective over the simplex and the largest vertex distance
 * from the best vertex fall below `tolerance`. Non-finite values count as +∞.
 *
 * @example
 * ```ts
 * const r = minimizeNelderMead((x) => (x[0]! - 1) ** 2 + (x[1]! + 2) ** 2, [0, 0]);
 * r.x.map((v) => v.toFixed(4)); //=> ['1.0000', '-2.0000']
 * ```
 */
export function minimizeNelderMead(
  objective: Objective,
  start: readonly number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  return runSteps(
    nelderMeadSteps(
      function* (x) {
        return objective(x);
      },
      start,
      options,
    ),
  );
}

/**
 * {@link minimizeNelderMead} as a generator over an objective that may pause between chunks of its
 * work: the same iterations, operation for operation.
 *
 * @example
 * ```ts
 * const r = runSteps(nelderMeadSteps(function* (x) { return (x[0]! - 1) ** 2; }, [0]));
 * r.converged; //=> true
 * ```
 */
export function* nelderMeadSteps(
  objective: (x: readonly number[]) => Generator<void, number, void>,
  start: readonly number[],
  options: MinimizeOptions = {},
): Generator<void, MinimizeResult, void> {
  const n = start.length;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 5000;
  let evaluations = 0;
  const evaluate = function* (x: readonly number[]): Generator<void, number, void> {
    evaluations++;
    const v = yield* objective(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const f0 = yield* evaluate(start);
  if (!Number.isFinite(f0)) return finish(start.slice(), f0, [], 0, evaluations, 'invalid_start');
  const simplex: number[][] = [start.slice()];
  const values: number[] = [f0];
  for (let i = 0; i < n; i++) {
    const v = start.slice();
    v[i] = v[i]! !== 0 ? v[i]! * 1.05 : 0.00025;
    simplex.push(v);
    values.push(yield* evaluate(v));
  }
  let iteration = 0;
  while (true) {
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    const sortedS = order.map((i) => simplex[i]!);
    const sortedV = order.map((i) => values[i]!);
    for (let i = 0; i <= n; i++) {
      simplex[i] = sortedS[i]!;
      values[i] = sortedV[i]!;
    }
    const best = simplex[0]!;
    const spread = Math.abs(values[n]! - values[0]!);
    let size = 0;
    for (let i = 1; i <= n; i++) size = Math.max(size, infNorm(simplex[i]!.map((v, k) => v - best[k]!)));
    if (spread <= tolerance && size <= Math.sqrt(tolerance))
      return finish(best, values[0]!, [], iteration, evaluations, 'converged');
    if (options.signal?.aborted) return finish(best, values[0]!, [], iteration, evaluations, 'aborted');
    if (iteration >= maxIterations) return finish(best, values[0]!, [], iteration, evaluations, 'max_iterations');
    iteration++;

    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k]! += simplex[i]![k]! / n;
    const worst = simplex[n]!;
    const along = (t: number): number[] => centroid.map((c, k) => c + t * (c - worst[k]!));
    const xr = along(1);
    const fr = yield* evaluate(xr);
    if (fr < values[0]!) {
      const xe = along(2);
      const fe = yield* evaluate(xe);
      if (fe < fr) {
        simplex[n] = xe;
        values[n] = fe;
      } else {
        simplex[n] = xr;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]!) {
      simplex[n] = xr;
      values[n] = fr;
    } else {
      const outside = fr < values[n]!;
      const xc = along(outside ? 0.5 : -0.5);
      const fc = yield* evaluate(xc);
      if (fc < (outside ? fr : values[n]!)) {
        simplex[n] = xc;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((v, k) => best[k]! + 0.5 * (v - best[k]!));
          values[i] = yield* evaluate(simplex[i]!);
        }
      }
    }
    options.onProgress?.(
      Object.freeze({
        iteration,
        value: Math.min(...values),
        gradientNorm: Number.NaN,
        x: Object.freeze(simplex[0]!.slice()),
      }),
    );
  }
}
