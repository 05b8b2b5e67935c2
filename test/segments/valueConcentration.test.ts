/**
 * Issue 14: valueConcentration — Lorenz curve, Gini and top share.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { money } from '../../src/money/index.js';
import { valueConcentration } from '../../src/segments/index.js';

const usd = (a: string) => money(a, 'USD');
const rows = (amounts: readonly string[]) => amounts.map((a, i) => ({ customerId: `c${i}`, value: usd(a) }));

describe('valueConcentration', () => {
  it('matches R on a worked vector (Gini as ineq::Gini, Lorenz as cumsum(sort(x))/sum(x))', () => {
    // R 4.x:
    //   x <- sort(c(3.50, 12.00, 0, 7.25, 100.10, 45, 45, 0.99, 12.00, 310.40)); n <- length(x)
    //   G <- 2*sum(x * 1:n)/sum(x) - (n+1); G/n          # 0.71015217066984915
    //   cumsum(x)/sum(x)                                  # the Lorenz values below
    //   p <- 0.75*n; k <- floor(p); f <- p-k; 1 - (sum(x[seq_len(k)]) + f*x[k+1])/sum(x)   # 0.80747426525436372
    const r = unwrap(
      valueConcentration(rows(['3.50', '12.00', '0', '7.25', '100.10', '45', '45', '0.99', '12.00', '310.40']), {
        top: 0.25,
      }),
    );
    expect(r.customers).toBe(10);
    expect(r.total).toEqual(usd('536.24'));
    expect(r.gini).toBeCloseTo(0.71015217066984915, 15);
    expect(r.topShare).toBeCloseTo(0.80747426525436372, 15);
    const R = [
      0, 0, 0.0018461882739072056, 0.0083731165149932875, 0.021893182157243025, 0.044271221840966726,
      0.066649261524690445, 0.15056691033865433, 0.2344845591526182, 0.42115470684768014, 1,
    ];
    expect(r.lorenz.map((p) => p.customers)).toEqual(R.map((_, i) => i / 10));
    r.lorenz.forEach((p, i) => expect(p.value).toBeCloseTo(R[i]!, 15));
  });

  it('gives the 80/20 worked example of its TSDoc', () => {
    const r = unwrap(valueConcentration(rows(['10', '10', '20', '60', '900'])));
    // Σ i·x = 10 + 20 + 60 + 240 + 4500 = 4830; G = 2·4830/(5·1000) − 6/5 = 0.732.
    expect(r.gini).toBe(0.732);
    expect(r.topShare).toBe(0.9);
    expect(r.top).toBe(0.2);
  });

  it('adds up the rows of one customer (a transaction list works as it is)', () => {
    const r = unwrap(
      valueConcentration([
        { customerId: 'a', value: usd('5') },
        { customerId: 'b', value: usd('10') },
        { customerId: 'a', value: usd('5') },
      ]),
    );
    expect(r.customers).toBe(2);
    expect(r.gini).toBe(0);
  });

  it('is defined for no customers and for zero value', () => {
    expect(unwrap(valueConcentration([]))).toEqual({
      customers: 0,
      total: null,
      lorenz: [{ customers: 0, value: 0 }],
      gini: 0,
      top: 0.2,
      topShare: 0,
    });
    const zero = unwrap(valueConcentration(rows(['0', '0', '0', '0'])));
    expect(zero.gini).toBe(0);
    expect(zero.topShare).toBe(0.2);
    expect(zero.lorenz.every((p) => p.value === p.customers)).toBe(true);
  });

  it('samples the curve at `points` evenly spaced shares, and by default past 1,000 customers', () => {
    const r = unwrap(valueConcentration(rows(['1', '2', '3', '4']), { points: 3 }));
    expect(r.lorenz).toEqual([
      { customers: 0, value: 0 },
      { customers: 0.5, value: 0.3 },
      { customers: 1, value: 1 },
    ]);
    const many = unwrap(valueConcentration(rows(Array.from({ length: 2000 }, (_, i) => String(i)))));
    expect(many.lorenz.length).toBe(1001);
  });

  it('refuses bad input with paths', () => {
    const paths = (r: { ok: boolean; error?: { issues: readonly { path: readonly unknown[] }[] } }) =>
      r.ok ? [] : r.error!.issues.map((i) => i.path);
    expect(paths(valueConcentration([{ customerId: 'a', value: usd('-1') }]))).toEqual([[0, 'value', 'amount']]);
    expect(
      paths(
        valueConcentration([
          { customerId: 'a', value: usd('1') },
          { customerId: 'b', value: money('1', 'EUR') },
        ]),
      ),
    ).toEqual([[1, 'value', 'currency']]);
    expect(paths(valueConcentration([{ value: usd('1') } as never]))).toEqual([[0, 'customerId']]);
    expect(paths(valueConcentration([{ customerId: 'a', value: 5 } as never]))).toEqual([[0, 'value']]);
    expect(paths(valueConcentration([null as never]))).toEqual([[0]]);
    expect(paths(valueConcentration('x' as never))).toEqual([['customers']]);
    expect(paths(valueConcentration([], { top: 1 }))).toEqual([['options', 'top']]);
    expect(paths(valueConcentration([], { top: Number.NaN }))).toEqual([['options', 'top']]);
    expect(paths(valueConcentration([], { points: 1 }))).toEqual([['options', 'points']]);
    expect(paths(valueConcentration([], { size: 1 } as never))).toEqual([['options']]);
  });

  it('property: Gini in [0, 1 − 1/n], the curve rises from (0,0) to (1,1) under the diagonal, top share ≥ top', () => {
    const amount = fc.integer({ min: 0, max: 1_000_000 }).map((c) => (c / 100).toFixed(2));
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (amounts, top) => {
          const input = rows(amounts);
          const before = JSON.stringify(input);
          const r = unwrap(valueConcentration(input, { top }));
          const n = amounts.length;
          expect(r.gini).toBeGreaterThanOrEqual(0);
          expect(r.gini).toBeLessThanOrEqual(1 - 1 / n + 1e-12);
          expect(r.lorenz[0]).toEqual({ customers: 0, value: 0 });
          expect(r.lorenz.at(-1)).toEqual({ customers: 1, value: 1 });
          for (let i = 1; i < r.lorenz.length; i++) {
            expect(r.lorenz[i]!.value).toBeGreaterThanOrEqual(r.lorenz[i - 1]!.value);
            expect(r.lorenz[i]!.value).toBeLessThanOrEqual(r.lorenz[i]!.customers + 1e-12);
          }
          expect(r.topShare).toBeGreaterThanOrEqual(top - 1e-12);
          expect(r.topShare).toBeLessThanOrEqual(1);
          expect(JSON.stringify(input)).toBe(before);
          expect(Object.isFrozen(r.lorenz)).toBe(true);
        },
      ),
    );
  });

  it('property: Gini does not depend on the order of the rows, and scaling every value keeps it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 40 }), (cents) => {
        const amounts = cents.map((c) => (c / 100).toFixed(2));
        const a = unwrap(valueConcentration(rows(amounts)));
        const reversed = rows(amounts).reverse();
        const b = unwrap(valueConcentration(reversed));
        const c = unwrap(valueConcentration(rows(cents.map((x) => ((3 * x) / 100).toFixed(2)))));
        expect(b.gini).toBe(a.gini);
        expect(c.gini).toBeCloseTo(a.gini, 14);
      }),
    );
  });
});
