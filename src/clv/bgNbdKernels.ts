/**
 * Kernels of the BG/NBD predictions, shared by the per-customer functions and the batch predictions
 * (so both give the same numbers, bit for bit): P(alive), the expectation factor of E[Y(t)] and the
 * probability of n purchases.
 *
 * @module
 */
import { logBeta, logGamma } from '../math/special.js';

/**
 * P(alive | x, tₓ, T) = 1 / [1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)] (FHL 2005; Fader, Hardie & Lee,
 * "Computing P(alive) using the BG/NBD model"), in log space: 1/(1 + e^L) without overflow, with
 * ln((α+T)/(α+tₓ)) = log1p((T−tₓ)/(α+tₓ)) (the difference ln(α+T) − ln(α+tₓ), multiplied by r + x, lost
 * 1.5·10⁻¹² of P(alive) at x = 8,000).
 */
export function bgNbdAlive(r: number, alpha: number, a: number, b: number, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log1p((T - tx) / (alpha + tx));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/** Most series terms one expectation may take (about 50 ms); past it the expectation is refused. */
export const BG_NBD_MAX_TERMS = 10_000_000;

/**
 * The expectation factor of the BG/NBD: E[Y(t) | x, tₓ, T] = F · P(alive), where (FHL 2005 eq. 10)
 *
 *   F = (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)],   z = t/(α+T+t), y = 1 − z,
 *
 * and E[X(t)] of a new customer (eq. 7) is F at x = 0, T = 0. The textbook form subtracts two numbers
 * that agree to many digits when b is large (and is 0/0 at a = 1); crmkit sums an equivalent series of
 * positive terms instead. Writing the bracket as (1−z)^(a−1) Σₙ (a−1)ₙ zⁿ/n!·[1 − (A)ₙ/(C)ₙ] with
 * A = a+b−1−r, C = a+b+x−1 (Euler's transformation, A&S 15.3.3, then the binomial series of (1−z)^(1−a)),
 * and C·[1 − (A)ₙ/(C)ₙ] = k Σⱼ₌₀ⁿ⁻¹ (A)ⱼ/(C+1)ⱼ with k = r + x (a telescoping identity), gives
 *
 *   F = k · y^(a−1) · Σₙ≥₁ cₙ Sₙ,   cₙ = (a)ₙ₋₁ zⁿ/n!,   Sₙ = Σⱼ₌₀ⁿ⁻¹ Pⱼ,   Pⱼ = (A)ⱼ/(C+1)ⱼ,
 *
 * which has no division by a − 1, no cancellation (every term is positive once j > −A), and tends to
 * k·z/y = (r+x)t/(α+T), the NBD limit, as b → ∞. The series stops on a rigorous bound of its remainder
 * (relative 1e-17): for n ≥ −A the Pⱼ shrink, so Sₘ ≤ Sₙ + (m−n)|Pₙ|, and cₘ₊₁/cₘ ≤ ρ = z·max(1, (a+n)/(n+2)).
 * Returns NaN (an error for the caller) when the series would need more than {@link BG_NBD_MAX_TERMS} terms
 * (t above about 250,000·(α+T), or a·z/(1−z) above 10⁷), and when r is so far above a + b + x that the
 * first terms (of both signs while j < −A) cancel more than 5 digits of the sum. Large a (cₙ beyond
 * binary64) is handled by rescaling.
 */
export function bgNbdFactor(r: number, a: number, b: number, x: number, z: number, y: number): number {
  if (z === 0) return 0;
  const k = r + x;
  const A = a + b - 1 - r;
  const D = a + b + x; // C + 1
  // Terms needed: the cₙ grow while n < a·z/y, the Pₙ keep both signs while n < −A, then ~40/y more.
  const needed = Math.max(-A, (a * z) / y) + 40 / y;
  if (!(needed <= BG_NBD_MAX_TERMS)) return Number.NaN;
  const ratioIsOne = !(D < Infinity); // a + b + x overflowed: the Pⱼ are 1 (the NBD limit)
  const bound = z * Math.pow(y, -a); // |Σ cₙSₙ| ≤ u·y^(1−a) = z·y^(−a), since F ≤ k·u
  let c = z; // c₁
  let P = 1; // P₀
  let S = 0;
  let sum = 0;
  let scale = 0; // c and sum are kept divided by e^scale (the cₙ overflow when a·z is large)
  let largest = 0; // the largest |cₙ Sₙ|: terms of both signs (n < −A) may cancel
  for (let n = 1; n <= BG_NBD_MAX_TERMS; n++) {
    S += P; // Sₙ
    const term = c * S;
    sum += term;
    if (!(Math.abs(sum) < Infinity)) return Number.NaN; // overflow (absurd parameters): no value
    const m = Math.abs(term);
    if (m > largest) largest = m;
    if (!ratioIsOne) P = (P * (A + (n - 1))) / (D + (n - 1)); // Pₙ
    let next = (c * (a + (n - 1)) * z) / (n + 1); // cₙ₊₁
    if (next > 1e280) {
      next *= 1e-280;
      sum *= 1e-280;
      largest *= 1e-280;
      scale += 280 * Math.LN10;
    }
    if (n >= -A) {
      const q = (a + n) / (n + 2);
      const rho = q > 1 ? z * q : z;
      if (rho < 1) {
        const om = 1 - rho;
        const tail = next * (Math.abs(S) / om + Math.abs(P) / (om * om));
        if (tail <= 1e-17 * Math.abs(sum)) {
          // More than 5 of the 16 digits lost to cancellation (r far above a + b + x): no accurate value.
          if (largest > 1e5 * Math.abs(sum)) return Number.NaN;
          return k * Math.exp((a - 1) * Math.log(y) + scale) * sum;
        }
      }
    } else if (!(m * Math.exp(scale) <= 1e5 * bound)) return Number.NaN; // cancellation certain, or overflow
    c = next;
  }
  return Number.NaN;
}

/** The largest n for which P(X(t) = n) is computed (its sum over j < n is linear in n). */
export const BG_NBD_MAX_COUNT = 10_000_000;

/**
 * P(X(t) = n) of a new customer (FHL 2005 eq. 8):
 * B(a,b+n)/B(a,b)·Γ(r+n)/(Γ(r) n!)·(α/(α+t))^r (t/(α+t))^n
 * + 1{n>0}·B(a+1,b+n−1)/B(a,b)·[1 − (α/(α+t))^r Σⱼ₌₀ⁿ⁻¹ Γ(r+j)/(Γ(r) j!)·(t/(α+t))^j].
 * The sum stops as soon as its terms can no longer change it in binary64 (they shrink once past the
 * mode), which gives the same bits as summing all n terms. Requires t > 0 and n ≤ {@link BG_NBD_MAX_COUNT}.
 */
export function bgNbdPmf(r: number, alpha: number, a: number, b: number, n: number, t: number): number {
  const lbab = logBeta(a, b);
  const logP0 = r * (Math.log(alpha) - Math.log(alpha + t)); // ln (α/(α+t))^r
  const logQ = Math.log(t) - Math.log(alpha + t);
  const nbd = Math.exp(logBeta(a, b + n) - lbab + logGamma(r + n) - logGamma(r) - logGamma(n + 1) + logP0 + n * logQ);
  if (n === 0) return nbd;
  // Σⱼ₌₀ⁿ⁻¹ NBD(j) = P(NBD count < n); 1 − that = P(count ≥ n).
  let term = Math.exp(logP0);
  let below = 0;
  const q = Math.exp(logQ);
  const tiny = 2 ** -54;
  for (let j = 0; j < n; j++) {
    below += term;
    const ratio = ((r + j) / (j + 1)) * q;
    term *= ratio;
    // Past the mode the terms shrink; once one is below a quarter ulp of the sum, it and all later ones
    // round away: stopping here returns the bits of the full sum.
    if (ratio < 1 && term < below * tiny) break;
  }
  const atLeast = Math.max(0, 1 - below);
  const p = nbd + Math.exp(logBeta(a + 1, b + n - 1) - lbab) * atLeast;
  return Math.min(1, Math.max(0, p));
}

/**
 * P(Y(t) = n | history) from P(alive) and the posterior model's P(X(t) = n): alive, the customer behaves
 * as a new one with the posterior parameters; dead, she makes no purchase.
 * P(alive)·p + (1 − P(alive))·1{n = 0}, capped at 1 against rounding.
 */
export function conditionalPmf(alive: number, p: number, n: number): number {
  return Math.min(1, alive * p + (n === 0 ? 1 - alive : 0));
}
