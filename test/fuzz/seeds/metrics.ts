/**
 * Valid calls of the public functions of src/metrics, for the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * Every seed fills each option key (so the fuzzer puts hostile values in each), passes 2–3 realistic
 * records (so the first element and the records' fields are reached), and builds its values fresh
 * with the library's own constructors (`money`, `monthPeriod`, the accumulators' `toJSON`).
 *
 * Every `…By` function has a seed per kind of key: a field name, a function (returning an array),
 * and a segment list whose conditions read the context (`$now` from `options.context.asOf`).
 */
import { money } from '../../../src/money/index.js';
import { monthPeriod, quarterPeriod } from '../../../src/time/index.js';
import {
  createArpuAccumulator,
  createCesAccumulator,
  createChurnAccumulator,
  createCohortAccumulator,
  createConversionAccumulator,
  createCsatAccumulator,
  createFunnelAccumulator,
  createHistoricalValueAccumulator,
  createKaplanMeierAccumulator,
  createLeadToCustomerTimeAccumulator,
  createLogRankAccumulator,
  createNpsAccumulator,
  createRenewalAccumulator,
  createRetentionAccumulator,
  createRevenueRetentionAccumulator,
} from '../../../src/metrics/index.js';
import { defineCondition, defineFieldCatalog } from '../../../src/conditions/index.js';
import { unwrap } from '../../../src/core/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

/** Segments on the `plan`, `seats` and `since` fields every seed record of a `…By` carries. */
const segments = () => {
  const entity = unwrap(defineFieldCatalog('row', { plan: 'text', seats: 'number', since: 'date' }));
  return [
    { id: 'pro', where: unwrap(defineCondition({ field: 'plan', op: 'eq', value: 'pro' }, { entity })) },
    {
      id: 'recentBig',
      where: unwrap(
        defineCondition(
          {
            all: [
              { field: 'seats', op: 'gte', value: 10 },
              { field: 'since', op: 'gte', value: { $now: '-P90D' } },
            ],
          },
          { entity },
        ),
      ),
    },
  ];
};
const context = () => ({ asOf: d('2026-04-01') });
/** Group fields for the records of the `…By` seeds. */
const grouped = (i: number) => ({
  plan: i % 2 === 0 ? 'pro' : 'basic',
  seats: 5 * i + 3,
  since: d(`2026-0${1 + i}-10`),
  tags: i === 0 ? ['eu', 'vip'] : ['us'],
});
const tagsOf = (r: { tags?: unknown }) => (Array.isArray(r.tags) ? (r.tags as string[]) : null);
const withGroups = <T extends object>(records: T[]) => records.map((r, i) => ({ ...r, ...grouped(i) }));
const usd = (a: string) => money(a, 'USD');
const march = () => monthPeriod('2026-03-01');

const responses = () => [
  { score: 9, kind: 'nps', answeredAt: d('2026-03-02'), touchpoint: 'support' },
  { score: 6, kind: 'nps', answeredAt: d('2026-03-10'), touchpoint: 'billing' },
  { score: 10, kind: 'nps', answeredAt: d('2026-03-20'), touchpoint: 'support' },
];
const cesResponses = () => [
  { score: 6, kind: 'ces', answeredAt: d('2026-03-02') },
  { score: 2, kind: 'ces', answeredAt: d('2026-03-11') },
  { score: 7, kind: 'ces', answeredAt: d('2026-03-25') },
];
const csatResponses = () => [
  { score: 5, kind: 'csat', answeredAt: d('2026-03-02') },
  { score: 3, kind: 'csat', answeredAt: d('2026-03-11') },
  { score: 4, kind: 'csat', answeredAt: d('2026-03-25') },
];
const spans = () => [
  { accountId: 'a', startedAt: d('2025-06-01'), endedAt: null },
  { accountId: 'b', startedAt: d('2025-07-01'), endedAt: d('2026-03-15') },
  { accountId: 'c', startedAt: d('2026-03-05'), endedAt: null },
];
const mrrSubscriptions = () => [
  { accountId: 'a', startedAt: d('2025-06-01'), endedAt: null, mrr: usd('100') },
  { accountId: 'b', startedAt: d('2025-07-01'), endedAt: d('2026-03-15'), mrr: usd('50') },
  { accountId: 'c', startedAt: d('2026-03-05'), endedAt: null, mrr: usd('20') },
];
const movements = () => ({
  startingMrr: usd('10000'),
  expansion: usd('500'),
  contraction: usd('300'),
  churned: usd('700'),
});
const renewables = () => [
  { id: 's1', endsAt: d('2026-02-10'), renewalOfId: null, mrr: usd('100') },
  { id: 's2', endsAt: d('2026-03-05'), renewalOfId: null, mrr: usd('50') },
  { id: 's3', endsAt: d('2027-02-10'), renewalOfId: 's1', mrr: usd('120') },
];
const transactions = () => [
  { customerId: 'c1', amount: usd('10.00') },
  { customerId: 'c2', amount: usd('5.10') },
  { customerId: 'c1', amount: usd('2.50') },
];
const leads = () => [
  { createdAt: d('2026-03-02'), convertedAt: d('2026-03-09'), source: 'web' },
  { createdAt: d('2026-03-05'), convertedAt: null, source: 'ads' },
  { createdAt: d('2026-03-12'), convertedAt: d('2026-03-30'), source: 'web' },
];
const deals = () => [
  { stageId: 'won', stageHistory: [{ to: 'qualified' }, { to: 'proposal' }, { to: 'won' }] },
  { stageId: 'proposal', stageHistory: [{ to: 'qualified' }, { to: 'proposal' }] },
  { stageId: 'qualified' },
];
const stages = () => ['qualified', 'proposal', 'won'];
const cohortCustomers = () => [
  { startedAt: d('2026-01-05'), endedAt: null },
  { startedAt: d('2026-01-20'), endedAt: d('2026-02-25') },
  { startedAt: d('2026-02-03'), endedAt: null },
];
const cohortOptions = () => ({ cohortBy: 'month' as const, periods: 3, asOf: d('2026-03-01') });

export const METRICS_SEEDS: SeedTable = {
  // Survey
  nps: seeds(
    () => [[10, 9, 7, 3], { confidence: 0.9 }],
    () => [responses(), { confidence: 0.9, period: march() }],
    () => [{ promoters: 50, passives: 30, detractors: 20 }, { confidence: 0.95 }],
  ),
  npsBy: seeds(
    () => [responses(), 'touchpoint', { confidence: 0.9, period: march(), context: null }],
    () => [responses(), (r: { touchpoint?: string | null }) => r.touchpoint ?? null, { confidence: 0.9 }],
    () => [withGroups(responses()), tagsOf, null],
    () => [withGroups(responses()), segments(), { confidence: 0.9, period: march(), context: context() }],
  ),
  cesBy: seeds(
    () => [
      withGroups(cesResponses()),
      'plan',
      { scale: 7, method: 'mean', confidence: 0.9, period: march(), context: null },
    ],
    () => [withGroups(cesResponses()), tagsOf, { scale: 7, method: 'percentAgree', confidence: 0.9 }],
    () => [withGroups(cesResponses()), segments(), { scale: 7, context: context() }],
  ),
  csatBy: seeds(
    () => [
      withGroups(csatResponses()),
      'plan',
      { scale: 5, satisfiedFrom: 4, confidence: 0.9, period: march(), context: null },
    ],
    () => [withGroups(csatResponses()), tagsOf, { scale: 5, satisfiedFrom: 5 }],
    () => [withGroups(csatResponses()), segments(), { context: context() }],
  ),
  npsChange: seeds(
    () => [{ promoters: 40, passives: 30, detractors: 30 }, { promoters: 55, passives: 25, detractors: 20 }, null],
    () => [responses(), responses(), { confidence: 0.9, period: march() }],
    () => [[9, 10, 3], [6, 10, 8], { confidence: 0.99, period: march() }],
  ),
  ces: seeds(
    () => [[7, 6, 5, 2], { scale: 7, method: 'mean', confidence: 0.9 }],
    () => [cesResponses(), { scale: 7, method: 'percentAgree', confidence: 0.9, period: march() }],
    () => [{ counts: [0, 1, 0, 2, 5] }, { scale: 5, method: 'mean', confidence: 0.95 }],
  ),
  csat: seeds(
    () => [[5, 4, 3, 1], { scale: 5, satisfiedFrom: 4, confidence: 0.9 }],
    () => [csatResponses(), { scale: 5, satisfiedFrom: 4, confidence: 0.9, period: march() }],
    () => [{ counts: [1, 0, 1, 1, 1] }, { scale: 5, satisfiedFrom: 5 }],
  ),
  createNpsAccumulator: seeds(() => [{ confidence: 0.9 }]),
  npsAccumulatorFromJSON: seeds(
    () => [createNpsAccumulator({ confidence: 0.9 }).addAll([9, 7, 3]).toJSON()],
    () => [JSON.stringify(createNpsAccumulator().add(10).add({ score: 5, kind: 'nps' }))],
  ),
  createCesAccumulator: seeds(() => [{ scale: 5, method: 'percentAgree', confidence: 0.9 }]),
  cesAccumulatorFromJSON: seeds(() => [
    createCesAccumulator({ scale: 7, method: 'mean', confidence: 0.9 }).addAll([7, 6, 2]).toJSON(),
  ]),
  createCsatAccumulator: seeds(() => [{ scale: 5, satisfiedFrom: 4, confidence: 0.9 }]),
  csatAccumulatorFromJSON: seeds(() => [
    createCsatAccumulator({ scale: 5, satisfiedFrom: 4, confidence: 0.9 }).addAll([5, 4, 1]).toJSON(),
  ]),

  // Churn and retention
  churnRate: seeds(
    () => [{ atStart: 200, lost: 10, acquired: 30, lostAcquired: 2 }, { denominator: 'average' }],
    () => [spans(), { period: march(), denominator: 'exposed' }],
  ),
  retentionRate: seeds(
    () => [{ atStart: 200, acquired: 30, atEnd: 218, lostAcquired: 2 }, null],
    () => [spans(), { period: march() }],
  ),
  churnBy: seeds(
    () => [withGroups(spans()), 'plan', { period: march(), denominator: 'average', context: null }],
    () => [withGroups(spans()), tagsOf, { period: march(), denominator: 'exposed' }],
    () => [withGroups(spans()), segments(), { period: march(), context: context() }],
  ),
  retentionBy: seeds(
    () => [withGroups(spans()), 'plan', { period: march(), context: null }],
    () => [withGroups(spans()), tagsOf, { period: march() }],
    () => [withGroups(spans()), segments(), { period: march(), context: context() }],
  ),
  createChurnAccumulator: seeds(() => [{ denominator: 'average' }]),
  churnAccumulatorFromJSON: seeds(() => [
    createChurnAccumulator({ denominator: 'average' })
      .add({ atStart: 100, lost: 5, acquired: 10, lostAcquired: 1 })
      .add({ atStart: 50, lost: 2 })
      .toJSON(),
  ]),
  createRetentionAccumulator: seeds(() => []),
  retentionAccumulatorFromJSON: seeds(() => [
    createRetentionAccumulator()
      .add({ atStart: 10, acquired: 2, atEnd: 11, lostAcquired: 0 })
      .add({ atStart: 20, acquired: 3, atEnd: 21 })
      .toJSON(),
  ]),
  annualizeRate: seeds(
    () => [0.02, 12, { basis: 'loss' }],
    () => [0.01, 12, { basis: 'growth' }],
  ),
  periodRate: seeds(
    () => [0.2, 12, { basis: 'loss' }],
    () => [0.12, 4, { basis: 'growth' }],
  ),

  // Revenue retention and renewal
  grossRevenueRetention: seeds(
    () => [movements(), { currency: 'USD' }],
    () => [mrrSubscriptions(), { period: march(), currency: 'USD' }],
  ),
  netRevenueRetention: seeds(
    () => [movements(), { currency: 'USD' }],
    () => [mrrSubscriptions(), { period: march(), currency: 'USD' }],
  ),
  createRevenueRetentionAccumulator: seeds(() => [{ basis: 'net', currency: 'USD' }]),
  revenueRetentionAccumulatorFromJSON: seeds(() => [
    createRevenueRetentionAccumulator({ basis: 'gross', currency: 'USD' })
      .add(movements())
      .add({ startingMrr: usd('100'), contraction: usd('1'), churned: usd('2') })
      .toJSON(),
  ]),
  renewalRate: seeds(
    () => [{ upForRenewal: 40, renewed: 34 }, null],
    () => [{ upForRenewal: usd('4000'), renewed: usd('3400') }, null],
    () => [renewables(), { period: quarterPeriod('2026-01-01'), basis: 'value' }],
  ),
  renewalBy: seeds(
    () => [withGroups(renewables()), 'plan', { period: quarterPeriod('2026-01-01'), basis: 'value', context: null }],
    () => [withGroups(renewables()), tagsOf, { period: quarterPeriod('2026-01-01'), basis: 'count' }],
    () => [withGroups(renewables()), segments(), { period: quarterPeriod('2026-01-01'), context: context() }],
  ),
  createRenewalAccumulator: seeds(() => []),
  renewalAccumulatorFromJSON: seeds(() => [
    createRenewalAccumulator().add({ upForRenewal: 10, renewed: 9 }).add({ upForRenewal: 10, renewed: 7 }).toJSON(),
  ]),

  // Customer value
  customerLifetimeValue: seeds(
    () => [
      { arpu: usd('100'), grossMargin: 0.8, churnRate: 0.05, discountRate: 0.01, horizonPeriods: 24, timing: 'end' },
    ],
    () => [{ arpu: usd('100'), grossMargin: '0.8', churnRate: '0.05', discountRate: '0.1', timing: 'start' }],
  ),
  historicalCustomerValue: seeds(() => [transactions(), { grossMargin: 0.7 }]),
  lifetimeValueBy: seeds(
    () => [withGroups(transactions()), 'plan', { grossMargin: 0.7, context: null }],
    () => [withGroups(transactions()), tagsOf, { grossMargin: '0.5' }],
    () => [withGroups(transactions()), segments(), { context: context() }],
  ),
  averageRevenuePerCustomer: seeds(
    () => [{ revenue: usd('1000'), customers: 3 }],
    () => [transactions()],
  ),
  createHistoricalValueAccumulator: seeds(() => [{ currency: 'USD', grossMargin: '0.5' }]),
  historicalValueAccumulatorFromJSON: seeds(() => [
    createHistoricalValueAccumulator({ currency: 'USD', grossMargin: '0.5' }).addAll(transactions()).toJSON(),
  ]),
  createArpuAccumulator: seeds(() => [{ currency: 'USD' }]),
  arpuAccumulatorFromJSON: seeds(() => [createArpuAccumulator({ currency: 'USD' }).addAll(transactions()).toJSON()]),
  customerAcquisitionCost: seeds(() => [{ spend: usd('5000'), newCustomers: 25 }]),
  ltvToCac: seeds(() => [usd('900'), usd('300')]),
  cacPaybackPeriods: seeds(() => [{ cac: usd('1200'), arpu: usd('100'), grossMargin: 0.8 }]),
  customerRetentionCost: seeds(() => [
    { retentionSpend: usd('3000'), retainedCustomers: 100, revenuePerRetainedCustomer: usd('20') },
  ]),

  // Conversion
  conversionRate: seeds(
    () => [37, 100, { confidence: 0.9 }],
    () => [leads(), { confidence: 0.9, period: march(), asOf: d('2026-04-01') }],
  ),
  conversionBy: seeds(
    () => [leads(), 'source', { confidence: 0.9, period: march(), asOf: d('2026-04-01'), context: null }],
    () => [leads(), (l: { createdAt: Date }) => l.createdAt.toISOString().slice(0, 7), null],
    () => [withGroups(leads()), tagsOf, { confidence: 0.9 }],
    () => [withGroups(leads()), segments(), { period: march(), asOf: d('2026-04-01'), context: context() }],
  ),
  createConversionAccumulator: seeds(() => [{ confidence: 0.9 }]),
  conversionAccumulatorFromJSON: seeds(() => [
    createConversionAccumulator({ confidence: 0.9 })
      .addAll([true, false, { converted: 3, total: 10 }])
      .toJSON(),
  ]),
  funnel: seeds(
    () => [stages(), deals(), { confidence: 0.9 }],
    () => [stages(), [100, 40, 10], { confidence: 0.95 }],
  ),
  createFunnelAccumulator: seeds(() => [stages(), { confidence: 0.9 }]),
  funnelAccumulatorFromJSON: seeds(() => [
    createFunnelAccumulator(stages(), { confidence: 0.9 }).addAll(deals()).toJSON(),
  ]),
  leadToCustomerTime: seeds(() => [leads(), { period: march(), asOf: d('2026-04-01') }]),
  createLeadToCustomerTimeAccumulator: seeds(() => [{ period: march(), asOf: d('2026-04-01') }]),
  leadToCustomerTimeAccumulatorFromJSON: seeds(() => [
    createLeadToCustomerTimeAccumulator({ period: march(), asOf: d('2026-04-01') })
      .addAll(leads())
      .toJSON(),
  ]),

  // Cohorts
  cohortRetention: seeds(() => [cohortCustomers(), cohortOptions()]),
  createCohortAccumulator: seeds(() => [cohortOptions()]),
  cohortAccumulatorFromJSON: seeds(() => [createCohortAccumulator(cohortOptions()).addAll(cohortCustomers()).toJSON()]),

  // Survival
  kaplanMeier: seeds(
    () => [[9, 13, 13, 18], [1, 1, 0, 1], { confidence: 0.9 }],
    () => [Float64Array.from([3, 14, 14, 40]), Uint8Array.from([1, 0, 1, 1]), null],
  ),
  logRankTest: seeds(() => [
    { durations: [3, 5, 9], events: [1, 0, 1] },
    { durations: [2, 8, 8], events: [1, 1, 0] },
  ]),
  createKaplanMeierAccumulator: seeds(() => [{ confidence: 0.9 }]),
  kaplanMeierAccumulatorFromJSON: seeds(() => [
    createKaplanMeierAccumulator({ confidence: 0.9 })
      .addAll([
        { duration: 3, event: 1 },
        { duration: 5, event: 0 },
        { duration: 5, event: true },
      ])
      .toJSON(),
  ]),
  createLogRankAccumulator: seeds(() => []),
  logRankAccumulatorFromJSON: seeds(() => [
    createLogRankAccumulator()
      .addAll([
        { group: 'A', duration: 3, event: 1 },
        { group: 'B', duration: 5, event: 0 },
        { group: 'B', duration: 2, event: true },
      ])
      .toJSON(),
  ]),
};
