import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  averageRevenuePerCustomer,
  cacPaybackPeriods,
  customerAcquisitionCost,
  customerLifetimeValue,
  customerRetentionCost,
  historicalCustomerValue,
  ltvToCac,
  createArpuAccumulator,
  arpuAccumulatorFromJSON,
  createHistoricalValueAccumulator,
  historicalValueAccumulatorFromJSON,
  type ValueTransaction,
} from '../../src/metrics/index.js';
import { money } from '../../src/money/money.js';
import { expectInvalid, value } from './_helpers.js';

const usd = (a: string) => money(a, 'USD');

describe('customerLifetimeValue', () => {
  it('simple: ARPU × margin / churn (Skok, SaaS Metrics 2.0: 100 × 0.8 / 0.05 = 1600)', () => {
    const r = value(customerLifetimeValue({ arpu: usd('100'), grossMargin: 0.8, churnRate: 0.05 }));
    expect(r.value).toEqual(usd('1600'));
    expect(r.expectedLifetimePeriods).toBe(20);
  });
  it('Gupta & Lehmann (2003): m·r/(1 + i − r); m = 100, r = 0.9, i = 0.1 ⇒ 450', () => {
    expect(
      value(
        customerLifetimeValue({ arpu: usd('100'), grossMargin: 1, churnRate: 0.1, discountRate: 0.1, timing: 'end' }),
      ).value,
    ).toEqual(usd('450'));
  });
  it('start timing with discounting: m(1 + d)/(c + d) = 100 × 1.1 / 0.2 = 550', () => {
    expect(
      value(customerLifetimeValue({ arpu: usd('100'), grossMargin: 1, churnRate: 0.1, discountRate: 0.1 })).value,
    ).toEqual(usd('550'));
  });
  it('finite horizon sums the geometric series exactly (3 periods, r = 0.5: 100 × (1 + 0.5 + 0.25) = 175)', () => {
    const r = value(customerLifetimeValue({ arpu: usd('100'), grossMargin: '1', churnRate: '0.5', horizonPeriods: 3 }));
    expect(r.value).toEqual(usd('175'));
    expect(r.expectedLifetimePeriods).toBe(1.75);
    expect(
      value(customerLifetimeValue({ arpu: usd('10'), grossMargin: 1, churnRate: 0, horizonPeriods: 12 })).value,
    ).toEqual(usd('120'));
  });
  it('rounds half-even to minor units and keeps the exact amount (100/3)', () => {
    const r = value(customerLifetimeValue({ arpu: usd('10'), grossMargin: 1, churnRate: 0.3 }));
    expect(r.value).toEqual(usd('33.33'));
    expect(r.exactAmount.startsWith('33.3333333333')).toBe(true);
  });
  it('bad input', () => {
    expect(
      expectInvalid(customerLifetimeValue({ arpu: usd('10'), grossMargin: 1, churnRate: 0 }), ['churnRate']),
    ).toMatch(/infinite/);
    expectInvalid(customerLifetimeValue({ arpu: usd('-10'), grossMargin: 1, churnRate: 0.1 }), ['arpu', 'amount']);
    expectInvalid(customerLifetimeValue({ arpu: usd('10'), grossMargin: 1.2, churnRate: 0.1 }), ['grossMargin']);
    expectInvalid(customerLifetimeValue({ arpu: usd('10'), grossMargin: 1, churnRate: 0.1, horizonPeriods: 2.5 }), [
      'horizonPeriods',
    ]);
    expectInvalid(
      customerLifetimeValue({ arpu: { amount: 10, currency: 'USD' } as never, grossMargin: 1, churnRate: 0.1 }),
      ['arpu'],
    );
  });
  it('properties: finite horizon ≤ unbounded value, and grows with the horizon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 60 }),
        (cents, churnPct, discPct, T) => {
          const base = {
            arpu: money(cents, 'USD'),
            grossMargin: '0.7',
            churnRate: churnPct / 100,
            discountRate: discPct / 100,
          };
          const inf = Number(value(customerLifetimeValue(base)).exactAmount);
          const fin = Number(value(customerLifetimeValue({ ...base, horizonPeriods: T })).exactAmount);
          const fin2 = Number(value(customerLifetimeValue({ ...base, horizonPeriods: T + 1 })).exactAmount);
          expect(fin).toBeLessThanOrEqual(inf * (1 + 1e-12));
          expect(fin2).toBeGreaterThanOrEqual(fin);
        },
      ),
    );
  });
});

describe('CAC, LTV:CAC, payback, ARPU, historical value', () => {
  it('worked values', () => {
    expect(value(customerAcquisitionCost({ spend: usd('5000'), newCustomers: 25 })).cac).toEqual(usd('200'));
    expect(value(ltvToCac(usd('1600'), usd('400')))).toEqual({ ratio: 4, healthy: true });
    expect(value(cacPaybackPeriods({ cac: usd('1200'), arpu: usd('100'), grossMargin: 0.8 })).periods).toBe(15);
    expect(value(averageRevenuePerCustomer({ revenue: usd('1000'), customers: 3 })).arpu).toEqual(usd('333.33'));
  });
  it('historical value is an exact sum (0.1 + 0.2 = 0.3) with an average per distinct customer', () => {
    const r = value(
      historicalCustomerValue([
        { customerId: 'a', amount: usd('0.10') },
        { customerId: 'a', amount: usd('0.20') },
        { customerId: 'b', amount: usd('0.30') },
      ]),
    );
    expect(r).toMatchObject({ value: usd('0.60'), perCustomer: usd('0.30'), customers: 2, total: 3 });
    expect(value(historicalCustomerValue([{ amount: usd('100') }], { grossMargin: 0.25 })).value).toEqual(usd('25'));
    expect(
      value(
        averageRevenuePerCustomer([
          { customerId: 'a', amount: usd('3') },
          { customerId: 'b', amount: usd('4') },
        ]),
      ).arpu,
    ).toEqual(usd('3.50'));
  });
  it('empty input: null measures, total 0', () => {
    expect(value(historicalCustomerValue([]))).toMatchObject({ value: null, total: 0 });
    expect(value(customerAcquisitionCost({ spend: usd('10'), newCustomers: 0 }))).toMatchObject({
      cac: null,
      total: 0,
    });
    expect(value(averageRevenuePerCustomer({ revenue: usd('10'), customers: 0 }))).toMatchObject({
      arpu: null,
      total: 0,
    });
    expect(value(ltvToCac(usd('10'), usd('0'))).ratio).toBeNull();
    expect(value(cacPaybackPeriods({ cac: usd('10'), arpu: usd('0'), grossMargin: 1 })).periods).toBeNull();
  });
  it('bad input', () => {
    expectInvalid(historicalCustomerValue([{ amount: usd('1') }, { amount: money('1', 'EUR') }]), [
      1,
      'amount',
      'currency',
    ]);
    expectInvalid(customerAcquisitionCost({ spend: usd('10'), newCustomers: -1 }), ['newCustomers']);
    expectInvalid(ltvToCac(usd('10'), money('1', 'EUR')), ['cac', 'currency']);
    expectInvalid(averageRevenuePerCustomer({ revenue: usd('10'), customers: 1.5 }), ['customers']);
  });
  it('property: historical value equals the exact integer-cent sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }), { minLength: 1, maxLength: 50 }),
        (cs) => {
          const tx = cs.map((c) => ({
            amount: money(
              `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`,
              'USD',
            ),
          }));
          const total = cs.reduce((a, b) => a + b, 0n);
          const abs = total < 0n ? -total : total;
          expect(value(historicalCustomerValue(tx)).value).toEqual(
            money(`${total < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`, 'USD'),
          );
        },
      ),
    );
  });
});

describe('customerRetentionCost', () => {
  it('cost per retained customer and the warning when it exceeds the revenue', () => {
    const r = value(
      customerRetentionCost({
        retentionSpend: usd('3000'),
        retainedCustomers: 100,
        revenuePerRetainedCustomer: usd('20'),
      }),
    );
    expect(r).toMatchObject({ costPerRetainedCustomer: usd('30'), costToValueRatio: 1.5, warning: true, total: 100 });
    const ok = value(
      customerRetentionCost({
        retentionSpend: usd('1000'),
        retainedCustomers: 100,
        revenuePerRetainedCustomer: usd('20'),
      }),
    );
    expect(ok).toMatchObject({ costToValueRatio: 0.5, warning: false });
    expect(
      value(customerRetentionCost({ retentionSpend: usd('10'), retainedCustomers: 3 })).costPerRetainedCustomer,
    ).toEqual(usd('3.33'));
  });
  it('bad and empty input', () => {
    expect(value(customerRetentionCost({ retentionSpend: usd('10'), retainedCustomers: 0 }))).toMatchObject({
      costPerRetainedCustomer: null,
      total: 0,
    });
    expectInvalid(
      customerRetentionCost({
        retentionSpend: usd('10'),
        retainedCustomers: 1,
        revenuePerRetainedCustomer: money('1', 'EUR'),
      }),
      ['revenuePerRetainedCustomer', 'currency'],
    );
    expectInvalid(customerRetentionCost({ retentionSpend: usd('-10'), retainedCustomers: 1 }), [
      'retentionSpend',
      'amount',
    ]);
  });
});

// The accumulators of historicalCustomerValue and averageRevenuePerCustomer. The property for each:
// merging any partition, through JSON, equals one pass.
const cutAt = <T>(xs: readonly T[], n: number): [T[], T[]] => {
  const k = xs.length === 0 ? 0 : n % (xs.length + 1);
  return [xs.slice(0, k), xs.slice(k)];
};

const transaction: fc.Arbitrary<ValueTransaction> = fc.record(
  {
    customerId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    amount: fc
      .tuple(fc.integer({ min: -50_000, max: 1_000_000 }), fc.nat(99))
      .map(([u, c]) => money(`${u}.${String(c).padStart(2, '0')}`, 'EUR')),
  },
  { requiredKeys: ['amount'] },
);

describe('historical value accumulator', () => {
  it('merging any partition equals historicalCustomerValue (property), through JSON, with and without a margin', () => {
    fc.assert(
      fc.property(
        fc.array(transaction, { maxLength: 40 }),
        fc.nat(),
        fc.constantFrom(undefined, 0.35, '0.8'),
        (xs, n, grossMargin) => {
          const [a, b] = cutAt(xs, n);
          const options = grossMargin === undefined ? { currency: 'EUR' } : { currency: 'EUR', grossMargin };
          const acc = createHistoricalValueAccumulator(options).addAll(a);
          acc.merge(
            value(
              historicalValueAccumulatorFromJSON(JSON.stringify(createHistoricalValueAccumulator(options).addAll(b))),
            ),
          );
          expect(value(acc.result())).toEqual(
            value(historicalCustomerValue(xs, grossMargin === undefined ? undefined : { grossMargin })),
          );
        },
      ),
    );
  });

  it('counts a customer seen by two shards once', () => {
    const acc = createHistoricalValueAccumulator({ currency: 'USD' }).add({
      customerId: 'a',
      amount: money('10.10', 'USD'),
    });
    acc.merge(
      createHistoricalValueAccumulator({ currency: 'USD' }).add({ customerId: 'a', amount: money('5', 'USD') }),
    );
    expect(value(acc.result())).toEqual({
      value: money('15.10', 'USD'),
      perCustomer: money('15.10', 'USD'),
      customers: 1,
      total: 2,
    });
  });

  it('reports a transaction in another currency by position, and refuses to merge another currency or margin', () => {
    expectInvalid(
      createHistoricalValueAccumulator({ currency: 'USD' })
        .add({ amount: money('1', 'USD') })
        .add({ amount: money('1', 'EUR') })
        .result(),
      [1, 'amount', 'currency'],
    );
    expect(() =>
      createHistoricalValueAccumulator({ currency: 'USD' }).merge(
        createHistoricalValueAccumulator({ currency: 'EUR' }),
      ),
    ).toThrow(/options/);
    expect(() =>
      createHistoricalValueAccumulator({ currency: 'USD', grossMargin: 0.5 }).merge(
        createHistoricalValueAccumulator({ currency: 'USD' }),
      ),
    ).toThrow(/options/);
    expect(() => createHistoricalValueAccumulator({ currency: 'usd' })).toThrow(/currency/);
    expect(() => createHistoricalValueAccumulator({ currency: 'USD', grossMargin: 2 })).toThrow(/\[0, 1\]/);
    expect(
      historicalValueAccumulatorFromJSON({
        kind: 'historical_value',
        version: 1,
        count: 0,
        firstInvalid: null,
        options: { currency: 'XXY' },
        data: { total: '0', customers: [], transactions: 0 },
      }).ok,
    ).toBe(false);
  });
});

describe('ARPU accumulator', () => {
  it('merging any partition equals averageRevenuePerCustomer over the transactions (property), through JSON', () => {
    fc.assert(
      fc.property(fc.array(transaction, { maxLength: 40 }), fc.nat(), (xs, n) => {
        const [a, b] = cutAt(xs, n);
        const acc = createArpuAccumulator({ currency: 'EUR' }).addAll(a);
        acc.merge(value(arpuAccumulatorFromJSON(createArpuAccumulator({ currency: 'EUR' }).addAll(b).toJSON())));
        expect(value(acc.result())).toEqual(value(averageRevenuePerCustomer(xs)));
      }),
    );
  });

  it('gives the worked value: 1000.00 over two customers is 500.00; empty equals the one-pass empty result', () => {
    const acc = createArpuAccumulator({ currency: 'USD' }).addAll([
      { customerId: 'a', amount: money('600', 'USD') },
      { customerId: 'b', amount: money('400', 'USD') },
    ]);
    expect(value(acc.result()).arpu).toEqual(money('500.00', 'USD'));
    expect(value(createArpuAccumulator({ currency: 'USD' }).result())).toEqual(value(averageRevenuePerCustomer([])));
  });

  it('reports a bad item by position', () => {
    expectInvalid(
      createArpuAccumulator({ currency: 'USD' })
        .add({ amount: money('1', 'USD') })
        .add({ amount: { amount: '1.5.0', currency: 'USD' } } as never)
        .result(),
      [1, 'amount'],
    );
    expectInvalid(
      createArpuAccumulator({ currency: 'USD' })
        .add(null as never)
        .result(),
      [0],
    );
  });
});
