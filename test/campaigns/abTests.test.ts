/**
 * compareConversion and abTestSampleSize against R 4 (base R's `prop.test` and `power.prop.test`;
 * DescTools is not installed here, so Newcombe's method-10 interval is computed in R by the paper's
 * formula from `prop.test(x, n, correct = FALSE)$conf.int`, and checked against the paper's own
 * Table II examples (Newcombe 1998, Statistics in Medicine 17:873–890)).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { abTestSampleSize, compareConversion } from '../../src/campaigns/index.js';
import { unwrap } from '../../src/core/result.js';

const close = (a: number, b: number, tol = 1e-13) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('compareConversion', () => {
  // R: prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value and correct = TRUE.
  it.each([
    [120, 1000, 100, 1000, 0.1529177818639457, 0.17451579008210202],
    [15, 80, 4, 75, 0.010918229143423179, 0.021433482545189522],
    [56, 70, 48, 80, 0.0080450813681965643, 0.013409475178668924],
    [1, 500, 0, 480, 0.32693994183743724, 0.99999999999999989],
  ])('p-value of %i/%i vs %i/%i as R prop.test (uncorrected and Yates)', (x1, n1, x2, n2, plain, yates) => {
    close(unwrap(compareConversion({ converted: x1, total: n1 }, { converted: x2, total: n2 })).pValue, plain, 1e-12);
    close(
      unwrap(compareConversion({ converted: x1, total: n1 }, { converted: x2, total: n2 }, { correct: true })).pValue,
      yates,
      1e-12,
    );
  });

  // Newcombe (1998) Table II, method 10: (a) 56/70 − 48/80: 0.0524, 0.3339; (b) 9/10 − 3/10: 0.1705,
  // 0.8090; (c) 6/7 − 2/7: 0.0582, 0.8062; (d) 5/56 − 0/29: −0.0381, 0.1926. Full digits from R by
  // the formula (see the file's comment).
  it.each([
    [56, 70, 48, 80, 0.95, 0.20000000000000007, 0.052431472402364926, 0.33387265403690586],
    [9, 10, 3, 10, 0.95, 0.60000000000000009, 0.17052272393450307, 0.80901797353548799],
    [6, 7, 2, 7, 0.95, 0.5714285714285714, 0.058227927482312314, 0.80624963752422774],
    [5, 56, 0, 29, 0.95, 0.089285714285714288, -0.038137147903536853, 0.19256001385511157],
    [120, 1000, 100, 1000, 0.95, 0.01999999999999999, -0.0074921675152110311, 0.047550667456339055],
    [15, 80, 4, 75, 0.9, 0.13416666666666666, 0.048336586989140146, 0.22077926898772238],
  ])('Newcombe interval of %i/%i − %i/%i at %f', (x1, n1, x2, n2, confidence, d, lower, upper) => {
    const r = unwrap(compareConversion({ converted: x1, total: n1 }, { converted: x2, total: n2 }, { confidence }));
    close(r.difference, d);
    close(r.interval.lower, lower);
    close(r.interval.upper, upper);
    expect(r.interval.confidence).toBe(confidence);
  });

  it('both rates 0 (or 1) give pValue 1, difference 0 (R gives NaN there)', () => {
    expect(unwrap(compareConversion({ converted: 0, total: 10 }, { converted: 0, total: 20 })).pValue).toBe(1);
    expect(unwrap(compareConversion({ converted: 10, total: 10 }, { converted: 5, total: 5 })).pValue).toBe(1);
  });

  it('property: the interval holds the difference, within [−1, 1]; swapping A and B mirrors it', () => {
    const counts = fc
      .integer({ min: 1, max: 5000 })
      .chain((n) => fc.record({ converted: fc.integer({ min: 0, max: n }), total: fc.constant(n) }));
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const r = unwrap(compareConversion(a, b));
        const s = unwrap(compareConversion(b, a));
        expect(r.interval.lower).toBeLessThanOrEqual(r.difference + 1e-15);
        expect(r.interval.upper).toBeGreaterThanOrEqual(r.difference - 1e-15);
        expect(r.interval.lower).toBeGreaterThanOrEqual(-1);
        expect(r.interval.upper).toBeLessThanOrEqual(1);
        close(s.interval.lower, -r.interval.upper, 1e-12);
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        close(s.pValue, r.pValue, 1e-12);
      }),
    );
  });

  it('bad input: converted > total, a zero total, fractions, confidence 1, unknown keys', () => {
    const codes = (a: unknown, b: unknown, o?: unknown) => {
      const r = compareConversion(a as never, b as never, o as never);
      return r.ok ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(codes({ converted: 5, total: 4 }, { converted: 1, total: 2 })).toEqual(['a.converted']);
    expect(codes({ converted: 0, total: 0 }, { converted: 1.5, total: 2 })).toEqual(['a.total', 'b.converted']);
    expect(codes({ converted: 1, total: 2 }, { converted: 1, total: 2 }, { confidence: 1, colour: 1 })).toEqual([
      'options',
      'options.confidence',
    ]);
    expect(codes(null, { converted: 1, total: 2 })).toEqual(['a']);
  });
});

describe('abTestSampleSize', () => {
  // R: power.prop.test(p1, p2, power, sig.level)$n (uniroot, tol 1.2e-4), then ceiling.
  it.each([
    [0.1, 0.02, 0.8, 0.05, 3840.8474824344462],
    [0.05, 0.01, 0.9, 0.05, 10920.389036628803],
    [0.5, -0.05, 0.8, 0.01, 2328.5153895577378],
    [0.2, 0.1, 0.95, 0.1, 403.12143670468208],
    [0.02, 0.005, 0.8, 0.05, 13808.924918011995],
  ])('baseline %f, effect %f, power %f, alpha %f → ceiling of R n %f', (baseline, mde, power, alpha, n) => {
    const r = unwrap(abTestSampleSize({ baseline, minimumDetectableEffect: mde, power, alpha }));
    expect(r.perVariant).toBe(Math.ceil(n));
    expect(r.total).toBe(2 * Math.ceil(n));
  });

  it('defaults to power 0.8 and alpha 0.05', () => {
    expect(unwrap(abTestSampleSize({ baseline: 0.1, minimumDetectableEffect: 0.02 })).perVariant).toBe(3841);
  });

  it('bad input: a rate outside (0, 1), a zero effect, one leaving (0, 1), unknown keys', () => {
    const paths = (o: unknown) => {
      const r = abTestSampleSize(o as never);
      return r.ok ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ baseline: 0, minimumDetectableEffect: 0.1 })).toEqual(['options.baseline']);
    expect(paths({ baseline: 0.5, minimumDetectableEffect: 0 })).toEqual(['options.minimumDetectableEffect']);
    expect(paths({ baseline: 0.95, minimumDetectableEffect: 0.1 })).toEqual(['options.minimumDetectableEffect']);
    expect(paths({ baseline: 0.5, minimumDetectableEffect: 0.1, power: 1, beta: 2 })).toEqual([
      'options',
      'options.power',
    ]);
    expect(paths(null)).toEqual(['options']);
  });
});
