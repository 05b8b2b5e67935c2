/**
 * Adaptive Gauss–Kronrod quadrature (G7–K15), shared numeric kernel.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';

// 15-point Kronrod nodes and weights with the embedded 7-point Gauss rule (QUADPACK qk15;
// Piessens et al. 1983).
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975,
  0.417959183673469387755102040816327,
];

function kronrod(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = (a + b) / 2;
  const h = (b - a) / 2;
  const fc = f(c);
  let k = fc * WGK[7]!;
  let g = fc * WG[3]!;
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j]!;
    const s = f(c - dx) + f(c + dx);
    k += WGK[j]! * s;
    if (j % 2 === 1) g += WG[(j - 1) / 2]! * s;
  }
  return { value: k * h, error: Math.abs((k - g) * h) };
}

/**
 * ∫ₐᵇ f(x) dx by globally adaptive Gauss–Kronrod (G7/K15) bisection, to an absolute-or-relative
 * `tolerance` (default 1e-10). Throws `not_converged` after 2,000 subdivisions, and
 * `validation_failed` when f returns a non-finite value.
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: { tolerance?: number } = {},
): number {
  if (a === b) return 0;
  const tol = options.tolerance ?? 1e-10;
  const safe = (x: number): number => {
    const v = f(x);
    if (!Number.isFinite(v)) throw new CrmError('validation_failed', `integrate: the integrand is not finite at ${x}`);
    return v;
  };
  const intervals: { a: number; b: number; value: number; error: number }[] = [{ a, b, ...kronrod(safe, a, b) }];
  for (let iter = 0; iter < 2000; iter++) {
    let value = 0,
      error = 0,
      worst = 0;
    for (let i = 0; i < intervals.length; i++) {
      value += intervals[i]!.value;
      error += intervals[i]!.error;
      if (intervals[i]!.error > intervals[worst]!.error) worst = i;
    }
    if (error <= Math.max(tol, tol * Math.abs(value))) return value;
    const w = intervals[worst]!;
    const m = (w.a + w.b) / 2;
    intervals.splice(worst, 1, { a: w.a, b: m, ...kronrod(safe, w.a, m) }, { a: m, b: w.b, ...kronrod(safe, m, w.b) });
  }
  throw new CrmError('not_converged', `integrate: no convergence to ${tol} after 2000 subdivisions`);
}
