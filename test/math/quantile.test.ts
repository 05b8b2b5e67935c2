import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { quantileSorted, median } from '../../src/math/quantile.js';
import { isCrmError } from '../../src/core/index.js';

// Every expected value below was printed by R 4.x with sprintf("%.17g", quantile(x, p)) (type 7, the
// default), so each literal is the exact double R returned.
describe('quantileSorted equals R quantile(type = 7)', () => {
  const x = [2.1, 3.7, 4.4, 5.0, 9.8, 12.3, 15.6];
  it('x <- c(2.1, 3.7, 4.4, 5.0, 9.8, 12.3, 15.6); quantile(x, c(0, .1, .25, .5, .75, .9, 1))', () => {
    const ps = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
    const r = [
      2.1000000000000001, 3.0600000000000005, 4.0500000000000007, 5, 11.050000000000001, 13.620000000000001, 15.6,
    ];
    expect(ps.map((p) => quantileSorted(x, p))).toEqual(r);
  });

  it('quantile(1:10, c(.1, .33, .9))', () => {
    const xs = Array.from({ length: 10 }, (_, i) => i + 1);
    expect([0.1, 0.33, 0.9].map((p) => quantileSorted(xs, p))).toEqual([
      1.8999999999999999, 3.9700000000000002, 9.0999999999999996,
    ]);
  });

  it('quantile(c(1, 3), c(.05, 1/3)) — the interpolation index lies in [1, 2)', () => {
    expect([0.05, 1 / 3].map((p) => quantileSorted([1, 3], p))).toEqual([1.1000000000000001, 1.6666666666666665]);
  });

  it('quantile(c(.125, .25, .5, 4, 8, 16, 100), c(.01, .37, .99)) and quantile(c(.1, .2, .3), c(.15, .7))', () => {
    expect([0.01, 0.37, 0.99].map((p) => quantileSorted([0.125, 0.25, 0.5, 4, 8, 16, 100], p))).toEqual([
      0.13250000000000001, 1.2699999999999991, 94.959999999999951,
    ]);
    expect([0.15, 0.7].map((p) => quantileSorted([0.1, 0.2, 0.3], p))).toEqual([0.13, 0.23999999999999999]);
  });

  it('median equals R median(): median(c(5, 3, 1, 4)) = 3.5, median(c(2.5, -1, 7)) = 2.5', () => {
    expect(median([5, 3, 1, 4])).toBe(3.5);
    expect(median([2.5, -1, 7])).toBe(2.5);
  });
});

describe('quantileSorted edge cases', () => {
  it('returns null for empty input (median too), and the value for a single one', () => {
    expect(quantileSorted([], 0.5)).toBeNull();
    expect(median([])).toBeNull();
    expect(quantileSorted([7], 0.3)).toBe(7);
  });

  it('clamps p to [0, 1] and refuses NaN', () => {
    expect(quantileSorted([1, 2, 3], -1)).toBe(1);
    expect(quantileSorted([1, 2, 3], 2)).toBe(3);
    try {
      quantileSorted([1, 2, 3], Number.NaN);
      expect.unreachable();
    } catch (e) {
      expect(isCrmError(e, 'validation_failed')).toBe(true);
    }
  });

  it('does not turn infinite order statistics into NaN', () => {
    expect(quantileSorted([1, Number.POSITIVE_INFINITY], 1)).toBe(Number.POSITIVE_INFINITY);
    expect(quantileSorted([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], 0.5)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('accepts typed arrays, and median leaves its input unsorted', () => {
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
    const input = [3, 1, 2];
    expect(median(input)).toBe(2);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('quantileSorted properties', () => {
  const sortedArr = fc
    .array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 })
    .map((xs) => xs.sort((a, b) => a - b));
  it('lies between the min and max, is monotone in p, and hits the ends at p = 0 and 1', () => {
    fc.assert(
      fc.property(
        sortedArr,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p1, p2) => {
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const a = quantileSorted(xs, lo)!;
          const b = quantileSorted(xs, hi)!;
          expect(a).toBeGreaterThanOrEqual(xs[0]!);
          expect(b).toBeLessThanOrEqual(xs[xs.length - 1]!);
          expect(a).toBeLessThanOrEqual(b);
          expect(quantileSorted(xs, 0)).toBe(xs[0]);
          expect(quantileSorted(xs, 1)).toBe(xs[xs.length - 1]);
        },
      ),
    );
  });

  it('at p = k/(n−1) it returns the k-th order statistic exactly', () => {
    fc.assert(
      fc.property(
        sortedArr.filter((xs) => xs.length >= 2),
        fc.nat(),
        (xs, k0) => {
          const k = k0 % xs.length;
          expect(quantileSorted(xs, k / (xs.length - 1))).toBeCloseTo(xs[k]!, 6);
        },
      ),
    );
  });
});
