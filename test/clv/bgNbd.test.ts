import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
  fitBgNbd,
  type BgNbdParams,
  type RfmRow,
} from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowSummary } from './_cdnow.js';

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const params = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.5, max: 50, noNaN: true }),
  a: fc.double({ min: 0.1, max: 5, noNaN: true }),
  b: fc.double({ min: 0.1, max: 10, noNaN: true }),
});
const customer = fc
  .record({
    frequency: fc.integer({ min: 0, max: 60 }),
    T: fc.double({ min: 1, max: 100, noNaN: true }),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ frequency, T, u }) => ({ frequency, T, recency: frequency === 0 ? 0 : u * T }));

describe('BG/NBD functions', () => {
  it('P(X(t) = n) sums to 1 and its mean equals E[X(t)] (FHL 2005 eq. 7 vs eq. 8)', () => {
    for (const t of [1, 39, 78]) {
      let total = 0,
        mean = 0;
      for (let n = 0; n < 400; n++) {
        const p = bgNbdPurchaseProbability(CDNOW, n, t);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 8);
      expect(mean).toBeCloseTo(bgNbdExpectedPurchases(CDNOW, t), 6);
    }
  });
  it('E[X(t)] matches the conditional expectation of a brand-new customer (x = 0, T = 0⁺)', () => {
    expect(bgNbdConditionalExpectedPurchases(CDNOW, 39, { frequency: 0, recency: 0, T: 1e-9 })).toBeCloseTo(
      bgNbdExpectedPurchases(CDNOW, 39),
      6,
    );
  });
  it('P(alive) is 1 without repeat purchases, in (0, 1] otherwise, and falls as the last purchase ages (property)', () => {
    expect(bgNbdProbabilityAlive(CDNOW, { frequency: 0, recency: 0, T: 30 })).toBe(1);
    fc.assert(
      fc.property(params, customer, (p, c) => {
        const alive = bgNbdProbabilityAlive(p, c);
        const older = bgNbdProbabilityAlive(p, { ...c, T: c.T + 10 });
        return alive > 0 && alive <= 1 && older <= alive + 1e-15;
      }),
    );
  });
  it('conditional expectations are finite, non-negative and non-decreasing in t (property)', () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0.1, max: 100, noNaN: true }), (p, c, t) => {
        const a = bgNbdConditionalExpectedPurchases(p, t, c);
        const b = bgNbdConditionalExpectedPurchases(p, t * 1.5, c);
        return Number.isFinite(a) && a >= 0 && b >= a - 1e-9 * Math.max(1, a);
      }),
    );
    expect(bgNbdConditionalExpectedPurchases(CDNOW, 0, { frequency: 3, recency: 10, T: 20 })).toBe(0);
  });
  it('stays finite for very heavy buyers (x = 5,000), where the textbook form overflows', () => {
    const c = { frequency: 5000, recency: 38.86, T: 38.86 }; // bought just now: alive
    const v = bgNbdConditionalExpectedPurchases(CDNOW, 39, c);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(100);
    // the same buyer silent for the last 0.86 weeks (about 110 expected purchases) is almost surely gone
    expect(bgNbdProbabilityAlive(CDNOW, { ...c, recency: 38 })).toBeLessThan(1e-30);
    expect(Number.isFinite(unwrap(bgNbdLogLikelihood(CDNOW, [c])))).toBe(true);
  });
  it('is continuous at a = 1 (where (a+b+x−1)/(a−1) is singular)', () => {
    const c = { frequency: 2, recency: 30, T: 38 };
    const at1 = bgNbdConditionalExpectedPurchases({ ...CDNOW, a: 1 }, 39, c);
    const near = bgNbdConditionalExpectedPurchases({ ...CDNOW, a: 1.001 }, 39, c);
    expect(Number.isFinite(at1)).toBe(true);
    expect(at1).toBeCloseTo(near, 2);
  });
  it('refuses bad parameters, customers, t and n with validation_failed', () => {
    const code = expect.objectContaining({ code: 'validation_failed' });
    expect(() => bgNbdExpectedPurchases({ ...CDNOW, r: 0 }, 1)).toThrow(code);
    expect(() => bgNbdExpectedPurchases(CDNOW, -1)).toThrow(code);
    expect(() => bgNbdProbabilityAlive(CDNOW, { frequency: 1, recency: 5, T: 4 })).toThrow(code);
    expect(() => bgNbdPurchaseProbability(CDNOW, 1.5, 3)).toThrow(code);
    expect(() => bgNbdConditionalExpectedPurchases(CDNOW, 1, { frequency: -1, recency: 0, T: 4 })).toThrow(code);
  });
});

describe('fitBgNbd', () => {
  const rows = cdnowSummary().map(({ frequency, recency, T }) => ({ frequency, recency, T }));
  it('gives the same fit on grouped rows with weights as on one row per customer', () => {
    const groups = new Map<string, RfmRow & { weight: number }>();
    for (const r of rows) {
      const k = `${r.frequency}|${r.recency}|${r.T}`;
      const g = groups.get(k);
      if (g) g.weight++;
      else groups.set(k, { ...r, weight: 1 });
    }
    const a = unwrap(fitBgNbd(rows));
    const b = unwrap(fitBgNbd([...groups.values()]));
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    expect(b.params.r).toBeCloseTo(a.params.r, 6);
  });
  it('log-likelihood of weighted rows equals that of repeated rows (property)', () => {
    fc.assert(
      fc.property(params, customer, fc.integer({ min: 1, max: 20 }), (p, c, w) => {
        const one = unwrap(bgNbdLogLikelihood(p, [{ ...c, weight: w }]));
        const many = unwrap(
          bgNbdLogLikelihood(
            p,
            Array.from({ length: w }, () => c),
          ),
        );
        return Math.abs(one - many) <= 1e-9 * Math.max(1, Math.abs(many));
      }),
      { numRuns: 50 },
    );
  });
  it('accepts start values and reports every iteration through onProgress', () => {
    const seen: number[] = [];
    const fit = unwrap(
      fitBgNbd(rows, {
        start: { r: 0.5, alpha: 2, a: 0.5, b: 1 },
        onProgress: (p) => {
          if (p.phase === 'optimize' && p.done < p.total) seen.push(p.logLikelihood!);
        },
      }),
    );
    expect(fit.converged).toBe(true);
    expect(seen.length).toBe(fit.iterations);
    expect(seen.at(-1)).toBeCloseTo(fit.logLikelihood, 6);
  });
  it('reports non-convergence instead of hiding it', () => {
    const fit = unwrap(fitBgNbd(rows, { maxIterations: 2 }));
    expect(fit.converged).toBe(false);
    expect(fit.status).toBe('max_iterations');
  });
  it('stops with an aborted error when the signal fires', () => {
    const controller = new AbortController();
    const r = fitBgNbd(rows, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.iteration === 3) controller.abort();
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('aborted');
  });
  it('names the bad row and field in a validation_failed error', () => {
    const bad = [
      ...rows.slice(0, 10),
      { frequency: 2, recency: 50, T: 38 },
      { frequency: 1.5, recency: 1, T: 3 },
      { frequency: 0, recency: 1, T: 3 },
    ];
    const r = fitBgNbd(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation_failed');
      expect(r.error.issues.map((i) => i.path)).toEqual([
        [10, 'recency'],
        [11, 'frequency'],
        [12, 'recency'],
      ]);
      expect(r.error.message).toContain('row 10');
    }
    const s = fitBgNbd(rows, { start: { r: -1 } });
    expect(s.ok || s.error.code).toBe('validation_failed');
  });
  it('returns insufficient_data for too few customers or no repeat purchases', () => {
    const a = fitBgNbd(rows.slice(0, 3));
    const b = fitBgNbd([{ frequency: 0, recency: 0, T: 5, weight: 100 }]);
    expect(!a.ok && a.error.code).toBe('insufficient_data');
    expect(!b.ok && b.error.code).toBe('insufficient_data');
  });
  it('does not mutate its input and freezes its output', () => {
    const input = rows.slice(0, 200).map((r) => Object.freeze({ ...r }));
    const copy = JSON.stringify(input);
    const fit = unwrap(fitBgNbd(input));
    expect(JSON.stringify(input)).toBe(copy);
    expect(Object.isFrozen(fit)).toBe(true);
    expect(Object.isFrozen(fit.params)).toBe(true);
  });
});

describe('rows first seen on the last day (T = 0)', () => {
  it('are accepted and leave the fit unchanged (their likelihood is 1)', () => {
    const rows = cdnowSummary().map(({ frequency, recency, T }) => ({ frequency, recency, T }));
    const a = unwrap(fitBgNbd(rows));
    const b = unwrap(fitBgNbd([...rows, { frequency: 0, recency: 0, T: 0, weight: 50 }]));
    expect(unwrap(bgNbdLogLikelihood(CDNOW, [{ frequency: 0, recency: 0, T: 0 }]))).toBeCloseTo(0, 12);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    expect(b.params.r).toBeCloseTo(a.params.r, 6);
    expect(b.customers).toBe(a.customers + 50);
  });
});
