// Issue 18 §1, CLV: the charts reproduce the lifetimes plots a user knows, on CDNOW. Every cell of
// frequencyRecencyMatrix / probabilityAliveMatrix is the value crmkit/clv's public functions give for
// that (frequency, recency, T = maxRecency) — lifetimes' plot_frequency_recency_matrix and
// plot_probability_alive_matrix compute conditional_expected_number_of_purchases_up_to_time(t, f, r,
// max_recency) and conditional_probability_alive on the same grid — and the period-transactions and
// tracking charts equal a direct per-customer sum of the clv functions (BTYD's
// bgnbd.ExpectedCumulativeTransactions).
import { describe, it, expect } from 'vitest';
import {
  frequencyRecencyMatrix,
  periodTransactionsChart,
  probabilityAliveMatrix,
  trackingChart,
} from '../../src/charts/index.js';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
  fitBgNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityAlive,
} from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowSummary } from '../clv/_cdnow.js';
import { data, render } from './_render.js';
import { paretoCdnow } from './_fixtures.js';

const rows = cdnowSummary().map(({ frequency, recency, T }) => ({ frequency, recency, T }));
const fit = unwrap(fitBgNbd(rows));
// lifetimes' defaults: max_frequency = data frequency max, max_recency = int(data T max).
const maxFrequency = Math.max(...rows.map((r) => r.frequency));
const maxRecency = Math.floor(Math.max(...rows.map((r) => r.T)));

type Cell = { frequency: number; recency: number; value: number };
const cells = (spec: unknown): Cell[] => (spec as { data: { values: Cell[] } }).data.values;

describe('frequencyRecencyMatrix and probabilityAliveMatrix on CDNOW', () => {
  it('uses lifetimes’ grid: 30 frequencies × 39 recencies, recency 0 at the top', () => {
    expect([maxFrequency, maxRecency]).toEqual([29, 38]);
    const spec = unwrap(frequencyRecencyMatrix(fit, { maxFrequency, maxRecency }));
    expect(cells(spec)).toHaveLength(30 * 39);
    expect(JSON.stringify(spec)).toContain('"reverse":true');
    expect(spec['title']).toEqual([
      'Expected Number of Future Purchases for 1 Unit of Time,',
      'by Frequency and Recency of a Customer',
    ]);
  });

  it('every cell of the expected-purchases matrix is bgNbdConditionalExpectedPurchases (t = 1 and t = 4)', () => {
    for (const t of [1, 4]) {
      const spec = unwrap(frequencyRecencyMatrix(fit, { maxFrequency, maxRecency, t }));
      for (const c of cells(spec)) {
        // An impossible cell (x = 0, recency > 0), which lifetimes computes too: for the BG/NBD P(alive) is 1
        // at x = 0, so its value is that of recency 0.
        const recency = c.frequency === 0 ? 0 : c.recency;
        const want = bgNbdConditionalExpectedPurchases(fit.params, t, {
          frequency: c.frequency,
          recency,
          T: maxRecency,
        });
        expect(c.value).toBe(want);
      }
    }
  });

  it('every cell of the P(alive) matrix is bgNbdProbabilityAlive; bottom right is the best customer', async () => {
    const spec = unwrap(probabilityAliveMatrix(fit, { maxFrequency, maxRecency }));
    for (const c of cells(spec)) {
      const recency = c.frequency === 0 ? 0 : c.recency;
      expect(c.value).toBe(bgNbdProbabilityAlive(fit.params, { frequency: c.frequency, recency, T: maxRecency }));
    }
    const at = (f: number, r: number) => cells(spec).find((c) => c.frequency === f && c.recency === r)!.value;
    expect(at(29, 38)).toBeGreaterThan(0.97);
    expect(at(29, 10)).toBeLessThan(1e-6); // frequent, then silent for 28 weeks: gone
    const out = await render(spec);
    expect(out.warnings).toEqual([]);
    expect(data(out, 'rect')).toHaveLength(30 * 39);
  });

  it('works for the Pareto/NBD too (paretoNbdProbabilityAlive, paretoNbdConditionalExpectedPurchases)', () => {
    const alive = cells(unwrap(probabilityAliveMatrix(paretoCdnow, { maxFrequency: 5, maxRecency: 38 })));
    const expected = cells(unwrap(frequencyRecencyMatrix(paretoCdnow, { maxFrequency: 5, maxRecency: 38, t: 2 })));
    for (const [i, c] of alive.entries()) {
      if (c.frequency === 0 && c.recency > 0) continue; // not a customer the clv functions accept
      const customer = { frequency: c.frequency, recency: c.recency, T: 38 };
      expect(c.value).toBe(paretoNbdProbabilityAlive(paretoCdnow.params, customer));
      expect(expected[i]!.value).toBe(paretoNbdConditionalExpectedPurchases(paretoCdnow.params, 2, customer));
    }
  });
});

describe('periodTransactionsChart on CDNOW', () => {
  it('Actual counts the customers; Model is Σᵢ P(X(Tᵢ) = k), as a direct sum of bgNbdPurchaseProbability', () => {
    const spec = unwrap(periodTransactionsChart(fit, rows));
    const values = (spec['data'] as { values: { frequency: number; series: string; customers: number }[] }).values;
    for (let k = 0; k < 7; k++) {
      const actual = values.find((v) => v.frequency === k && v.series === 'Actual')!.customers;
      const model = values.find((v) => v.frequency === k && v.series === 'Model')!.customers;
      expect(actual).toBe(rows.filter((r) => r.frequency === k).length);
      let direct = 0;
      for (const r of rows) direct += bgNbdPurchaseProbability(fit.params, k, r.T);
      expect(Math.abs(model - direct)).toBeLessThan(1e-9 * direct);
    }
    expect(values[0]!.customers).toBe(1411); // the README: 1,411 customers have x = 0
  });
});

describe('trackingChart on CDNOW', () => {
  const weekly = Array.from({ length: 78 }, (_, k) => (k * 37) % 90);

  it('Model is BTYD’s expected cumulative transactions: Σᵢ E[X(τ − sᵢ)] over customers born by τ', () => {
    const spec = unwrap(trackingChart(fit, rows, weekly));
    const model = (
      spec['layer'] as { data: { values: { series: string; time: number; transactions: number }[] } }[]
    )[0]!.data.values.filter((v) => v.series === 'Model');
    const maxT = Math.max(...rows.map((r) => r.T));
    for (const tau of [1, 10, 39, 50, 78]) {
      let direct = 0;
      for (const r of rows) {
        const birth = maxT - r.T;
        if (birth <= tau) direct += bgNbdExpectedPurchases(fit.params, tau - birth);
      }
      const got = model.find((v) => v.time === tau)!.transactions;
      expect(Math.abs(got - direct)).toBeLessThan(1e-9 * Math.max(1, direct));
    }
    // The calibration end is max T (38.86 weeks).
    expect(JSON.stringify(spec)).toContain(`"time":${maxT}`);
  });

  it('incremental is the differences of cumulative; actual is as given', () => {
    const cum = unwrap(trackingChart(fit, rows, weekly));
    const inc = unwrap(trackingChart(fit, rows, weekly, { kind: 'incremental' }));
    type V = { series: string; transactions: number };
    const of = (s: unknown, series: string) =>
      (s as { layer: { data: { values: V[] } }[] }).layer[0]!.data.values.filter((v) => v.series === series).map(
        (v) => v.transactions,
      );
    const c = of(cum, 'Model');
    const i = of(inc, 'Model');
    i.forEach((v, k) => expect(v).toBeCloseTo(c[k]! - (k === 0 ? 0 : c[k - 1]!), 9));
    expect(of(inc, 'Actual')).toEqual(weekly);
    expect(of(cum, 'Actual').at(-1)).toBe(weekly.reduce((a, b) => a + b, 0));
  });

  it('refuses bad actual counts and customers', () => {
    expect(trackingChart(fit, rows, []).ok).toBe(false);
    expect(trackingChart(fit, rows, [1, -1]).ok).toBe(false);
    const r = trackingChart(fit, [{ frequency: 0, recency: 3, T: 5 }], [1]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]!.path).toEqual(['customers', 0, 'recency']);
  });
});
