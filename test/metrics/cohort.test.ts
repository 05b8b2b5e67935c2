import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cohortAccumulatorFromJSON, cohortRetention, createCohortAccumulator } from '../../src/metrics/index.js';
import { expectInvalid, value } from './_helpers.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('cohortRetention', () => {
  const customers = [
    { startedAt: d('2026-01-10'), endedAt: d('2026-02-20') },
    { startedAt: d('2026-01-20'), endedAt: null },
    { startedAt: d('2026-01-31'), endedAt: d('2026-03-01') }, // ends exactly at the boundary: gone at 1 March
    { startedAt: d('2026-02-14'), endedAt: null },
    { startedAt: d('2026-04-02'), endedAt: null }, // after asOf: not counted
  ];
  const opts = { periods: 4, asOf: d('2026-03-15') };

  it('worked table: counts at cohort start + k months, null when not yet observable', () => {
    const t = value(cohortRetention(customers, opts));
    expect(t.total).toBe(4);
    expect(t.rows.map((r) => [r.cohort.start.toISOString().slice(0, 7), r.size, r.counts])).toEqual([
      ['2026-01', 3, [3, 3, 1, null]],
      ['2026-02', 1, [1, 1, null, null]],
    ]);
    expect(t.rows[0]!.rates).toEqual([1, 1, 1 / 3, null]);
  });
  it('quarterly cohorts', () => {
    const t = value(cohortRetention(customers, { cohortBy: 'quarter', periods: 2, asOf: d('2026-12-31') }));
    expect(t.rows.map((r) => [r.size, r.counts])).toEqual([
      [4, [4, 2]],
      [1, [1, 1]],
    ]);
  });
  it('empty and bad input', () => {
    expect(value(cohortRetention([], opts))).toMatchObject({ rows: [], total: 0 });
    expectInvalid(cohortRetention([{ startedAt: d('2026-01-01'), endedAt: d('2025-01-01') }], opts), [0, 'endedAt']);
    expectInvalid(cohortRetention([{ startedAt: new Date('x'), endedAt: null }], opts), [0, 'startedAt']);
    expectInvalid(cohortRetention([], { periods: 0, asOf: d('2026-01-01') }), ['options', 'periods']);
    expectInvalid(cohortRetention([], { periods: 2, asOf: d('2026-01-01'), cohortBy: 'day' as 'month' }), [
      'options',
      'cohortBy',
    ]);
  });
  it('properties: counts non-increasing, rates in [0, 1], first column = size; merging any partition equals one pass', () => {
    const customer = fc
      .tuple(fc.integer({ min: 0, max: 700 }), fc.option(fc.integer({ min: 0, max: 400 })))
      .map(([s, len]) => ({
        startedAt: new Date(Date.UTC(2025, 0, 1) + s * 86_400_000),
        endedAt: len === null ? null : new Date(Date.UTC(2025, 0, 1) + (s + len) * 86_400_000),
      }));
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 60 }), fc.nat(), (cs, cut) => {
        const o = { periods: 6, asOf: d('2026-06-30') };
        const t = value(cohortRetention(cs, o));
        for (const r of t.rows) {
          expect(r.counts[0]).toBe(r.size);
          for (let k = 1; k < r.counts.length; k++)
            if (r.counts[k] !== null) expect(r.counts[k]!).toBeLessThanOrEqual(r.counts[k - 1]!);
          for (const x of r.rates) if (x !== null) expect(x >= 0 && x <= 1).toBe(true);
        }
        const k = cs.length === 0 ? 0 : cut % (cs.length + 1);
        const acc = createCohortAccumulator(o).addAll(cs.slice(0, k));
        acc.merge(value(cohortAccumulatorFromJSON(JSON.stringify(createCohortAccumulator(o).addAll(cs.slice(k))))));
        expect(value(acc.result())).toEqual(t);
      }),
    );
  });
  it('accumulator refuses different options', () => {
    expect(() =>
      createCohortAccumulator({ periods: 2, asOf: d('2026-01-01') }).merge(
        createCohortAccumulator({ periods: 3, asOf: d('2026-01-01') }) as never,
      ),
    ).toThrow(/options/);
  });
});
