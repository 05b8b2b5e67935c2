/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", JMR 42(4), 415–430; Fader & Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value", brucehardie.com/notes/025): transaction values are
 * Gamma(p, ν) around a customer mean p/ν, with ν ~ Gamma(q, γ) across customers.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { digamma, logGamma } from '../math/special.js';
import { maximizeLikelihood, type FitDiagnostics, type FitOptions } from './fit.js';
import { assertPositiveParams, groupMonetaryRows, type MonetaryGroups, type MonetaryRow } from './rows.js';

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
 * repeat buyers used; customers without repeat purchases are skipped (`skipped`).
 *
 * @example
 * ```ts
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
}

const NAMES = ['p', 'q', 'v'] as const;

/**
 * Fader & Hardie (2013) eq. (4), the density of a customer's mean spend z̄ over x transactions, in logs:
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
 */
function meanLogLik(g: MonetaryGroups) {
  const lx = Float64Array.from(g.x, Math.log);
  const lm = Float64Array.from(g.m, Math.log);
  // Special functions depend on x only: evaluate them once per distinct x.
  const xs = [...new Set(g.x)];
  const slot = new Map(xs.map((x, k) => [x, k]));
  const xIndex = Int32Array.from(g.x, (x) => slot.get(x)!);
  const lgDiff = new Float64Array(xs.length);
  const psiDiff = new Float64Array(xs.length);
  const psiSum = new Float64Array(xs.length);
  return (theta: readonly number[], grad: number[]): number => {
    const p = theta[0]!,
      q = theta[1]!,
      v = theta[2]!;
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
    let ll = 0,
      gp = 0,
      gq = 0,
      gv = 0;
    for (let i = 0; i < g.size; i++) {
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
    const W = g.totalWeight;
    grad[0] = gp / W;
    grad[1] = gq / W;
    grad[2] = gv / W;
    return ll / W;
  };
}

/**
 * The full Gamma-Gamma log-likelihood (Fader & Hardie 2013 eq. 4, every constant kept) of the
 * repeat buyers among `rows`, with weights. Returns `validation_failed` for bad rows.
 *
 * @example
 * ```ts
 * gammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, rows); //=> { ok: true, value: -4055.92 } on CDNOW's 946 repeat buyers
 * ```
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly MonetaryRow[]): Result<number> {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, 'gammaGammaLogLikelihood');
  const grouped = groupMonetaryRows(rows, 'gammaGammaLogLikelihood');
  if (!grouped.ok) return grouped;
  if (grouped.value.totalWeight === 0) return ok(0);
  return ok(meanLogLik(grouped.value)([params.p, params.q, params.v], [0, 0, 0]) * grouped.value.totalWeight);
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood (Fader & Hardie 2013 eq. 4) with analytic
 * gradients in log-parameters, over the customers with repeat purchases (x > 0; the others are
 * skipped and counted in `skipped`). `monetaryValue` is the mean value of the repeat purchases.
 * Returns `validation_failed` naming the row for bad rows, `insufficient_data` with fewer than 3
 * repeat buyers, `aborted` when the signal fires; non-convergence comes back as `converged: false`.
 *
 * The model assumes spend is independent of purchase frequency; check that correlation first.
 *
 * @example
 * ```ts
 * const fit = unwrap(fitGammaGamma(cdnowRowsWithSpend));
 * fit.params; //=> { p: 6.2488, q: 3.7446, v: 15.4477 }
 * ```
 */
export function fitGammaGamma(
  rows: readonly MonetaryRow[],
  options: FitOptions<GammaGammaParams> = {},
): Result<GammaGammaFit> {
  const grouped = groupMonetaryRows(rows, 'fitGammaGamma');
  if (!grouped.ok) return grouped;
  const g = grouped.value;
  if (g.totalWeight < 3) {
    return err(
      new CrmError(
        'insufficient_data',
        `fitGammaGamma: needs at least 3 customers with repeat purchases; received ${g.totalWeight}`,
      ),
    );
  }
  // Start: p = 1, q = 2 and γ so that the population mean pγ/(q−1) equals the observed mean spend.
  const outcome = maximizeLikelihood<GammaGammaParams>(
    {
      names: NAMES,
      start: { p: 1, q: 2, v: Math.max(g.meanM, 1e-6) },
      meanLogLik: meanLogLik(g),
      totalWeight: g.totalWeight,
      fn: 'fitGammaGamma',
    },
    options,
    g.size,
  );
  if (!outcome.ok) return outcome;
  return ok(
    Object.freeze({
      model: 'gamma_gamma' as const,
      params: outcome.value.params,
      standardErrors: outcome.value.standardErrors,
      ...outcome.value.diagnostics,
      skipped: g.skippedWeight,
    }),
  );
}

/**
 * E[M | p, q, γ, m̄ₓ, x], the expected mean transaction value of a customer (Fader & Hardie 2013
 * eq. 5; FHL 2005 "RFM and CLV" eq. 3): (γ + m̄ₓ·x)·p/(px + q − 1), a weighted mean of the population
 * mean pγ/(q−1) and the customer's own mean m̄ₓ. A customer without repeat purchases gets the population
 * mean. Throws `validation_failed` for bad parameters or customer, and when q ≤ 1 (the population
 * mean is then infinite).
 *
 * @example
 * ```ts
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 2, monetaryValue: 22.35 }); //=> ≈ 24.7
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 0, monetaryValue: 0 }); //=> ≈ 35.22
 * ```
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, customer: MonetaryRow): number {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, 'gammaGammaExpectedSpend');
  const { p, q, v } = params;
  if (q <= 1) {
    throw new CrmError(
      'validation_failed',
      `gammaGammaExpectedSpend: q must exceed 1 for a finite mean spend; received ${q}`,
      { issues: [{ path: ['params', 'q'], message: 'must be > 1', code: 'too_small' }] },
    );
  }
  const x = customer?.frequency;
  const m = customer?.monetaryValue;
  if (
    typeof x !== 'number' ||
    !Number.isInteger(x) ||
    x < 0 ||
    typeof m !== 'number' ||
    !Number.isFinite(m) ||
    m < 0 ||
    (x > 0 && m === 0)
  ) {
    throw new CrmError(
      'validation_failed',
      `gammaGammaExpectedSpend: customer needs a non-negative integer frequency and a finite monetaryValue (positive when frequency > 0); received ${JSON.stringify(customer)}`,
      {
        issues: [{ path: ['customer'], message: 'invalid frequency or monetaryValue', code: 'invalid_number' }],
      },
    );
  }
  return ((v + m * x) * p) / (p * x + q - 1);
}
