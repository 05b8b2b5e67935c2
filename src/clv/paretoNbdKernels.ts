/**
 * Kernels of the Pareto/NBD shared by the likelihood, the per-customer functions and the batch
 * predictions: the ₂F₁ series of Fader & Hardie's A₀ term after Euler's transformation, with its
 * parameter derivatives, and the log-space likelihood bracket that gives P(alive).
 *
 * @module
 */
import { integrate } from '../math/quadrature.js';
import { logGamma } from '../math/special.js';
import type { ParetoNbdParams } from './paretoNbd.js';

export const MAX_TERMS = 1_000_000;

/** ln G(t) and its partial derivatives in (r, α, s, β); see {@link logG}. */
export interface LogG {
  v: number;
  dr: number;
  da: number;
  ds: number;
  db: number;
}

/** Above this z, {@link series1} integrates instead of summing (the series would need ≳ 40,000 terms). */
export const SERIES_Z_LIMIT = 0.999;

/**
 * F(1, b; c; z) = Σₙ (b)ₙ/(c)ₙ zⁿ for 0 ≤ z < 1 and c > b > 0, with ∂ln F/∂b, ∂ln F/∂c, ∂ln F/∂z: by
 * its series ({@link seriesSum}) up to z = {@link SERIES_Z_LIMIT}, beyond by Euler's integral
 * ({@link integralSum}), whose cost does not grow as z → 1 (the series needs about 39/(1 − z) terms:
 * 10⁶ at 1 − z = 4·10⁻⁵, where the estimates of a fit drift when dropout heterogeneity vanishes,
 * s, β → ∞). Returns false when neither gives a finite sum.
 */
export function series1(
  b: number,
  c: number,
  z: number,
  out: { f: number; fb: number; fc: number; fz: number },
): boolean {
  if (z > SERIES_Z_LIMIT && z < 1 && c < Infinity && b < Infinity) return integralSum(b, c, z, out);
  return seriesSum(b, c, z, out);
}

/**
 * F(1, b; c; z) by Euler's integral (DLMF 15.6.1 with a and b exchanged, then 1 − u = e^(−y)):
 * F = (c−1) ∫₀^∞ e^(−(c−1)y) (1 − z + z·e^(−y))^(−b) dy for c > 1, and its derivatives under the
 * integral sign: ∂ln F/∂b = ⟨−ln(1 − z + z·e^(−y))⟩, ∂ln F/∂c = 1/(c−1) + ⟨−y⟩,
 * ∂ln F/∂z = ⟨b(1 − e^(−y))/(1 − z + z·e^(−y))⟩, ⟨·⟩ the mean under the integrand. The integrand is
 * smooth: ≈ z^(−b)e^(−(c−1−b)y) up to y* = ln(z/(1−z)), ≈ (1−z)^(−b)e^(−(c−1)y) after; adaptive
 * Gauss–Kronrod on [0, y*] and [y*, y* + 45/(c−1)] (the rest is below e^(−45) of the integrand's peak),
 * scaled by the peak so nothing overflows. The four integrals are each computed to 1e-14 relative
 * (all four integrands are of one sign).
 */
export function integralSum(
  b: number,
  c: number,
  z: number,
  out: { f: number; fb: number; fc: number; fz: number },
): boolean {
  if (!(c > 1)) return seriesSum(b, c, z, out);
  const eps = 1 - z; // exact for z in [0.5, 1] (Sterbenz)
  const c1 = c - 1;
  const d = c1 - b;
  const ystar = Math.log(z / eps);
  // ln of the integrand as −(c−1−b)y − b·ln(z + (1−z)e^y): the form −(c−1)y − b·ln(1 − z + z·e^(−y)) loses
  // every digit to cancellation when b and c are large (s → ∞), and the quadrature then cannot converge.
  // ln(z + (1−z)e^y) = log1p((1−z)(e^y − 1)), exact to rounding however large b is.
  const lnq = (y: number): number => Math.log1p(eps * Math.expm1(y));
  const logAt = (y: number): number => -d * y - b * lnq(y);
  // The integrand's peak: at y = 0 when d ≥ 0, else where (1−z)(e^y − 1)/(z + (1−z)(e^y−1)) = −d/b.
  const top = d >= 0 ? 0 : Math.min(ystar, Math.log1p(-d / (b + d) / eps));
  const peak = Math.max(logAt(0), logAt(top), logAt(ystar));
  const end = ystar + 45 / c1;
  try {
    const part = (g: (y: number, w: number, q: number) => number): number => {
      const h = (y: number): number => {
        const l = lnq(y); // ln of q = e^y·(1 − z + z·e^(−y))
        return g(y, Math.exp(-d * y - b * l - peak), l);
      };
      return integrate(h, 0, ystar, { tolerance: 1e-12 }) + integrate(h, ystar, end, { tolerance: 1e-12 });
    };
    const I = part((_y, w) => w);
    const Ib = part((y, w, l) => w * (y - l));
    const Ic = part((y, w) => -w * y);
    const Iz = part((y, w, l) => w * b * Math.expm1(y) * Math.exp(-l));
    const f = c1 * I * Math.exp(peak);
    if (!(f > 0 && f < Infinity)) return false;
    out.f = f;
    out.fb = Ib / I;
    out.fc = 1 / c1 + Ic / I;
    out.fz = Iz / I;
    return true;
  } catch {
    return false; // the quadrature did not converge (parameters beyond binary64)
  }
}

/**
 * The series F(1, b; c; z) = Σₙ (b)ₙ/(c)ₙ zⁿ for 0 ≤ z < 1 and c > b > 0, with ∂/∂b, ∂/∂c, ∂/∂z.
 * Its term ratio (b+n)/(c+n)·z stays below z, so the tail after a term is at most term·z/(1−z):
 * a rigorous stopping rule. Returns false when it needs more than a million terms (known early: the ratio
 * only grows, so the terms still needed can be bounded from below).
 */
export function seriesSum(
  b: number,
  c: number,
  z: number,
  out: { f: number; fb: number; fc: number; fz: number },
): boolean {
  if (z === 0) {
    out.f = 1;
    out.fb = 0;
    out.fc = 0;
    out.fz = b / c;
    return true;
  }
  // Outside the domain (z rounded to 1, or parameters beyond binary64) the series has no usable sum.
  if (!(z < 1) || !(c < Infinity) || !(b < Infinity)) return false;
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
    if ((n & 4095) === 4095) {
      // The term ratio (b+n)/(c+n)·z only grows with n (b < c), and the threshold only shrinks, so at
      // least ln(threshold/term)/ln(ratio) more terms are needed: give up now if that passes the limit.
      const ratio = ((b + n + 1) / (c + n + 1)) * z;
      const threshold = (1e-17 * sum) / (tail * (1 + hb + hc) * (n + 2));
      if (n + Math.log(threshold / term) / Math.log(ratio) > MAX_TERMS) return false;
    }
  }
  return false;
}

/** Scratch space of one likelihood evaluation (allocated per caller, never shared between calls in flight). */
export interface Work {
  readonly series: { f: number; fb: number; fc: number; fz: number };
  readonly g1: LogG;
  readonly g2: LogG;
  /** The output of {@link core}. */
  readonly core: Core;
}

export function newWork(): Work {
  return {
    series: { f: 1, fb: 0, fc: 0, fz: 0 },
    g1: { v: 0, dr: 0, da: 0, ds: 0, db: 0 },
    g2: { v: 0, dr: 0, da: 0, ds: 0, db: 0 },
    core: { logBracket: 0, logAliveTerm: 0 },
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
export function logG(
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

export interface Core {
  /** ln of the bracket { (α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·[G(tₓ) − G(T)] } */
  logBracket: number;
  /** ln of its first term (the "still alive at T" part). */
  logAliveTerm: number;
}

/**
 * Fader & Hardie (2005 note, eq. 22 with A₀ of eq. 23/24), per customer, in log space:
 * ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln{ (α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·[G(tₓ) − G(T)] }.
 * Writes the result into `work.core` and the gradient of the bracket's log into `grad` when given.
 * Returns false when a series does not converge (parameters extremely far out).
 */
export function core(p: ParetoNbdParams, x: number, tx: number, T: number, work: Work, grad?: number[]): boolean {
  const { r, alpha, s, beta } = p;
  const { g1, g2 } = work;
  const laT = Math.log(alpha + T),
    lbT = Math.log(beta + T);
  const l1 = -(r + x) * laT - s * lbT;
  const k = r + s + x;
  const lnk = Math.log(s / k);
  if (!logG(r, alpha, s, beta, x, tx, g1, work.series)) return false;
  if (!logG(r, alpha, s, beta, x, T, g2, work.series)) return false;
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
  work.core.logBracket = m + Math.log(M);
  work.core.logAliveTerm = l1;
  return true;
}

/**
 * ln[G(t) / L], L = (α+T)^−(r+x)(β+T)^−s the "alive at T" term, for t ≤ T (see {@link logG}), written with
 * ratios of nearby numbers instead of differences of large logarithms:
 * - α ≥ β: (r+x)·log1p((T−t)/(α+t)) + s·log1p((T−t)/(β+t)) + ln F(1, r+x; r+s+x+1; (α−β)/(α+t))
 * - α < β: (r+x)·log1p((T−t)/(α+t)) + ln(α+t) + s·log1p((T−t)/(β+t)) − ln(β+t) + ln F(1, s+1; r+s+x+1; (β−α)/(β+t))
 * (ln G(t) − ln L computed from {@link logG} subtracts two numbers of size (r+x)·ln(α+T), about 1,200 at
 * x = 300, and loses their rounding error, 10⁻¹³, in P(alive)). NaN when the series does not converge.
 */
function logGOverAlive(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  t: number,
  T: number,
  scratch: Work['series'],
): number {
  const at = alpha + t,
    bt = beta + t;
  const d = T - t;
  const c = r + s + x + 1;
  const powers = (r + x) * Math.log1p(d / at) + s * Math.log1p(d / bt);
  if (alpha >= beta) {
    if (!series1(r + x, c, (alpha - beta) / at, scratch)) return Number.NaN;
    return powers + Math.log(scratch.f);
  }
  if (!series1(s + 1, c, (beta - alpha) / bt, scratch)) return Number.NaN;
  return powers + Math.log(at / bt) + Math.log(scratch.f);
}

/**
 * P(alive | x, tₓ, T) = 1 / {1 + s/(r+s+x)·[G(tₓ) − G(T)]/L} (Fader & Hardie 2005 note, eq. 18, with A₀ as
 * in {@link logG}), from the ratios G(t)/L of {@link logGOverAlive}, accurate to a few ulps also for
 * customers with hundreds of purchases; NaN when a series does not converge. (The likelihood's
 * {@link core} keeps its own log-space form: the fits need the bracket, not this ratio.)
 */
export function paretoNbdAliveOf(p: ParetoNbdParams, x: number, tx: number, T: number, work: Work): number {
  const { r, alpha, s, beta } = p;
  const l1 = logGOverAlive(r, alpha, s, beta, x, tx, T, work.series);
  const l2 = logGOverAlive(r, alpha, s, beta, x, T, T, work.series);
  if (Number.isNaN(l1) || Number.isNaN(l2)) return Number.NaN;
  // G(tₓ) ≥ G(T) mathematically (an integral over [tₓ, T] of a positive function); rounding may say otherwise.
  if (!(l1 > l2)) return 1;
  // ln of s/(r+s+x)·(G(tₓ) − G(T))/L, then 1/(1 + e^D) without overflow.
  const D = Math.log(s / (r + s + x)) + l1 + Math.log(-Math.expm1(l2 - l1));
  return D > 0 ? Math.exp(-D) / (1 + Math.exp(-D)) : 1 / (1 + Math.exp(D));
}

/** (1 − (1+u)^−e)/e, continuous at e = 0 (value ln(1+u)); computed with expm1/log1p. */
export function powerIntegral(e: number, u: number): number {
  const l = Math.log1p(u);
  if (Math.abs(e * l) < 1e-8) return l * (1 - (e * l) / 2);
  return -Math.expm1(-e * l) / e;
}

/**
 * The expectation factor of the Pareto/NBD: E[Y(t) | x, tₓ, T] = factor · P(alive) with
 * factor = (r+x)(β+T)/((α+T)(s−1))·[1 − ((β+T)/(β+T+t))^(s−1)] (Fader & Hardie 2005 note, eq. 19; its
 * s = 1 limit by continuity), and E[X(t)] = factor at x = 0, T = 0 (eq. 17).
 */
export function paretoNbdFactor(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  T: number,
  t: number,
): number {
  return (((r + x) * (beta + T)) / (alpha + T)) * powerIntegral(s - 1, t / (beta + T));
}

/**
 * P(X(t) = n) of a new customer: NBD(n; r, α, t)·(β/(β+t))^s + ∫₀ᵗ s β^s (β+τ)^−(s+1) NBD(n; r, α, τ) dτ
 * (Fader & Hardie 2005 note, §4), the integral by adaptive Gauss–Kronrod quadrature to 1e-12.
 */
export function paretoNbdPmf(r: number, alpha: number, s: number, beta: number, n: number, t: number): number {
  if (t === 0) return n === 0 ? 1 : 0;
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
