import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { choleskyFactor, choleskySolve, choleskyInPlace, choleskySolveInPlace } from '../../src/math/linalg.js';

describe('choleskyFactor', () => {
  it('factors the worked example of Golub & Van Loan style [[4,12,-16],[12,37,-43],[-16,-43,98]]', () => {
    // Known factor (Wikipedia "Cholesky decomposition", example): L = [[2,0,0],[6,1,0],[-8,5,3]].
    const r = choleskyFactor([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(Array.from(r.value.lower)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });
  it('solves A x = b (R: solve(matrix(c(4,12,-16,12,37,-43,-16,-43,98),3), c(1,2,3)) = 28.58333 -7.66667 1.33333)', () => {
    const r = choleskyFactor([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    if (!r.ok) throw r.error;
    const x = choleskySolve(r.value, [1, 2, 3]);
    expect(x[0]).toBeCloseTo(343 / 12, 10);
    expect(x[1]).toBeCloseTo(-23 / 3, 10);
    expect(x[2]).toBeCloseTo(4 / 3, 10);
  });
  it('rejects non-positive-definite, non-symmetric, non-square and non-finite input with a path', () => {
    const npd = choleskyFactor([
      [1, 2],
      [2, 1],
    ]);
    expect(npd.ok).toBe(false);
    if (!npd.ok) {
      expect(npd.error.code).toBe('validation_failed');
      expect(npd.error.issues[0]?.code).toBe('not_positive_definite');
      expect(npd.error.issues[0]?.path).toEqual([1, 1]);
    }
    const singular = choleskyFactor([
      [1, 1],
      [1, 1],
    ]);
    expect(singular.ok).toBe(false);
    const asym = choleskyFactor([
      [2, 1],
      [0, 2],
    ]);
    expect(!asym.ok && asym.error.issues[0]?.code).toBe('not_symmetric');
    const ns = choleskyFactor([[1, 0], [0]]);
    expect(!ns.ok && ns.error.issues[0]?.code).toBe('not_square');
    const nf = choleskyFactor([[NaN]]);
    expect(!nf.ok && nf.error.issues[0]?.path).toEqual([0, 0]);
  });
  it('throws on a right-hand side of the wrong length', () => {
    const r = choleskyFactor([[1]]);
    if (!r.ok) throw r.error;
    expect(() => choleskySolve(r.value, [1, 2])).toThrow(RangeError);
  });
  it('does not mutate its input', () => {
    const m = [
      [4, 2],
      [2, 3],
    ];
    choleskyFactor(m);
    expect(m).toEqual([
      [4, 2],
      [2, 3],
    ]);
  });
  it('property: for A = BᵀB + I, L·Lᵀ reproduces A and solve gives A x = b', () => {
    const small = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(small, { minLength: n * n, maxLength: n * n }),
              fc.array(small, { minLength: n, maxLength: n }),
            ),
          ),
        ([n, bs, rhs]) => {
          const a: number[][] = [];
          for (let i = 0; i < n; i++) {
            a.push([]);
            for (let j = 0; j < n; j++) {
              let s = i === j ? 1 : 0;
              for (let k = 0; k < n; k++) s += bs[k * n + i]! * bs[k * n + j]!;
              a[i]!.push(s);
            }
          }
          const r = choleskyFactor(a);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          const L = r.value.lower;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let k = 0; k < n; k++) s += L[i * n + k]! * L[j * n + k]!;
              expect(Math.abs(s - a[i]![j]!)).toBeLessThan(1e-8 * (1 + Math.abs(a[i]![j]!)));
            }
          const x = choleskySolve(r.value, rhs);
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += a[i]![j]! * x[j]!;
            expect(Math.abs(s - rhs[i]!)).toBeLessThan(1e-6 * (1 + Math.abs(rhs[i]!)));
          }
        },
      ),
    );
  });
  it('low-level kernels agree with the checked API', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    expect(choleskyInPlace(a, 2)).toBe(-1);
    const x = choleskySolveInPlace(a, 2, Float64Array.of(6, 5));
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(1, 12);
    expect(choleskyInPlace(Float64Array.of(0), 1)).toBe(0);
  });
});
