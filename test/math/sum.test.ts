import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compensatedSum } from '../../src/math/sum.js';

const naive = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

describe('compensatedSum: known ill-conditioned sums', () => {
  it('[1, 1e100, 1, −1e100] sums to 2 where a plain loop (and plain Kahan) gives 0 (Neumaier’s example, as quoted in the Wikipedia article "Kahan summation algorithm")', () => {
    const xs = [1, 1e100, 1, -1e100];
    expect(naive(xs)).toBe(0);
    expect(compensatedSum(xs)).toBe(2);
  });

  it('[1e16, 1, −1e16] sums to 1; a plain loop gives 0', () => {
    expect(naive([1e16, 1, -1e16])).toBe(0);
    expect(compensatedSum([1e16, 1, -1e16])).toBe(1);
  });

  it('ten 0.1s sum to 1.0, as Python math.fsum documents; a plain loop gives 0.9999999999999999', () => {
    const xs = Array<number>(10).fill(0.1);
    expect(naive(xs)).toBe(0.9999999999999999);
    expect(compensatedSum(xs)).toBe(1);
  });

  it('empty input sums to 0; iterables work', () => {
    expect(compensatedSum([])).toBe(0);
    expect(compensatedSum(new Set([1, 2, 3]))).toBe(6);
    function* g(): Generator<number> {
      yield 0.5;
      yield 0.25;
    }
    expect(compensatedSum(g())).toBe(0.75);
  });

  it('returns ±Infinity rather than NaN when an input is infinite', () => {
    expect(compensatedSum([1, Number.POSITIVE_INFINITY, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(compensatedSum([Number.NEGATIVE_INFINITY, 1])).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('compensatedSum: error bound', () => {
  // Values k·2^-20 (k integer) are exact doubles, so the exact sum is known from BigInt arithmetic.
  // Large terms ±2^e are added with their negations at random places to force cancellation.
  // Bound for the Kahan–Babuška–Neumaier sum: |Ŝ − S| ≤ 2u|S| + O(n u²) Σ|xᵢ| (Higham, Accuracy and
  // Stability of Numerical Algorithms, 2nd ed., §4.3), checked with a constant of 4 on the second term.
  const u = 2 ** -53;
  it('property: within the published bound of the exact sum, and never worse than the naive sum by more than it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 30, max: 62 }), fc.nat(), fc.nat()), { maxLength: 6 }),
        (ks, bigs) => {
          const xs = ks.map((k) => Number(k) / 2 ** 20);
          for (const [e, i, j] of bigs) {
            xs.splice(i % (xs.length + 1), 0, 2 ** e);
            xs.splice(j % (xs.length + 1), 0, -(2 ** e));
          }
          const exact = Number(ks.reduce((s, k) => s + k, 0n)) / 2 ** 20;
          const abs = xs.reduce((s, x) => s + Math.abs(x), 0);
          const bound = 2 * u * Math.abs(exact) + 4 * xs.length * u * u * abs + Number.MIN_VALUE;
          const got = compensatedSum(xs);
          expect(Math.abs(got - exact)).toBeLessThanOrEqual(bound);
          expect(Math.abs(got - exact)).toBeLessThanOrEqual(Math.abs(naive(xs) - exact) + bound);
        },
      ),
    );
  });
});
