import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../src/math/random.js';
import { sampleBeta, sampleExponential, sampleGamma, sampleNormal, samplePoisson } from '../../src/math/sample.js';

/** Sample mean and variance of n draws. */
function moments(n: number, draw: () => number): { mean: number; variance: number } {
  let m = 0,
    s = 0;
  for (let i = 1; i <= n; i++) {
    const x = draw();
    const d = x - m;
    m += d / i;
    s += d * (x - m);
  }
  return { mean: m, variance: s / (n - 1) };
}

// The sample mean of n draws has standard error sqrt(Var/n); 5 standard errors is a false-alarm
// rate of about 6e-7 per check, and the seeds are fixed, so these tests are deterministic.
const N = 200_000;
const within = (got: number, want: number, sd: number): void =>
  expect(Math.abs(got - want)).toBeLessThan((5 * sd) / Math.sqrt(N));

describe('seeded samplers', () => {
  it('exponential: mean 1/rate, variance 1/rate²', () => {
    const rng = createRng(11);
    const { mean, variance } = moments(N, () => sampleExponential(rng, 2.5));
    within(mean, 0.4, 0.4);
    expect(variance).toBeCloseTo(0.16, 2);
  });
  it('normal: mean 0, variance 1', () => {
    const rng = createRng(12);
    const { mean, variance } = moments(N, () => sampleNormal(rng));
    within(mean, 0, 1);
    expect(variance).toBeCloseTo(1, 1);
  });
  it.each([
    [0.243, 4.414],
    [0.6, 1],
    [1, 2],
    [3.74, 15.44],
    [50, 0.5],
  ])('gamma(shape %s, rate %s): mean k/θ, variance k/θ²', (k, theta) => {
    const rng = createRng(13);
    const { mean, variance } = moments(N, () => sampleGamma(rng, k, theta));
    within(mean, k / theta, Math.sqrt(k) / theta);
    expect(Math.abs(variance / (k / theta ** 2) - 1)).toBeLessThan(0.05);
  });
  it.each([
    [0.793, 2.426],
    [2, 5],
    [0.1, 0.1],
  ])('beta(%s, %s): mean a/(a+b), variance ab/((a+b)²(a+b+1))', (a, b) => {
    const rng = createRng(14);
    const { mean, variance } = moments(N, () => sampleBeta(rng, a, b));
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    within(mean, a / (a + b), Math.sqrt(v));
    expect(Math.abs(variance / v - 1)).toBeLessThan(0.05);
  });
  it.each([0.3, 4, 9.99, 10, 35.5, 1000])('poisson(%s): mean and variance equal the mean', (mu) => {
    const rng = createRng(15);
    const { mean, variance } = moments(N, () => samplePoisson(rng, mu));
    within(mean, mu, Math.sqrt(mu));
    expect(Math.abs(variance / mu - 1)).toBeLessThan(0.03);
  });
  it('poisson(4): frequencies match the probability mass function (chi-square, 12 cells)', () => {
    const rng = createRng(16);
    const counts = new Array<number>(12).fill(0);
    for (let i = 0; i < N; i++) counts[Math.min(11, samplePoisson(rng, 4))]!++;
    let p = Math.exp(-4),
      tail = 1,
      chi = 0;
    for (let k = 0; k < 11; k++) {
      chi += (counts[k]! - N * p) ** 2 / (N * p);
      tail -= p;
      p *= 4 / (k + 1);
    }
    chi += (counts[11]! - N * tail) ** 2 / (N * tail);
    expect(chi).toBeLessThan(31.3); // 99.9% quantile of χ² with 11 degrees of freedom (R: qchisq(0.999, 11))
  });
  it('gives the same draws for the same seed (property)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRng(seed),
          b = createRng(seed);
        return [0, 1, 2, 3].every(
          () => sampleGamma(a, 0.7, 2) === sampleGamma(b, 0.7, 2) && samplePoisson(a, 20) === samplePoisson(b, 20),
        );
      }),
    );
  });
  it('draws stay in their support (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, k) => {
        const rng = createRng(seed);
        const g = sampleGamma(rng, k, 1),
          b = sampleBeta(rng, k, 1),
          p = samplePoisson(rng, k);
        return g >= 0 && Number.isFinite(g) && b >= 0 && b <= 1 && Number.isInteger(p) && p >= 0;
      }),
    );
  });
  it('refuses bad parameters with validation_failed', () => {
    const rng = createRng(1);
    for (const f of [
      () => sampleGamma(rng, 0, 1),
      () => sampleGamma(rng, 1, -1),
      () => sampleBeta(rng, 1, Number.NaN),
      () => sampleExponential(rng, 0),
      () => samplePoisson(rng, -1),
    ]) {
      expect(f).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
    expect(samplePoisson(rng, 0)).toBe(0);
  });
});
