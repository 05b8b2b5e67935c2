/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "'Counting Your Customers' the
 * Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284): while
 * alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase she
 * drops out with probability p ~ Beta(a, b).
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { bgNbdAlive, bgNbdFactor, bgNbdPmf, BG_NBD_MAX_COUNT, conditionalPmf } from './bgNbdKernels.js';
import { bgNbdMeanLogLik } from './bgNbdLikelihood.js';
import type { RfmColumns } from './columns.js';
import {
  checkFitOptions,
  FitReporter,
  maximizeLikelihoodSteps,
  runFit,
  runFitAsync,
  type CheckedFitOptions,
  type FitDiagnostics,
  type FitOptions,
} from './fit.js';
import { groupRfm } from './group.js';
import { runSteps } from '../math/optimize.js';
import { guarded } from './batch.js';
import {
  assertCustomer,
  assertFinite,
  assertNonNegative,
  assertPositiveParams,
  overflowError,
  paramsIssues,
  type RfmRow,
} from './rows.js';

/**
 * BG/NBD parameters: λ ~ Gamma(shape r, rate α) (α in the time unit of the data), p ~ Beta(a, b).
 *
 * @example
 * ```ts
 * const cdnow: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // FHL 2005, weeks
 * ```
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * A fitted BG/NBD model: the maximum-likelihood parameters, their asymptotic standard errors
 * (`null` when the information matrix is not positive definite) and the fit diagnostics.
 *
 * @example
 * ```ts
 * const rows: RfmRow[] = [{ frequency: 0, recency: 0, T: 38.86, weight: 1411 }, { frequency: 2, recency: 30.43, T: 38.86, weight: 946 }];
 * const fit: BgNbdFit = unwrap(fitBgNbd(rows));
 * fit.params.r; //=> 0.2426 on CDNOW (weeks)
 * ```
 */
export interface BgNbdFit extends FitDiagnostics {
  readonly model: 'bg_nbd';
  readonly params: BgNbdParams;
  readonly standardErrors: BgNbdParams | null;
}

/**
 * Options of {@link fitBgNbd}: start values, tolerance, iteration limit, progress and cancellation (see
 * {@link FitOptions}).
 *
 * @example
 * ```ts
 * const options: FitBgNbdOptions = { start: { r: 0.5 }, tolerance: 1e-10 };
 * ```
 */
export type FitBgNbdOptions = FitOptions<BgNbdParams>;

/**
 * Options of {@link fitBgNbdAsync}: those of {@link fitBgNbd}.
 *
 * @example
 * ```ts
 * const options: FitBgNbdAsyncOptions = { signal: AbortSignal.timeout(5000) };
 * ```
 */
export type FitBgNbdAsyncOptions = FitBgNbdOptions;

export const BG_NBD_NAMES = ['r', 'alpha', 'a', 'b'] as const;

function* fitSteps(
  rows: unknown,
  o: CheckedFitOptions<BgNbdParams>,
  fn: string,
): Generator<void, Result<BgNbdFit>, void> {
  const reporter = new FitReporter(o.onProgress);
  const grouped = yield* groupRfm(rows, `${fn} rows`, reporter.group);
  if (!grouped.ok) return grouped;
  const g = grouped.value;
  if (g.totalWeight < 4 || g.repeatWeight === 0) {
    return err(
      new CrmError(
        'insufficient_data',
        `${fn}: needs at least 4 customers and at least one repeat purchase; received ${g.totalWeight} customers, ${g.repeatWeight} with repeat purchases`,
      ),
    );
  }
  const alpha0 = Math.max(g.meanT, 1e-3) / Math.max(g.meanX, 0.1);
  const outcome = yield* maximizeLikelihoodSteps<BgNbdParams>(
    {
      names: BG_NBD_NAMES,
      start: { r: 1, alpha: alpha0, a: 1, b: 1 },
      meanLogLik: bgNbdMeanLogLik(g),
      totalWeight: g.totalWeight,
      fn,
    },
    o,
    g.size,
    reporter,
  );
  if (!outcome.ok) return outcome;
  return ok(
    Object.freeze({
      model: 'bg_nbd' as const,
      params: outcome.value.params,
      standardErrors: outcome.value.standardErrors,
      ...outcome.value.diagnostics,
    }),
  );
}

/**
 * Fits the BG/NBD model by maximum likelihood (FHL 2005 eq. 6, every constant kept) with analytic
 * gradients, in log-parameters, on the unique (x, tₓ, T) rows with their weights. Takes rows
 * `{ frequency, recency, T, weight? }` (for example `rfmSummary`'s output) or {@link RfmColumns}; either
 * way the rows are grouped in typed arrays first, so the cost of an iteration grows with the number of
 * distinct rows, not of customers. Default start values: r = 1, α = mean T / max(mean x, 0.1), a = 1, b = 1.
 *
 * Returns `validation_failed` naming the row index for bad rows or bad options (unknown keys refused;
 * `null` means none), `insufficient_data` when there are fewer than 4 customers or no repeat purchases at
 * all (the dropout process is then not identified), `aborted` when the signal fires (see
 * {@link fitBgNbdAsync} to abort from outside). Non-convergence is not an error: the fit comes back with
 * `converged: false` and the `status` of the optimizer. Never throws for its input.
 *
 * @example
 * ```ts
 * const rows: RfmRow[] = [
 *   { frequency: 0, recency: 0, T: 38.86, weight: 1411 },
 *   { frequency: 1, recency: 20.3, T: 38.1, weight: 439 },
 *   { frequency: 2, recency: 30.43, T: 38.86, weight: 214 },
 *   { frequency: 4, recency: 33.1, T: 36.5, weight: 200 },
 *   { frequency: 9, recency: 35.9, T: 38.4, weight: 93 },
 * ];
 * const fit = fitBgNbd(rows);
 * if (fit.ok) fit.value.params; //=> { r, alpha, a, b } (on CDNOW: r 0.2426, α 4.4135, a 0.7929, b 2.4258)
 * ```
 */
export function fitBgNbd(rows: readonly RfmRow[] | RfmColumns, options?: FitBgNbdOptions | null): Result<BgNbdFit> {
  const o = checkFitOptions<BgNbdParams>(options, BG_NBD_NAMES, 'fitBgNbd');
  if (!o.ok) return o;
  return runFit(fitSteps(rows, o.value, 'fitBgNbd'), o.value.signal, 'fitBgNbd');
}

/**
 * {@link fitBgNbd} without blocking the event loop: the same fit, bit for bit, done in chunks of a few
 * milliseconds (65,536 rows while grouping, 16,384 distinct rows of each likelihood evaluation) with a
 * turn of the event loop between them. When `signal` is aborted the promise resolves at once with an
 * `aborted` error and no partial result; the chunk in flight is the last work done. Resolves (never
 * rejects) with the `Result`, except that an exception thrown by `onProgress` rejects it.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const rows: RfmRow[] = [{ frequency: 0, recency: 0, T: 38.86, weight: 1411 }, { frequency: 2, recency: 30.43, T: 38.86, weight: 946 }];
 * const pending = fitBgNbdAsync(rows, { signal: controller.signal, onProgress: ({ phase, done, total }) => console.log(phase, done, total) });
 * pending.then((fit) => (fit.ok ? fit.value.params : fit.error.code)); //=> params, or 'aborted' after controller.abort()
 * ```
 */
export function fitBgNbdAsync(
  rows: readonly RfmRow[] | RfmColumns,
  options?: FitBgNbdAsyncOptions | null,
): Promise<Result<BgNbdFit>> {
  const o = checkFitOptions<BgNbdParams>(options, BG_NBD_NAMES, 'fitBgNbdAsync');
  if (!o.ok) return Promise.resolve(o);
  return runFitAsync(fitSteps(rows, o.value, 'fitBgNbdAsync'), o.value.signal, 'fitBgNbdAsync');
}

/**
 * The full BG/NBD log-likelihood (FHL 2005 eq. 6, summed over the rows with their weights, every
 * constant kept) at `params`. Returns `validation_failed` for bad parameters or rows, and for parameters
 * so large that the log-likelihood overflows binary64 (a `too_big` issue at `params`); empty rows give
 * `ok(0)`. Never throws for its input.
 *
 * @example
 * ```ts
 * const ll = bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, [{ frequency: 2, recency: 30.43, T: 38.86 }]);
 * if (ll.ok) ll.value; //=> -9.4586 (CDNOW's 2,357 customers: ≈ -9582.4)
 * ```
 */
export function bgNbdLogLikelihood(params: BgNbdParams, rows: readonly RfmRow[] | RfmColumns): Result<number> {
  return guarded(() => {
    const issues = new IssueList();
    issues.push(...paramsIssues(params, BG_NBD_NAMES));
    if (issues.count > 0) return err(issues.error('bgNbdLogLikelihood params'));
    const grouped = runSteps(groupRfm(rows, 'bgNbdLogLikelihood rows'));
    if (!grouped.ok) return grouped;
    if (grouped.value.totalWeight === 0) return ok(0);
    const mean = runSteps(bgNbdMeanLogLik(grouped.value)([params.r, params.alpha, params.a, params.b], [0, 0, 0, 0]));
    const total = mean * grouped.value.totalWeight;
    if (!Number.isFinite(total)) return err(overflowError('the log-likelihood', 'bgNbdLogLikelihood'));
    return ok(total);
  });
}

function checkParams(params: BgNbdParams, fn: string): void {
  assertPositiveParams(params as unknown as Record<string, number>, BG_NBD_NAMES, fn);
}

function notConverged(fn: string): CrmError {
  return new CrmError(
    'not_converged',
    `${fn}: the expectation series did not converge in ${10_000_000} terms (t is too long compared with α + T)`,
  );
}

/** E[Y(t)]'s factor, or a thrown error (overflow or non-convergence). */
function factorOrThrow(p: BgNbdParams, x: number, T: number, t: number, fn: string): number {
  const f = bgNbdFactor(p.r, p.a, p.b, x, t / (p.alpha + T + t), (p.alpha + T) / (p.alpha + T + t));
  if (Number.isNaN(f)) throw notConverged(fn);
  return assertFinite(f, 'the expected number of purchases', fn);
}

/**
 * E[X(t)], the expected number of repeat purchases of a new customer in (0, t] (FHL 2005 eq. 7):
 * (a+b−1)/(a−1)·[1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))], evaluated as a series of positive terms
 * (see the guide) that stays accurate for any b (it tends to the NBD's rt/α as b → ∞) and at a = 1.
 * t = 0 gives 0.
 *
 * @throws `validation_failed` for non-positive parameters or a negative t, or when the parameters
 * overflow binary64 (`too_big`); `not_converged` when t is so long compared with α that the series needs
 * more than 10⁷ terms.
 * @example
 * ```ts
 * bgNbdExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39); //=> 1.1967 repeat purchases in the first 39 weeks
 * ```
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  checkParams(params, 'bgNbdExpectedPurchases');
  assertNonNegative(t, 't', 'bgNbdExpectedPurchases');
  if (t === 0) return 0;
  return factorOrThrow(params, 0, 0, t, 'bgNbdExpectedPurchases');
}

/**
 * P(alive | x, tₓ, T), the probability that a customer with this history has not dropped out
 * (FHL 2005, and Fader, Hardie & Lee's note "Computing P(alive) using the BG/NBD model"):
 * 1 / [1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)], computed in log space. A customer without repeat
 * purchases is alive with probability 1 under the BG/NBD.
 *
 * @throws `validation_failed` for bad parameters or a bad customer.
 * @example
 * ```ts
 * bgNbdProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { frequency: 2, recency: 30.43, T: 38.86 }); //=> 0.7266
 * ```
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, customer: RfmRow): number {
  checkParams(params, 'bgNbdProbabilityAlive');
  assertCustomer(customer, 'bgNbdProbabilityAlive');
  const { r, alpha, a, b } = params;
  return assertFinite(
    bgNbdAlive(r, alpha, a, b, customer.frequency, customer.recency, customer.T),
    'P(alive)',
    'bgNbdProbabilityAlive',
  );
}

/**
 * E[Y(t) | x, tₓ, T], the expected number of purchases in the next t time units of a customer with
 * this history (FHL 2005 eq. 10):
 * [(a+b+x−1)/(a−1)]·[1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / [1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)],
 * evaluated as a series of positive terms (accurate for any b and x, and at a = 1) times P(alive).
 * t = 0 gives 0. The same kernel as {@link predictBgNbd}, so both give the same numbers.
 *
 * @throws `validation_failed` for bad input or overflowing parameters; `not_converged` as for
 * {@link bgNbdExpectedPurchases}.
 * @example
 * ```ts
 * const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * bgNbdConditionalExpectedPurchases(cdnow, 39, { frequency: 2, recency: 30.43, T: 38.86 }); //=> 1.226 (FHL 2005, p. 279)
 * ```
 */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParams, t: number, customer: RfmRow): number {
  const fn = 'bgNbdConditionalExpectedPurchases';
  checkParams(params, fn);
  assertNonNegative(t, 't', fn);
  assertCustomer(customer, fn);
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const x = customer.frequency;
  const f = factorOrThrow(params, x, customer.T, t, fn);
  return assertFinite(f * bgNbdAlive(r, alpha, a, b, x, customer.recency, customer.T), 'E[Y(t)]', fn);
}

/**
 * P(X(t) = n), the probability that a new customer makes exactly n repeat purchases in (0, t]
 * (FHL 2005 eq. 8):
 * B(a,b+n)/B(a,b)·Γ(r+n)/(Γ(r) n!)·(α/(α+t))^r (t/(α+t))^n
 * + 1{n>0}·B(a+1,b+n−1)/B(a,b)·[1 − (α/(α+t))^r Σⱼ₌₀ⁿ⁻¹ Γ(r+j)/(Γ(r) j!)·(t/(α+t))^j].
 * The sum stops once its terms no longer change it, so large n cost little when t is moderate.
 *
 * @throws `validation_failed` for bad parameters, a negative or fractional n, n above 10⁷ (`too_big`: the
 * sum is linear in n), or a negative t.
 * @example
 * ```ts
 * bgNbdPurchaseProbability({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0, 39); //=> 0.5738
 * ```
 */
export function bgNbdPurchaseProbability(params: BgNbdParams, n: number, t: number): number {
  const fn = 'bgNbdPurchaseProbability';
  checkParams(params, fn);
  assertNonNegative(n, 'n', fn, true);
  assertCount(n, fn);
  assertNonNegative(t, 't', fn);
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, a, b } = params;
  return assertFinite(bgNbdPmf(r, alpha, a, b, n, t), 'P(X(t) = n)', fn);
}

/** Throws `validation_failed` (`too_big`) for n above {@link BG_NBD_MAX_COUNT}. */
export function assertCount(n: number, fn: string): void {
  if (n > BG_NBD_MAX_COUNT) {
    throw new CrmError('validation_failed', `${fn}: n must be at most ${BG_NBD_MAX_COUNT}; received ${n}`, {
      issues: [{ path: ['n'], message: `must be at most ${BG_NBD_MAX_COUNT}`, code: 'too_big' }],
    });
  }
}

/**
 * P(Y(t) = n | x, tₓ, T), the probability that a customer with this history makes exactly n purchases in
 * the next t time units. Alive at T (probability P(alive)), her future purchases follow the BG/NBD of a
 * new customer with the posterior parameters (r+x, α+T, a, b+x) (the Poisson process is memoryless and
 * the posterior of (λ, p) given the history is Gamma(r+x, α+T) × Beta(a, b+x)); dead, she makes none:
 * P(alive)·P(X(t) = n; r+x, α+T, a, b+x) + (1 − P(alive))·1{n = 0}. Its mean over n is
 * {@link bgNbdConditionalExpectedPurchases}.
 *
 * @throws as {@link bgNbdPurchaseProbability}, and `validation_failed` for a bad customer.
 * @example
 * ```ts
 * bgNbdConditionalPurchaseProbability({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0, 39, { frequency: 2, recency: 30.43, T: 38.86 }); //=> 0.4454
 * ```
 */
export function bgNbdConditionalPurchaseProbability(
  params: BgNbdParams,
  n: number,
  t: number,
  customer: RfmRow,
): number {
  const fn = 'bgNbdConditionalPurchaseProbability';
  checkParams(params, fn);
  assertNonNegative(n, 'n', fn, true);
  assertCount(n, fn);
  assertNonNegative(t, 't', fn);
  assertCustomer(customer, fn);
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = customer;
  const alive = bgNbdAlive(r, alpha, a, b, x, tx, T);
  return assertFinite(bgNbdConditionalPmf(r, alpha, a, b, x, T, n, t, alive), 'P(Y(t) = n)', fn);
}

/** P(alive)·P(X(t) = n; r+x, α+T, a, b+x) + (1 − P(alive))·1{n = 0}, the kernel of the conditional pmf. */
export function bgNbdConditionalPmf(
  r: number,
  alpha: number,
  a: number,
  b: number,
  x: number,
  T: number,
  n: number,
  t: number,
  alive: number,
): number {
  const p = t === 0 ? (n === 0 ? 1 : 0) : bgNbdPmf(r + x, alpha + T, a, b + x, n, t);
  return conditionalPmf(alive, p, n);
}
