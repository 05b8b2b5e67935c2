/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", JMR 42(4), 415–430; Fader & Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value", brucehardie.com/notes/025): transaction values are
 * Gamma(p, ν) around a customer mean p/ν, with ν ~ Gamma(q, γ) across customers.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { digamma, logGamma } from '../math/special.js';
import { runSteps } from '../math/optimize.js';
import { guarded } from './batch.js';
import type { MonetaryColumns } from './columns.js';
import {
  ChunkSums,
  checkFitOptions,
  FitReporter,
  maximizeLikelihoodSteps,
  runFit,
  runFitAsync,
  type CheckedFitOptions,
  type FitDiagnostics,
  type FitOptions,
  type StepLogLik,
} from './fit.js';
import { groupMonetary, type MonetaryGroups } from './group.js';
import { assertFinite, assertPositiveParams, overflowError, paramsIssues, type MonetaryRow } from './rows.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Gamma-Gamma parameters: p (shape of a customer's transaction values), q and v (= γ; shape and
 * rate of the customers' ν). Named `v` as in lifetimes; `v` is the γ of Fader & Hardie.
 *
 * @example
 * ```ts
 * const cdnow: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 }; // Fader & Hardie 2013
 * ```
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

/**
 * A fitted Gamma-Gamma model (parameters, standard errors, diagnostics). `customers` counts the
 * repeat buyers used. Two kinds of customer are left out, as the published method does (Fader &
 * Hardie 2013 fit on the repeat buyers; their model of spend is for positive amounts): those without
 * repeat purchases (`skipped`), and repeat buyers whose repeat purchases are all worth 0 (`zeroSpend`,
 * with their positions in the input in `zeroSpendIndices`). Predictions still give both a value: see
 * `gammaGammaExpectedSpend`.
 *
 * @example
 * ```ts
 * const rows: MonetaryRow[] = [{ frequency: 1, monetaryValue: 25.1 }, { frequency: 2, monetaryValue: 22.35 }, { frequency: 3, monetaryValue: 40.2 }, { frequency: 4, monetaryValue: 18.7 }];
 * const fit: GammaGammaFit = unwrap(fitGammaGamma(rows));
 * fit.params.p; //=> 6.25 on CDNOW
 * ```
 */
export interface GammaGammaFit extends FitDiagnostics {
  readonly model: 'gamma_gamma';
  readonly params: GammaGammaParams;
  readonly standardErrors: GammaGammaParams | null;
  /** Weight of the rows without repeat purchases, which carry no spend information and were skipped. */
  readonly skipped: number;
  /** Weight of the repeat buyers with a mean spend of 0, left out of the fit (the model's spend is positive). */
  readonly zeroSpend: number;
  /** Positions (in the input) of the rows counted in `zeroSpend`, in order. */
  readonly zeroSpendIndices: readonly number[];
}

/**
 * Options of {@link fitGammaGamma} (see {@link FitOptions}).
 *
 * @example
 * ```ts
 * const options: FitGammaGammaOptions = { start: { p: 2, q: 3 } };
 * ```
 */
export type FitGammaGammaOptions = FitOptions<GammaGammaParams>;

/**
 * Options of {@link fitGammaGammaAsync}: those of {@link fitGammaGamma}.
 *
 * @example
 * ```ts
 * const options: FitGammaGammaAsyncOptions = { signal: AbortSignal.timeout(5000) };
 * ```
 */
export type FitGammaGammaAsyncOptions = FitGammaGammaOptions;

export const GAMMA_GAMMA_NAMES = ['p', 'q', 'v'] as const;
const CHUNK = 16_384;

/**
 * Fader & Hardie (2013) eq. (4), the density of a customer's mean spend z̄ over x transactions, in logs:
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
 */
function meanLogLik(g: MonetaryGroups): StepLogLik {
  const lx = Float64Array.from(g.x, Math.log);
  const lm = Float64Array.from(g.m, Math.log);
  // Special functions depend on x only: evaluate them once per distinct x.
  const xs = [...new Set(g.x)];
  const slot = new Map(xs.map((x, k) => [x, k]));
  const xIndex = Int32Array.from(g.x, (x) => slot.get(x)!);
  const lgDiff = new Float64Array(xs.length);
  const psiDiff = new Float64Array(xs.length);
  const psiSum = new Float64Array(xs.length);
  const acc = new ChunkSums(4);
  function chunk(
    from: number,
    to: number,
    p: number,
    q: number,
    v: number,
    lgq: number,
    psiq: number,
    lv: number,
  ): void {
    let ll = 0,
      gp = 0,
      gq = 0,
      gv = 0;
    for (let i = from; i < to; i++) {
      const x = g.x[i]!,
        m = g.m[i]!,
        w = g.w[i]!,
        k = xIndex[i]!;
      const px = p * x;
      const d = v + x * m;
      const ld = Math.log(d);
      ll += w * (lgDiff[k]! - lgq + q * lv + (px - 1) * lm[i]! + px * lx[i]! - (px + q) * ld);
      gp += w * x * (psiDiff[k]! + lm[i]! + lx[i]! - ld);
      gq += w * (psiSum[k]! - psiq + lv - ld);
      gv += w * (q / v - (px + q) / d);
    }
    acc.add(0, ll);
    acc.add(1, gp);
    acc.add(2, gq);
    acc.add(3, gv);
  }
  return function* (theta, grad) {
    const p = theta[0]!,
      q = theta[1]!,
      v = theta[2]!;
    if (!(p < Infinity && q < Infinity && v < Infinity && p > 0 && q > 0 && v > 0)) return Number.NEGATIVE_INFINITY;
    const lgq = logGamma(q),
      psiq = digamma(q),
      lv = Math.log(v);
    for (let k = 0; k < xs.length; k++) {
      const px = p * xs[k]!;
      const ps = digamma(px + q);
      lgDiff[k] = logGamma(px + q) - logGamma(px);
      psiSum[k] = ps;
      psiDiff[k] = ps - digamma(px);
    }
    acc.reset();
    for (let from = 0; from < g.size; from += CHUNK) {
      chunk(from, Math.min(g.size, from + CHUNK), p, q, v, lgq, psiq, lv);
      if (from + CHUNK < g.size) yield;
    }
    const W = g.totalWeight;
    grad[0] = acc.value(1) / W;
    grad[1] = acc.value(2) / W;
    grad[2] = acc.value(3) / W;
    return acc.value(0) / W;
  };
}

/**
 * The full Gamma-Gamma log-likelihood (Fader & Hardie 2013 eq. 4, every constant kept) of the
 * repeat buyers with a positive mean spend among `rows` (rows or {@link MonetaryColumns}), with weights.
 * Returns `validation_failed` for bad parameters or rows and for parameters at which it overflows
 * (`too_big`); no such buyers give `ok(0)`. Never throws for its input.
 *
 * @example
 * ```ts
 * const ll = gammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, [{ frequency: 2, monetaryValue: 22.35 }]);
 * if (ll.ok) ll.value; //=> -3.5513 (CDNOW's 946 repeat buyers: -4055.92)
 * ```
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  rows: readonly MonetaryRow[] | MonetaryColumns,
): Result<number> {
  return guarded(() => {
    const issues = new IssueList();
    issues.push(...paramsIssues(params, GAMMA_GAMMA_NAMES));
    if (issues.count > 0) return err(issues.error('gammaGammaLogLikelihood params'));
    const grouped = runSteps(groupMonetary(rows, 'gammaGammaLogLikelihood rows'));
    if (!grouped.ok) return grouped;
    if (grouped.value.totalWeight === 0) return ok(0);
    const mean = runSteps(meanLogLik(grouped.value)([params.p, params.q, params.v], [0, 0, 0]));
    const total = mean * grouped.value.totalWeight;
    if (!Number.isFinite(total)) return err(overflowError('the log-likelihood', 'gammaGammaLogLikelihood'));
    return ok(total);
  });
}

function* fitSteps(
  rows: unknown,
  o: CheckedFitOptions<GammaGammaParams>,
  fn: string,
): Generator<void, Result<GammaGammaFit>, void> {
  const reporter = new FitReporter(o.onProgress);
  const grouped = yield* groupMonetary(rows, `${fn} rows`, reporter.group);
  if (!grouped.ok) return grouped;
  const g = grouped.value;
  if (g.totalWeight < 3) {
    return err(
      new CrmError(
        'insufficient_data',
        `${fn}: needs at least 3 customers with repeat purchases of positive value; received ${g.totalWeight}`,
      ),
    );
  }
  // Start: p = 1, q = 2 and γ so that the population mean pγ/(q−1) equals the observed mean spend.
  const outcome = yield* maximizeLikelihoodSteps<GammaGammaParams>(
    {
      names: GAMMA_GAMMA_NAMES,
      start: { p: 1, q: 2, v: Math.max(g.meanM, 1e-6) },
      meanLogLik: meanLogLik(g),
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
      model: 'gamma_gamma' as const,
      params: outcome.value.params,
      standardErrors: outcome.value.standardErrors,
      ...outcome.value.diagnostics,
      skipped: g.skippedWeight,
      zeroSpend: g.zeroSpendWeight,
      zeroSpendIndices: g.zeroSpendIndices,
    }),
  );
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood (Fader & Hardie 2013 eq. 4) with analytic
 * gradients in log-parameters, over the customers with repeat purchases of positive mean value
 * (rows `{ frequency, monetaryValue, weight? }` or {@link MonetaryColumns}). `monetaryValue` is the mean
 * value of the repeat purchases. Customers without repeat purchases are skipped (`skipped`); repeat
 * buyers whose repeat purchases are all worth 0 — 80 zero-value transactions make a few on the full
 * CDNOW master file — are left out and listed (`zeroSpend`, `zeroSpendIndices`) instead of failing
 * the fit, as the published method fits on positive spend.
 *
 * Returns `validation_failed` naming the row for bad rows (negative or non-finite values) or bad
 * options, `insufficient_data` with fewer than 3 such buyers, `aborted` when the signal fires;
 * non-convergence comes back as `converged: false`. Never throws for its input.
 *
 * The model assumes spend is independent of purchase frequency; check that correlation first.
 *
 * @example
 * ```ts
 * const rows: MonetaryRow[] = [
 *   { frequency: 1, monetaryValue: 25.1 }, { frequency: 2, monetaryValue: 22.35 }, { frequency: 3, monetaryValue: 40.2 },
 *   { frequency: 1, monetaryValue: 15.9 }, { frequency: 5, monetaryValue: 33.0 }, { frequency: 2, monetaryValue: 0 },
 *   { frequency: 0, monetaryValue: 0, weight: 1411 },
 * ];
 * const fit = fitGammaGamma(rows);
 * if (fit.ok) fit.value.zeroSpendIndices; //=> [5] (and on CDNOW params { p: 6.2488, q: 3.7446, v: 15.4477 })
 * ```
 */
export function fitGammaGamma(
  rows: readonly MonetaryRow[] | MonetaryColumns,
  options?: FitGammaGammaOptions | null,
): Result<GammaGammaFit> {
  const o = checkFitOptions<GammaGammaParams>(options, GAMMA_GAMMA_NAMES, 'fitGammaGamma');
  if (!o.ok) return o;
  return runFit(fitSteps(rows, o.value, 'fitGammaGamma'), o.value.signal, 'fitGammaGamma');
}

/**
 * {@link fitGammaGamma} without blocking the event loop (chunks of a few milliseconds, a turn of the event
 * loop between them, an aborted signal resolving the promise at once with `aborted`; see `fitBgNbdAsync`).
 *
 * @example
 * ```ts
 * const rows: MonetaryRow[] = [{ frequency: 1, monetaryValue: 25.1 }, { frequency: 2, monetaryValue: 22.35 }, { frequency: 3, monetaryValue: 40.2 }, { frequency: 4, monetaryValue: 18.7 }];
 * const fit = await fitGammaGammaAsync(rows);
 * if (fit.ok) fit.value.params.p;
 * ```
 */
export function fitGammaGammaAsync(
  rows: readonly MonetaryRow[] | MonetaryColumns,
  options?: FitGammaGammaAsyncOptions | null,
): Promise<Result<GammaGammaFit>> {
  const o = checkFitOptions<GammaGammaParams>(options, GAMMA_GAMMA_NAMES, 'fitGammaGammaAsync');
  if (!o.ok) return Promise.resolve(o);
  return runFitAsync(fitSteps(rows, o.value, 'fitGammaGammaAsync'), o.value.signal, 'fitGammaGammaAsync');
}

/** The problem with q, or undefined: the population mean spend pγ/(q−1) is finite only for q > 1. */
export function spendQIssue(q: number, fn: string): CrmError | undefined {
  if (q > 1) return undefined;
  return new CrmError('validation_failed', `${fn}: q must exceed 1 for a finite mean spend; received ${q}`, {
    issues: [{ path: ['params', 'q'], message: 'must be > 1', code: 'too_small' }],
  });
}

/** E[M | x, m̄] = (γ + m̄·x)·p/(px + q − 1), the kernel of the expected spend. */
export function gammaGammaSpend(p: number, q: number, v: number, x: number, m: number): number {
  return ((v + m * x) * p) / (p * x + q - 1);
}

/**
 * E[M | p, q, γ, m̄ₓ, x], the expected mean transaction value of a customer (Fader & Hardie 2013
 * eq. 5; FHL 2005 "RFM and CLV" eq. 3): (γ + m̄ₓ·x)·p/(px + q − 1), the mean of the posterior of p/ν,
 * a weighted mean of the population mean pγ/(q−1) and the customer's own mean m̄ₓ.
 *
 * - A customer without repeat purchases (x = 0) gets the population mean pγ/(q−1).
 * - A repeat buyer whose repeat purchases are all worth 0 (m̄ₓ = 0, left out of `fitGammaGamma`) gets the
 *   same formula at m̄ₓ = 0, γp/(px + q − 1): its limit as m̄ₓ → 0, the population mean shrunk towards 0
 *   the more zero-value purchases she made. A documented value, not an error (lifetimes gives the same).
 *
 * @throws `validation_failed` for bad parameters, a bad customer (frequency not a non-negative integer,
 * monetaryValue negative or not finite), q ≤ 1 (the population mean is then infinite), or parameters
 * so large that the mean overflows (`too_big`).
 * @example
 * ```ts
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 2, monetaryValue: 22.35 }); //=> ≈ 24.7
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 0, monetaryValue: 0 }); //=> ≈ 35.22
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 3, monetaryValue: 0 }); //=> ≈ 4.49
 * ```
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, customer: MonetaryRow): number {
  const fn = 'gammaGammaExpectedSpend';
  assertPositiveParams(params as unknown as Record<string, number>, GAMMA_GAMMA_NAMES, fn);
  const { p, q, v } = params;
  const bad = spendQIssue(q, fn);
  if (bad) throw bad;
  const x: unknown = (customer as { frequency?: unknown } | null)?.frequency;
  const m: unknown = (customer as { monetaryValue?: unknown } | null)?.monetaryValue;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || typeof m !== 'number' || !Number.isFinite(m) || m < 0) {
    throw new CrmError(
      'validation_failed',
      `${fn}: customer needs a non-negative integer frequency and a finite monetaryValue ≥ 0; received ${quoteValue(customer)}`,
      {
        issues: [{ path: ['customer'], message: 'invalid frequency or monetaryValue', code: 'invalid_number' }],
      },
    );
  }
  return assertFinite(gammaGammaSpend(p, q, v, x, m), 'the expected spend', fn);
}
