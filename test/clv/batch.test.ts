/**
 * The batch predictions over columns against the per-customer functions (issue 20: equal to 1e-12
 * relative on random parameters and RFM rows, including x = 0, T = recency and x up to 10,000). Both
 * use the same kernels, so they agree bit for bit; the properties assert the issue's bound.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bgParams, pnParams, spendParams } from './_modelParams.js';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdConditionalPurchaseProbability,
  bgNbdProbabilityAlive,
  expectedLifetimeValue,
  gammaGammaExpectedSpend,
  lifetimeValues,
  lifetimeValuesAsMoney,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdConditionalPurchaseProbability,
  paretoNbdProbabilityAlive,
  predictBgNbd,
  predictGammaGamma,
  predictParetoNbd,
  type TransactionModel,
} from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';

const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

interface Customer {
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}
// x = 0, small x, and heavy buyers up to 10,000; recency = T (bought on the last day) one time in four.
const customer: fc.Arbitrary<Customer> = fc
  .record({
    frequency: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 31, max: 10_000 })),
    T: fc.double({ min: 0.5, max: 100, noNaN: true }),
    u: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    m: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 500, noNaN: true })),
  })
  .map(({ frequency, T, u, m }) => ({
    frequency,
    T,
    recency: frequency === 0 ? 0 : u * T,
    monetaryValue: frequency === 0 ? 0 : m,
  }));
const customers = fc.array(customer, { minLength: 1, maxLength: 12 });

function columns(cs: readonly Customer[]): {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
} {
  return {
    frequency: Float64Array.from(cs, (c) => c.frequency),
    recency: Float64Array.from(cs, (c) => c.recency),
    T: Float64Array.from(cs, (c) => c.T),
    monetaryValue: Float64Array.from(cs, (c) => c.monetaryValue),
  };
}
const rfm = (cs: readonly Customer[]) => {
  const { frequency, recency, T } = columns(cs);
  return { frequency, recency, T };
};

describe('batch predictions equal the per-customer functions', () => {
  it('predictBgNbd: E[Y(t)], P(alive) and P(Y(t) = n) (property)', () => {
    fc.assert(
      fc.property(bgParams, customers, fc.double({ min: 0, max: 104, noNaN: true }), (p, cs, t) => {
        // The same customers twice over: the second pass reads the cache.
        const twice = [...cs, ...cs];
        const out = unwrap(predictBgNbd(p, rfm(twice), { t, purchaseCounts: [0, 2] }));
        twice.forEach((c, i) => {
          expect(rel(out.expectedPurchases[i]!, bgNbdConditionalExpectedPurchases(p, t, c))).toBeLessThanOrEqual(1e-12);
          expect(rel(out.probabilityAlive[i]!, bgNbdProbabilityAlive(p, c))).toBeLessThanOrEqual(1e-12);
          if (c.frequency <= 200) {
            for (const [j, n] of [0, 2].entries())
              expect(
                rel(out.purchaseProbabilities[j]![i]!, bgNbdConditionalPurchaseProbability(p, n, t, c)),
              ).toBeLessThanOrEqual(1e-12);
          }
        });
      }),
      { numRuns: 60 },
    );
  });
  it('predictParetoNbd: E[Y(t)], P(alive) and P(Y(t) = 0) (property)', () => {
    fc.assert(
      fc.property(pnParams, customers, fc.double({ min: 0, max: 104, noNaN: true }), (p, cs, t) => {
        const twice = [...cs, ...cs];
        const few = cs.filter((c) => c.frequency <= 30);
        const out = unwrap(predictParetoNbd(p, rfm(twice), { t }));
        twice.forEach((c, i) => {
          expect(rel(out.expectedPurchases[i]!, paretoNbdConditionalExpectedPurchases(p, t, c))).toBeLessThanOrEqual(
            1e-12,
          );
          expect(rel(out.probabilityAlive[i]!, paretoNbdProbabilityAlive(p, c))).toBeLessThanOrEqual(1e-12);
        });
        const withPmf = unwrap(predictParetoNbd(p, rfm(few), { t, purchaseCounts: [0] }));
        few.forEach((c, i) =>
          expect(
            rel(withPmf.purchaseProbabilities[0]![i]!, paretoNbdConditionalPurchaseProbability(p, 0, t, c)),
          ).toBeLessThanOrEqual(1e-12),
        );
      }),
      { numRuns: 40 },
    );
  });
  it('predictGammaGamma: expected spend (property)', () => {
    fc.assert(
      fc.property(spendParams, customers, (p, cs) => {
        const { frequency, monetaryValue } = columns(cs);
        const out = unwrap(predictGammaGamma(p, { frequency, monetaryValue }));
        cs.forEach((c, i) => expect(rel(out[i]!, gammaGammaExpectedSpend(p, c))).toBeLessThanOrEqual(1e-12));
      }),
      { numRuns: 60 },
    );
  });
  it('lifetimeValues and lifetimeValuesAsMoney: the Money is expectedLifetimeValue’s, the number its factors’ product (property)', () => {
    const model = fc.oneof(
      bgParams.map((params): TransactionModel => ({ model: 'bg_nbd', params })),
      pnParams.map((params): TransactionModel => ({ model: 'pareto_nbd', params })),
    );
    fc.assert(
      fc.property(
        model,
        spendParams,
        fc.array(
          customer.filter((c) => c.frequency <= 300),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 24 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        fc.constantFrom('monthly' as const, 'continuous' as const),
        (transactionModel, params, cs, horizon, discountRate, timeUnit, discounting) => {
          const spendModel = { params };
          const options = { horizon, discountRate, timeUnit, discounting, margin: 0.8 };
          const values = unwrap(lifetimeValues(transactionModel, spendModel, columns(cs), options));
          const money = unwrap(
            lifetimeValuesAsMoney(transactionModel, spendModel, columns(cs), { ...options, currency: 'USD' }),
          );
          cs.forEach((c, i) => {
            const one = expectedLifetimeValue({
              transactionModel,
              spendModel,
              customer: c,
              currency: 'USD',
              ...options,
            });
            expect(money[i]).toEqual(one);
            // The float is the binary64 product of the factors the Money rounds exactly: within half a cent
            // plus its own rounding.
            expect(Math.abs(values[i]! - Number(one.amount))).toBeLessThanOrEqual(0.005 + 1e-12 * values[i]!);
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('batch predictions: input', () => {
  const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const cols = { frequency: [2, 0, 5], recency: [30.43, 0, 6.86], T: [38.86, 38.86, 38] };
  it('plain arrays and typed arrays give the same numbers; a Float64Array is read in place, never changed', () => {
    const typed = {
      frequency: Float64Array.from(cols.frequency),
      recency: Float64Array.from(cols.recency),
      T: Float64Array.from(cols.T),
    };
    const before = Array.from(typed.recency);
    const a = unwrap(predictBgNbd(BG, cols, { t: 39 }));
    const b = unwrap(predictBgNbd(BG, typed, { t: 39 }));
    const c = unwrap(predictBgNbd(BG, { ...cols, frequency: Int32Array.from(cols.frequency) as never }, { t: 39 }));
    expect(Array.from(a.expectedPurchases)).toEqual(Array.from(b.expectedPurchases));
    expect(Array.from(c.probabilityAlive)).toEqual(Array.from(b.probabilityAlive));
    expect(Array.from(typed.recency)).toEqual(before);
    expect(a.expectedPurchases[0]).toBeCloseTo(1.226, 3); // FHL 2005, p. 279
    expect(Object.isFrozen(a)).toBe(true);
  });
  it('empty columns give empty arrays', () => {
    const r = unwrap(
      predictParetoNbd({ r: 1, alpha: 1, s: 1, beta: 1 }, { frequency: [], recency: [], T: [] }, { t: 1 }),
    );
    expect(r.expectedPurchases.length).toBe(0);
    expect(unwrap(predictGammaGamma({ p: 1, q: 2, v: 1 }, { frequency: [], monetaryValue: [] })).length).toBe(0);
  });
  it('refuses bad columns by column and position, mismatched lengths, unknown keys and bad options, as Results', () => {
    const bad = predictBgNbd(BG, { frequency: [2, -1, 1.5], recency: [1, 0, 9], T: [38, 3, 4] }, { t: 39 });
    expect(!bad.ok && bad.error.issues.map((i) => i.path)).toEqual([
      ['columns', 'frequency', 1],
      ['columns', 'frequency', 2],
      ['columns', 'recency', 2],
    ]);
    const mismatch = predictBgNbd(BG, { frequency: [1], recency: [1, 2], T: [3] }, { t: 1 });
    expect(!mismatch.ok && mismatch.error.issues[0]!.code).toBe('length_mismatch');
    const unknown = predictBgNbd(BG, cols, { t: 1, horizon: 3 } as never);
    expect(!unknown.ok && unknown.error.issues[0]!.code).toBe('unrecognized_keys');
    for (const options of [null, undefined, { t: -1 }, { t: 1, purchaseCounts: [1.5] }, { t: Number.NaN }]) {
      const r = predictBgNbd(BG, cols, options as never);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('validation_failed');
    }
    const params = predictParetoNbd({ r: 0, alpha: 1, s: 1, beta: 1 }, cols, { t: 1 });
    expect(!params.ok && params.error.issues[0]!.path).toEqual(['params', 'r']);
    const nan = predictGammaGamma(
      { p: 1, q: 2, v: 1 },
      { frequency: new Float64Array([1, 2]), monetaryValue: new Float64Array([3, Number.NaN]) },
    );
    expect(!nan.ok && nan.error.issues.map((i) => i.path)).toEqual([['columns', 'monetaryValue', 1]]);
    const q = predictGammaGamma({ p: 1, q: 1, v: 1 }, { frequency: [1], monetaryValue: [3] });
    expect(!q.ok && q.error.issues[0]!.code).toBe('too_small');
    const lv = lifetimeValues(
      { model: 'bg_nbd', params: BG },
      { params: { p: 6.25, q: 3.74, v: 15.44 } },
      { ...cols, monetaryValue: [1, 0, -2] },
      { horizon: 12, discountRate: 0.01, timeUnit: 'week', extra: 1 } as never,
    );
    expect(!lv.ok && lv.error.issues.map((i) => i.code)).toEqual(['unrecognized_keys', 'invalid_number']);
  });
});

describe('conditional purchase probabilities', () => {
  it('sum to 1 over n and have E[Y(t) | x, tₓ, T] as their mean (BG/NBD and Pareto/NBD)', () => {
    const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const PN = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    for (const c of [
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 5, recency: 6.86, T: 38 },
    ]) {
      const counts = Array.from({ length: 32 }, (_, n) => n);
      const bg = unwrap(predictBgNbd(BG, rfm([{ ...c, monetaryValue: 0 }]), { t: 39, purchaseCounts: counts }));
      const pn = unwrap(predictParetoNbd(PN, rfm([{ ...c, monetaryValue: 0 }]), { t: 39, purchaseCounts: counts }));
      for (const out of [bg, pn]) {
        const p = out.purchaseProbabilities.map((a) => a[0]!);
        expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
        expect(p.reduce((s, v, n) => s + n * v, 0)).toBeCloseTo(out.expectedPurchases[0]!, 4);
      }
    }
  });
});
