/**
 * The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a customer buys as a
 * Poisson process with rate λ ~ Gamma(r, α); her lifetime is exponential with rate μ ~ Gamma(s, β).
 * Likelihood and expressions as derived in Fader & Hardie (2005), "A Note on Deriving the
 * Pareto/NBD Model and Related Expressions" (brucehardie.com/notes/009).
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { digamma, logGamma } from '../math/special.js';
import { integrate } from '../math/quadrature.js';
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
 * Pareto/NBD parameters: λ ~ Gamma(shape r, rate α), μ ~ Gamma(shape s, rate β), α and β in the
 * time unit of the data.
 *
 * @example
 * ```ts
 * const cdnow: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }; // weeks
 * ```
 */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/**
 * A fitted Pareto/NBD model (parameters, standard errors, diagnostics).
 *
 * @example
 * ```ts
 * const fit: ParetoNbdFit = unwrap(fitParetoNbd(rows));
 * fit.params.s; //=> 0.606 on CDNOW
 * ```
 */
export interface ParetoNbdFit extends FitDiagnostics {
  readonly model: 'pareto_nbd';
  readonly params: ParetoNbdParams;
  readonly standardErrors: ParetoNbdParams | null;
}

const NAMES = ['r', 'alpha', 's', 'beta'] as const;
const MAX_TERMS = 1_000_000;

/** ln G(t) and its partial derivatives in (r, α, s, β); see {@link logG}. */
interface LogG {
  v: number;
  dr: number;
  da: number;
  ds: number;
  db: number;
}

/**
 * The series F(1, b; c; z) = Σₙ (b)ₙ/(c)ₙ zⁿ for 0 ≤ z < 1 and c > b > 0, with ∂/∂b, ∂/∂c, ∂/∂z.
 * Its term ratio (b+n)/(c+n)·z stays below z, so the tail after a term is at most term·z/(1−z):
 * a rigorous stopping rule. Returns undefined when it needs more than a million terms.
 */
function series1(b: number, c: number, z: number, out: { f: number; fb: number; fc: number; fz: number }): boolean {
  if (z === 0) {
    out.f = 1;
    out.fb = 0;
    out.fc = 0;
    out.fz = b / c;
    return true;
  }
  let term = 1,
    sum = 1,
    sb = 0,
    sc = 0,
    sz = 0,
    hb = 0,
    hc = 0;
  const tail = z / (1 - z);
  for (let n = 0; n < MAX_TERMS; n++) {
    hb += 1 / (b + n);
    hc += 1 / (c + n);
    term *= ((b + n) / (c + n)) * z;
    sum += term;
    sb += term * hb;
    sc -= term * hc;
    sz += (n + 1) * term;
    if (term * tail * (1 + hb + hc) * (n + 2) <= 1e-17 * sum) {
      out.f = sum;
      out.fb = sb / sum;
      out.fc = sc / sum;
      out.fz = sz / z / sum;
      return true;
    }
  }
  return false;
}

/** Scratch space of one likelihood evaluation (allocated per caller, never shared between calls in flight). */
interface Work {
  readonly series: { f: number; fb: number; fc: number; fz: number };
  readonly g1: LogG;
  readonly g2: LogG;
}

function newWork(): Work {
  return {
    series: { f: 1, fb: 0, fc: 0, fz: 0 },
    g1: { v: 0, dr: 0, da: 0, ds: 0, db: 0 },
    g2: { v: 0, dr: 0, da: 0, ds: 0, db: 0 },
  };
}

/**
 * ln G(t), where (s/(r+s+x))·[G(tₓ) − G(T)] is Fader & Hardie's A₀ term written with Euler's
 * transformation ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) (A&S 15.3.3), which removes the
 * (α+t)^(r+s+x) powers that overflow for customers with many purchases:
 * - α ≥ β: G(t) = (α+t)^−(r+x) (β+t)^−s · F(1, r+x; r+s+x+1; (α−β)/(α+t))
 * - α < β: G(t) = (α+t)^−(r+x−1) (β+t)^−(s+1) · F(1, s+1; r+s+x+1; (β−α)/(β+t))
 * Both are ₂F₁(r+s+x, ·; r+s+x+1; z)/(max(α,β)+t)^(r+s+x) of the note, term for term.
 */
function logG(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  t: number,
  out: LogG,
  scratch: Work['series'],
): boolean {
  const at = alpha + t,
    bt = beta + t;
  const lat = Math.log(at),
    lbt = Math.log(bt);
  const c = r + s + x + 1;
  if (alpha >= beta) {
    const z = (alpha - beta) / at;
    if (!series1(r + x, c, z, scratch)) return false;
    const { fb, fc, fz } = scratch;
    out.v = -(r + x) * lat - s * lbt + Math.log(scratch.f);
    out.dr = -lat + fb + fc;
    out.ds = -lbt + fc;
    out.da = -(r + x) / at + (fz * bt) / (at * at);
    out.db = -s / bt - fz / at;
  } else {
    const z = (beta - alpha) / bt;
    if (!series1(s + 1, c, z, scratch)) return false;
    const { fb, fc, fz } = scratch;
    out.v = -(r + x - 1) * lat - (s + 1) * lbt + Math.log(scratch.f);
    out.dr = -lat + fc;
    out.ds = -lbt + fb + fc;
    out.da = -(r + x - 1) / at - fz / bt;
    out.db = -(s + 1) / bt + (fz * at) / (bt * bt);
  }
  return true;
}

interface Core {
  /** ln of the bracket { (α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·[G(tₓ) − G(T)] } */
  logBracket: number;
  /** ln of its first term (the "still alive at T" part). */
  logAliveTerm: number;
}

/**
 * Fader & Hardie (2005 note, eq. 22 with A₀ of eq. 23/24), per customer, in log space:
 * ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln{ (α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·[G(tₓ) − G(T)] }.
 * Writes the gradient of the bracket's log into `grad` when given. Returns undefined when a series
 * does not converge (parameters extremely far out), which the optimizer treats as "step back".
 */
function core(p: ParetoNbdParams, x: number, tx: number, T: number, work: Work, grad?: number[]): Core | undefined {
  const { r, alpha, s, beta } = p;
  const { g1, g2 } = work;
  const laT = Math.log(alpha + T),
    lbT = Math.log(beta + T);
  const l1 = -(r + x) * laT - s * lbT;
  const k = r + s + x;
  const lnk = Math.log(s / k);
  if (!logG(r, alpha, s, beta, x, tx, g1, work.series)) return undefined;
  if (!logG(r, alpha, s, beta, x, T, g2, work.series)) return undefined;
  // G(tₓ) ≥ G(T) mathematically (it is an integral over [tₓ, T] of a positive function); clamp rounding.
  const m = Math.max(l1, lnk + g1.v);
  const e1 = Math.exp(l1 - m);
  const eg1 = Math.exp(lnk + g1.v - m);
  const eg2 = Math.min(eg1, Math.exp(lnk + g2.v - m));
  const M = e1 + eg1 - eg2;
  if (grad) {
    const dkr = -1 / k,
      dks = 1 / s - 1 / k;
    grad[0] = (e1 * -laT + eg1 * (dkr + g1.dr) - eg2 * (dkr + g2.dr)) / M;
    grad[1] = (e1 * (-(r + x) / (alpha + T)) + eg1 * g1.da - eg2 * g2.da) / M;
    grad[2] = (e1 * -lbT + eg1 * (dks + g1.ds) - eg2 * (dks + g2.ds)) / M;
    grad[3] = (e1 * (-s / (beta + T)) + eg1 * g1.db - eg2 * g2.db) / M;
  }
  return { logBracket: m + Math.log(M), logAliveTerm: l1 };
}

function meanLogLik(g: RfmGroups) {
  const gi = [0, 0, 0, 0];
  const work = newWork();
  return (theta: readonly number[], grad: number[]): number => {
    const p = { r: theta[0]!, alpha: theta[1]!, s: theta[2]!, beta: theta[3]! };
    const lgr = logGamma(p.r),
      psir = digamma(p.r);
    const la = Math.log(p.alpha),
      lb = Math.log(p.beta);
    let ll = 0,
      gr = 0,
      ga = 0,
      gs = 0,
      gb = 0;
    let lastX = -1,
      lgx = 0,
      psix = 0;
    for (let i = 0; i < g.size; i++) {
      const x = g.x[i]!,
        w = g.w[i]!;
      if (x !== lastX) {
        lgx = logGamma(p.r + x);
        psix = digamma(p.r + x);
        lastX = x;
      }
      const c = core(p, x, g.tx[i]!, g.T[i]!, work, gi);
      if (c === undefined) return Number.NEGATIVE_INFINITY;
      ll += w * (lgx - lgr + p.r * la + p.s * lb + c.logBracket);
      gr += w * (psix - psir + la + gi[0]!);
      ga += w * (p.r / p.alpha + gi[1]!);
      gs += w * (lb + gi[2]!);
      gb += w * (p.s / p.beta + gi[3]!);
    }
    const W = g.totalWeight;
    grad[0] = gr / W;
    grad[1] = ga / W;
    grad[2] = gs / W;
    grad[3] = gb / W;
    return ll / W;
  };
}

/** Groups sorted by x so per-x constants are computed once per run of equal x. */
function sortByX(g: RfmGroups): RfmGroups {
  const order = Array.from({ length: g.size }, (_, i) => i).sort((i, j) => g.x[i]! - g.x[j]!);
  const pick = (a: Float64Array): Float64Array => Float64Array.from(order, (i) => a[i]!);
  return { ...g, x: pick(g.x), tx: pick(g.tx), T: pick(g.T), w: pick(g.w) };
}

/**
 * The full Pareto/NBD log-likelihood (Fader & Hardie 2005 note, eq. 22; every constant kept), summed
 * over the rows with their weights. Returns `validation_failed` for bad rows.
 *
 * @example
 * ```ts
 * paretoNbdLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, cdnowRows); //=> { ok: true, value: ≈ -9595.0 }
 * ```
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, rows: readonly RfmRow[]): Result<number> {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, 'paretoNbdLogLikelihood');
  const grouped = groupRfmRows(rows, 'paretoNbdLogLikelihood');
  if (!grouped.ok) return grouped;
  if (grouped.value.totalWeight === 0) return ok(0);
  const mean = meanLogLik(sortByX(grouped.value))([params.r, params.alpha, params.s, params.beta], [0, 0, 0, 0]);
  if (!Number.isFinite(mean)) {
    return err(
      new CrmError(
        'not_converged',
        'paretoNbdLogLikelihood: a hypergeometric series did not converge at these parameters',
      ),
    );
  }
  return ok(mean * grouped.value.totalWeight);
}

/**
 * Fits the Pareto/NBD model by maximum likelihood (Fader & Hardie 2005 note, eq. 22, every constant
 * kept) with analytic gradients — including the derivatives of the ₂F₁ series, summed alongside it —
 * in log-parameters, on the unique (x, tₓ, T) rows with weights. The ₂F₁ terms use Euler's
 * transformation and log-space sums, so customers with hundreds of purchases neither overflow nor
 * produce NaN. Errors and non-convergence as for `fitBgNbd`.
 *
 * @example
 * ```ts
 * const fit = unwrap(fitParetoNbd(cdnowRows));
 * fit.params; //=> { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6679 }
 * fit.logLikelihood; //=> -9594.98
 * ```
 */
export function fitParetoNbd(rows: readonly RfmRow[], options: FitOptions<ParetoNbdParams> = {}): Result<ParetoNbdFit> {
  const grouped = groupRfmRows(rows, 'fitParetoNbd');
  if (!grouped.ok) return grouped;
  const g = grouped.value;
  if (g.totalWeight < 4 || g.repeatWeight === 0) {
    return err(
      new CrmError(
        'insufficient_data',
        `fitParetoNbd: needs at least 4 customers and at least one repeat purchase; received ${g.totalWeight} customers, ${g.repeatWeight} with repeat purchases`,
      ),
    );
  }
  const alpha0 = Math.max(g.meanT, 1e-3) / Math.max(g.meanX, 0.1);
  const outcome = maximizeLikelihood<ParetoNbdParams>(
    {
      names: NAMES,
      start: { r: 1, alpha: alpha0, s: 1, beta: Math.max(g.meanT, 1e-3) },
      meanLogLik: meanLogLik(sortByX(g)),
      totalWeight: g.totalWeight,
      fn: 'fitParetoNbd',
    },
    options,
    g.size,
  );
  if (!outcome.ok) return outcome;
  return ok(
    Object.freeze({
      model: 'pareto_nbd' as const,
      params: outcome.value.params,
      standardErrors: outcome.value.standardErrors,
      ...outcome.value.diagnostics,
    }),
  );
}

function checked(params: ParetoNbdParams, customer: RfmRow, fn: string): Core {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, fn);
  assertCustomer(customer, fn);
  const c = core(params, customer.frequency, customer.recency, customer.T, newWork());
  if (c === undefined)
    throw new CrmError('not_converged', `${fn}: a hypergeometric series did not converge at these parameters`);
  return c;
}

/**
 * P(alive | x, tₓ, T) under the Pareto/NBD (Fader & Hardie 2005 note, eq. 18): the share of the
 * likelihood bracket contributed by "still alive at T", i.e.
 * (α+T)^−(r+x)(β+T)^−s / { (α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·A₀ }. Throws `validation_failed` for bad input.
 *
 * @example
 * ```ts
 * paretoNbdProbabilityAlive({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { frequency: 2, recency: 30.43, T: 38.86 }); //=> 0.8692
 * ```
 */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, customer: RfmRow): number {
  const c = checked(params, customer, 'paretoNbdProbabilityAlive');
  return Math.min(1, Math.exp(c.logAliveTerm - c.logBracket));
}

/**
 * E[X(t)] for a new customer (Fader & Hardie 2005 note, eq. 17):
 * rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)], and its limit (rβ/α)·ln(1 + t/β) at s = 1.
 * Throws `validation_failed` for bad parameters or a negative t.
 *
 * @example
 * ```ts
 * paretoNbdExpectedPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39); //=> 1.2130
 * ```
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, 'paretoNbdExpectedPurchases');
  assertNonNegative(t, 't', 'paretoNbdExpectedPurchases');
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * powerIntegral(s - 1, t / beta);
}

/** (1 − (1+u)^−e)/e, continuous at e = 0 (value ln(1+u)); computed with expm1/log1p. */
function powerIntegral(e: number, u: number): number {
  const l = Math.log1p(u);
  if (Math.abs(e * l) < 1e-8) return l * (1 - (e * l) / 2);
  return -Math.expm1(-e * l) / e;
}

/**
 * E[Y(t) | x, tₓ, T], expected purchases in the next t time units (Fader & Hardie 2005 note, eq. 19):
 * (r+x)(β+T)/((α+T)(s−1))·[1 − ((β+T)/(β+T+t))^(s−1)]·P(alive), with the s = 1 limit
 * (r+x)(β+T)/(α+T)·ln(1 + t/(β+T))·P(alive). Throws `validation_failed` for bad input.
 *
 * @example
 * ```ts
 * paretoNbdConditionalExpectedPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }); //=> 1.4551
 * ```
 */
export function paretoNbdConditionalExpectedPurchases(params: ParetoNbdParams, t: number, customer: RfmRow): number {
  const alive = paretoNbdProbabilityAlive(params, customer);
  assertNonNegative(t, 't', 'paretoNbdConditionalExpectedPurchases');
  const { r, alpha, s, beta } = params;
  const { frequency: x, T } = customer;
  return (((r + x) * (beta + T)) / (alpha + T)) * powerIntegral(s - 1, t / (beta + T)) * alive;
}

/**
 * P(X(t) = n) for a new customer under the Pareto/NBD. Conditioning on the lifetime τ ~ μ gives
 * (Fader & Hardie 2005 note, §4) P = NBD(n; r, α, t)·(β/(β+t))^s + ∫₀ᵗ s β^s (β+τ)^−(s+1) NBD(n; r, α, τ) dτ,
 * where NBD(n; r, α, τ) = Γ(r+n)/(Γ(r) n!)·(α/(α+τ))^r (τ/(α+τ))^n; the integral (smooth on [0, t]) is
 * evaluated by adaptive Gauss–Kronrod quadrature to 1e-12 rather than through the note's ₂F₁ sums.
 * Throws `validation_failed` for bad parameters, a negative or fractional n, or a negative t.
 *
 * @example
 * ```ts
 * paretoNbdPurchaseProbability({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 0, 39); //=> 0.5936
 * ```
 */
export function paretoNbdPurchaseProbability(params: ParetoNbdParams, n: number, t: number): number {
  assertPositiveParams(params as unknown as Record<string, number>, NAMES, 'paretoNbdPurchaseProbability');
  assertNonNegative(n, 'n', 'paretoNbdPurchaseProbability', true);
  assertNonNegative(t, 't', 'paretoNbdPurchaseProbability');
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, s, beta } = params;
  const c = logGamma(r + n) - logGamma(r) - logGamma(n + 1);
  const nbd = (tau: number): number =>
    tau === 0
      ? n === 0
        ? 1
        : 0
      : Math.exp(c + r * (Math.log(alpha) - Math.log(alpha + tau)) + n * (Math.log(tau) - Math.log(alpha + tau)));
  const alive = nbd(t) * Math.exp(s * (Math.log(beta) - Math.log(beta + t)));
  const died = integrate((tau) => s * Math.exp(s * Math.log(beta) - (s + 1) * Math.log(beta + tau)) * nbd(tau), 0, t, {
    tolerance: 1e-12,
  });
  return Math.min(1, Math.max(0, alive + died));
}
