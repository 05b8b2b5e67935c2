/**
 * Zero-value transactions (issue 11 §6). The full CDNOW master file (23,570 customers) holds 80
 * transactions worth $0.00; one customer's repeat purchases are all worth 0, so his mean repeat spend is
 * 0, outside the Gamma-Gamma model (spend is Gamma, hence positive). Before, `fitGammaGamma` refused the
 * whole fit for him and `expectedLifetimeValue` threw. Now the fit uses the customers with a positive mean
 * spend, as Fader & Hardie (2013) and Fader, Hardie & Lee (2005, "RFM and CLV") fit on the repeat buyers'
 * positive spend, names who was left out, and every customer gets a documented value.
 */
import { describe, it, expect } from 'vitest';
import {
  expectedLifetimeValue,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedSpend,
  lifetimeValues,
  lifetimeValuesAsMoney,
  rfmSummary,
} from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowMaster } from './_cdnow.js';

describe('CDNOW master file: zero-value transactions', () => {
  const transactions = cdnowMaster();
  const customers = unwrap(
    rfmSummary(transactions, {
      customerId: 'id',
      at: 'date',
      value: 'value',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
    }),
  );
  const zero = customers.map((c, i) => [c, i] as const).filter(([c]) => c.frequency > 0 && c.monetaryValue === 0);

  it('has 80 zero-value transactions and one repeat buyer whose repeat purchases are all worth 0', () => {
    expect(transactions.length).toBe(69_659);
    expect(transactions.filter((t) => Number(t.value) === 0).length).toBe(80);
    expect(customers.length).toBe(23_570);
    expect(zero.length).toBe(1);
  });
  it('fitGammaGamma fits the others and reports who was left out (it refused the whole fit before)', () => {
    const fit = unwrap(fitGammaGamma(customers));
    expect(fit.converged).toBe(true);
    expect(fit.zeroSpend).toBe(1);
    expect(fit.zeroSpendIndices).toEqual(zero.map(([, i]) => i));
    expect(fit.customers).toBe(customers.filter((c) => c.frequency > 0).length - 1);
    // Leaving him out is exactly fitting without him.
    const without = unwrap(fitGammaGamma(customers.filter((c) => !(c.frequency > 0 && c.monetaryValue === 0))));
    expect(fit.params).toEqual(without.params);
    expect(fit.logLikelihood).toBe(without.logLikelihood);
  });
  it('every customer gets a value: the zero-spend customer the documented γp/(px + q − 1), not an exception', () => {
    const bg = unwrap(fitBgNbd(customers));
    const gg = unwrap(fitGammaGamma(customers));
    const [c] = zero[0]!;
    const { p, q, v } = gg.params;
    expect(gammaGammaExpectedSpend(gg.params, c)).toBeCloseTo((v * p) / (p * c.frequency + q - 1), 12);
    const one = expectedLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customer: c,
      horizon: 12,
      discountRate: 0.01,
      timeUnit: 'week',
      currency: 'USD',
    });
    expect(Number(one.amount)).toBeGreaterThanOrEqual(0);
    const columns = {
      frequency: customers.map((x) => x.frequency),
      recency: customers.map((x) => x.recency),
      T: customers.map((x) => x.T),
      monetaryValue: customers.map((x) => x.monetaryValue),
    };
    const options = { horizon: 12, discountRate: 0.01, timeUnit: 'week' } as const;
    const values = unwrap(lifetimeValues(bg, gg, columns, options));
    expect(values.length).toBe(23_570);
    expect(values.every(Number.isFinite)).toBe(true);
    const money = unwrap(lifetimeValuesAsMoney(bg, gg, columns, { ...options, currency: 'USD' }));
    expect(money[zero[0]![1]]).toEqual(one);
  });
});
