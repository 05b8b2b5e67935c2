// Issue 11 §1 in crmkit/metrics: one answer for the same situation.
// - An empty period (`period(x, x)`, valid in crmkit/time) is accepted by every metric and gives its
//   documented empty value; a bad period (end before start, an invalid instant, not a Period) is a
//   Result error.
// - Every options object refuses unknown keys, naming the allowed ones; `null` options mean none.
// - Accumulator constructors throw a CrmError for bad options; `…AccumulatorFromJSON` return Results.
import { describe, it, expect } from 'vitest';
import * as metrics from '../../src/metrics/index.js';
import { CrmError } from '../../src/core/errors.js';
import type { Result } from '../../src/core/result.js';
import { money } from '../../src/money/money.js';
import { monthPeriod, period } from '../../src/time/period.js';
import { value } from './_helpers.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const march = monthPeriod('2026-03-01');
const empty = period('2026-03-10T00:00:00Z', '2026-03-10T00:00:00Z');
const subs = [
  { accountId: 'a', startedAt: d('2025-06-01'), endedAt: null },
  { accountId: 'b', startedAt: d('2025-07-01'), endedAt: d('2026-03-15') },
  { accountId: 'c', startedAt: d('2026-03-03'), endedAt: null },
];
const mrrSubs = subs.map((s) => ({ ...s, mrr: money('10', 'USD') }));
const renewable = [{ id: 's1', endsAt: d('2026-03-10'), renewalOfId: null }];
const leads = [
  { createdAt: d('2026-03-10'), convertedAt: d('2026-03-12'), source: 'web' },
  { createdAt: d('2026-03-11'), convertedAt: null, source: 'ads' },
];
const responses = [{ score: 9, answeredAt: d('2026-03-10') }];
const movements = { startingMrr: money('100', 'USD'), contraction: money('0', 'USD'), churned: money('0', 'USD') };

type Call = (options: unknown) => Result<unknown>;
const m = metrics as unknown as Record<string, (...args: unknown[]) => Result<unknown>>;

/** Every metrics function that takes an options object: a call with the options in their place, and the allowed keys. */
const withOptions: [string, Call, string[]][] = [
  ['nps', (o) => m.nps!([9, 7, 3], o), ['confidence', 'period']],
  ['npsBy', (o) => m.npsBy!([{ score: 9, touchpoint: 'x' }], 'touchpoint', o), ['confidence', 'period', 'context']],
  ['cesBy', (o) => m.cesBy!([{ score: 6, x: 'a' }], 'x', o), ['confidence', 'period', 'scale', 'method', 'context']],
  [
    'csatBy',
    (o) => m.csatBy!([{ score: 4, x: 'a' }], 'x', o),
    ['confidence', 'period', 'scale', 'satisfiedFrom', 'context'],
  ],
  [
    'lifetimeValueBy',
    (o) => m.lifetimeValueBy!([{ amount: money('1', 'USD'), x: 'a' }], 'x', o),
    ['grossMargin', 'context'],
  ],
  ['npsChange', (o) => m.npsChange!([9], [3], o), ['confidence', 'period']],
  ['ces', (o) => m.ces!([7, 5], o), ['confidence', 'period', 'scale', 'method']],
  ['csat', (o) => m.csat!([5, 3], o), ['confidence', 'period', 'scale', 'satisfiedFrom']],
  ['churnRate (counts)', (o) => m.churnRate!({ atStart: 10, lost: 1 }, o), ['denominator', 'period']],
  ['retentionRate (counts)', (o) => m.retentionRate!({ atStart: 10, acquired: 0, atEnd: 9 }, o), ['period']],
  ['annualizeRate', (o) => m.annualizeRate!(0.3, 52, o), ['basis']],
  ['periodRate', (o) => m.periodRate!(0.3, 12, o), ['basis']],
  ['grossRevenueRetention', (o) => m.grossRevenueRetention!(movements, o), ['period', 'currency']],
  ['netRevenueRetention', (o) => m.netRevenueRetention!(movements, o), ['period', 'currency']],
  ['renewalRate (counts)', (o) => m.renewalRate!({ upForRenewal: 2, renewed: 1 }, o), ['period', 'basis']],
  ['historicalCustomerValue', (o) => m.historicalCustomerValue!([{ amount: money('1', 'USD') }], o), ['grossMargin']],
  ['conversionRate (counts)', (o) => m.conversionRate!(1, 2, o), ['confidence']],
  ['conversionRate (leads)', (o) => m.conversionRate!(leads, o), ['confidence', 'period', 'asOf']],
  ['conversionBy', (o) => m.conversionBy!(leads, 'source', o), ['confidence', 'period', 'asOf', 'context']],
  ['funnel', (o) => m.funnel!(['a', 'b'], [2, 1], o), ['confidence']],
  ['leadToCustomerTime', (o) => m.leadToCustomerTime!(leads, o), ['period', 'asOf']],
  ['kaplanMeier', (o) => m.kaplanMeier!([1, 2], [1, 0], o), ['confidence']],
];

/** The record forms whose options are required: a call with valid options plus a stray key. */
const recordForms: [string, Call, Record<string, unknown>, string[]][] = [
  ['churnRate (records)', (o) => m.churnRate!(subs, o), { period: march }, ['denominator', 'period']],
  ['retentionRate (records)', (o) => m.retentionRate!(subs, o), { period: march }, ['period']],
  [
    'grossRevenueRetention (records)',
    (o) => m.grossRevenueRetention!(mrrSubs, o),
    { period: march },
    ['period', 'currency'],
  ],
  [
    'netRevenueRetention (records)',
    (o) => m.netRevenueRetention!(mrrSubs, o),
    { period: march },
    ['period', 'currency'],
  ],
  ['renewalRate (records)', (o) => m.renewalRate!(renewable, o), { period: march }, ['period', 'basis']],
  ['churnBy', (o) => m.churnBy!(subs, 'accountId', o), { period: march }, ['denominator', 'period', 'context']],
  ['retentionBy', (o) => m.retentionBy!(subs, 'accountId', o), { period: march }, ['period', 'context']],
  ['renewalBy', (o) => m.renewalBy!(renewable, 'id', o), { period: march }, ['period', 'basis', 'context']],
  [
    'cohortRetention',
    (o) => m.cohortRetention!([{ startedAt: d('2026-01-05'), endedAt: null }], o),
    { periods: 2, asOf: d('2026-03-01') },
    ['cohortBy', 'periods', 'asOf'],
  ],
];

function expectUnknownKey(r: Result<unknown>, key: string, allowed: readonly string[]): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe('validation_failed');
  const i = r.error.issues[0]!;
  expect(i.code).toBe('unrecognized_keys');
  expect(i.path).toEqual(['options']);
  expect(i.message).toContain(`'${key}'`);
  for (const k of allowed) expect(i.message).toContain(k);
}

describe('unknown option keys are refused, naming the allowed ones', () => {
  it('the cases of the issue: churnRate(subs, { period, by }) and annualizeRate(0.3, 52, { kind })', () => {
    expectUnknownKey(m.churnRate!(subs, { period: march, by: 'plan' }), 'by', ['denominator', 'period']);
    expectUnknownKey(m.annualizeRate!(0.3, 52, { kind: 'growth' }), 'kind', ['basis']);
  });
  it.each(withOptions)('%s', (_name, call, allowed) => {
    expectUnknownKey(call({ bogus: 1 }), 'bogus', allowed);
    // A typo of an allowed key is the common case.
    expectUnknownKey(call({ confidance: 0.9 }), 'confidance', allowed);
  });
  it.each(recordForms)('%s', (_name, call, valid, allowed) => {
    expect(call(valid).ok).toBe(true);
    expectUnknownKey(call({ ...valid, extra: true }), 'extra', allowed);
  });
  it.each(withOptions)('%s: null and undefined options mean none; a non-object is refused', (_name, call) => {
    const none = call(undefined);
    expect(none.ok).toBe(true);
    // JSON text: kaplanMeier's result holds a function (survivalAt), a fresh closure per call.
    expect(JSON.stringify(call(null))).toEqual(JSON.stringify(none));
    expect(JSON.stringify(call({}))).toEqual(JSON.stringify(none));
    const bad = call('fast');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues[0]!.path).toEqual(['options']);
  });
});

describe('accumulator constructors throw a CrmError for bad options; the JSON readers return Results', () => {
  const constructors: [string, (o: unknown) => unknown][] = [
    ['createNpsAccumulator', (o) => metrics.createNpsAccumulator(o as never)],
    ['createCesAccumulator', (o) => metrics.createCesAccumulator(o as never)],
    ['createCsatAccumulator', (o) => metrics.createCsatAccumulator(o as never)],
    ['createChurnAccumulator', (o) => metrics.createChurnAccumulator(o as never)],
    ['createRevenueRetentionAccumulator', (o) => metrics.createRevenueRetentionAccumulator(o as never)],
    ['createConversionAccumulator', (o) => metrics.createConversionAccumulator(o as never)],
    ['createFunnelAccumulator', (o) => metrics.createFunnelAccumulator(['a'], o as never)],
    ['createLeadToCustomerTimeAccumulator', (o) => metrics.createLeadToCustomerTimeAccumulator(o as never)],
    ['createKaplanMeierAccumulator', (o) => metrics.createKaplanMeierAccumulator(o as never)],
  ];
  it.each(constructors)('%s: an unknown key throws unrecognized_keys; null is no options', (_name, create) => {
    let thrown: unknown;
    try {
      create({ bogus: 1 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CrmError);
    expect((thrown as CrmError).code).toBe('validation_failed');
    expect((thrown as CrmError).issues[0]!.code).toBe('unrecognized_keys');
    expect(() => create(null)).not.toThrow();
  });
  it('the constructors with required options refuse unknown keys too', () => {
    expect(() => metrics.createArpuAccumulator({ currency: 'USD', margin: 1 } as never)).toThrow(/'margin'/);
    expect(() => metrics.createHistoricalValueAccumulator({ currency: 'USD', x: 1 } as never)).toThrow(
      /allowed: currency, grossMargin/,
    );
    expect(() => metrics.createCohortAccumulator({ periods: 2, asOf: d('2026-01-01'), by: 'x' } as never)).toThrow(
      CrmError,
    );
    expect(() => metrics.createCohortAccumulator(null as never)).toThrow(CrmError);
  });
  it('a JSON state with unknown option keys is a Result error, not a throw', () => {
    const state = { ...metrics.createNpsAccumulator().toJSON(), options: { confidence: 0.95, extra: 1 } };
    const r = metrics.npsAccumulatorFromJSON(state);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]!.code).toBe('unrecognized_keys');
  });
});

describe('an empty period is valid everywhere and gives the documented empty value', () => {
  it('survey metrics count no response of the period', () => {
    expect(value(metrics.nps(responses, { period: empty }))).toMatchObject({ score: null, total: 0 });
    expect(value(metrics.npsBy(responses, 'score', { period: empty }))).toEqual([]);
    expect(value(metrics.cesBy(responses, 'score', { period: empty }))).toEqual([]);
    expect(value(metrics.csatBy(responses, 'score', { period: empty }))).toEqual([]);
    expect(value(metrics.npsChange(responses, responses, { period: empty }))).toMatchObject({ difference: null });
    expect(value(metrics.ces(responses, { period: empty }))).toMatchObject({ score: null, total: 0 });
    expect(value(metrics.csat(responses, { period: empty }))).toMatchObject({ score: null, total: 0 });
  });
  it('churn and retention: no one is lost or acquired in no time', () => {
    expect(value(metrics.churnRate(subs, { period: empty }))).toMatchObject({
      rate: 0,
      atStart: 3,
      lost: 0,
      acquired: 0,
      atEnd: 3,
    });
    expect(value(metrics.retentionRate(subs, { period: empty }))).toMatchObject({ rate: 1, retained: 3 });
    expect(value(metrics.churnRate([], { period: empty }))).toMatchObject({ rate: null, total: 0 });
  });
  it('revenue retention: no movement; renewal: nothing up for renewal', () => {
    expect(value(metrics.netRevenueRetention(mrrSubs, { period: empty }))).toMatchObject({ rate: 1, customers: 3 });
    expect(value(metrics.grossRevenueRetention(mrrSubs, { period: empty }))).toMatchObject({ rate: 1 });
    expect(value(metrics.renewalRate(renewable, { period: empty }))).toMatchObject({ rate: null, total: 0 });
  });
  it('conversion: no lead was created in it', () => {
    expect(value(metrics.conversionRate(leads, { period: empty }))).toMatchObject({ rate: null, total: 0 });
    expect(value(metrics.conversionBy(leads, 'source', { period: empty }))).toEqual([]);
    expect(value(metrics.leadToCustomerTime(leads, { period: empty }))).toMatchObject({ total: 0, medianDays: null });
    const acc = metrics.createLeadToCustomerTimeAccumulator({ period: empty }).addAll(leads);
    expect(value(acc.result()).total).toBe(0);
    expect(value(metrics.leadToCustomerTimeAccumulatorFromJSON(JSON.stringify(acc))).count).toBe(2);
  });
});

describe('a bad period is a Result error wherever a Result is returned', () => {
  const backwards = { start: d('2026-03-10'), end: d('2026-03-09') };
  const invalidInstant = { start: new Date('nope'), end: d('2026-03-09') };
  const calls: [string, (p: unknown) => Result<unknown>][] = [
    ['nps', (p) => m.nps!(responses, { period: p })],
    ['npsBy', (p) => m.npsBy!(responses, 'score', { period: p })],
    ['cesBy', (p) => m.cesBy!(responses, 'score', { period: p })],
    ['csatBy', (p) => m.csatBy!(responses, 'score', { period: p })],
    ['churnBy', (p) => m.churnBy!(subs, 'accountId', { period: p })],
    ['retentionBy', (p) => m.retentionBy!(subs, 'accountId', { period: p })],
    ['renewalBy', (p) => m.renewalBy!(renewable, 'id', { period: p })],
    ['ces', (p) => m.ces!(responses, { period: p })],
    ['csat', (p) => m.csat!(responses, { period: p })],
    ['churnRate', (p) => m.churnRate!(subs, { period: p })],
    ['retentionRate', (p) => m.retentionRate!(subs, { period: p })],
    ['netRevenueRetention', (p) => m.netRevenueRetention!(mrrSubs, { period: p })],
    ['grossRevenueRetention', (p) => m.grossRevenueRetention!(mrrSubs, { period: p })],
    ['renewalRate', (p) => m.renewalRate!(renewable, { period: p })],
    ['conversionRate', (p) => m.conversionRate!(leads, { period: p })],
    ['conversionBy', (p) => m.conversionBy!(leads, 'source', { period: p })],
    ['leadToCustomerTime', (p) => m.leadToCustomerTime!(leads, { period: p })],
  ];
  it.each(calls)('%s', (_name, call) => {
    for (const p of [backwards, invalidInstant, 'March', 42, null]) {
      const r = call(p);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]!.path).toEqual(['options', 'period']);
      }
    }
  });
  it('the lead-time accumulator constructor throws a CrmError for a bad period', () => {
    expect(() => metrics.createLeadToCustomerTimeAccumulator({ period: backwards })).toThrow(CrmError);
  });
});
