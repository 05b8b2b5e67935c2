/**
 * Which design columns R's `glm.fit` reports as aliased (coefficient `NA`). Internal.
 *
 * R solves each IRLS step by LINPACK's `dqrdc2` (Householder QR with limited column pivoting): going
 * through the columns in model-matrix order, a column whose part orthogonal to the columns kept so far
 * has a norm below `tol` times its own norm is moved to the end and left out; `tol` is
 * `min(1e-7, epsilon / 1000)` (1e-11 with the default `epsilon`). At R's first iteration every weight is
 * the same (`mustart` is 1/4 or 3/4), so the decision depends on the design alone; we make it once, there.
 *
 * Columns are given in R's order. Each has a `scale` and a `norm`: the design holds numeric columns
 * standardized, `(x − mean) / sd`; the part of `x` orthogonal to the intercept and earlier columns is `sd`
 * times that of the standardized column, and R compares it with the raw norm `‖x‖`.
 *
 * @module
 */
import { qrAddRows } from '../math/qrAddRows.js';

/** R's column tolerance for a given convergence `epsilon` (`glm.fit`: `min(1e-07, control$epsilon/1000)`). */
export function aliasTolerance(epsilon: number): number {
  return Math.min(1e-7, epsilon / 1000);
}

/** A column whose relative orthogonal norm, estimated from the Gram matrix, is below this is checked exactly. */
const SCREEN = 1e-4;

/**
 * A quick screen on the Gram matrix `G = XᵀX` (lower triangle, `p × p`, row-major, in the design's own
 * layout; `order[q]` is the layout index of R's column `q`): true when some column might be aliased. The
 * Gram matrix squares the condition number, so it cannot resolve R's 1e-11; it only decides whether the
 * exact check ({@link aliasedColumns}) is needed. A well-posed design never pays for that check.
 */
export function mightBeAliased(
  G: Float64Array,
  p: number,
  order: Int32Array,
  scale: Float64Array,
  norm: Float64Array,
): boolean {
  const L = new Float64Array(p * p);
  const at = (a: number, b: number): number => {
    const i = order[a]!,
      j = order[b]!;
    return i >= j ? G[i * p + j]! : G[j * p + i]!;
  };
  for (let a = 0; a < p; a++) {
    if (!(norm[a]! > 0)) return true;
    for (let b = 0; b < a; b++) {
      let s = at(a, b);
      for (let k = 0; k < b; k++) s -= L[a * p + k]! * L[b * p + k]!;
      L[a * p + b] = s / L[b * p + b]!;
    }
    let d = at(a, a);
    for (let k = 0; k < a; k++) d -= L[a * p + k]! ** 2;
    if (!(d > 0) || (Math.sqrt(d) * scale[a]!) / norm[a]! < SCREEN) return true;
    L[a * p + a] = Math.sqrt(d);
  }
  return false;
}

/**
 * The exact check: `fillBlock(start, count, out)` writes rows `[start, start + count)` of the design in
 * R's column order (row-major, `p` wide) into `out`. The rows are folded into a Householder QR factor
 * ({@link qrAddRows}), then `dqrdc2`'s rule is applied to that factor's columns (their norms and mutual
 * angles are those of the design's, to working precision). Returns, in R's order, whether each column
 * is aliased.
 */
export function aliasedColumns(
  n: number,
  p: number,
  fillBlock: (start: number, count: number, out: Float64Array) => void,
  scale: Float64Array,
  norm: Float64Array,
  tol: number,
): boolean[] {
  const BLOCK = 256;
  const R = new Float64Array(p * p);
  const block = new Float64Array(BLOCK * p);
  for (let start = 0; start < n; start += BLOCK) {
    const count = Math.min(BLOCK, n - start);
    fillBlock(start, count, block);
    qrAddRows(R, p, block, count);
  }
  // Modified Gram–Schmidt, twice (Giraud et al. 2005: "twice is enough"), over R's columns in order.
  const basis: Float64Array[] = [];
  const aliased: boolean[] = [];
  const v = new Float64Array(p);
  for (let q = 0; q < p; q++) {
    for (let i = 0; i < p; i++) v[i] = i <= q ? R[i * p + q]! : 0;
    for (let pass = 0; pass < 2; pass++)
      for (const u of basis) {
        let s = 0;
        for (let i = 0; i < p; i++) s += u[i]! * v[i]!;
        for (let i = 0; i < p; i++) v[i] = v[i]! - s * u[i]!;
      }
    let ss = 0;
    for (let i = 0; i < p; i++) ss += v[i]! * v[i]!;
    const rest = Math.sqrt(ss);
    // dqrdc2 takes a zero-norm column's norm as 1, so such a column is always aliased.
    const isAliased = !(norm[q]! > 0) || rest * scale[q]! < tol * norm[q]!;
    aliased.push(isAliased);
    if (!isAliased) basis.push(Float64Array.from(v, (x) => x / rest));
  }
  return aliased;
}
