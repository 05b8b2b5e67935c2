/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "'Counting Your Customers' the
 * Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284): while
 * alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase she
 * drops out with probability p ~ Beta(a, b).
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { digamma, hyp2f1, logBeta, logGamma } from '../math/special.js';
import { maximizeLikelihood, type FitDiagnostics, type FitOptions } from './fit.js';
import {
  assertCustomer,
  assertNonNegative,
  assertPositiveParams,
  groupRfmRows,
  type RfmGroups,
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
 * const fit: BgNbdFit = unwrap(fitBgNbd(rows));
 * fit.params.r; //=> 0.2426 on CDNOW (weeks)
 * ```
 */
export interface BgNbdFit extends FitDiagnostics {
  readonly model: 'bg_nbd';
  readonly params: BgNbdParams;
  readonly standardErrors: BgNbdParams | null;
}

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** Per-x constants of the likelihood that do not depend on tₓ or T. */
interface XTerms {
  lg: number; // ln Γ(r+x) − ln Γ(r)
  dr: number; // ψ(r+x) − ψ(r)
  l1: number; // ln B(a, b+x) − ln B(a, b)
  l2: number; // ln B(a+1, b+x−1) − ln B(a, b)   (x > 0)
  da1: number;
  da2: number;
  db1: number;
  db2: number;
}

function xTerms(
  x: number,
  r: number,
  a: number,
  b: number,
  base: { lgr: number; psir: number; lbab: number; psiab: number; psia: number; psib: number },
): XTerms {
  const psiabx = digamma(a + b + x);
  return {
    lg: logGamma(r + x) - base.lgr,
    dr: digamma(r + x) - base.psir,
    l1: logBeta(a, b + x) - base.lbab,
    l2: x > 0 ? logBeta(a + 1, b + x - 1) - base.lbab : -Infinity,
    da1: base.psiab - psiabx,
    da2: x > 0 ? 1 / a + base.psiab - psiabx : 0,
    db1: digamma(b + x) - psiabx - base.psib + base.psiab,
    db2: x > 0 ? digamma(b + x - 1) - psiabx - base.psib + base.psiab : 0,
  };
}

/**
 * The BG/NBD log-likelihood of grouped data and its gradient, FHL 2005 eq. (6) with every constant:
 * ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + ln[ B(a,b+x)/B(a,b)·(α+T)^−(r+x) + 1{x>0}·B(a+1,b+x−1)/B(a,b)·(α+tₓ)^−(r+x) ].
 * The two terms are combined in log space, so large x cannot overflow.
 */
function meanLogLik(g: RfmGroups, xIndex: Int32Array, xs: readonly number[]) {
  return (theta: readonly number[], grad: number[]): number => {
    const r = theta[0]!,
      alpha = theta[1]!,
      a = theta[2]!,
      b = theta[3]!;
    const base = {
      lgr: logGamma(r),
      psir: digamma(r),
      lbab: logBeta(a, b),
      psiab: digamma(a + b),
      psia: digamma(a),
      psib: digamma(b),
    };
    const terms = xs.map((x) => xTerms(x, r, a, b, base));
    const lnAlpha = Math.log(alpha);
    let ll = 0,
      gr = 0,
      gal = 0,
      ga = 0,
      gb = 0;
    for (let i = 0; i < g.size; i++) {
      const x = g.x[i]!;
      const w = g.w[i]!;
      const t = terms[xIndex[i]!]!;
      const aT = alpha + g.T[i]!;
      const lnaT = Math.log(aT);
      const e1 = t.l1 - (r + x) * lnaT;
      let lse: number,
        w1: number,
        w2: number,
        lnatx = 0,
        atx = 1;
      if (x > 0) {
        atx = alpha + g.tx[i]!;
        lnatx = Math.log(atx);
        const e2 = t.l2 - (r + x) * lnatx;
        const m = e1 > e2 ? e1 : e2;
        const p1 = Math.exp(e1 - m),
          p2 = Math.exp(e2 - m);
        const s = p1 + p2;
        lse = m + Math.log(s);
        w1 = p1 / s;
        w2 = p2 / s;
      } else {
        lse = e1;
        w1 = 1;
        w2 = 0;
      }
      ll += w * (t.lg + r * lnAlpha + lse);
      gr += w * (t.dr + lnAlpha - w1 * lnaT - w2 * lnatx);
      gal += w * (r / alpha - (r + x) * (w1 / aT + w2 / atx));
      ga += w * (w1 * t.da1 + w2 * t.da2);
      gb += w * (w1 * t.db1 + w2 * t.db2);
    }
    const W = g.totalWeight;
    grad[0] = gr / W;
    grad[1] = gal / W;
    grad[2] = ga / W;
    grad[3] = gb / W;
    return ll / W;
  };
}

function indexX(g: RfmGroups): { xIndex: Int32Array; xs: number[] } {
  const map = new Map<number, number>();
  const xs: number[] = [];
  const xIndex = new Int32Array(g.size);
  for (let i = 0; i < g.size; i++) {
    const x = g.x[i]!;
    let k = map.get(x);
    if (k === undefined) {
      k = xs.length;
      map.set(x, k);
      xs.push(x);
    }
    xIndex[i] = k;
  }
  return { xIndex, xs };
}

/**
 * The full BG/NBD log-likelihood (FHL 2005 eq. 6, summed over the rows with their weights, every
 * constant kept) at `params`. Returns a `validation_failed` Result for bad rows.
 *
 * @example
 * ```ts
 * bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, cdnowRows); //=> { ok: true, value: ≈ -9582.4 }
 * ```
 */
export function bgNbdLogLikelihood(params: BgNbdParams, rows: readonly RfmRow[]): Result<number> {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, 'bgNbdLogLikelihood');
  const grouped = groupRfmRows(rows, 'bgNbdLogLikelihood');
  if (!grouped.ok) return grouped;
  if (grouped.value.totalWeight === 0) return ok(0);
  const { xIndex, xs } = indexX(grouped.value);
  const mean = meanLogLik(grouped.value, xIndex, xs)([params.r, params.alpha, params.a, params.b], [0, 0, 0, 0]);
  return ok(mean * grouped.value.totalWeight);
}

/**
 * Fits the BG/NBD model by maximum likelihood (FHL 2005 eq. 6, every constant kept) with analytic
 * gradients, in log-parameters, on the unique (x, tₓ, T) rows with their weights. Default start
 * values: r = 1, α = mean T / max(mean x, 0.1) (scaled to the data's time unit), a = 1, b = 1.
 *
 * Returns `validation_failed` naming the row index for bad rows, `insufficient_data` when there are
 * fewer than 4 customers or no repeat purchases at all (the dropout process is then not
 * identified), `aborted` when the signal fires. Non-convergence is not an error: the fit comes back
 * with `converged: false` and the `status` of the optimizer.
 *
 * @example
 * ```ts
 * const fit = unwrap(fitBgNbd(cdnowRows)); // rows in weeks
 * fit.params; //=> { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }
 * fit.logLikelihood; //=> -9582.43
 * ```
 */
export function fitBgNbd(rows: readonly RfmRow[], options: FitOptions<BgNbdParams> = {}): Result<BgNbdFit> {
  const grouped = groupRfmRows(rows, 'fitBgNbd');
  if (!grouped.ok) return grouped;
  const g = grouped.value;
  if (g.totalWeight < 4 || g.repeatWeight === 0) {
    return err(
      new CrmError(
        'insufficient_data',
        `fitBgNbd: needs at least 4 customers and at least one repeat purchase; received ${g.totalWeight} customers, ${g.repeatWeight} with repeat purchases`,
      ),
    );
  }
  const { xIndex, xs } = indexX(g);
  const alpha0 = Math.max(g.meanT, 1e-3) / Math.max(g.meanX, 0.1);
  const outcome = maximizeLikelihood<BgNbdParams>(
    {
      names: NAMES,
      start: { r: 1, alpha: alpha0, a: 1, b: 1 },
      meanLogLik: meanLogLik(g, xIndex, xs),
      totalWeight: g.totalWeight,
      fn: 'fitBgNbd',
    },
    options,
    g.size,
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

function checkParams(params: BgNbdParams, fn: string): void {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, fn);
}

/**
 * ₂F₁-based expectation term shared by the unconditional and conditional expectations:
 * 1 − (1−z)^(a−1)·₂F₁(a+b−1−r, a−1; a+b+x−1; z), which equals
 * 1 − ((α+T)/(α+T+t))^(r+x)·₂F₁(r+x, b+x; a+b+x−1; z) by Euler's transformation (A&S 15.3.3), without
 * the overflow of the original form for large x. At a = 1 the factor (a+b+x−1)/(a−1) and this term
 * both vanish; their ratio is continuous in a and is evaluated as the mean at a = 1 ± 1e-6.
 */
function expectationFactor(r: number, a: number, b: number, x: number, z: number): number {
  const f = (aa: number): number => {
    const h = hyp2f1(aa + b - 1 - r, aa - 1, aa + b + x - 1, z);
    return ((aa + b + x - 1) / (aa - 1)) * (1 - Math.pow(1 - z, aa - 1) * h);
  };
  if (Math.abs(a - 1) < 1e-6) return (f(1 - 1e-6) + f(1 + 1e-6)) / 2;
  return f(a);
}

/**
 * E[X(t)], the expected number of repeat purchases of a new customer in (0, t] (FHL 2005 eq. 7):
 * (a+b−1)/(a−1)·[1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]. t = 0 gives 0. Throws
 * `validation_failed` for non-positive parameters or a negative t.
 *
 * @example
 * ```ts
 * bgNbdExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39); //=> 1.1967 repeat purchases in the first 39 weeks
 * ```
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  checkParams(params, 'bgNbdExpectedPurchases');
  assertNonNegative(t, 't', 'bgNbdExpectedPurchases');
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  return expectationFactor(r, a, b, 0, t / (alpha + t));
}

/**
 * P(alive | x, tₓ, T), the probability that a customer with this history has not dropped out
 * (FHL 2005, and Fader, Hardie & Lee's note "Computing P(alive) using the BG/NBD model"):
 * 1 / [1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)], computed in log space. A customer without repeat
 * purchases is alive with probability 1 under the BG/NBD. Throws `validation_failed` for bad input.
 *
 * @example
 * ```ts
 * bgNbdProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { frequency: 2, recency: 30.43, T: 38.86 }); //=> 0.7266
 * ```
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, customer: RfmRow): number {
  checkParams(params, 'bgNbdProbabilityAlive');
  assertCustomer(customer, 'bgNbdProbabilityAlive');
  return aliveOf(params, customer.frequency, customer.recency, customer.T);
}

function aliveOf(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  // 1 / (1 + e^L) computed without overflow
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, tₓ, T], the expected number of purchases in the next t time units of a customer with
 * this history (FHL 2005 eq. 10):
 * [(a+b+x−1)/(a−1)]·[1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / [1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)].
 * Evaluated through Euler's transformation so that large x neither overflows nor loses precision.
 * t = 0 gives 0. Throws `validation_failed` for bad input.
 *
 * @example
 * ```ts
 * const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * bgNbdConditionalExpectedPurchases(cdnow, 39, { frequency: 2, recency: 30.43, T: 38.86 }); //=> 1.226 (FHL 2005, p. 279)
 * ```
 */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParams, t: number, customer: RfmRow): number {
  checkParams(params, 'bgNbdConditionalExpectedPurchases');
  assertNonNegative(t, 't', 'bgNbdConditionalExpectedPurchases');
  assertCustomer(customer, 'bgNbdConditionalExpectedPurchases');
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const x = customer.frequency;
  const z = t / (alpha + customer.T + t);
  return expectationFactor(r, a, b, x, z) * aliveOf(params, x, customer.recency, customer.T);
}

/**
 * P(X(t) = n), the probability that a new customer makes exactly n repeat purchases in (0, t]
 * (FHL 2005 eq. 8):
 * B(a,b+n)/B(a,b)·Γ(r+n)/(Γ(r) n!)·(α/(α+t))^r (t/(α+t))^n
 * + 1{n>0}·B(a+1,b+n−1)/B(a,b)·[1 − (α/(α+t))^r Σⱼ₌₀ⁿ⁻¹ Γ(r+j)/(Γ(r) j!)·(t/(α+t))^j].
 * Throws `validation_failed` for bad parameters, a negative or fractional n, or a negative t.
 *
 * @example
 * ```ts
 * bgNbdPurchaseProbability({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0, 39); //=> 0.5738
 * ```
 */
export function bgNbdPurchaseProbability(params: BgNbdParams, n: number, t: number): number {
  checkParams(params, 'bgNbdPurchaseProbability');
  assertNonNegative(n, 'n', 'bgNbdPurchaseProbability', true);
  assertNonNegative(t, 't', 'bgNbdPurchaseProbability');
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, a, b } = params;
  const lbab = logBeta(a, b);
  const logP0 = r * (Math.log(alpha) - Math.log(alpha + t)); // ln (α/(α+t))^r
  const logQ = Math.log(t) - Math.log(alpha + t);
  const nbd = Math.exp(logBeta(a, b + n) - lbab + logGamma(r + n) - logGamma(r) - logGamma(n + 1) + logP0 + n * logQ);
  if (n === 0) return nbd;
  // Σⱼ₌₀ⁿ⁻¹ NBD(j) = P(NBD count < n); 1 − that = P(count ≥ n), summed directly when that is smaller.
  let term = Math.exp(logP0);
  let below = 0;
  const q = Math.exp(logQ);
  for (let j = 0; j < n; j++) {
    below += term;
    term *= ((r + j) / (j + 1)) * q;
  }
  const atLeast = Math.max(0, 1 - below);
  const p = nbd + Math.exp(logBeta(a + 1, b + n - 1) - lbab) * atLeast;
  return Math.min(1, Math.max(0, p));
}
