import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { b2bPipeline, saasRenewalPipeline } from '../../src/pipeline/presets.js';
import * as analytics from '../../src/pipeline/analytics.js';
import { definePipeline } from '../../src/pipeline/define.js';
import { unwrap } from '../../src/core/result.js';
import type { Deal } from '../../src/entities/deal.js';
import { DAY, day, dealWith } from './_fixtures.js';

// The analytics return Results; these unwrap them where a test expects success.
const { salesVelocity } = analytics;
const timeInStage = (...a: Parameters<typeof analytics.timeInStage>) => unwrap(analytics.timeInStage(...a));
const stageDurations = (...a: Parameters<typeof analytics.stageDurations>) => unwrap(analytics.stageDurations(...a));
const stageFunnel = (...a: Parameters<typeof analytics.stageFunnel>) => unwrap(analytics.stageFunnel(...a));
const stageAnalytics = (...a: Parameters<typeof analytics.stageAnalytics>) => unwrap(analytics.stageAnalytics(...a));
const winRate = (...a: Parameters<typeof analytics.winRate>) => unwrap(analytics.winRate(...a));
const salesCycleLength = (...a: Parameters<typeof analytics.salesCycleLength>) =>
  unwrap(analytics.salesCycleLength(...a));
const staleDeals = (...a: Parameters<typeof analytics.staleDeals>) => unwrap(analytics.staleDeals(...a));

describe('timeInStage', () => {
  // Worked example: created in prospecting on day 0, qualification on day 10, proposal day 15,
  // back to qualification day 20; as of day 26: prospecting 10, qualification 5 + 6 = 11, proposal 5.
  const d = dealWith('deal-1', [
    ['prospecting', 0],
    ['qualification', 10],
    ['proposal', 15],
    ['qualification', 20],
  ]);
  it('sums every visit, the current one up to asOf', () => {
    const t = timeInStage(d, { asOf: day(26) });
    expect(t.current).toEqual({ stageId: 'qualification', since: day(20), days: 6 });
    expect(t.byStage).toEqual([
      { stageId: 'prospecting', days: 10, visits: 1 },
      { stageId: 'qualification', days: 11, visits: 2 },
      { stageId: 'proposal', days: 5, visits: 1 },
    ]);
  });
  it('as of an earlier instant, later history is ignored; before creation there is no current stage', () => {
    const t = timeInStage(d, { asOf: day(12) });
    expect(t.current).toEqual({ stageId: 'qualification', since: day(10), days: 2 });
    expect(t.byStage).toEqual([
      { stageId: 'prospecting', days: 10, visits: 1 },
      { stageId: 'qualification', days: 2, visits: 1 },
    ]);
    expect(timeInStage(d, { asOf: day(-1) })).toEqual({ current: null, byStage: [] });
  });
  it('an invalid asOf is a validation_failed Result, not a throw (issue 11)', () => {
    const r = analytics.timeInStage(d, { asOf: new Date(Number.NaN) });
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['options', 'asOf'], code: 'invalid_date' });
  });
  it('the days of all stages add up to asOf minus creation (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 0, maxLength: 8 }),
        fc.integer({ min: 0, max: 500 }),
        (gaps, extra) => {
          const ids = ['prospecting', 'qualification', 'proposal', 'negotiation'];
          const steps: [string, number][] = [['prospecting', 0]];
          let t = 0;
          gaps.forEach((g, i) => steps.push([ids[(i + 1) % ids.length]!, (t += g)]));
          const deal = dealWith('deal-p', steps);
          const res = timeInStage(deal, { asOf: day(t + extra) });
          const total = res.byStage.reduce((s, x) => s + x.days, 0);
          return Math.abs(total - (t + extra)) < 1e-9 && res.current?.stageId === steps.at(-1)![0];
        },
      ),
    );
  });
});

describe('stageDurations', () => {
  // Prospecting visits of 1, 2, 3, 4 and 10 days. R: quantile(c(1,2,3,4,10), c(.5,.9), type = 7)
  // gives 3 and 7.6; mean(c(1,2,3,4,10)) = 4.
  const deals = [1, 2, 3, 4, 10].map((n, i) =>
    dealWith(`deal-${i}`, [
      ['prospecting', 0],
      ['qualification', n],
    ]),
  );
  it('mean, median and p90 of completed visits (R quantile type 7)', () => {
    const s = stageDurations(deals);
    expect(s).toHaveLength(1);
    expect(s[0]!.stageId).toBe('prospecting');
    expect(s[0]!.count).toBe(5);
    expect(s[0]!.meanDays).toBeCloseTo(4, 12);
    expect(s[0]!.medianDays).toBeCloseTo(3, 12);
    expect(s[0]!.p90Days).toBeCloseTo(7.6, 12);
  });
  it('empty input gives an empty list', () => {
    expect(stageDurations([])).toEqual([]);
  });
});

describe('stageFunnel', () => {
  // Worked example (10 deals, counted by hand):
  //  4 stay in prospecting; 2 go prospecting → qualification → lost; 1 prospecting → proposal (skips
  //  qualification) and stays; 2 go through every open stage and win; 1 is created in negotiation and wins.
  const deals: Deal[] = [
    ...[0, 1, 2, 3].map((i) => dealWith(`p${i}`, [['prospecting', 0]])),
    ...[0, 1].map((i) =>
      dealWith(
        `q${i}`,
        [
          ['prospecting', 0],
          ['qualification', 2],
          ['closed_lost', 5],
        ],
        { closedAt: day(5), lostReason: 'x' },
      ),
    ),
    dealWith('skip', [
      ['prospecting', 0],
      ['proposal', 3],
    ]),
    ...[0, 1].map((i) =>
      dealWith(
        `w${i}`,
        [
          ['prospecting', 0],
          ['qualification', 1],
          ['proposal', 2],
          ['negotiation', 3],
          ['closed_won', 4],
        ],
        { closedAt: day(4) },
      ),
    ),
    dealWith(
      'late',
      [
        ['negotiation', 0],
        ['closed_won', 9],
      ],
      { closedAt: day(9) },
    ),
    dealWith('other', [['renewal_due', 0]], { pipelineId: 'saas_renewal' }),
  ];
  it('counts entered and reached (cumulative) per stage and the conversions', () => {
    const f = stageFunnel(b2bPipeline, deals);
    expect(f.deals).toBe(10);
    const rows = Object.fromEntries(f.stages.map((s) => [s.stageId, s]));
    expect(rows['prospecting']).toMatchObject({
      entered: 9,
      reached: 10,
      conversionFromPrevious: null,
      conversionFromFirst: 1,
    });
    expect(rows['qualification']).toMatchObject({
      entered: 4,
      reached: 6,
      conversionFromPrevious: 0.6,
      conversionFromFirst: 0.6,
    });
    expect(rows['proposal']).toMatchObject({ entered: 3, reached: 4, conversionFromFirst: 0.4 });
    expect(rows['proposal']!.conversionFromPrevious).toBeCloseTo(4 / 6, 15);
    expect(rows['negotiation']).toMatchObject({
      entered: 3,
      reached: 3,
      conversionFromPrevious: 0.75,
      conversionFromFirst: 0.3,
    });
    expect(rows['closed_won']).toMatchObject({
      entered: 3,
      reached: 3,
      conversionFromPrevious: 1,
      conversionFromFirst: 0.3,
    });
    expect(rows['closed_lost']).toMatchObject({
      entered: 2,
      reached: 2,
      conversionFromPrevious: null,
      conversionFromFirst: null,
    });
  });
  it('no deals: zero counts and null conversions', () => {
    const f = stageFunnel(b2bPipeline, []);
    expect(f.deals).toBe(0);
    expect(f.stages.every((s) => s.reached === 0 && s.conversionFromFirst === null)).toBe(true);
  });
  it('stageAnalytics gives exactly stageFunnel and stageDurations (property), and reached never grows down the open stages', () => {
    const ids = b2bPipeline.stages.map((s) => s.id);
    const arbDeal = fc.array(fc.tuple(fc.constantFrom(...ids), fc.integer({ min: 0, max: 30 })), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.array(arbDeal, { maxLength: 25 }), (specs) => {
        const deals = specs.map((spec, n) => {
          const steps: [string, number][] = [];
          let t = 0;
          for (const [id, g] of spec) if (steps.length === 0 || steps.at(-1)![0] !== id) steps.push([id, (t += g)]);
          return dealWith(`d${n}`, steps);
        });
        const before = JSON.stringify(deals);
        const both = stageAnalytics(b2bPipeline, deals);
        staleDeals(b2bPipeline, deals, { asOf: day(400) });
        winRate(b2bPipeline, deals);
        if (JSON.stringify(deals) !== before) return false;
        expect(both.funnel).toEqual(stageFunnel(b2bPipeline, deals));
        expect(both.durations).toEqual(stageDurations(deals));
        const open = both.funnel.stages.filter((s) => s.kind === 'open');
        for (let i = 1; i < open.length; i++) if (open[i]!.reached > open[i - 1]!.reached) return false;
        return both.funnel.stages.every(
          (s) =>
            s.entered <= s.reached &&
            s.reached <= deals.length &&
            (s.conversionFromFirst === null || (s.conversionFromFirst >= 0 && s.conversionFromFirst <= 1)),
        );
      }),
    );
  });
});

describe('winRate and salesCycleLength', () => {
  const deals = [
    dealWith(
      'w1',
      [
        ['prospecting', 0],
        ['closed_won', 30],
      ],
      { closedAt: day(30) },
    ),
    dealWith(
      'w2',
      [
        ['prospecting', 10],
        ['closed_won', 70],
      ],
      { closedAt: day(70) },
    ),
    dealWith(
      'l1',
      [
        ['prospecting', 0],
        ['closed_lost', 20],
      ],
      { closedAt: day(20), lostReason: 'x' },
    ),
    dealWith('o1', [['proposal', 0]], { probability: { value: 1, source: 'manual' } }),
    dealWith(
      'r1',
      [
        ['renewal_due', 0],
        ['churned', 5],
      ],
      { pipelineId: 'saas_renewal', closedAt: day(5), lostReason: 'x' },
    ),
    dealWith('x1', [['whatever', 0]], { pipelineId: 'unknown' }),
  ];
  it('won / (won + lost) by stage kind, never by probability; several pipelines at once', () => {
    expect(winRate(b2bPipeline, deals)).toEqual({ won: 2, lost: 1, unknown: 2, rate: 2 / 3 });
    expect(winRate([b2bPipeline, saasRenewalPipeline], deals)).toEqual({ won: 2, lost: 2, unknown: 1, rate: 0.5 });
    expect(winRate(b2bPipeline, deals, { period: { start: day(25), end: day(60) } })).toMatchObject({
      won: 1,
      lost: 0,
      rate: 1,
    });
    expect(winRate(b2bPipeline, []).rate).toBeNull();
  });
  it('cycle length over won deals (lost optional); null when none', () => {
    // won: 30 and 60 days; lost: 20 days.
    expect(salesCycleLength(b2bPipeline, deals)).toEqual({ count: 2, meanDays: 45, medianDays: 45 });
    expect(salesCycleLength(b2bPipeline, deals, { includeLost: true })).toEqual({
      count: 3,
      meanDays: 110 / 3,
      medianDays: 30,
    });
    expect(salesCycleLength(b2bPipeline, [])).toEqual({ count: 0, meanDays: null, medianDays: null });
  });
  it('a bad period is an invalid_period Result error, never a throw (issue 11)', () => {
    const bad = { start: day(5), end: day(1) };
    for (const r of [
      analytics.winRate(b2bPipeline, deals, { period: bad }),
      analytics.salesCycleLength(b2bPipeline, deals, { period: bad }),
      analytics.salesVelocity(b2bPipeline, deals, { period: bad, currency: 'EUR' }),
      analytics.winRate(b2bPipeline, deals, { period: { start: 'x', end: day(1) } as never }),
    ]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.issues[0]).toMatchObject({ path: ['options', 'period'], code: 'invalid_period' });
    }
  });
  it('an empty period is valid: nothing closed in it (issue 11)', () => {
    const empty = { start: day(30), end: day(30) };
    expect(winRate(b2bPipeline, deals, { period: empty })).toEqual({ won: 0, lost: 0, unknown: 2, rate: null });
    expect(salesCycleLength(b2bPipeline, deals, { period: empty })).toEqual({
      count: 0,
      meanDays: null,
      medianDays: null,
    });
    const v = salesVelocity(b2bPipeline, deals, { period: empty, currency: 'EUR' });
    expect(!v.ok && v.error.code).toBe('insufficient_data');
  });
  it('unknown option keys are refused, naming the allowed ones; null options mean none (issue 11)', () => {
    const r = analytics.winRate(b2bPipeline, deals, { period: undefined, by: 'owner' } as never);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['options'], code: 'unrecognized_keys' });
    expect(!r.ok && r.error.issues[0]!.message).toContain('allowed: period');
    expect(winRate(b2bPipeline, deals, null)).toEqual(winRate(b2bPipeline, deals));
    const s = analytics.staleDeals(b2bPipeline, deals, { asOf: day(1), minSample: 3 } as never);
    expect(!s.ok && s.error.issues[0]!.code).toBe('unrecognized_keys');
  });
  it('malformed deals and pipelines give a Result error, never a TypeError', () => {
    for (const r of [
      analytics.winRate(b2bPipeline, [null] as never),
      analytics.winRate(b2bPipeline, [{ pipelineId: 'b2b' }] as never),
      analytics.winRate(b2bPipeline, 'deals' as never),
      analytics.winRate({ id: 'b2b' } as never, deals),
      analytics.stageFunnel(b2bPipeline, [{ ...deals[0]!, stageHistory: [null] }] as never),
      // eslint-disable-next-line no-sparse-arrays
      analytics.stageDurations([, deals[0]!] as never),
    ])
      expect(!r.ok && r.error.code).toBe('validation_failed');
  });
});

describe('salesVelocity', () => {
  // Worked example (mavenlb.com, "The sales velocity formula"): 40 opportunities × £25,000 × 25 %
  // ÷ 90 days = £2,777.78 per day. Here: 40 deals created in the period; 4 won at 25,000.00
  // after 90 days, 12 lost → win rate 25 %.
  const deals: Deal[] = [];
  for (let i = 0; i < 40; i++) {
    if (i < 4)
      deals.push(
        dealWith(
          `w${i}`,
          [
            ['prospecting', i],
            ['closed_won', i + 90],
          ],
          { amount: '25000.00', currency: 'GBP', closedAt: day(i + 90) },
        ),
      );
    else if (i < 16)
      deals.push(
        dealWith(
          `l${i}`,
          [
            ['prospecting', i],
            ['closed_lost', i + 30],
          ],
          { amount: '9999.00', currency: 'GBP', closedAt: day(i + 30), lostReason: 'x' },
        ),
      );
    else deals.push(dealWith(`o${i}`, [['prospecting', i]], { currency: 'GBP' }));
  }
  const period = { start: day(0), end: day(365) };
  it('reproduces the worked example exactly', () => {
    const v = unwrap(salesVelocity(b2bPipeline, deals, { period, currency: 'GBP' }));
    expect(v.opportunities).toBe(40);
    expect(v.winRate).toBe(0.25);
    expect(v.averageDealSize).toEqual({ amount: '25000.00', currency: 'GBP' });
    expect(v.cycleDays).toBe(90);
    expect(v.perDay).toEqual({ amount: '2777.78', currency: 'GBP' });
  });
  it('insufficient_data without won deals in the period; currency_mismatch without a rate', () => {
    const r = salesVelocity(b2bPipeline, deals.slice(4), { period, currency: 'GBP' });
    expect(!r.ok && r.error.code).toBe('insufficient_data');
    const mixed = salesVelocity(b2bPipeline, deals, { period, currency: 'EUR' });
    expect(!mixed.ok && mixed.error.code).toBe('currency_mismatch'); // a Result, not a throw (issue 11)
    expect(!mixed.ok && mixed.error.issues[0]!.path).toEqual(['deals', 0, 'amount', 'currency']);
    const conv = unwrap(
      salesVelocity(b2bPipeline, deals, {
        period,
        currency: 'EUR',
        rates: [{ from: 'GBP', to: 'EUR', rate: '2', asOf: '2026-01-01' }],
      }),
    );
    expect(conv.perDay).toEqual({ amount: '5555.56', currency: 'EUR' });
  });
});

describe('staleDeals', () => {
  it('flags open deals past rotAfterDays, longest first', () => {
    const deals = [
      dealWith('a', [['prospecting', 0]]), // 40 days in prospecting (rot 30)
      dealWith('b', [
        ['prospecting', 0],
        ['proposal', 10],
      ]), // 30 days in proposal (rot 21)
      dealWith('c', [
        ['prospecting', 0],
        ['negotiation', 35],
      ]), // 5 days (rot 14)
      dealWith(
        'd',
        [
          ['prospecting', 0],
          ['closed_won', 1],
        ],
        { closedAt: day(1) },
      ), // closed: never stale
    ];
    const s = staleDeals(b2bPipeline, deals, { asOf: day(40) });
    expect(s.map((x) => [x.deal.id, x.stageId, x.daysInStage, x.thresholdDays, x.basis])).toEqual([
      ['a', 'prospecting', 40, 30, 'rotAfterDays'],
      ['b', 'proposal', 30, 21, 'rotAfterDays'],
    ]);
  });
  it('without rotAfterDays, uses the p90 of completed visits when there are enough of them', () => {
    const p = unwrap(
      definePipeline({
        ...b2bPipeline.definition,
        id: 'b2b',
        stages: b2bPipeline.definition.stages.map(({ rotAfterDays: _r, ...s }) => s),
      }),
    );
    // Completed prospecting visits of 1..10 days: p90 (type 7) = 9.1.
    const history = Array.from({ length: 10 }, (_, i) =>
      dealWith(`h${i}`, [
        ['prospecting', 0],
        ['qualification', i + 1],
      ]),
    );
    const open = [dealWith('slow', [['prospecting', 0]]), dealWith('fast', [['prospecting', 1]])];
    const s = staleDeals(p, [...history, ...open], { asOf: day(9.5) });
    expect(s.map((x) => x.deal.id)).toEqual(['slow']);
    expect(s[0]!.basis).toBe('p90');
    expect(s[0]!.thresholdDays).toBeCloseTo(9.1, 12);
    expect(staleDeals(p, [...history.slice(0, 3), ...open], { asOf: day(9.5) })).toEqual([]);
  });
});

void DAY;
