import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { chiSquare1Sf, erfc, normalCdf, normalCriticalValue, normalQuantile, normalSf } from '../../src/math/normal.js';

// Reference values: R 4.x, `print(pnorm(z), digits = 16)`, `qnorm(p)`, `pchisq(x, 1, lower.tail = FALSE)`.
const PNORM: [number, number][] = [
  [-8, 6.220960574271785e-16],
  [-3, 1.349898031630095e-3],
  [-1.96, 2.499789514822043e-2],
  [-1, 1.58655253931457e-1],
  [0, 0.5],
  [0.5, 6.91462461274013e-1],
  [1.5, 9.331927987311419e-1],
  [2.5, 9.937903346742238e-1],
  [5, 9.999997133484281e-1],
];
const QNORM: [number, number][] = [
  [1e-10, -6.3613409024040557],
  [0.001, -3.0902323061678132],
  [0.025, -1.9599639845400538],
  [0.1, -1.2815515655446008],
  [0.5, 0],
  [0.8, 0.8416212335729144],
  [0.975, 1.9599639845400536],
  [0.999, 3.0902323061678132],
  [1 - 1e-9, 5.9978070196016384],
];

describe('normalCdf', () => {
  it.each(PNORM)('matches R pnorm(%d)', (z, p) => {
    expect(Math.abs(normalCdf(z) - p)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(normalCdf(z) - p) / p).toBeLessThan(1e-10);
  });
  it('is accurate in the far tail (R: pnorm(-8) = 6.220960574271785e-16, pnorm(5, lower.tail = FALSE) = 2.866515718791939e-7)', () => {
    expect(normalCdf(-8) / 6.220960574271785e-16).toBeCloseTo(1, 10);
    expect(normalSf(5) / 2.866515718791939e-7).toBeCloseTo(1, 9);
  });
  it('handles infinities and NaN', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(Number.isNaN(normalCdf(Number.NaN))).toBe(true);
  });
  it('is symmetric and non-decreasing (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (z, h) => {
        expect(Math.abs(normalCdf(z) + normalCdf(-z) - 1)).toBeLessThan(1e-15);
        expect(normalCdf(z + h)).toBeGreaterThanOrEqual(normalCdf(z));
      }),
    );
  });
});

describe('normalQuantile', () => {
  it.each(QNORM)('matches R qnorm(%d)', (p, q) => {
    expect(Math.abs(normalQuantile(p) - q)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(q)));
  });
  it('gives ±Infinity at 0 and 1 and NaN outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
    expect(Number.isNaN(normalQuantile(-0.1))).toBe(true);
  });
  it('inverts normalCdf (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-14 + 1e-12 * p);
      }),
    );
  });
  it('normalCriticalValue(0.95) is qnorm(0.975)', () => {
    expect(normalCriticalValue(0.95)).toBeCloseTo(1.959963984540054, 14);
  });
});

describe('erfc and chiSquare1Sf', () => {
  it('erfc matches Abramowitz & Stegun table 7.1 (erfc(1) = 0.157299207050285, erfc(0.5) = 0.479500122186953)', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 14);
    expect(erfc(0.5)).toBeCloseTo(0.479500122186953, 14);
  });
  it.each([
    [0.5, 0.479500122186953481],
    [3.84, 0.050043521248705224],
    [10, 0.001565402258002552],
  ])('chiSquare1Sf(%d) matches R pchisq(x, 1, lower.tail = FALSE)', (x, p) => {
    expect(Math.abs(chiSquare1Sf(x) - p) / p).toBeLessThan(1e-12);
  });
  it('is 1 at and below 0', () => {
    expect(chiSquare1Sf(0)).toBe(1);
    expect(chiSquare1Sf(-2)).toBe(1);
  });
});
