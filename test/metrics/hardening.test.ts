// Issue 12 in crmkit/metrics: no NaN or Infinity in a result, grouping keys read as own properties,
// and JSON states that are deep, cyclic or forged never make a reader throw. Each case failed before
// its fix (checked against the code before the fix).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as metrics from '../../src/metrics/index.js';
import { CrmError } from '../../src/core/errors.js';
import type { Result } from '../../src/core/result.js';
import { money, type Money } from '../../src/money/money.js';
import { expectFinite, expectInvalid, value } from './_helpers.js';

/** A USD Money; amounts past money()'s 80 significant digits are built as the plain JSON a stored record holds. */
const usd = (a: string): Money => {
  try {
    return money(a, 'USD');
  } catch {
    return Object.freeze({ amount: a, currency: 'USD' }) as Money;
  }
};
/** 1e309 as an exact amount (a record read from storage may hold it): beyond a double once divided by 1. */
const huge = usd(`1${'0'.repeat(309)}`);

function deepArray(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
function deepObject(depth: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
const cyclic: Record<string, unknown> = {};
cyclic['self'] = cyclic;
const DEEP_ARRAY = deepArray(100_000);
const DEEP_OBJECT = deepObject(100_000);
const DEEP_TEXT = '['.repeat(200_000) + ']'.repeat(200_000);

describe('no Infinity escapes into a result', () => {
  it('ltvToCac(1e309, 1) is a too_big Result error, not { ratio: Infinity }', () => {
    const r = metrics.ltvToCac(huge, usd('1'));
    expect(expectInvalid(r, ['ltv'])).toMatch(/beyond the range of a number/);
    if (!r.ok) expect(r.error.issues[0]!.code).toBe('too_big');
  });
  it('cacPaybackPeriods with a payback beyond a double', () => {
    expectInvalid(metrics.cacPaybackPeriods({ cac: huge, arpu: usd('1'), grossMargin: 1 }), ['cac']);
    expectInvalid(metrics.cacPaybackPeriods({ cac: usd('1'), arpu: usd('0.01'), grossMargin: '1e-320' }), ['cac']);
  });
  it('customerRetentionCost with a cost-to-value ratio beyond a double', () => {
    expectInvalid(
      metrics.customerRetentionCost({
        retentionSpend: huge,
        retainedCustomers: 1,
        revenuePerRetainedCustomer: usd('0.01'),
      }),
      ['retentionSpend'],
    );
  });
  it('netRevenueRetention with an expansion beyond a double times the start', () => {
    const m = { startingMrr: usd('0.01'), expansion: huge, contraction: usd('0'), churned: usd('0') };
    expectInvalid(metrics.netRevenueRetention(m), ['expansion']);
    // Gross retention leaves expansion out, so the same movements are fine there.
    expect(value(metrics.grossRevenueRetention(m)).rate).toBe(1);
    const acc = metrics.createRevenueRetentionAccumulator().add(m);
    expectInvalid(acc.result(), ['expansion']);
  });
  it('customerLifetimeValue with a lifetime beyond a double; churn 0 with a discount has an unbounded (null) lifetime', () => {
    expectInvalid(metrics.customerLifetimeValue({ arpu: usd('1'), grossMargin: 1, churnRate: '1e-320' }), [
      'churnRate',
    ]);
    const r = value(
      metrics.customerLifetimeValue({ arpu: usd('100'), grossMargin: 1, churnRate: 0, discountRate: 0.1 }),
    );
    expect(r.value).toEqual(usd('1100'));
    expect(r.expectedLifetimePeriods).toBeNull();
  });
  it('periodRate that overflows is a Result error, as annualizeRate already was', () => {
    expectInvalid(metrics.periodRate(1e300, 1e-300, { basis: 'growth' }), ['annualRate']);
    expectInvalid(metrics.annualizeRate(1e300, 1e300, { basis: 'growth' }), ['rate']);
  });
  it('property: ratios of huge and tiny amounts are finite or a Result error', () => {
    const amount = fc
      .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: -330, max: 330 }))
      .map(([d, e]) => usd(e >= 0 ? `${d}${'0'.repeat(e)}` : `0.${'0'.repeat(-e)}${d}`));
    fc.assert(
      fc.property(amount, amount, amount, (a, b, c) => {
        const results: Result<unknown>[] = [
          metrics.ltvToCac(a, b),
          metrics.cacPaybackPeriods({ cac: a, arpu: b, grossMargin: 1 }),
          metrics.customerRetentionCost({ retentionSpend: a, retainedCustomers: 3, revenuePerRetainedCustomer: b }),
          metrics.netRevenueRetention({ startingMrr: b, expansion: a, contraction: usd('0'), churned: usd('0') }),
          metrics.averageRevenuePerCustomer({ revenue: a, customers: 7 }),
          metrics.customerLifetimeValue({ arpu: c, grossMargin: 1, churnRate: 0.5 }),
        ];
        for (const r of results) {
          if (r.ok) expectFinite(r.value);
          else expect(r.error.code).toBe('validation_failed');
        }
      }),
    );
  });
});

describe('values that cannot become numbers', () => {
  it('kaplanMeier and logRankTest refuse a symbol, a bigint or an object whose valueOf throws, as a Result', () => {
    // Found by test/package/hostileInput.test.ts: the counting fast path applied `d | 0` before `typeof`.
    const throwing = {
      valueOf() {
        throw new Error('valueOf');
      },
    };
    for (const bad of [Symbol('s'), 10n, throwing, { toString: null }, '3', null] as unknown[]) {
      expectInvalid(metrics.kaplanMeier([1, bad as number], [1, 1]), ['durations', 1]);
      expectInvalid(metrics.kaplanMeier([1, 2], [1, bad as 1]), ['events', 1]);
      expectInvalid(metrics.logRankTest({ durations: [bad as number], events: [1] }, { durations: [], events: [] }), [
        'groupA',
        'durations',
        0,
      ]);
    }
  });
});

describe('grouping keys are own properties, never prototype members', () => {
  const responses = [
    { score: 9, channel: 'web' },
    { score: 3, channel: 'app' },
  ];
  it("npsBy(…, 'constructor') does not group by a function's source text", () => {
    const groups = value(metrics.npsBy(responses, 'constructor' as never));
    expect(groups.map((g) => g.key)).toEqual([null]);
    expect(groups[0]!.nps.total).toBe(2);
  });
  it.each(['toString', 'valueOf', '__proto__', 'hasOwnProperty'])(
    "npsBy and conversionBy by '%s' form the null group",
    (k) => {
      expect(value(metrics.npsBy(responses, k as never)).map((g) => g.key)).toEqual([null]);
      const leads = [{ createdAt: new Date(0), convertedAt: null }];
      expect(value(metrics.conversionBy(leads, k as never)).map((g) => g.key)).toEqual([null]);
    },
  );
  it('an own property of that name is read', () => {
    const own = [{ score: 10, constructor: 'partner' }];
    expect(value(metrics.npsBy(own as never, 'constructor' as never)).map((g) => g.key)).toEqual(['partner']);
  });
  it('a key value that is a function or an object is refused with the record and field', () => {
    expectInvalid(metrics.npsBy([{ score: 9, channel: () => 'x' }] as never, 'channel' as never), [0, 'channel']);
    expectInvalid(
      metrics.conversionBy(
        [{ createdAt: new Date(0), convertedAt: null, source: new Date(0) }] as never,
        'source' as never,
      ),
      [0, 'source'],
    );
    expectInvalid(
      metrics.npsBy([{ score: 9 }], () => ({}) as never),
      [0],
    );
  });
});

describe('JSON states: deep, cyclic or forged input gives a Result, never a throw', () => {
  const readers: [string, (json: unknown) => Result<unknown>, () => { toJSON(): unknown }][] = [
    ['nps', metrics.npsAccumulatorFromJSON, () => metrics.createNpsAccumulator()],
    ['ces', metrics.cesAccumulatorFromJSON, () => metrics.createCesAccumulator()],
    ['csat', metrics.csatAccumulatorFromJSON, () => metrics.createCsatAccumulator()],
    ['churn', metrics.churnAccumulatorFromJSON, () => metrics.createChurnAccumulator()],
    ['retention', metrics.retentionAccumulatorFromJSON, () => metrics.createRetentionAccumulator()],
    ['revenue', metrics.revenueRetentionAccumulatorFromJSON, () => metrics.createRevenueRetentionAccumulator()],
    ['renewal', metrics.renewalAccumulatorFromJSON, () => metrics.createRenewalAccumulator()],
    [
      'historical',
      metrics.historicalValueAccumulatorFromJSON,
      () => metrics.createHistoricalValueAccumulator({ currency: 'USD' }),
    ],
    ['arpu', metrics.arpuAccumulatorFromJSON, () => metrics.createArpuAccumulator({ currency: 'USD' })],
    ['conversion', metrics.conversionAccumulatorFromJSON, () => metrics.createConversionAccumulator()],
    ['funnel', metrics.funnelAccumulatorFromJSON, () => metrics.createFunnelAccumulator(['a', 'b'])],
    ['leadTime', metrics.leadToCustomerTimeAccumulatorFromJSON, () => metrics.createLeadToCustomerTimeAccumulator()],
    [
      'cohort',
      metrics.cohortAccumulatorFromJSON,
      () => metrics.createCohortAccumulator({ periods: 2, asOf: new Date('2026-03-01T00:00:00Z') }),
    ],
    ['kaplanMeier', metrics.kaplanMeierAccumulatorFromJSON, () => metrics.createKaplanMeierAccumulator()],
    ['logRank', metrics.logRankAccumulatorFromJSON, () => metrics.createLogRankAccumulator()],
  ];
  const forgeries = (state: Record<string, unknown>): unknown[] => [
    { ...state, options: DEEP_OBJECT },
    { ...state, options: { ...(state['options'] as object), x: DEEP_ARRAY } },
    { ...state, kind: DEEP_ARRAY },
    { ...state, version: DEEP_OBJECT },
    { ...state, data: DEEP_ARRAY },
    { ...state, data: DEEP_OBJECT },
    { ...state, options: cyclic },
    { ...state, kind: cyclic },
    { ...state, data: cyclic },
    { ...state, firstInvalid: cyclic },
    { ...state, count: 1, firstInvalid: { index: 0, issue: cyclic } },
    { ...state, count: 1, firstInvalid: { index: 0, issue: { path: [cyclic], message: 'x', code: 'invalid_value' } } },
    // A forged issue code would make CrmError throw when result() reports the item.
    { ...state, count: 1, firstInvalid: { index: 0, issue: { path: [], message: 'x', code: 'not_a_code' } } },
    { ...state, count: 1, firstInvalid: { index: 5, issue: { path: [], message: 'x', code: 'invalid_value' } } },
    DEEP_TEXT,
    cyclic,
    DEEP_ARRAY,
  ];
  it.each(readers)('%s', (_name, read, create) => {
    const state = create().toJSON() as Record<string, unknown>;
    expect(read(state).ok).toBe(true);
    for (const forged of forgeries(state)) {
      let r: Result<unknown> | undefined;
      expect(() => (r = read(forged))).not.toThrow();
      expect(r!.ok).toBe(false);
      if (!r!.ok) expect(r!.error).toBeInstanceOf(CrmError);
    }
  });
  it('a stored first invalid item is read back field by field and reported by result()', () => {
    const acc = metrics.createNpsAccumulator().add(9).add(11);
    const back = value(metrics.npsAccumulatorFromJSON(JSON.parse(JSON.stringify(acc)) as unknown));
    expectInvalid(back.result(), [1]);
  });
  it('merge with a deep, cyclic or forged state throws a CrmError, not a RangeError or TypeError', () => {
    const state = metrics.createNpsAccumulator().toJSON() as unknown as Record<string, unknown>;
    for (const forged of forgeries(state)) {
      expect(() => metrics.createNpsAccumulator().merge(forged as never)).toThrow(CrmError);
    }
  });
  it('addAll with something that is not iterable throws a CrmError, not a TypeError', () => {
    expect(() => metrics.createNpsAccumulator().addAll(42 as never)).toThrow(CrmError);
    expect(() => metrics.createNpsAccumulator().addAll(null as never)).toThrow(CrmError);
    // A sparse array's holes are items (undefined), reported at their position.
    // eslint-disable-next-line no-sparse-arrays
    expectInvalid(
      metrics
        .createNpsAccumulator()
        .addAll([9, , 10] as never)
        .result(),
      [1],
    );
  });
});
