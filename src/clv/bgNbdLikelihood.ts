/**
 * The BG/NBD log-likelihood of grouped data and its gradient in one fused pass, evaluated in chunks
 * that a fit can pause between (FHL 2005 eq. 6, every constant kept).
 *
 * @module
 */
import { digamma, logBeta, logGamma } from '../math/special.js';
import { ChunkSums, type StepLogLik } from './fit.js';
import type { RfmGroups } from './group.js';
import { KeyTable } from './keyTable.js';

/** Groups evaluated between two pauses. */
const CHUNK = 16_384;

/** The distinct x values of the groups and each group's index into them. */
function indexX(g: RfmGroups): { xIndex: Int32Array; xs: Float64Array } {
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
  return { xIndex, xs: Float64Array.from(xs) };
}

/**
 * The mean BG/NBD log-likelihood per customer of grouped data and its gradient w.r.t. (r, α, a, b):
 * ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + ln[ B(a,b+x)/B(a,b)·(α+T)^−(r+x) + 1{x>0}·B(a+1,b+x−1)/B(a,b)·(α+tₓ)^−(r+x) ].
 * The two terms are combined in log space, so large x cannot overflow. Per-x constants (log-gammas,
 * log-betas, digammas) are computed once per distinct x and evaluation; each group then costs two
 * logarithms, two exponentials and one logarithm, and the gradient comes from the same pass.
 */
/** The distinct values of a column and each group's index into them. */
function indexValues(values: Float64Array): { index: Int32Array; distinct: Float64Array } {
  const table = new KeyTable(1024);
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) index[i] = table.slotOf(values[i]!, 0, 0);
  return { index, distinct: table.a.slice(0, table.size) };
}

export function bgNbdMeanLogLik(g: RfmGroups): StepLogLik {
  const { xIndex, xs } = indexX(g);
  const nx = xs.length;
  // ln(α+T) and ln(α+tₓ) once per distinct T and tₓ (a day grid has a few hundred) instead of per group.
  const { index: TIndex, distinct: Ts } = indexValues(g.T);
  const { index: txIndex, distinct: txs } = indexValues(g.tx);
  const lnAT = new Float64Array(Ts.length);
  const lnAtx = new Float64Array(txs.length);
  // Per-x terms: lg = ln Γ(r+x) − ln Γ(r); dr = ψ(r+x) − ψ(r); l1 = ln B(a, b+x) − ln B(a, b);
  // l2 = ln B(a+1, b+x−1) − ln B(a, b) (x > 0); da1, da2, db1, db2: their derivatives in a and b.
  const lg = new Float64Array(nx),
    dr = new Float64Array(nx),
    l1 = new Float64Array(nx),
    l2 = new Float64Array(nx),
    da1 = new Float64Array(nx),
    da2 = new Float64Array(nx),
    db1 = new Float64Array(nx),
    db2 = new Float64Array(nx);
  const acc = new ChunkSums(5);
  const { x: gx, tx: gtx, T: gT, w: gw, size } = g;

  function chunk(from: number, to: number, r: number, alpha: number, lnAlpha: number): void {
    let ll = 0,
      gr = 0,
      gal = 0,
      ga = 0,
      gb = 0;
    for (let i = from; i < to; i++) {
      const x = gx[i]!;
      const w = gw[i]!;
      const k = xIndex[i]!;
      const aT = alpha + gT[i]!;
      const lnaT = lnAT[TIndex[i]!]!; // Math.log(aT)
      const e1 = l1[k]! - (r + x) * lnaT;
      let lse: number,
        w1: number,
        w2: number,
        lnatx = 0,
        atx = 1;
      if (x > 0) {
        atx = alpha + gtx[i]!;
        lnatx = lnAtx[txIndex[i]!]!; // Math.log(atx)
        const e2 = l2[k]! - (r + x) * lnatx;
        // exp(e − max) is exactly 1 for the larger term: only the other one needs an exponential.
        let p1: number, p2: number;
        if (e1 > e2) {
          p1 = 1;
          p2 = Math.exp(e2 - e1);
        } else {
          p2 = 1;
          p1 = Math.exp(e1 - e2);
        }
        const m = e1 > e2 ? e1 : e2;
        const s = p1 + p2;
        lse = m + Math.log(s);
        w1 = p1 / s;
        w2 = p2 / s;
      } else {
        lse = e1;
        w1 = 1;
        w2 = 0;
      }
      ll += w * (lg[k]! + r * lnAlpha + lse);
      gr += w * (dr[k]! + lnAlpha - w1 * lnaT - w2 * lnatx);
      gal += w * (r / alpha - (r + x) * (w1 / aT + w2 / atx));
      ga += w * (w1 * da1[k]! + w2 * da2[k]!);
      gb += w * (w1 * db1[k]! + w2 * db2[k]!);
    }
    acc.add(0, ll);
    acc.add(1, gr);
    acc.add(2, gal);
    acc.add(3, ga);
    acc.add(4, gb);
  }

  return function* (theta, grad) {
    const r = theta[0]!,
      alpha = theta[1]!,
      a = theta[2]!,
      b = theta[3]!;
    // Outside the representable range (a line search stepping far out), the point is refused, not thrown on.
    if (!(r < Infinity && alpha < Infinity && a < Infinity && b < Infinity && r > 0 && alpha > 0 && a > 0 && b > 0))
      return Number.NEGATIVE_INFINITY;
    const lgr = logGamma(r),
      psir = digamma(r),
      lbab = logBeta(a, b),
      psiab = digamma(a + b),
      psib = digamma(b);
    for (let k = 0; k < nx; k++) {
      const x = xs[k]!;
      if (x > 0 && !(b + x - 1 > 0)) return Number.NEGATIVE_INFINITY; // b ≈ 0 rounds b + x − 1 to 0: refuse the point
      const psiabx = digamma(a + b + x);
      lg[k] = logGamma(r + x) - lgr;
      dr[k] = digamma(r + x) - psir;
      l1[k] = logBeta(a, b + x) - lbab;
      l2[k] = x > 0 ? logBeta(a + 1, b + x - 1) - lbab : -Infinity;
      da1[k] = psiab - psiabx;
      da2[k] = x > 0 ? 1 / a + psiab - psiabx : 0;
      db1[k] = digamma(b + x) - psiabx - psib + psiab;
      db2[k] = x > 0 ? digamma(b + x - 1) - psiabx - psib + psiab : 0;
    }
    const lnAlpha = Math.log(alpha);
    for (let j = 0; j < Ts.length; j++) lnAT[j] = Math.log(alpha + Ts[j]!);
    for (let j = 0; j < txs.length; j++) lnAtx[j] = Math.log(alpha + txs[j]!);
    acc.reset();
    for (let from = 0; from < size; from += CHUNK) {
      chunk(from, Math.min(size, from + CHUNK), r, alpha, lnAlpha);
      if (from + CHUNK < size) yield;
    }
    const W = g.totalWeight;
    grad[0] = acc.value(1) / W;
    grad[1] = acc.value(2) / W;
    grad[2] = acc.value(3) / W;
    grad[3] = acc.value(4) / W;
    return acc.value(0) / W;
  };
}
