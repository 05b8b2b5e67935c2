/**
 * Dense linear algebra for small symmetric positive-definite systems (normal equations, Newton
 * steps): Cholesky factorization and solves.
 *
 * @module
 */
import { fail, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';

/**
 * A lower-triangular Cholesky factor `L` of an `n × n` matrix `A = L·Lᵀ`, stored row-major in a
 * `Float64Array` of length `n * n` (the upper triangle is zero).
 *
 * @example
 * ```ts
 * const f: CholeskyFactor = { n: 1, lower: Float64Array.of(2) }; // A = [[4]]
 * ```
 */
export interface CholeskyFactor {
  readonly n: number;
  readonly lower: Float64Array;
}

/**
 * Factors a symmetric positive-definite matrix in place (Cholesky–Banachiewicz, Golub & Van Loan,
 * *Matrix Computations*, 4th ed., Algorithm 4.2.1): on success the lower triangle of `a` holds `L`
 * and the upper triangle is zeroed. Only the lower triangle of `a` is read. Returns the index of the
 * first non-positive pivot when `a` is not (numerically) positive definite, or `-1` on success.
 * A low-level kernel for hot loops; prefer {@link choleskyFactor}.
 *
 * @example
 * ```ts
 * const a = Float64Array.of(4, 2, 2, 3);
 * choleskyInPlace(a, 2); //=> -1, a is now [2, 0, 1, 1.4142135623730951]
 * ```
 */
export function choleskyInPlace(a: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      if (i === j) {
        // A pivot that is not clearly positive relative to the diagonal means A is not PD.
        if (!(s > 0) || !Number.isFinite(s)) return i;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) a[ri + j] = 0;
  }
  return -1;
}

/**
 * Solves `L·Lᵀ·x = b` given the factor from {@link choleskyInPlace}, by forward then backward
 * substitution. Writes `x` into `out` (which may be `b` itself) and returns it.
 *
 * @example
 * ```ts
 * const a = Float64Array.of(4, 2, 2, 3);
 * choleskyInPlace(a, 2);
 * choleskySolveInPlace(a, 2, Float64Array.of(6, 5)); //=> ≈ Float64Array [1, 1]
 * ```
 */
export function choleskySolveInPlace(
  lower: Float64Array,
  n: number,
  b: Float64Array,
  out: Float64Array = b,
): Float64Array {
  if (out !== b) out.set(b);
  for (let i = 0; i < n; i++) {
    let s = out[i]!;
    for (let k = 0; k < i; k++) s -= lower[i * n + k]! * out[k]!;
    out[i] = s / lower[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i]!;
    for (let k = i + 1; k < n; k++) s -= lower[k * n + i]! * out[k]!;
    out[i] = s / lower[i * n + i]!;
  }
  return out;
}

/**
 * The Cholesky factor of a symmetric positive-definite matrix given as rows. Fails with
 * `validation_failed` when the matrix is not square, not symmetric (to 1e-12 relative), has a
 * non-finite entry, or is not positive definite (the issue names the row of the failing pivot).
 * The input is not changed.
 *
 * @example
 * ```ts
 * const r = choleskyFactor([[4, 2], [2, 3]]);
 * r.ok && Array.from(r.value.lower); //=> [2, 0, 1, 1.4142135623730951]
 * choleskyFactor([[1, 2], [2, 1]]).ok; //=> false (not positive definite)
 * ```
 */
export function choleskyFactor(matrix: readonly (readonly number[])[]): Result<CholeskyFactor> {
  const n = matrix.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    if (row.length !== n) {
      return fail('validation_failed', `Matrix must be square: row ${i} has ${row.length} entries, expected ${n}`, [
        { path: [i], message: `expected ${n} entries, got ${row.length}`, code: 'not_square' },
      ]);
    }
    for (let j = 0; j < n; j++) {
      const v = row[j]!;
      if (!Number.isFinite(v)) {
        return fail('validation_failed', `Matrix entry [${i}][${j}] is not a finite number`, [
          { path: [i, j], message: `expected a finite number, got ${quoteValue(v)}`, code: 'invalid_number' },
        ]);
      }
      a[i * n + j] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[i * n + j]!,
        y = a[j * n + i]!;
      if (Math.abs(x - y) > 1e-12 * Math.max(1, Math.abs(x), Math.abs(y))) {
        return fail('validation_failed', `Matrix is not symmetric: [${i}][${j}] = ${x} but [${j}][${i}] = ${y}`, [
          { path: [i, j], message: 'must equal the mirrored entry', code: 'not_symmetric' },
        ]);
      }
    }
  }
  const bad = choleskyInPlace(a, n);
  if (bad >= 0) {
    return fail('validation_failed', `Matrix is not positive definite: pivot ${bad} is not positive`, [
      {
        path: [bad, bad],
        message: 'non-positive pivot; the matrix is singular or indefinite',
        code: 'not_positive_definite',
      },
    ]);
  }
  return ok(Object.freeze({ n, lower: a }));
}

/**
 * Solves `A·x = b` for `x` given the Cholesky factor of `A`. Throws a `RangeError` when `b` does
 * not have `n` entries (a programmer error). Returns a new array.
 *
 * @example
 * ```ts
 * const f = choleskyFactor([[4, 2], [2, 3]]);
 * f.ok && choleskySolve(f.value, [6, 5]); //=> ≈ [1, 1]
 * ```
 */
export function choleskySolve(factor: CholeskyFactor, b: readonly number[]): number[] {
  if (b.length !== factor.n) throw new RangeError(`choleskySolve: b has ${b.length} entries, expected ${factor.n}`);
  return Array.from(choleskySolveInPlace(factor.lower, factor.n, Float64Array.from(b), new Float64Array(factor.n)));
}
