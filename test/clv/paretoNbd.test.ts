import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  paretoNbdPurchaseProbability,
  type ParetoNbdParams,
} from '../../src/clv/index.js';
import { integrate } from '../../src/math/quadrature.js';
import { logGamma } from '../../src/math/special.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowSummary } from './_cdnow.js';

const CDNOW: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const params = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.5, max: 50, noNaN: true }),
  s: fc.double({ min: 0.05, max: 5, noNaN: true }),
  beta: fc.double({ min: 0.5, max: 50, noNaN: true }),
});
const customer = fc
  .record({
    frequency: fc.integer({ min: 0, max: 60 }),
    T: fc.double({ min: 1, max: 100, noNaN: true }),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ frequency, T, u }) => ({ frequency, T, recency: frequency === 0 ? 0 : u * T }));

/**
 * The Pareto/NBD likelihood from its integral form (Fader & Hardie 2005 note, eq. 8 before
 * integrating μ's lifetime): L = Γ(r+x)α^rβ^s/Γ(r)·[(α+T)^−(r+x)(β+T)^−s + s∫ₜₓᵀ (α+τ)^−(r+x)(β+τ)^−(s+1) dτ].
 * An independent check of the ₂F₁ route, by quadrature.
 */
function logLikByQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const scale = -(r + x) * Math.log(alpha + tx) - s * Math.log(beta + tx); // keep the integrand near 1
  const f = (tau: number): number =>
    Math.exp(-(r + x) * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau) - scale);
  // The integrand can fall by hundreds of orders of magnitude over [tₓ, T]: integrate over
  // geometrically growing pieces so each has a relative tolerance of its own.
  let integral = 0;
  let lo = tx;
  for (let d = 1e-4; lo < T; d *= 4) {
    const hi = Math.min(T, tx + d);
    integral += integrate(f, lo, hi, { tolerance: 1e-15 });
    lo = hi;
  }
  const bracket = Math.exp(-(r + x) * Math.log(alpha + T) - s * Math.log(beta + T) - scale) + s * integral;
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + scale + Math.log(bracket);
}

describe('Pareto/NBD likelihood', () => {
  it('equals the integral form computed by quadrature, whether α ≥ β or α < β (property)', () => {
    fc.assert(
      fc.property(params, customer, (p, c) => {
        const a = unwrap(paretoNbdLogLikelihood(p, [c]));
        const b = logLikByQuadrature(p, c.frequency, c.recency, c.T);
        return Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(b));
      }),
      { numRuns: 200 },
    );
  });
  it('stays finite for customers with hundreds or thousands of purchases (where 2F1 forms overflow)', () => {
    for (const x of [300, 1000, 10_000]) {
      const c = { frequency: x, recency: 38.86, T: 38.86 }; // just bought: alive
      const ll = unwrap(paretoNbdLogLikelihood(CDNOW, [c]));
      expect(Number.isFinite(ll)).toBe(true);
      expect(ll).toBeCloseTo(logLikByQuadrature(CDNOW, x, 38.86, 38.86), 6);
      expect(unwrap(paretoNbdLogLikelihood(CDNOW, [{ frequency: x, recency: 30, T: 38.86 }]))).toBeCloseTo(
        logLikByQuadrature(CDNOW, x, 30, 38.86),
        6,
      );
      expect(paretoNbdProbabilityAlive(CDNOW, c)).toBeGreaterThan(0.99);
      expect(Number.isFinite(paretoNbdConditionalExpectedPurchases(CDNOW, 39, c))).toBe(true);
    }
  });
});

describe('Pareto/NBD functions', () => {
  it('P(X(t) = n) sums to 1 and its mean equals E[X(t)]', () => {
    for (const t of [5, 39]) {
      let total = 0,
        mean = 0;
      for (let n = 0; n < 200; n++) {
        const p = paretoNbdPurchaseProbability(CDNOW, n, t);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 7);
      expect(mean).toBeCloseTo(paretoNbdExpectedPurchases(CDNOW, t), 5);
    }
  });
  it('E[X(t)] is continuous at s = 1', () => {
    const p = { ...CDNOW, s: 1 };
    expect(paretoNbdExpectedPurchases(p, 39)).toBeCloseTo(paretoNbdExpectedPurchases({ ...CDNOW, s: 1 + 1e-7 }, 39), 6);
  });
  it('P(alive) is in (0, 1] and 1 for a customer observed for an instant (property)', () => {
    fc.assert(
      fc.property(params, customer, (p, c) => {
        const alive = paretoNbdProbabilityAlive(p, c);
        return alive > 0 && alive <= 1;
      }),
    );
    expect(paretoNbdProbabilityAlive(CDNOW, { frequency: 3, recency: 5, T: 5 })).toBeCloseTo(1, 12);
  });
  it('conditional expectations are non-negative and non-decreasing in t (property)', () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0.1, max: 100, noNaN: true }), (p, c, t) => {
        const a = paretoNbdConditionalExpectedPurchases(p, t, c);
        return a >= 0 && paretoNbdConditionalExpectedPurchases(p, 2 * t, c) >= a;
      }),
    );
  });
  it('refuses bad input with validation_failed', () => {
    const code = expect.objectContaining({ code: 'validation_failed' });
    expect(() => paretoNbdProbabilityAlive({ ...CDNOW, beta: -1 }, { frequency: 0, recency: 0, T: 3 })).toThrow(code);
    expect(() => paretoNbdPurchaseProbability(CDNOW, -1, 3)).toThrow(code);
    expect(() => paretoNbdExpectedPurchases(CDNOW, Number.NaN)).toThrow(code);
  });
});

describe('fitParetoNbd', () => {
  const rows = cdnowSummary();
  it('reports non-convergence, aborts, bad rows and too little data', () => {
    expect(unwrap(fitParetoNbd(rows, { maxIterations: 1 })).converged).toBe(false);
    const controller = new AbortController();
    controller.abort();
    const aborted = fitParetoNbd(rows, { signal: controller.signal });
    expect(!aborted.ok && aborted.error.code).toBe('aborted');
    const bad = fitParetoNbd([{ frequency: 1, recency: 1, T: 0 }]);
    expect(!bad.ok && bad.error.issues[0]!.path).toEqual([0, 'T']);
    const few = fitParetoNbd([{ frequency: 1, recency: 1, T: 2 }]);
    expect(!few.ok && few.error.code).toBe('insufficient_data');
  });
});
