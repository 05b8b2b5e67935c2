/**
 * The Pareto/NBD log-likelihood of grouped data and its gradient in one fused pass, in chunks a fit can
 * pause between (Fader & Hardie 2005 note, eq. 22, every constant kept). The ₂F₁ terms G(t) depend on
 * (x, t) only, and t is either tₓ or T: they are evaluated once per distinct (x, t) pair and evaluation,
 * with their derivatives, and shared by every group that needs them.
 *
 * @module
 */
import { digamma, logGamma } from '../math/special.js';
import { ChunkSums, type StepLogLik } from './fit.js';
import type { RfmGroups } from './group.js';
import { KeyTable } from './keyTable.js';
import { logG, newWork, type LogG } from './paretoNbdKernels.js';

/** Table entries or groups evaluated between two pauses. */
const TABLE_CHUNK = 4_096;
const GROUP_CHUNK = 16_384;

/** Groups sorted by x (stably: equal x keep their order), so per-x constants are computed once per run of equal x. */
export function sortByX(g: RfmGroups): RfmGroups {
  const rank = new Map<number, number>();
  for (let i = 0; i < g.size; i++) if (!rank.has(g.x[i]!)) rank.set(g.x[i]!, 0);
  const distinct = [...rank.keys()].sort((p, q) => p - q);
  distinct.forEach((x, k) => rank.set(x, k));
  const start = new Int32Array(distinct.length + 1);
  const ranks = new Int32Array(g.size);
  for (let i = 0; i < g.size; i++) {
    const k = rank.get(g.x[i]!)!;
    ranks[i] = k;
    start[k + 1]!++;
  }
  for (let k = 0; k < distinct.length; k++) start[k + 1]! += start[k]!;
  const order = new Int32Array(g.size);
  for (let i = 0; i < g.size; i++) order[start[ranks[i]!]!++] = i;
  const pick = (a: Float64Array): Float64Array => {
    const out = new Float64Array(g.size);
    for (let i = 0; i < g.size; i++) out[i] = a[order[i]!]!;
    return out;
  };
  return { ...g, x: pick(g.x), tx: pick(g.tx), T: pick(g.T), w: pick(g.w) };
}

/**
 * The mean Pareto/NBD log-likelihood per customer of groups sorted by x ({@link sortByX}) and its
 * gradient w.r.t. (r, α, s, β):
 * ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln{ (α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·[G(tₓ) − G(T)] },
 * G as in `logG`. Returns −∞ when a series does not converge (parameters extremely far out), which the
 * optimizer treats as "step back".
 */
export function paretoNbdMeanLogLik(g: RfmGroups): StepLogLik {
  const { x: gx, tx: gtx, T: gT, w: gw, size } = g;
  // The distinct (x, t) pairs, t ∈ {tₓ, T}, and each group's two entries.
  const table = new KeyTable(Math.min(size * 2, 1 << 20));
  const ia = new Int32Array(size);
  const ib = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    ia[i] = table.slotOf(gx[i]!, gtx[i]!, 0);
    ib[i] = table.slotOf(gx[i]!, gT[i]!, 0);
  }
  const n = table.size;
  const sx = table.a.slice(0, n);
  const st = table.b.slice(0, n);
  const gv = new Float64Array(n),
    gdr = new Float64Array(n),
    gda = new Float64Array(n),
    gds = new Float64Array(n),
    gdb = new Float64Array(n),
    lat = new Float64Array(n),
    lbt = new Float64Array(n);
  const work = newWork();
  const acc = new ChunkSums(5);

  function tableChunk(from: number, to: number, r: number, alpha: number, s: number, beta: number): boolean {
    const out: LogG = work.g1;
    for (let j = from; j < to; j++) {
      if (!logG(r, alpha, s, beta, sx[j]!, st[j]!, out, work.series)) return false;
      gv[j] = out.v;
      gdr[j] = out.dr;
      gda[j] = out.da;
      gds[j] = out.ds;
      gdb[j] = out.db;
      lat[j] = Math.log(alpha + st[j]!);
      lbt[j] = Math.log(beta + st[j]!);
    }
    return true;
  }

  function groupChunk(from: number, to: number, r: number, alpha: number, s: number, beta: number): void {
    const lgr = logGamma(r),
      psir = digamma(r);
    const la = Math.log(alpha),
      lb = Math.log(beta);
    let ll = 0,
      gr = 0,
      ga = 0,
      gs = 0,
      gb = 0;
    let lastX = -1,
      lgx = 0,
      psix = 0,
      k = 0,
      lnk = 0,
      dkr = 0,
      dks = 0;
    for (let i = from; i < to; i++) {
      const x = gx[i]!,
        w = gw[i]!;
      if (x !== lastX) {
        lgx = logGamma(r + x);
        psix = digamma(r + x);
        k = r + s + x;
        lnk = Math.log(s / k);
        dkr = -1 / k;
        dks = 1 / s - 1 / k;
        lastX = x;
      }
      const j1 = ia[i]!,
        j2 = ib[i]!;
      const T = gT[i]!;
      const laT = lat[j2]!,
        lbT = lbt[j2]!;
      const l1 = -(r + x) * laT - s * lbT;
      const v1 = gv[j1]!,
        v2 = gv[j2]!;
      // G(tₓ) ≥ G(T) mathematically (it is an integral over [tₓ, T] of a positive function); clamp rounding.
      const m = Math.max(l1, lnk + v1);
      const e1 = Math.exp(l1 - m);
      const eg1 = Math.exp(lnk + v1 - m);
      const eg2 = Math.min(eg1, Math.exp(lnk + v2 - m));
      const M = e1 + eg1 - eg2;
      const g0 = (e1 * -laT + eg1 * (dkr + gdr[j1]!) - eg2 * (dkr + gdr[j2]!)) / M;
      const g1 = (e1 * (-(r + x) / (alpha + T)) + eg1 * gda[j1]! - eg2 * gda[j2]!) / M;
      const g2 = (e1 * -lbT + eg1 * (dks + gds[j1]!) - eg2 * (dks + gds[j2]!)) / M;
      const g3 = (e1 * (-s / (beta + T)) + eg1 * gdb[j1]! - eg2 * gdb[j2]!) / M;
      const logBracket = m + Math.log(M);
      ll += w * (lgx - lgr + r * la + s * lb + logBracket);
      gr += w * (psix - psir + la + g0);
      ga += w * (r / alpha + g1);
      gs += w * (lb + g2);
      gb += w * (s / beta + g3);
    }
    acc.add(0, ll);
    acc.add(1, gr);
    acc.add(2, ga);
    acc.add(3, gs);
    acc.add(4, gb);
  }

  return function* (theta, grad) {
    const r = theta[0]!,
      alpha = theta[1]!,
      s = theta[2]!,
      beta = theta[3]!;
    if (!(
      r < Infinity &&
      alpha < Infinity &&
      s < Infinity &&
      beta < Infinity &&
      r > 0 &&
      alpha > 0 &&
      s > 0 &&
      beta > 0
    ))
      return Number.NEGATIVE_INFINITY;
    for (let from = 0; from < n; from += TABLE_CHUNK) {
      if (!tableChunk(from, Math.min(n, from + TABLE_CHUNK), r, alpha, s, beta)) return Number.NEGATIVE_INFINITY;
      yield;
    }
    acc.reset();
    for (let from = 0; from < size; from += GROUP_CHUNK) {
      groupChunk(from, Math.min(size, from + GROUP_CHUNK), r, alpha, s, beta);
      if (from + GROUP_CHUNK < size) yield;
    }
    const W = g.totalWeight;
    grad[0] = acc.value(1) / W;
    grad[1] = acc.value(2) / W;
    grad[2] = acc.value(3) / W;
    grad[3] = acc.value(4) / W;
    return acc.value(0) / W;
  };
}
