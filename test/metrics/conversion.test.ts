import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  conversionAccumulatorFromJSON,
  conversionBy,
  conversionRate,
  createConversionAccumulator,
  createFunnelAccumulator,
  funnel,
  funnelAccumulatorFromJSON,
  leadToCustomerTime,
  createLeadToCustomerTimeAccumulator,
  leadToCustomerTimeAccumulatorFromJSON,
  type ConvertibleLead,
} from '../../src/metrics/index.js';
import { monthPeriod } from '../../src/time/period.js';
import { CrmError } from '../../src/core/errors.js';
import { expectFinite, expectInvalid, value } from './_helpers.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('conversionRate', () => {
  it('Wilson interval equals R prop.test(x, n, correct = FALSE)$conf.int', () => {
    // R: prop.test(37, 100, correct = FALSE)$conf.int => 0.281823605343 0.467794704191
    const r = value(conversionRate(37, 100));
    expect(r.rate).toBe(0.37);
    expect(r.interval!.lower).toBeCloseTo(0.281823605343, 11);
    expect(r.interval!.upper).toBeCloseTo(0.467794704191, 11);
    // R: prop.test(0, 10, ...) => 0 0.277532799863; prop.test(10, 10, ...) => 0.722467200137 1
    expect(value(conversionRate(0, 10)).interval).toMatchObject({
      lower: 0,
      upper: expect.closeTo(0.277532799863, 11),
    });
    expect(value(conversionRate(10, 10)).interval).toMatchObject({
      lower: expect.closeTo(0.722467200137, 11),
      upper: 1,
    });
  });
  it('records: converted leads among those created in the period, before asOf', () => {
    const leads = [
      { createdAt: d('2026-01-03'), convertedAt: d('2026-01-20'), source: 'web' },
      { createdAt: d('2026-01-10'), convertedAt: d('2026-03-05'), source: 'web' },
      { createdAt: d('2026-01-12'), convertedAt: null, source: 'ads' },
      { createdAt: d('2026-02-01'), convertedAt: d('2026-02-02'), source: 'ads' },
    ];
    expect(value(conversionRate(leads, { period: monthPeriod('2026-01-01') }))).toMatchObject({
      converted: 2,
      total: 3,
    });
    expect(value(conversionRate(leads, { period: monthPeriod('2026-01-01'), asOf: d('2026-03-01') }))).toMatchObject({
      converted: 1,
      total: 3,
    });
    const by = value(conversionBy(leads, 'source'));
    expect(by.map((g) => [g.key, g.conversion.converted, g.conversion.total])).toEqual([
      ['ads', 1, 2],
      ['web', 2, 2],
    ]);
    expect(
      value(conversionBy(leads, (l) => (l.createdAt < d('2026-01-11') ? 'early' : null))).map((g) => g.key),
    ).toEqual(['early', null]);
  });
  it('empty and bad input', () => {
    expect(value(conversionRate(0, 0))).toMatchObject({ rate: null, total: 0, interval: null });
    expect(value(conversionRate([]))).toMatchObject({ rate: null, total: 0 });
    expect(expectInvalid(conversionRate(5, 4), ['converted'])).toMatch(/0\.\.4/);
    expectInvalid(conversionRate(-1, 4), ['converted']);
    expectInvalid(conversionRate(1, 4, { confidence: 0 }), ['options', 'confidence']);
    expectInvalid(conversionRate([{ createdAt: d('2026-01-01'), convertedAt: new Date(Number.NaN) }]), [
      0,
      'convertedAt',
    ]);
  });
  it('properties: rate and interval within [0, 1], interval contains the rate', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000).chain((n) => fc.tuple(fc.nat(n), fc.constant(n))),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        ([x, n], confidence) => {
          const r = value(conversionRate(x, n, { confidence }));
          if (n === 0) {
            expect(r.rate).toBeNull();
            return;
          }
          expect(r.interval!.lower).toBeGreaterThanOrEqual(0);
          expect(r.interval!.upper).toBeLessThanOrEqual(1);
          expect(r.interval!.lower).toBeLessThanOrEqual(r.rate! + 1e-12);
          expect(r.interval!.upper).toBeGreaterThanOrEqual(r.rate! - 1e-12);
          expectFinite(r);
        },
      ),
    );
  });
});

describe('funnel', () => {
  it('counts: step and overall conversion (R: prop.test(10, 40, correct = FALSE)$conf.int = 0.141871186390963 0.401939614207680)', () => {
    const steps = value(funnel(['lead', 'qualified', 'won'], [100, 40, 10]));
    expect(steps.map((s) => [s.count, s.stepRate, s.overallRate])).toEqual([
      [100, 1, 1],
      [40, 0.4, 0.4],
      [10, 0.25, 0.1],
    ]);
    expect(steps[2]!.stepInterval!.lower).toBeCloseTo(0.141871186390963, 11);
    expect(steps[2]!.stepInterval!.upper).toBeCloseTo(0.40193961420768, 11);
  });
  it('records: the furthest stage reached counts for every earlier stage', () => {
    const deals = [
      { stageId: 'won', stageHistory: [{ to: 'qualified' }, { to: 'proposal' }, { to: 'won' }] },
      { stageId: 'lost', stageHistory: [{ to: 'qualified' }, { to: 'proposal' }, { to: 'lost' }] },
      { stageId: 'qualified' },
      { stageId: 'lost', stageHistory: [{ to: 'lost' }] }, // never reached a funnel stage
    ];
    expect(value(funnel(['qualified', 'proposal', 'won'], deals)).map((s) => s.count)).toEqual([3, 2, 1]);
  });
  it('empty and bad input', () => {
    expect(value(funnel(['a', 'b'], [])).map((s) => [s.count, s.stepRate, s.overallRate])).toEqual([
      [0, null, null],
      [0, null, null],
    ]);
    expect(expectInvalid(funnel(['a', 'b'], [10, 11]), [1])).toMatch(/must not increase/);
    expectInvalid(funnel(['a', 'b'], [10]), ['counts']);
    expectInvalid(funnel(['a', 'a'], [1, 1]), ['stages']);
    expectInvalid(funnel([], [1]), ['stages']);
    expectInvalid(funnel(['a'], [{ stageHistory: [] } as never]), [0]);
  });
  it('property: record counts never increase along the funnel', () => {
    const stages = ['s0', 's1', 's2', 's3'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            stageId: fc.constantFrom(...stages, 'other'),
            stageHistory: fc.array(fc.record({ to: fc.constantFrom(...stages) }), { maxLength: 3 }),
          }),
          { maxLength: 50 },
        ),
        (rs) => {
          const steps = value(funnel(stages, rs));
          for (let i = 1; i < steps.length; i++) expect(steps[i]!.count).toBeLessThanOrEqual(steps[i - 1]!.count);
          for (const s of steps) if (s.stepRate !== null) expect(s.stepRate).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('leadToCustomerTime', () => {
  it('summarizes days to conversion (R: quantile(c(10, 20, 40), c(.25, .5, .75)) = 15 20 30)', () => {
    const leads = [
      { createdAt: d('2026-01-01'), convertedAt: d('2026-01-11') },
      { createdAt: d('2026-01-01'), convertedAt: d('2026-01-21') },
      { createdAt: d('2026-01-01'), convertedAt: d('2026-02-10') },
      { createdAt: d('2026-01-01'), convertedAt: null },
    ];
    expect(value(leadToCustomerTime(leads))).toMatchObject({
      total: 3,
      meanDays: 70 / 3,
      medianDays: 20,
      p25Days: 15,
      p75Days: 30,
    });
  });
  it('empty and bad input', () => {
    expect(value(leadToCustomerTime([{ createdAt: d('2026-01-01'), convertedAt: null }]))).toMatchObject({
      total: 0,
      medianDays: null,
    });
    expectInvalid(
      leadToCustomerTime([
        { createdAt: d('2026-01-01'), convertedAt: null },
        { createdAt: d('2026-01-05'), convertedAt: d('2026-01-01') },
      ]),
      [1, 'convertedAt'],
    );
  });
});

describe('conversion accumulator', () => {
  it('merging any partition equals one pass (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 100 }), fc.nat(), (xs, cut) => {
        const k = xs.length === 0 ? 0 : cut % (xs.length + 1);
        const acc = createConversionAccumulator().addAll(xs.slice(0, k));
        acc.merge(
          value(conversionAccumulatorFromJSON(JSON.stringify(createConversionAccumulator().addAll(xs.slice(k))))),
        );
        expect(value(acc.result())).toEqual(value(conversionRate(xs.filter(Boolean).length, xs.length)));
      }),
    );
  });
  it('accepts count partials and reports a bad one by position', () => {
    expect(value(createConversionAccumulator().add({ converted: 3, total: 10 }).add(true).result())).toMatchObject({
      converted: 4,
      total: 11,
    });
    expectInvalid(createConversionAccumulator().add(true).add({ converted: 3, total: 2 }).result(), [1, 'converted']);
  });
});

describe('funnel accumulator', () => {
  const stages = ['s0', 's1', 's2'];
  const rec = fc.record({
    stageId: fc.constantFrom(...stages, 'other'),
    stageHistory: fc.array(fc.record({ to: fc.constantFrom(...stages) }), { maxLength: 3 }),
  });
  it('merging any partition equals one pass (property)', () => {
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 60 }), fc.nat(), (rs, cut) => {
        const k = rs.length === 0 ? 0 : cut % (rs.length + 1);
        const acc = createFunnelAccumulator(stages).addAll(rs.slice(0, k));
        acc.merge(
          value(funnelAccumulatorFromJSON(JSON.stringify(createFunnelAccumulator(stages).addAll(rs.slice(k))))),
        );
        expect(value(acc.result())).toEqual(value(funnel(stages, rs)));
      }),
    );
  });
  it('bad records and mismatched stages', () => {
    expectInvalid(
      createFunnelAccumulator(stages)
        .add({ stageId: 's0' })
        .add({ stageId: 's1', stageHistory: 'x' as never })
        .result(),
      [1, 'stageHistory'],
    );
    expect(() => createFunnelAccumulator(stages).merge(createFunnelAccumulator(['s0', 's1']) as never)).toThrow(
      /options/,
    );
    expect(() => createFunnelAccumulator([])).toThrow(/stage/);
  });
});

// The accumulator of leadToCustomerTime. Property: merging any partition, through JSON, equals one pass.
const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const timedLead: fc.Arbitrary<ConvertibleLead> = fc
  .tuple(fc.integer({ min: 0, max: 90 }), fc.option(fc.integer({ min: 0, max: 400 * 24 }), { nil: null }))
  .map(([createdDay, hours]) => ({
    createdAt: new Date(T0 + createdDay * DAY_MS),
    convertedAt: hours === null ? null : new Date(T0 + createdDay * DAY_MS + hours * 3_600_000),
  }));

describe('lead-to-customer-time accumulator', () => {
  it('merging any partition equals leadToCustomerTime (property), through JSON, with and without period and asOf', () => {
    const optionSets = [
      undefined,
      { period: monthPeriod('2026-02-01') },
      { asOf: new Date('2026-03-15T00:00:00Z') },
      { period: monthPeriod('2026-01-01'), asOf: new Date('2026-02-01T00:00:00Z') },
    ];
    fc.assert(
      fc.property(
        fc.array(timedLead, { maxLength: 60 }),
        fc.nat(),
        fc.constantFrom(...optionSets),
        (xs, n, options) => {
          const k = xs.length === 0 ? 0 : n % (xs.length + 1);
          const acc = createLeadToCustomerTimeAccumulator(options).addAll(xs.slice(0, k));
          acc.merge(
            value(
              leadToCustomerTimeAccumulatorFromJSON(
                JSON.stringify(createLeadToCustomerTimeAccumulator(options).addAll(xs.slice(k))),
              ),
            ),
          );
          expect(value(acc.result())).toEqual(value(leadToCustomerTime(xs, options)));
        },
      ),
    );
  });

  it('gives the documented example: median 15 days', () => {
    const acc = createLeadToCustomerTimeAccumulator().add({
      createdAt: new Date('2026-01-01T00:00:00Z'),
      convertedAt: new Date('2026-01-11T00:00:00Z'),
    });
    acc.merge(
      createLeadToCustomerTimeAccumulator().add({
        createdAt: new Date('2026-01-01T00:00:00Z'),
        convertedAt: new Date('2026-01-21T00:00:00Z'),
      }),
    );
    expect(value(acc.result())).toMatchObject({ total: 2, meanDays: 15, medianDays: 15 });
  });

  it('reports the first bad lead by position, as the one-pass function does', () => {
    const good = { createdAt: new Date(T0), convertedAt: new Date(T0 + DAY_MS) };
    const backwards = { createdAt: new Date(T0 + DAY_MS), convertedAt: new Date(T0) };
    const broken = { createdAt: new Date('nope'), convertedAt: null };
    expectInvalid(createLeadToCustomerTimeAccumulator().addAll([good, backwards, broken]).result(), [1, 'convertedAt']);
    expectInvalid(leadToCustomerTime([good, backwards, broken]), [1, 'convertedAt']);
    expectInvalid(createLeadToCustomerTimeAccumulator().addAll([good, broken, backwards]).result(), [1, 'createdAt']);
    expectInvalid(leadToCustomerTime([good, broken, backwards]), [1, 'createdAt']);
    expect(() => createLeadToCustomerTimeAccumulator({ asOf: new Date('nope') })).toThrow(/asOf/);
    expect(() =>
      createLeadToCustomerTimeAccumulator().merge(createLeadToCustomerTimeAccumulator({ asOf: new Date(T0) })),
    ).toThrow(/options/);
  });
});

describe('lead functions on input of the wrong shape', () => {
  it('refuse a non-array of leads and a bad key as a Result', () => {
    expectInvalid(leadToCustomerTime(undefined as never), []);
    expectInvalid(conversionBy([], 42n as never), ['key']);
  });
});

describe('funnel on hostile input (found by the hostile-input property, issue 11)', () => {
  it('funnel(stages) without input is a Result error, not a TypeError', () => {
    const r = funnel(['a'], undefined as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]?.path).toEqual(['input']);
  });
  it('a sparse stage list is refused, not read as undefined', () => {
    expect(() => createFunnelAccumulator([, 'a'] as unknown as string[])).toThrow(CrmError);

    expect(funnel([, 'a'] as unknown as string[], [1, 1]).ok).toBe(false);
  });
});
