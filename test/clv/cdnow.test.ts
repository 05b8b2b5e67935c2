/**
 * Validation against published results on CDNOW (2,357 customers of the 1997 Q1 cohort, weeks).
 * Sources: Fader, Hardie & Lee (2005a) "Counting Your Customers the Easy Way", Marketing Science
 * 24(2) — BG/NBD and Pareto/NBD estimates and the 1.226 example; Fader & Hardie (2013) "The
 * Gamma-Gamma Model of Monetary Value" — p, q, γ; lifetimes (Davidson-Pilon) README and docs —
 * standard errors of BetaGeoFitter and customer_lifetime_value output on the same files.
 */
import { describe, it, expect } from 'vitest';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdLogLikelihood,
  expectedLifetimeValue,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  paretoNbdLogLikelihood,
  rfmSummary,
} from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowSample, cdnowSummary, cdnowWithSpend } from './_cdnow.js';

const within = (got: number, want: number, relTol: number): void =>
  expect(Math.abs(got / want - 1)).toBeLessThan(relTol);

describe('CDNOW: BG/NBD (Fader, Hardie & Lee 2005)', () => {
  const fit = unwrap(fitBgNbd(cdnowSummary()));
  it('fits r = 0.243, α = 4.414, a = 0.793, b = 2.426 within 0.5%', () => {
    expect(fit.converged).toBe(true);
    within(fit.params.r, 0.243, 0.005);
    within(fit.params.alpha, 4.414, 0.005);
    within(fit.params.a, 0.793, 0.005);
    within(fit.params.b, 2.426, 0.005);
  });
  it('reaches log-likelihood −9582.4 within 0.1, and reports it as the full sum', () => {
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
    expect(unwrap(bgNbdLogLikelihood(fit.params, cdnowSummary()))).toBeCloseTo(fit.logLikelihood, 8);
    expect(fit.customers).toBe(2357);
    expect(fit.groups).toBeLessThan(2357); // identical (x, tₓ, T) rows were grouped
  });
  it('is a maximum: moving any parameter by ±0.5% lowers the log-likelihood', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      for (const f of [0.995, 1.005]) {
        expect(unwrap(bgNbdLogLikelihood({ ...fit.params, [k]: fit.params[k] * f }, cdnowSummary()))).toBeLessThan(
          fit.logLikelihood,
        );
      }
    }
  });
  it('has the standard errors lifetimes reports (0.012557, 0.378221, 0.185719, 0.705345)', () => {
    const se = fit.standardErrors!;
    within(se.r, 0.012557, 2e-3);
    within(se.alpha, 0.378221, 2e-3);
    within(se.a, 0.185719, 2e-3);
    within(se.b, 0.705345, 2e-3);
  });
  it('expects 1.226 repeat purchases in 39 weeks for x = 2, tₓ = 30.43, T = 38.86 at the published parameters', () => {
    const v = bgNbdConditionalExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, {
      frequency: 2,
      recency: 30.43,
      T: 38.86,
    });
    expect(v).toBeCloseTo(1.226, 3);
  });
});

describe('CDNOW: Pareto/NBD (Fader, Hardie & Lee 2005)', () => {
  const fit = unwrap(fitParetoNbd(cdnowSummary()));
  it('fits r = 0.553, α = 10.578, s = 0.606, β = 11.669 within 0.5% and LL −9595.0 within 0.1', () => {
    expect(fit.converged).toBe(true);
    within(fit.params.r, 0.553, 0.005);
    within(fit.params.alpha, 10.578, 0.005);
    within(fit.params.s, 0.606, 0.005);
    within(fit.params.beta, 11.669, 0.005);
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.1);
  });
  it('is a maximum: moving any parameter by ±0.5% lowers the log-likelihood', () => {
    for (const k of ['r', 'alpha', 's', 'beta'] as const) {
      for (const f of [0.995, 1.005]) {
        expect(unwrap(paretoNbdLogLikelihood({ ...fit.params, [k]: fit.params[k] * f }, cdnowSummary()))).toBeLessThan(
          fit.logLikelihood,
        );
      }
    }
  });
  it('gives LL −9595.0 at the published parameters too', () => {
    expect(
      Math.abs(
        unwrap(paretoNbdLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, cdnowSummary())) - -9595.0,
      ),
    ).toBeLessThan(0.1);
  });
});

describe('CDNOW: Gamma-Gamma (Fader & Hardie 2013)', () => {
  const fit = unwrap(fitGammaGamma(cdnowWithSpend()));
  it('fits p = 6.25, q = 3.74, γ = 15.44 within 0.5% on the 946 repeat buyers', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    expect(fit.skipped).toBe(1411);
    within(fit.params.p, 6.25, 0.005);
    within(fit.params.q, 3.74, 0.005);
    within(fit.params.v, 15.44, 0.005);
  });
});

describe('CDNOW: lifetime value as lifetimes computes it', () => {
  // lifetimes docs ("Estimating customer lifetime value using the Gamma-Gamma model"): bgf and ggf fitted
  // on this file, customer_lifetime_value(time=12, discount_rate=0.01) with its default freq='D' prints
  // 140.096218, 18.943466, 38.180575 for customers 1–3. freq='D' means months of 30 model units.
  const rows = cdnowWithSpend();
  const bg = unwrap(fitBgNbd(rows));
  const gg = unwrap(fitGammaGamma(rows));
  it.each([
    [0, '140.10'],
    [1, '18.94'],
    [2, '38.18'],
  ])('customer %i: %s USD', (i, amount) => {
    const clv = expectedLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customer: rows[i]!,
      horizon: 12,
      discountRate: 0.01,
      timeUnit: 'day',
      currency: 'USD',
    });
    expect(clv).toEqual({ amount, currency: 'USD' });
  });
});

describe('CDNOW: rfmSummary on CDNOW_sample.txt', () => {
  const result = rfmSummary(cdnowSample(), {
    customerId: 'id',
    at: 'date',
    value: 'value',
    observationEnd: '1998-06-30',
    calibrationEnd: '1997-09-30',
    timeUnit: 'week',
  });
  const summary = unwrap(result);
  const byId = new Map(summary.map((c) => [c.customerId, c]));
  it('reproduces frequency, recency, T and mean repeat spend of every customer (to the file’s 2-decimal rounding)', () => {
    const expected = cdnowWithSpend();
    expect(summary.length).toBe(expected.length);
    const mismatches = expected.filter((e) => {
      const c = byId.get(String(e.id));
      return (
        !c ||
        c.frequency !== e.frequency ||
        Math.abs(c.recency - e.recency) > 0.005 + 1e-9 ||
        Math.abs(c.T - e.T) > 0.005 + 1e-9 ||
        Math.abs(c.monetaryValue - e.monetaryValue) > 0.005 + 1e-9
      );
    });
    expect(mismatches).toEqual([]);
  });
  it('counts holdout purchases over the 39 holdout weeks', () => {
    expect(byId.get('1')).toMatchObject({
      frequency: 2,
      frequencyHoldout: 1,
      monetaryValueHoldout: 26.48,
      durationHoldout: 39,
    });
    const total = summary.reduce((n, c) => n + c.frequencyHoldout!, 0);
    expect(total).toBeGreaterThan(0);
  });
  it('fits the same BG/NBD from its own summary as from the published file', () => {
    const fit = unwrap(fitBgNbd(summary));
    within(fit.params.r, 0.243, 0.005);
    within(fit.params.b, 2.426, 0.005);
  });
});
