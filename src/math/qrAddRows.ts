/**
 * Streaming QR: the triangular factor of a tall matrix built block by block of rows, without keeping the
 * matrix.
 *
 * @module
 */

/**
 * Folds `m` new rows into the upper-triangular factor `R` of a QR decomposition, so that after all the
 * rows of a tall matrix `A` have been added, `RᵀR = AᵀA` and `R` is the `R` of `A = QR` up to the signs
 * of its rows — computed by Householder reflections on `[R; rows]` (Golub & Van Loan, *Matrix
 * Computations*, 4th ed., §5.1–5.2 and the row-updating scheme of §6.5.3), so it has the backward
 * stability of Householder QR: column norms and the norms of the parts of columns orthogonal to earlier
 * columns can be read from `R` to working precision, which the Gram matrix `AᵀA` cannot give.
 *
 * `r` is `p × p`, row-major, starting as zeros; `rows` is `m × p`, row-major, and is used as scratch
 * (its contents are destroyed). Cost `O(m·p²)`.
 *
 * @example
 * ```ts
 * const r = new Float64Array(4);
 * qrAddRows(r, 2, Float64Array.of(3, 1, 4, 2), 2); // A = [[3, 1], [4, 2]]
 * Math.abs(r[0]!); //=> 5 (the norm of A's first column)
 * ```
 */
export function qrAddRows(r: Float64Array, p: number, rows: Float64Array, m: number): void {
  for (let j = 0; j < p; j++) {
    const rjj = r[j * p + j]!;
    // Scaled norm of [r_jj; rows[·, j]], guarding against overflow and underflow.
    let scale = Math.abs(rjj);
    for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(rows[i * p + j]!));
    if (scale === 0) continue;
    let ss = (rjj / scale) ** 2;
    for (let i = 0; i < m; i++) ss += (rows[i * p + j]! / scale) ** 2;
    const norm = scale * Math.sqrt(ss);
    if (norm === 0) continue;
    const alpha = rjj > 0 ? -norm : norm;
    // Reflector H = I − τ·wwᵀ with w = [1; rows[·, j] / (rjj − alpha)] and τ = 1 + |rjj| / norm (LAPACK's
    // dlarfg normalization: |w_i| ≤ 1 and τ ∈ [1, 2], so nothing overflows or underflows to NaN).
    const u0 = rjj - alpha;
    const tau = 1 + Math.abs(rjj) / norm;
    for (let i = 0; i < m; i++) rows[i * p + j] = rows[i * p + j]! / u0;
    for (let k = j + 1; k < p; k++) {
      let s = r[j * p + k]!;
      for (let i = 0; i < m; i++) s += rows[i * p + j]! * rows[i * p + k]!;
      const f = tau * s;
      r[j * p + k] = r[j * p + k]! - f;
      for (let i = 0; i < m; i++) rows[i * p + k] = rows[i * p + k]! - f * rows[i * p + j]!;
    }
    r[j * p + j] = alpha;
    for (let i = 0; i < m; i++) rows[i * p + j] = 0;
  }
}
