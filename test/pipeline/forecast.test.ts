import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { b2bPipeline } from '../../src/pipeline/presets.js';
import * as f from '../../src/pipeline/forecast.js';
import { unwrap } from '../../src/core/result.js';
import { addMoney, compareMoney, sumMoney } from '../../src/money/arithmetic.js';
import { money } from '../../src/money/money.js';
import type { Deal } from '../../src/entities/deal.js';
import { day, dealWith } from './_fixtures.js';

// Both return Results; these unwrap them where a test expects success.
const weightedPipelineValue = (...a: Parameters<typeof f.weightedPipelineValue>) =>
  unwrap(f.weightedPipelineValue(...a));
const forecast = (...a: Parameters<typeof f.forecast>) => unwrap(f.forecast(...a));

const Q1 = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') };
const H1 = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') };

// Worked example (computed by hand):
//  won 10,000.00 closed 2026-02-10              → closed,    weighted 10,000.00
//  lost 50,000.00                               → never counted
//  negotiation 20,000.00 p=0.8 close 2026-03-15 → commit,    weighted 16,000.00
//  proposal 9,999.99 manual p=0.33 close 2026-05-02 → best_case, weighted 3,299.9967
//  prospecting 1,000.00 p=0.1, no close date    → unscheduled, weighted 100.00
//  weighted pipeline value = 10,000 + 16,000 + 3,299.9967 + 100 = 29,399.9967
const deals: Deal[] = [
  dealWith(
    'won',
    [
      ['prospecting', 0],
      ['closed_won', 40],
    ],
    { amount: '10000.00', closedAt: day(40), probability: { value: 1, source: 'stage' } },
  ),
  dealWith(
    'lost',
    [
      ['prospecting', 0],
      ['closed_lost', 20],
    ],
    { amount: '50000.00', closedAt: day(20), lostReason: 'x', probability: { value: 0, source: 'stage' } },
  ),
  dealWith(
    'neg',
    [
      ['prospecting', 0],
      ['negotiation', 10],
    ],
    {
      amount: '20000.00',
      expectedCloseDate: new Date('2026-03-15T00:00:00Z'),
      probability: { value: 0.8, source: 'stage' },
    },
  ),
  dealWith(
    'prop',
    [
      ['prospecting', 0],
      ['proposal', 10],
    ],
    {
      amount: '9999.99',
      expectedCloseDate: new Date('2026-05-02T00:00:00Z'),
      probability: { value: 0.33, source: 'manual' },
    },
  ),
  dealWith('pros', [['prospecting', 0]], { amount: '1000.00', probability: { value: 0.1, source: 'stage' } }),
  dealWith('other', [['renewal_due', 0]], { amount: '777.00', pipelineId: 'saas_renewal' }),
];

describe('weightedPipelineValue', () => {
  it('lost 0, won in full, open × probability, exact', () => {
    expect(weightedPipelineValue(b2bPipeline, deals, { currency: 'EUR' })).toEqual({
      amount: '29399.9967',
      currency: 'EUR',
    });
    expect(weightedPipelineValue(b2bPipeline, [], { currency: 'EUR' })).toEqual({ amount: '0.00', currency: 'EUR' });
  });
  it('converts other currencies with the given rates; without one it is a currency_mismatch error', () => {
    const usd = [
      dealWith(
        'u',
        [
          ['prospecting', 0],
          ['closed_won', 1],
        ],
        { amount: '100.00', currency: 'USD', closedAt: day(1) },
      ),
    ];
    const mixed = f.weightedPipelineValue(b2bPipeline, usd, { currency: 'EUR' });
    expect(!mixed.ok && mixed.error.code).toBe('currency_mismatch'); // a Result, not a throw (issue 11)
    expect(!mixed.ok && mixed.error.issues[0]!.path).toEqual(['deals', 0, 'amount', 'currency']);
    const inForecast = f.forecast(b2bPipeline, usd, { period: H1, by: 'month', currency: 'EUR' });
    expect(!inForecast.ok && inForecast.error.code).toBe('currency_mismatch');
    expect(
      weightedPipelineValue(b2bPipeline, usd, {
        currency: 'EUR',
        rates: [{ from: 'USD', to: 'EUR', rate: '0.9231', asOf: '2026-01-01' }],
      }),
    ).toEqual({ amount: '92.31', currency: 'EUR' });
  });
  it('needs a currency when the pipeline has none', () => {
    const r = f.weightedPipelineValue(b2bPipeline, deals);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['options', 'currency'], code: 'invalid_currency' });
  });
  it('never exceeds the total of open and won amounts, and is at least the won total (property)', () => {
    const stageIds = b2bPipeline.stages.map((s) => s.id);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            stage: fc.constantFrom(...stageIds),
            cents: fc.bigInt({ min: 0n, max: 10n ** 12n }),
            p: fc.double({ min: 0, max: 1, noNaN: true }),
            manual: fc.boolean(),
          }),
          { maxLength: 30 },
        ),
        (specs) => {
          const ds = specs.map((s, i) => {
            const kind = b2bPipeline.stageById.get(s.stage)!.kind;
            const amount = `${s.cents / 100n}.${String(s.cents % 100n).padStart(2, '0')}`;
            return dealWith(
              `d${i}`,
              [['prospecting', 0], ...(s.stage === 'prospecting' ? [] : [[s.stage, 1] as const])],
              {
                amount,
                closedAt: kind === 'open' ? null : day(1),
                lostReason: kind === 'lost' ? 'x' : null,
                probability: { value: s.p, source: s.manual ? 'manual' : 'stage' },
              },
            );
          });
          const before = JSON.stringify(ds);
          const w = weightedPipelineValue(b2bPipeline, ds, { currency: 'EUR' });
          const openOrWon = sumMoney(
            ds.filter((d) => b2bPipeline.stageById.get(d.stageId)!.kind !== 'lost').map((d) => d.amount),
            'EUR',
          );
          const won = sumMoney(
            ds.filter((d) => b2bPipeline.stageById.get(d.stageId)!.kind === 'won').map((d) => d.amount),
            'EUR',
          );
          return compareMoney(w, openOrWon) <= 0 && compareMoney(w, won) >= 0 && JSON.stringify(ds) === before;
        },
      ),
    );
  });
});

describe('forecast', () => {
  it('places deals by month and forecast category (won by closedAt, open by expectedCloseDate)', () => {
    const f = forecast(b2bPipeline, deals, { period: H1, by: 'month', currency: 'EUR' });
    expect(f.buckets.map((b) => b.period.start.toISOString().slice(0, 7))).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    const feb = f.buckets[1]!;
    expect(feb.categories.closed).toEqual({
      count: 1,
      amount: money('10000.00', 'EUR'),
      weighted: money('10000.00', 'EUR'),
    });
    const mar = f.buckets[2]!;
    expect(mar.categories.commit).toEqual({
      count: 1,
      amount: money('20000.00', 'EUR'),
      weighted: money('16000.00', 'EUR'),
    });
    const may = f.buckets[4]!;
    expect(may.categories.best_case).toEqual({
      count: 1,
      amount: money('9999.99', 'EUR'),
      weighted: { amount: '3299.9967', currency: 'EUR' },
    });
    expect(f.unscheduled).toEqual({ count: 1, amount: money('1000.00', 'EUR'), weighted: money('100.00', 'EUR') });
  });
  it('by quarter with cumulative roll-up; lost deals and deals outside the period are left out', () => {
    const f = forecast(b2bPipeline, deals, { period: H1, by: 'quarter', currency: 'EUR' });
    expect(f.buckets).toHaveLength(2);
    const [q1, q2] = f.buckets;
    expect(q1!.rollup).toEqual({
      closed: money('10000.00', 'EUR'),
      commit: money('30000.00', 'EUR'),
      bestCase: money('30000.00', 'EUR'),
      openPipeline: money('20000.00', 'EUR'),
    });
    expect(q2!.rollup).toEqual({
      closed: money('0.00', 'EUR'),
      commit: money('0.00', 'EUR'),
      bestCase: money('9999.99', 'EUR'),
      openPipeline: money('9999.99', 'EUR'),
    });
    expect(f.total.categories.omitted.count).toBe(0);
    const onlyQ1 = forecast(b2bPipeline, deals, { period: Q1, by: 'quarter', currency: 'EUR' });
    expect(onlyQ1.total.rollup.bestCase).toEqual(money('30000.00', 'EUR'));
  });
  it('bucket cells add up to the total (property over random close dates)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            d: fc.integer({ min: -30, max: 400 }),
            stage: fc.constantFrom('prospecting', 'proposal', 'negotiation', 'closed_won'),
          }),
          { maxLength: 25 },
        ),
        (specs) => {
          const ds = specs.map((s, i) =>
            dealWith(`d${i}`, [['prospecting', -60], ...(s.stage === 'prospecting' ? [] : [[s.stage, -59] as const])], {
              amount: `${i + 1}.50`,
              closedAt: s.stage === 'closed_won' ? day(s.d) : null,
              expectedCloseDate: s.stage === 'closed_won' ? null : day(s.d),
            }),
          );
          const f = forecast(b2bPipeline, ds, {
            period: { start: day(0), end: day(365) },
            by: 'month',
            currency: 'EUR',
          });
          for (const c of ['pipeline', 'best_case', 'commit', 'closed'] as const) {
            const sum = f.buckets.reduce((acc, b) => addMoney(acc, b.categories[c].amount), money('0', 'EUR'));
            if (compareMoney(sum, f.total.categories[c].amount) !== 0) return false;
            if (f.buckets.reduce((n, b) => n + b.categories[c].count, 0) !== f.total.categories[c].count) return false;
          }
          return true;
        },
      ),
    );
  });
  it('a bad `by`, period or missing currency is a validation_failed Result, never a throw (issue 11)', () => {
    const path = (r: ReturnType<typeof f.forecast>) => (!r.ok ? r.error.issues[0]!.path : 'ok');
    expect(path(f.forecast(b2bPipeline, deals, { period: H1, by: 'week' as 'month', currency: 'EUR' }))).toEqual([
      'options',
      'by',
    ]);
    const reversed = f.forecast(b2bPipeline, deals, {
      period: { start: H1.end, end: H1.start },
      by: 'month',
      currency: 'EUR',
    });
    expect(!reversed.ok && reversed.error.issues[0]!.code).toBe('invalid_period');
    expect(path(f.forecast(b2bPipeline, deals, { period: H1, by: 'month' }))).toEqual(['options', 'currency']);
    expect(path(f.forecast(b2bPipeline, deals, null as never))).not.toBe('ok');
    const unknownKey = f.forecast(b2bPipeline, deals, { period: H1, by: 'month', currency: 'EUR', group: 1 } as never);
    expect(!unknownKey.ok && unknownKey.error.issues[0]!.code).toBe('unrecognized_keys');
  });
  it('an empty period is valid: no buckets and zero totals', () => {
    const r = forecast(b2bPipeline, deals, {
      period: { start: H1.start, end: H1.start },
      by: 'month',
      currency: 'EUR',
    });
    expect(r.buckets).toEqual([]);
    expect(r.total.categories.commit).toEqual({ count: 0, amount: money('0', 'EUR'), weighted: money('0', 'EUR') });
  });
});
