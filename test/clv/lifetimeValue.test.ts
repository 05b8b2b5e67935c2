import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  bgNbdConditionalExpectedPurchases,
  expectedLifetimeValue,
  gammaGammaExpectedSpend,
  paretoNbdConditionalExpectedPurchases,
  type LifetimeValueInput,
} from '../../src/clv/index.js';

const bg = { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
const pn = { model: 'pareto_nbd', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as const;
const spend = { params: { p: 6.25, q: 3.74, v: 15.44 } };
const customer = { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };
const input: LifetimeValueInput = {
  transactionModel: bg,
  spendModel: spend,
  customer,
  horizon: 12,
  discountRate: 0.01,
  timeUnit: 'week',
  currency: 'USD',
};
const amount = (i: Partial<LifetimeValueInput>): number => Number(expectedLifetimeValue({ ...input, ...i }).amount);

describe('expectedLifetimeValue', () => {
  it('without discounting, both conventions give spend × expected purchases over the horizon', () => {
    const want =
      gammaGammaExpectedSpend(spend.params, customer) *
      bgNbdConditionalExpectedPurchases(bg.params, 12 * 4.345, customer);
    expect(amount({ discountRate: 0 })).toBeCloseTo(want, 2);
    expect(amount({ discountRate: 0, discounting: 'continuous' })).toBeCloseTo(want, 2);
    const wantPn =
      gammaGammaExpectedSpend(spend.params, customer) *
      paretoNbdConditionalExpectedPurchases(pn.params, 12 * 30, customer);
    expect(amount({ transactionModel: pn, discountRate: 0, timeUnit: 'day' })).toBeCloseTo(wantPn, 2);
  });
  it('returns Money rounded half-even to the currency’s minor units', () => {
    expect(expectedLifetimeValue(input).amount).toMatch(/^\d+\.\d{2}$/);
    expect(expectedLifetimeValue({ ...input, currency: 'JPY' }).amount).toMatch(/^\d+$/);
    expect(expectedLifetimeValue({ ...input, currency: 'KWD' }).amount).toMatch(/^\d+\.\d{3}$/);
  });
  it('falls as the discount rate rises, scales with the margin, and continuous discounting values purchases earlier (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        (d, margin) => {
          const a = amount({ discountRate: d });
          const b = amount({ discountRate: d + 0.02 });
          const m = amount({ discountRate: d, margin });
          const cont = amount({ discountRate: d, discounting: 'continuous' });
          return b <= a && Math.abs(m - a * margin) <= 0.011 && cont >= a - 0.01;
        },
      ),
      { numRuns: 40 },
    );
  });
  it('refuses bad input with validation_failed', () => {
    for (const bad of [
      { discountRate: -0.1 },
      { margin: 1.5 },
      { horizon: 0 },
      { horizon: 2.5 },
      { currency: 'XXX1' as 'USD' },
      { timeUnit: 'year' as 'week' },
      { transactionModel: { model: 'x' } as unknown as typeof bg },
    ]) {
      expect(() => expectedLifetimeValue({ ...input, ...bad })).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    }
    expect(amount({ horizon: 2.5, discounting: 'continuous' })).toBeGreaterThan(0);
  });
});
