/**
 * Defects found by the hostile review (issue 12) and the conventions review (issue 11) in crmkit/clv.
 * Each test failed before its fix (checked against commit f2d25f3): a TypeError, NaN or Infinity in a
 * result, or a call that did not finish.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
  expectedLifetimeValue,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  predictBgNbd,
  predictParetoNbd,
  rfmSummary,
  simulateBgNbd,
  simulateParetoNbd,
  type ExpectedLifetimeValueInput,
} from '../../src/clv/index.js';
import { CrmError } from '../../src/core/errors.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowSummary } from './_cdnow.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PN = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const GG = { p: 6.25, q: 3.74, v: 15.44 };
const rows = cdnowSummary().map(({ frequency, recency, T }) => ({ frequency, recency, T }));
const throwing = {
  toString(): string {
    throw new Error('toString');
  },
  valueOf(): number {
    throw new Error('valueOf');
  },
};
const deep = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const timed = (fn: () => unknown): number => {
  const t0 = performance.now();
  try {
    fn();
  } catch {
    // timing only
  }
  return performance.now() - t0;
};

describe('overflowing parameters give a finite value or an error, never NaN or Infinity (issue 12)', () => {
  it('bgNbdExpectedPurchases({ b: 1e308 }) is the finite NBD limit rt/α (was Infinity)', () => {
    const v = bgNbdExpectedPurchases({ ...BG, b: 1e308 }, 39);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo((BG.r * 39) / BG.alpha, 12);
  });
  it('bgNbdLogLikelihood({ r: 1e308 }) is a validation_failed error with a too_big issue (was ok(NaN))', () => {
    const r = bgNbdLogLikelihood({ ...BG, r: 1e308 }, rows);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('validation_failed');
    expect(!r.ok && r.error.issues[0]!.code).toBe('too_big');
  });
  it('property: per-customer functions return a finite number or throw a CrmError; Results are ok(finite) or an error', () => {
    const big = fc.oneof(
      fc.double({ min: 1e-300, max: 1e308, noNaN: true }),
      fc.constantFrom(1e-300, 1e-30, 1e30, 1e300, 1e308, Number.MAX_VALUE),
      fc.double({ min: 0.05, max: 20, noNaN: true }),
    );
    const customer = fc
      .record({
        x: fc.integer({ min: 0, max: 500 }),
        T: fc.double({ min: 0.5, max: 100, noNaN: true }),
        u: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ x, T, u }) => ({ frequency: x, recency: x === 0 ? 0 : u * T, T }));
    const finiteOrCrmError = (f: () => number): void => {
      try {
        const v = f();
        expect(Number.isFinite(v), String(v)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(CrmError);
      }
    };
    fc.assert(
      fc.property(
        big,
        big,
        big,
        big,
        customer,
        fc.double({ min: 0, max: 200, noNaN: true }),
        (p1, p2, p3, p4, c, t) => {
          const bg = { r: p1, alpha: p2, a: p3, b: p4 };
          const pn = { r: p1, alpha: p2, s: p3, beta: p4 };
          finiteOrCrmError(() => bgNbdExpectedPurchases(bg, t));
          finiteOrCrmError(() => bgNbdConditionalExpectedPurchases(bg, t, c));
          finiteOrCrmError(() => bgNbdProbabilityAlive(bg, c));
          finiteOrCrmError(() => bgNbdPurchaseProbability(bg, c.frequency, t));
          finiteOrCrmError(() => paretoNbdExpectedPurchases(pn, t));
          finiteOrCrmError(() => paretoNbdConditionalExpectedPurchases(pn, t, c));
          finiteOrCrmError(() => paretoNbdProbabilityAlive(pn, c));
          finiteOrCrmError(() =>
            gammaGammaExpectedSpend({ p: p1, q: 1 + p2, v: p3 }, { frequency: c.frequency, monetaryValue: p4 }),
          );
          for (const r of [
            bgNbdLogLikelihood(bg, [c]),
            paretoNbdLogLikelihood(pn, [c]),
            gammaGammaLogLikelihood({ p: p1, q: p2, v: p3 }, [{ frequency: c.frequency, monetaryValue: p4 }]),
          ]) {
            if (r.ok) expect(Number.isFinite(r.value)).toBe(true);
          }
          for (const r of [
            predictBgNbd(bg, { frequency: [c.frequency], recency: [c.recency], T: [c.T] }, { t }),
            predictParetoNbd(pn, { frequency: [c.frequency], recency: [c.recency], T: [c.T] }, { t }),
          ]) {
            if (r.ok) {
              expect(Number.isFinite(r.value.expectedPurchases[0]!)).toBe(true);
              expect(Number.isFinite(r.value.probabilityAlive[0]!)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('pinned counterexamples of the property above', () => {
  it('b so small that b + x − 1 rounds to 0 (seed -465186672): an error Result or a finite value, never a throw', () => {
    const p = { r: 1e-300, alpha: 1e-300, a: 0.05, b: 1e-300 };
    const c = { frequency: 1, recency: 0, T: 0.5 };
    const ll = bgNbdLogLikelihood(p, [c]);
    if (ll.ok) expect(Number.isFinite(ll.value)).toBe(true);
    const pred = predictBgNbd(p, { frequency: [1], recency: [0], T: [0.5] }, { t: 0, purchaseCounts: [1] });
    if (pred.ok) expect(pred.value.purchaseProbabilities[0]!.every(Number.isFinite)).toBe(true);
    // A fit started there steps back instead of throwing.
    const fit = fitBgNbd(
      [
        { frequency: 1, recency: 0, T: 0.5 },
        { frequency: 0, recency: 0, T: 2 },
        { frequency: 3, recency: 1, T: 2 },
        { frequency: 0, recency: 0, T: 1 },
      ],
      { start: { b: 1e-300 } },
    );
    expect(fit.ok || fit.error instanceof CrmError).toBe(true);
  });
});

describe('unbounded size parameters are linear or bounded (issue 12)', () => {
  const input: ExpectedLifetimeValueInput = {
    transactionModel: { model: 'bg_nbd', params: BG },
    spendModel: { params: GG },
    customer: { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
    horizon: 12,
    discountRate: 0.01,
    timeUnit: 'week',
    currency: 'USD',
  };
  it('expectedLifetimeValue refuses a horizon above 1,200 months at once (was 39 s at 1e5, a hang at 2^53)', () => {
    const base = Math.max(
      0.05,
      timed(() => expectedLifetimeValue(input)),
    );
    for (const horizon of [1e5, 2 ** 53]) {
      let error: unknown;
      const ms = timed(() => {
        try {
          expectedLifetimeValue({ ...input, horizon });
        } catch (e) {
          error = e;
          throw e;
        }
      });
      expect(error).toMatchObject({
        code: 'validation_failed',
        issues: [expect.objectContaining({ code: 'too_big' })],
      });
      expect(ms / base).toBeLessThan(50); // a refusal costs no more than a few ordinary calls
    }
    // At the bound it finishes (a Pareto/NBD horizon costs one closed form per month).
    const pn = expectedLifetimeValue({
      ...input,
      transactionModel: { model: 'pareto_nbd', params: PN },
      horizon: 1200,
    });
    expect(Number(pn.amount)).toBeGreaterThan(Number(expectedLifetimeValue(input).amount));
  });
  it('bgNbdPurchaseProbability(n = 2^53) is refused (too_big) at once, and a large n with a short t costs little (was a hang)', () => {
    expect(() => bgNbdPurchaseProbability(BG, 2 ** 53, 39)).toThrow(
      expect.objectContaining({ code: 'validation_failed', issues: [expect.objectContaining({ code: 'too_big' })] }),
    );
    const small = timed(() => bgNbdPurchaseProbability(BG, 10, 39));
    const large = timed(() => bgNbdPurchaseProbability(BG, 10_000_000, 39));
    expect(large / Math.max(small, 0.05)).toBeLessThan(200); // the sum stops once its terms vanish
    expect(bgNbdPurchaseProbability(BG, 10_000_000, 39)).toBeLessThan(1e-6);
  });
  it('simulateParetoNbd with r = 1e7 is refused (too_big) at once instead of drawing ~10¹¹ purchases', () => {
    const options = { customers: 1000, minT: 27, maxT: 39, seed: 1 };
    for (const simulate of [
      () => simulateParetoNbd({ ...PN, r: 1e7 }, options),
      () => simulateBgNbd({ ...BG, r: 1e7 }, options),
    ]) {
      expect(simulate).toThrow(
        expect.objectContaining({ code: 'validation_failed', issues: [expect.objectContaining({ code: 'too_big' })] }),
      );
    }
  });
});

describe('hostile input gives a Result, never a TypeError (issues 11 and 12)', () => {
  const log = [{ id: 'a', at: '1997-01-01', value: '10' }];
  const options = {
    customerId: 'id',
    at: 'at',
    value: 'value',
    observationEnd: '1997-09-30',
    timeUnit: 'week',
  } as const;
  it("rfmSummary with timeUnit '__proto__' is an error (was ok with NaN recency and T)", () => {
    for (const timeUnit of ['__proto__', 'toString', 'constructor'])
      expect(rfmSummary(log, { ...options, timeUnit: timeUnit as 'week' }).ok).toBe(false);
  });
  it('rfmSummary with a cyclic value, a throwing accessor, a throwing toString or deep JSON is an error (was a TypeError)', () => {
    const cyclic: Record<string, unknown> = { id: 'a', at: '1997-01-01' };
    cyclic['value'] = cyclic;
    const cases: [unknown[], unknown][] = [
      [[cyclic], options],
      [
        log,
        {
          ...options,
          value: () => {
            throw new Error('boom');
          },
        },
      ],
      [log, { ...options, customerId: throwing }],
      [[{ id: 'a', at: '1997-01-01', value: throwing }], options],
      [[{ id: 'a', at: deep(5000), value: deep(5000) }], options],
      [log, null],
      [log, { ...options, extra: 1 }],
    ];
    for (const [transactions, o] of cases) {
      const r = rfmSummary(transactions as never, o as never);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toBeInstanceOf(CrmError);
    }
  });
  it('fit*(rows, null) fits with the defaults (was a TypeError)', () => {
    expect(fitBgNbd(rows, null).ok).toBe(true);
    expect(fitParetoNbd(rows.slice(0, 300), null).ok).toBe(true);
    expect(
      fitGammaGamma(
        [
          { frequency: 1, monetaryValue: 3 },
          { frequency: 2, monetaryValue: 5 },
          { frequency: 3, monetaryValue: 4 },
        ],
        null,
      ).ok,
    ).toBe(true);
  });
  it('fit options whose toString throws, unknown keys, bad start keys and deep JSON are validation_failed Results (was a TypeError or ignored)', () => {
    for (const options of [
      { tolerance: throwing },
      { maxIterations: throwing },
      { start: throwing },
      { start: { r: 1, rho: 2 } },
      { tolerence: 1e-8 },
      { onProgress: 3 },
      { signal: {} },
      { start: deep(3000) },
      throwing,
      deep(3000),
    ]) {
      for (const fit of [fitBgNbd, fitParetoNbd, fitGammaGamma] as const) {
        const r = fit(rows as never, options as never);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.error.code).toBe('validation_failed');
      }
    }
  });
  it('rows with deep JSON, throwing toString or sparse holes are validation_failed Results', () => {
    for (const bad of [
      [deep(5000)],
      [{ frequency: throwing, recency: 0, T: 1 }],
      new Array(3),
      [{ frequency: deep(5000), recency: 0, T: 1 }],
      deep(5000),
    ]) {
      for (const r of [
        fitBgNbd(bad as never),
        bgNbdLogLikelihood(BG, bad as never),
        paretoNbdLogLikelihood(PN, bad as never),
        fitGammaGamma(bad as never),
      ]) {
        expect(r.ok).toBe(false);
        expect(!r.ok && r.error.code).toBe('validation_failed');
      }
    }
  });
  it('log-likelihoods answer bad parameters with a Result (they used to throw)', () => {
    for (const r of [
      bgNbdLogLikelihood({ ...BG, r: -1 }, rows),
      paretoNbdLogLikelihood(null as never, rows),
      gammaGammaLogLikelihood({ p: throwing } as never, []),
    ]) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('validation_failed');
    }
  });
  it('unknown keys are refused everywhere: expectedLifetimeValue, simulate*, predict*', () => {
    expect(() =>
      expectedLifetimeValue({
        transactionModel: { model: 'bg_nbd', params: BG },
        spendModel: { params: GG },
        customer: { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
        horizon: 12,
        discountRate: 0.01,
        timeUnit: 'week',
        currency: 'USD',
        horizonUnit: 'month',
      } as never),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'unrecognized_keys' })] }));
    expect(() => simulateBgNbd(BG, { customers: 10, minT: 1, maxT: 2, seed: 1, cohort: 3 } as never)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => simulateBgNbd(BG, { customers: throwing, minT: 1, maxT: 2, seed: 1 } as never)).toThrow(CrmError);
    expect(() => simulateBgNbd(BG, null as never)).toThrow(CrmError);
  });
});

describe('the fitted parameters of real data stay usable', () => {
  it('a fit never returns NaN or Infinity in its parameters, log-likelihood or standard errors', () => {
    const fit = unwrap(fitBgNbd(rows));
    for (const v of [
      ...Object.values(fit.params),
      ...Object.values(fit.standardErrors ?? {}),
      fit.logLikelihood,
      fit.gradientNorm,
    ])
      expect(Number.isFinite(v)).toBe(true);
  });
});
