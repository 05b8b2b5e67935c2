// Issue 12's fuzzer, for crmkit/metrics: hostile values (wrong types, cycles, deep nesting, sparse
// arrays, objects whose toString throws, symbols, bigints) placed in every argument, in every key of
// every options object and record, and in the first element of every array, around a valid call of
// every function. Every outcome must be a Result (or a CrmError from a constructor): never a
// TypeError or RangeError, never NaN or Infinity inside an ok result, never a changed input.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as m from '../../src/metrics/index.js';
import { CrmError } from '../../src/core/errors.js';
import { money } from '../../src/money/money.js';
import { monthPeriod } from '../../src/time/period.js';
import { hostileValue } from '../_hostile.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const march = monthPeriod('2026-03-01');
const usd = (a: string) => money(a, 'USD');
const subs = [
  { accountId: 'a', startedAt: d('2025-06-01'), endedAt: null, mrr: usd('10') },
  { accountId: 'b', startedAt: d('2026-03-02'), endedAt: d('2026-03-20'), mrr: usd('20') },
];
const leads = [{ createdAt: d('2026-03-02'), convertedAt: d('2026-03-09'), source: 'web' }];
const movements = { startingMrr: usd('100'), expansion: usd('5'), contraction: usd('1'), churned: usd('2') };

/** A valid call of every function (constructors included: they may throw a CrmError, nothing else). */
const calls: [string, (...args: unknown[]) => unknown, unknown[]][] = [
  ['nps', m.nps as never, [[9, 7, 3], { confidence: 0.9, period: march }]],
  ['nps records', m.nps as never, [[{ score: 9, kind: 'nps', answeredAt: d('2026-03-02') }], { period: march }]],
  ['npsBy', m.npsBy as never, [[{ score: 9, channel: 'web' }], 'channel', { confidence: 0.9 }]],
  ['npsChange', m.npsChange as never, [{ promoters: 5, passives: 1, detractors: 2 }, [9, 3], { confidence: 0.9 }]],
  ['ces', m.ces as never, [[7, 5, 2], { scale: 7, method: 'mean', confidence: 0.9 }]],
  ['csat', m.csat as never, [{ counts: [1, 0, 2, 3, 4] }, { scale: 5, satisfiedFrom: 4 }]],
  ['churnRate', m.churnRate as never, [subs, { period: march, denominator: 'average' }]],
  [
    'churnRate counts',
    m.churnRate as never,
    [{ atStart: 10, lost: 2, acquired: 3, lostAcquired: 1 }, { denominator: 'exposed' }],
  ],
  ['retentionRate', m.retentionRate as never, [subs, { period: march }]],
  ['annualizeRate', m.annualizeRate as never, [0.02, 12, { basis: 'loss' }]],
  ['periodRate', m.periodRate as never, [0.2, 12, { basis: 'growth' }]],
  ['netRevenueRetention', m.netRevenueRetention as never, [subs, { period: march, currency: 'USD' }]],
  ['grossRevenueRetention', m.grossRevenueRetention as never, [movements]],
  [
    'renewalRate',
    m.renewalRate as never,
    [[{ id: 's1', endsAt: d('2026-03-05'), renewalOfId: null, mrr: usd('5') }], { period: march, basis: 'value' }],
  ],
  [
    'customerLifetimeValue',
    m.customerLifetimeValue as never,
    [{ arpu: usd('100'), grossMargin: 0.8, churnRate: 0.05, discountRate: 0.01, horizonPeriods: 24, timing: 'end' }],
  ],
  [
    'historicalCustomerValue',
    m.historicalCustomerValue as never,
    [[{ amount: usd('5'), customerId: 'c' }], { grossMargin: 0.5 }],
  ],
  ['averageRevenuePerCustomer', m.averageRevenuePerCustomer as never, [{ revenue: usd('100'), customers: 3 }]],
  ['customerAcquisitionCost', m.customerAcquisitionCost as never, [{ spend: usd('100'), newCustomers: 4 }]],
  ['ltvToCac', m.ltvToCac as never, [usd('900'), usd('300')]],
  ['cacPaybackPeriods', m.cacPaybackPeriods as never, [{ cac: usd('1200'), arpu: usd('100'), grossMargin: 0.8 }]],
  [
    'customerRetentionCost',
    m.customerRetentionCost as never,
    [{ retentionSpend: usd('300'), retainedCustomers: 10, revenuePerRetainedCustomer: usd('20') }],
  ],
  ['conversionRate', m.conversionRate as never, [leads, { period: march, asOf: d('2026-04-01'), confidence: 0.9 }]],
  ['conversionRate counts', m.conversionRate as never, [3, 10, { confidence: 0.9 }]],
  ['conversionBy', m.conversionBy as never, [leads, 'source', { period: march }]],
  ['funnel', m.funnel as never, [['a', 'b'], [{ stageId: 'b', stageHistory: [{ to: 'a' }] }], { confidence: 0.9 }]],
  ['leadToCustomerTime', m.leadToCustomerTime as never, [leads, { period: march, asOf: d('2026-04-01') }]],
  [
    'cohortRetention',
    m.cohortRetention as never,
    [[{ startedAt: d('2026-01-05'), endedAt: null }], { cohortBy: 'month', periods: 3, asOf: d('2026-03-01') }],
  ],
  ['kaplanMeier', m.kaplanMeier as never, [[3, 5, 5, 9], [1, 0, 1, 1], { confidence: 0.9 }]],
  [
    'logRankTest',
    m.logRankTest as never,
    [
      { durations: [3, 5], events: [1, 0] },
      { durations: [2, 8], events: [1, 1] },
    ],
  ],
  ['createNpsAccumulator', m.createNpsAccumulator as never, [{ confidence: 0.9 }]],
  ['createCesAccumulator', m.createCesAccumulator as never, [{ scale: 5, method: 'percentAgree' }]],
  ['createFunnelAccumulator', m.createFunnelAccumulator as never, [['a', 'b'], { confidence: 0.9 }]],
  ['createCohortAccumulator', m.createCohortAccumulator as never, [{ periods: 2, asOf: d('2026-03-01') }]],
  [
    'createHistoricalValueAccumulator',
    m.createHistoricalValueAccumulator as never,
    [{ currency: 'USD', grossMargin: '0.5' }],
  ],
  ['createLeadToCustomerTimeAccumulator', m.createLeadToCustomerTimeAccumulator as never, [{ period: march }]],
  ['npsAccumulatorFromJSON', m.npsAccumulatorFromJSON as never, [m.createNpsAccumulator().add(9).toJSON()]],
  [
    'cohortAccumulatorFromJSON',
    m.cohortAccumulatorFromJSON as never,
    [
      m
        .createCohortAccumulator({ periods: 2, asOf: d('2026-03-01') })
        .add({ startedAt: d('2026-01-05'), endedAt: null })
        .toJSON(),
    ],
  ],
  [
    'kaplanMeierAccumulatorFromJSON',
    m.kaplanMeierAccumulatorFromJSON as never,
    [m.createKaplanMeierAccumulator().add({ duration: 3, event: 1 }).toJSON()],
  ],
];

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date);
}

/**
 * The valid call itself, then the argument lists with one hostile value placed: in an argument, a key,
 * an array's first element, or a key of it.
 */
function variants(args: readonly unknown[], h: unknown): unknown[][] {
  const out: unknown[][] = [[...args]];
  args.forEach((a, k) => {
    const put = (v: unknown) => out.push(args.map((x, i) => (i === k ? v : x)));
    put(h);
    if (isPlain(a)) for (const key of Object.keys(a)) put({ ...a, [key]: h });
    if (Array.isArray(a) && a.length > 0) {
      put([h, ...a.slice(1)]);
      const first = a[0] as unknown;
      if (isPlain(first)) for (const key of Object.keys(first)) put([{ ...first, [key]: h }, ...a.slice(1)]);
    }
  });
  return out;
}

/** NaN or ±Infinity anywhere in a value (own enumerable properties, getters included; cycles skipped). */
function nonFinite(x: unknown, seen = new Set<unknown>()): boolean {
  if (typeof x === 'number') return !Number.isFinite(x);
  if (typeof x !== 'object' || x === null || seen.has(x) || x instanceof Date) return false;
  seen.add(x);
  return Object.values(x).some((v) => nonFinite(v, seen));
}

describe('fuzz: hostile values anywhere around a valid call', () => {
  it.each(calls)('%s', (_name, f, args) => {
    const before = JSON.stringify(args);
    fc.assert(
      fc.property(hostileValue, (h) => {
        for (const a of variants(args, h)) {
          let r: unknown;
          try {
            r = f(...a);
          } catch (e) {
            if (!(e instanceof CrmError))
              throw new Error(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
            continue;
          }
          const result = r as { ok?: boolean; value?: unknown };
          if (result !== null && typeof result === 'object' && result.ok === true && nonFinite(result.value))
            throw new Error('NaN or Infinity in an ok result');
        }
      }),
      { numRuns: 100 },
    );
    expect(JSON.stringify(args)).toBe(before);
  });
});
