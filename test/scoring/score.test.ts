import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import type { CrmError } from '../../src/core/errors.js';
import type { Result } from '../../src/core/result.js';
import {
  defineScoringModel,
  scoreLead,
  scoreLeads,
  rankLeads,
  type ScoringModelDefinition,
  type ScoringModel,
  type ScorableActivity,
  type ScoringRule,
} from '../../src/scoring/index.js';

const DAY = 86_400_000;
const asOf = new Date('2026-03-01T00:00:00Z');
const ago = (days: number): Date => new Date(asOf.getTime() - days * DAY);
function model(def: ScoringModelDefinition): ScoringModel {
  const r = defineScoringModel(def);
  if (!r.ok) throw r.error;
  return r.value;
}

const base: ScoringModelDefinition = {
  rules: [
    { id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 },
    { id: 'free-mail', axis: 'fit', when: { field: 'email', op: 'matches', value: '*@gmail.com' }, points: -10 },
    { id: 'big', axis: 'fit', when: { field: 'customFields.employees', op: 'gte', value: 200 }, points: 30 },
    {
      id: 'pricing-visits',
      axis: 'engagement',
      when: {
        activity: {
          all: [
            { field: 'kind', op: 'eq', value: 'web' },
            { field: 'subject', op: 'contains', value: 'pricing' },
          ],
        },
        atLeast: 2,
        withinDays: 30,
      },
      points: 40,
    },
    {
      id: 'opened',
      axis: 'engagement',
      when: {
        activity: {
          all: [
            { field: 'kind', op: 'eq', value: 'email' },
            { field: 'action', op: 'eq', value: 'opened' },
          ],
        },
        withinDays: 7,
      },
      points: 10,
    },
  ],
  thresholds: { mql: 50, sql: 80 },
  grades: { fit: [40, 25, 10], engagement: [40, 20, 10] },
};

const lead = { id: 'l1', title: 'VP Sales', email: 'ann@acme.com', customFields: { employees: 250 } };
const acts: ScorableActivity[] = [
  { kind: 'web', subject: 'Pricing page', occurredAt: ago(3) },
  { kind: 'web', subject: '/pricing', occurredAt: ago(10).toISOString() },
  { kind: 'web', subject: 'pricing', occurredAt: ago(40) },
  { kind: 'email', action: 'opened', occurredAt: ago(2).getTime() },
  { kind: 'web', subject: 'pricing', occurredAt: new Date(asOf.getTime() + DAY) }, // future: ignored
];

describe('scoreLead', () => {
  it('worked example: every point explained', () => {
    const s = unwrap(scoreLead(model(base), lead, acts, { asOf }));
    expect(s).toMatchObject({ fit: 50, engagement: 50, total: 100, grade: 'A1', qualification: 'sql' });
    expect(s.contributions.map((c) => [c.ruleId, c.matched, c.points])).toEqual([
      ['title-vp', true, 20],
      ['free-mail', false, 0],
      ['big', true, 30],
      ['pricing-visits', true, 40],
      ['opened', true, 10],
    ]);
    const pv = s.contributions[3]!;
    expect(pv.count).toBe(2);
    expect(pv.lastActivityAt).toEqual(ago(3));
    expect(pv.detail).toMatch(/counted 2/);
    expect(s.contributions[0]!.value).toBe('VP Sales');
    expect(s.contributions[0]!.detail).toBe('matched: title contains "VP"');
    expect(Object.isFrozen(s) && Object.isFrozen(s.contributions) && Object.isFrozen(s.contributions[0])).toBe(true);
  });

  it('worked example with halfLife 30: the pricing rule gives 40 × 0.5^(3/30) = 37.32 (docs/scoring.md)', () => {
    const s = unwrap(
      scoreLead(model({ ...base, decay: { engagement: { type: 'halfLife', days: 30 } } }), lead, acts, {
        asOf,
      }),
    );
    expect(s.contributions[3]!.points).toBeCloseTo(40 * Math.pow(0.5, 0.1), 12);
    expect(s.contributions[3]!.points).toBeCloseTo(37.32, 2);
    expect(s.contributions[3]!.decayFactor).toBeCloseTo(0.933, 3);
  });

  it('field operators: eq/neq/in/gt/lt on numbers and dates, contains in lists, isNull, matches with ?', () => {
    const m = model({
      extraFields: { tags: 'list', signedUpAt: 'date' },
      rules: [
        { id: 'eq', axis: 'fit', when: { field: 'country', op: 'eq', value: 'US' }, points: 1 },
        { id: 'neq', axis: 'fit', when: { field: 'country', op: 'neq', value: 'FR' }, points: 2 },
        { id: 'in', axis: 'fit', when: { field: 'industry', op: 'in', value: ['saas', 'fintech'] }, points: 4 },
        { id: 'lt', axis: 'fit', when: { field: 'customFields.employees', op: 'lt', value: 10 }, points: 8 },
        {
          id: 'date',
          axis: 'fit',
          when: { field: 'signedUpAt', op: 'gte', value: '2026-01-01T00:00:00Z' },
          points: 16,
        },
        { id: 'tag', axis: 'fit', when: { field: 'tags', op: 'contains', value: 'Enterprise' }, points: 32 },
        { id: 'phone', axis: 'fit', when: { field: 'phone', op: 'isNull', value: true }, points: 64 },
        { id: 'web', axis: 'fit', when: { field: 'website', op: 'matches', value: 'https://??me.*' }, points: 128 },
        {
          id: 'cs',
          axis: 'fit',
          when: { field: 'title', op: 'eq', value: 'vp' }, // eq is exact: 'VP' does not match
          points: 256,
        },
      ],
    });
    const s = unwrap(
      scoreLead(
        m,
        {
          country: 'US',
          industry: 'saas',
          customFields: { employees: 5 },
          signedUpAt: new Date('2026-02-01T00:00:00Z'),
          tags: ['enterprise'],
          phone: null,
          website: 'https://acme.io',
          title: 'VP',
        },
        [],
        { asOf },
      ),
    );
    expect(s.fit).toBe(1 + 2 + 4 + 8 + 16 + 32 + 64 + 128);
    const none = unwrap(
      scoreLead(
        m,
        { country: 'FR', customFields: { employees: '5' }, signedUpAt: '2025-12-31', phone: '+1', website: 'acme.io' },
        [],
        { asOf },
      ),
    );
    expect(none.fit).toBe(0);
  });

  it('all / any / not, and an activity test with atMost', () => {
    const m = model({
      rules: [
        {
          id: 'all',
          axis: 'fit',
          when: {
            all: [
              { field: 'country', op: 'eq', value: 'US' },
              { not: { field: 'email', op: 'matches', value: '*@gmail.com' } },
            ],
          },
          points: 10,
        },
        {
          id: 'any',
          axis: 'fit',
          when: {
            any: [
              { field: 'country', op: 'eq', value: 'CA' },
              { field: 'country', op: 'eq', value: 'US' },
            ],
          },
          points: 5,
        },
        {
          id: 'quiet',
          axis: 'engagement',
          when: { activity: { field: 'kind', op: 'eq', value: 'call' }, atLeast: 0, atMost: 0, withinDays: 30 },
          points: -7,
        },
        { id: 'empty-any', axis: 'fit', when: { any: [] }, points: 100 },
      ],
    });
    expect(unwrap(scoreLead(m, { country: 'US', email: 'a@b.com' }, [], { asOf }))).toMatchObject({
      fit: 15,
      engagement: -7,
    });
    expect(
      unwrap(scoreLead(m, { country: 'US', email: 'a@GMAIL.com' }, [{ kind: 'call', occurredAt: ago(1) }], { asOf })),
    ).toMatchObject({ fit: 5, engagement: 0 });
  });

  it('decay: halfLife halves at one half-life, linear loses a fraction per completed period, window hides old activity', () => {
    const rule: ScoringRule = {
      id: 'visit',
      axis: 'engagement',
      when: { activity: { field: 'kind', op: 'eq', value: 'web' } },
      points: 40,
    };
    const at = (d: ScoringModelDefinition['decay'], days: number) =>
      unwrap(
        scoreLead(model({ rules: [rule], ...(d ? { decay: d } : {}) }), {}, [{ kind: 'web', occurredAt: ago(days) }], {
          asOf,
        }),
      ).engagement;
    expect(at({ engagement: { type: 'halfLife', days: 30 } }, 30)).toBeCloseTo(20, 12);
    expect(at({ engagement: { type: 'halfLife', days: 30 } }, 60)).toBeCloseTo(10, 12);
    expect(at({ engagement: { type: 'linear', fraction: 0.25, periodDays: 7 } }, 6)).toBe(40);
    expect(at({ engagement: { type: 'linear', fraction: 0.25, periodDays: 7 } }, 15)).toBe(20);
    expect(at({ engagement: { type: 'linear', fraction: 0.25, periodDays: 7 } }, 100)).toBe(0);
    expect(at({ engagement: { type: 'window', days: 30 } }, 29)).toBe(40);
    expect(at({ engagement: { type: 'window', days: 30 } }, 31)).toBe(0);
    expect(at(undefined, 365)).toBe(40);
  });

  it('per-activity rules with maxPoints, and axis caps shown as $cap contributions', () => {
    const m = model({
      rules: [
        {
          id: 'each-open',
          axis: 'engagement',
          per: 'activity',
          when: {
            activity: {
              all: [
                { field: 'kind', op: 'eq', value: 'email' },
                { field: 'action', op: 'eq', value: 'opened' },
              ],
            },
          },
          points: 5,
          maxPoints: 12,
        },
        { id: 'a', axis: 'fit', when: { all: [] }, points: 70 },
        { id: 'b', axis: 'fit', when: { all: [] }, points: 70 },
      ],
      caps: { fit: { max: 100 } },
    });
    const opens = [1, 2, 3, 4].map((d) => ({ kind: 'email', action: 'opened', occurredAt: ago(d) }));
    const s = unwrap(scoreLead(m, {}, opens, { asOf }));
    expect(s.engagement).toBe(12);
    expect(s.fit).toBe(100);
    const cap = s.contributions.find((c) => c.kind === 'cap');
    expect(cap).toMatchObject({ ruleId: '$cap', axis: 'fit', points: -40 });
    expect(unwrap(scoreLead(m, {}, opens.slice(0, 2), { asOf })).engagement).toBe(10);
  });

  it('answers a bad asOf, unknown options or an activity date with a validation_failed Result, never a throw', () => {
    const m = model(base);
    const errorOf = (r: Result<unknown>): CrmError => {
      if (r.ok) throw new Error('expected a failure');
      return r.error;
    };
    expect(errorOf(scoreLead(m, lead, [], { asOf: new Date('nope') })).issues[0]!.path).toEqual(['asOf']);
    expect(errorOf(scoreLead(m, lead, [], { asOf, by: 'x' } as never)).issues[0]!.code).toBe('unrecognized_keys');
    expect(errorOf(scoreLead({} as never, lead, [], { asOf })).code).toBe('validation_failed');
    expect(errorOf(scoreLeads(m, null as never, [], { asOf })).issues[0]!.path).toEqual(['leads']);
    const one = errorOf(scoreLead(m, lead, [acts[0]!, { kind: 'web', occurredAt: 'yesterday' }], { asOf }));
    expect(one.code).toBe('validation_failed');
    expect(one.message).toBe('activities[1].occurredAt is not a valid instant');
    expect(one.issues[0]!.path).toEqual(['activities', 1, 'occurredAt']);
    const many = errorOf(scoreLeads(m, [lead, lead], [[], [{ kind: 'web', occurredAt: Number.NaN }]], { asOf }));
    expect(many.message).toBe('activitiesByLead[1][0].occurredAt is not a valid instant');
    expect(many.issues[0]!.path).toEqual(['activitiesByLead', 1, 0, 'occurredAt']);
    expect(errorOf(rankLeads(m, [lead], [[{ kind: 'web', occurredAt: '' }]], { asOf })).code).toBe('validation_failed');
  });

  it('does not mutate the lead or the activities', () => {
    const l = structuredClone(lead),
      a = structuredClone(acts);
    unwrap(scoreLead(model(base), l, a, { asOf }));
    expect(l).toEqual(lead);
    expect(a).toEqual(acts);
  });
});

// Arbitraries for properties: positive rules over a small vocabulary, leads and activities before asOf.
const fieldTest = fc.oneof(
  fc.record({ field: fc.constant('country'), op: fc.constant('eq' as const), value: fc.constantFrom('US', 'FR') }),
  fc.record({
    field: fc.constant('customFields.employees'),
    op: fc.constantFrom('gt' as const, 'lte' as const),
    value: fc.integer({ min: 0, max: 500 }),
  }),
  fc.record({
    field: fc.constant('title'),
    op: fc.constant('contains' as const),
    value: fc.constantFrom('vp', 'head'),
  }),
);
const activityTest = fc
  .record({
    activity: fc
      .option(fc.constantFrom('web', 'email', 'call'), { nil: null })
      .map((kind) => (kind === null ? { all: [] } : { field: 'kind', op: 'eq', value: kind })),
    atLeast: fc.integer({ min: 1, max: 3 }),
    withinDays: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
  })
  .map((t) => (t.withinDays === undefined ? { activity: t.activity, atLeast: t.atLeast } : t));
const monotoneCondition = fc.oneof(
  fieldTest,
  activityTest,
  fc.array(fc.oneof(fieldTest, activityTest), { maxLength: 3 }).map((all) => ({ all })),
  fc.array(fc.oneof(fieldTest, activityTest), { maxLength: 3 }).map((any) => ({ any })),
);
const anyCondition = fc.oneof(
  monotoneCondition,
  monotoneCondition.map((c) => ({ not: c })),
);
const rulesArb = (cond: typeof anyCondition, points: fc.Arbitrary<number>) =>
  fc
    .array(
      fc.record({
        axis: fc.constantFrom('fit' as const, 'engagement' as const),
        when: cond,
        points,
        maxPoints: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      }),
      { maxLength: 8 },
    )
    .map((rs) =>
      rs.map((r, i): ScoringRule => ({
        id: `r${i}`,
        axis: r.axis,
        when: r.when,
        points: r.points,
        ...(r.maxPoints === undefined ? {} : { maxPoints: r.maxPoints }),
      })),
    );
const decayArb = fc.oneof(
  fc.constant({ type: 'none' as const }),
  fc.integer({ min: 1, max: 60 }).map((days) => ({ type: 'halfLife' as const, days })),
  fc
    .record({ fraction: fc.double({ min: 0.01, max: 1, noNaN: true }), periodDays: fc.integer({ min: 1, max: 30 }) })
    .map((x) => ({ type: 'linear' as const, ...x })),
  fc.integer({ min: 1, max: 90 }).map((days) => ({ type: 'window' as const, days })),
);
const leadArb = fc.record({
  id: fc.string({ maxLength: 3 }),
  country: fc.constantFrom('US', 'FR', null),
  title: fc.constantFrom('VP Sales', 'Head of IT', 'Engineer'),
  customFields: fc.record({ employees: fc.integer({ min: 0, max: 1000 }) }),
});
const actsArb = fc.array(
  fc.record({
    kind: fc.constantFrom('web', 'email', 'call'),
    occurredAt: fc.integer({ min: 0, max: 120 }).map((d) => ago(d)),
  }),
  { maxLength: 10 },
);
const capsArb = fc.record({
  fit: fc.record({ max: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] }),
  engagement: fc.record({ max: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] }),
});

describe('scoring properties', () => {
  it('scores are finite, contributions add up to each axis, and total = fit + engagement', () => {
    fc.assert(
      fc.property(
        rulesArb(anyCondition, fc.integer({ min: -50, max: 50 })),
        decayArb,
        leadArb,
        actsArb,
        (rules, decay, l, a) => {
          const s = unwrap(scoreLead(model({ rules, decay: { engagement: decay } }), l, a, { asOf }));
          for (const v of [s.total, s.fit, s.engagement]) expect(Number.isFinite(v)).toBe(true);
          const sum = (axis: string) =>
            s.contributions.filter((c) => c.axis === axis).reduce((x, c) => x + c.points, 0);
          expect(sum('fit')).toBeCloseTo(s.fit, 9);
          expect(sum('engagement')).toBeCloseTo(s.engagement, 9);
          expect(s.total).toBe(s.fit + s.engagement);
        },
      ),
    );
  });

  it('adding a matching positive rule never lowers a score', () => {
    fc.assert(
      fc.property(
        rulesArb(anyCondition, fc.integer({ min: -50, max: 50 })),
        decayArb,
        capsArb,
        leadArb,
        actsArb,
        fc.constantFrom('fit' as const, 'engagement' as const),
        anyCondition,
        fc.integer({ min: 1, max: 50 }),
        (rules, decay, caps, l, a, axis, when, points) => {
          const before = unwrap(scoreLead(model({ rules, caps, decay: { engagement: decay } }), l, a, { asOf }));
          const after = unwrap(
            scoreLead(
              model({ rules: [...rules, { id: 'extra', axis, when, points }], caps, decay: { engagement: decay } }),
              l,
              a,
              { asOf },
            ),
          );
          expect(after.total).toBeGreaterThanOrEqual(before.total - 1e-9);
          expect(after.fit).toBeGreaterThanOrEqual(before.fit - 1e-9);
          expect(after.engagement).toBeGreaterThanOrEqual(before.engagement - 1e-9);
        },
      ),
    );
  });

  it('an `any` that also matches without activities does not decay (found by the property below, seed 166027949)', () => {
    const m = model({
      rules: [
        {
          id: 'r0',
          axis: 'engagement',
          when: {
            any: [
              { activity: { all: [] }, atLeast: 1, withinDays: 2 },
              { field: 'customFields.employees', op: 'gt', value: 0 },
            ],
          },
          points: 1,
        },
      ],
      decay: { engagement: { type: 'linear', fraction: 0.01, periodDays: 1 } },
    });
    const lead = { id: 'l', customFields: { employees: 1 } };
    const acts: ScorableActivity[] = [{ kind: 'web', occurredAt: ago(1) }];
    const now = unwrap(scoreLead(m, lead, acts, { asOf }));
    const later = unwrap(scoreLead(m, lead, acts, { asOf: new Date(asOf.getTime() + 5 * DAY) }));
    expect(now.engagement).toBe(1);
    expect(now.contributions[0]).toMatchObject({ decayFactor: 1, lastActivityAt: null });
    expect(later.engagement).toBe(1);
    // Without the field branch matching, the activity's age decays the points.
    const plain = unwrap(scoreLead(m, { id: 'l', customFields: { employees: 0 } }, acts, { asOf }));
    expect(plain.engagement).toBeCloseTo(0.99, 12);
  });

  it('decay never increases engagement as asOf moves forward (positive rules without `not`, activities before asOf)', () => {
    fc.assert(
      fc.property(
        rulesArb(monotoneCondition, fc.integer({ min: 0, max: 50 })),
        decayArb,
        leadArb,
        actsArb,
        fc.integer({ min: 0, max: 200 }),
        (rules, decay, l, a, laterDays) => {
          const m = model({ rules, decay: { engagement: decay } });
          const now = unwrap(scoreLead(m, l, a, { asOf }));
          const later = unwrap(scoreLead(m, l, a, { asOf: new Date(asOf.getTime() + laterDays * DAY) }));
          expect(later.engagement).toBeLessThanOrEqual(now.engagement + 1e-9);
        },
      ),
    );
  });

  it('scoreLeads equals scoreLead per lead, with Map, record or parallel array lookups', () => {
    fc.assert(
      fc.property(
        rulesArb(anyCondition, fc.integer({ min: -50, max: 50 })),
        fc.array(fc.tuple(leadArb, actsArb), { maxLength: 6 }),
        (rules, pairs) => {
          const m = model({ rules });
          const leads = pairs.map(([l], i) => ({ ...l, id: `lead${i}` }));
          const single = pairs.map(([, a], i) => unwrap(scoreLead(m, leads[i]!, a, { asOf })));
          expect(
            unwrap(
              scoreLeads(
                m,
                leads,
                pairs.map(([, a]) => a),
                { asOf },
              ),
            ),
          ).toEqual(single);
          expect(unwrap(scoreLeads(m, leads, new Map(pairs.map(([, a], i) => [`lead${i}`, a])), { asOf }))).toEqual(
            single,
          );
          expect(
            unwrap(scoreLeads(m, leads, Object.fromEntries(pairs.map(([, a], i) => [`lead${i}`, a])), { asOf })),
          ).toEqual(single);
        },
      ),
    );
  });

  it('rankLeads orders by total, fit, engagement, then id — the same order for any input order', () => {
    fc.assert(
      fc.property(
        rulesArb(anyCondition, fc.integer({ min: -50, max: 50 })),
        fc.uniqueArray(fc.tuple(leadArb, actsArb), { selector: ([l]) => l.id, maxLength: 8 }),
        (rules, pairs) => {
          const m = model({ rules });
          const byId = new Map(pairs.map(([l, a]) => [l.id, a]));
          const leads = pairs.map(([l]) => l);
          const ranked = unwrap(rankLeads(m, leads, byId, { asOf }));
          const reversed = unwrap(rankLeads(m, [...leads].reverse(), byId, { asOf }));
          expect(reversed.map((r) => r.id)).toEqual(ranked.map((r) => r.id));
          ranked.forEach((r, i) => expect(r.rank).toBe(i + 1));
          for (let i = 1; i < ranked.length; i++) {
            const a = ranked[i - 1]!.score,
              b = ranked[i]!.score;
            expect(a.total >= b.total).toBe(true);
            if (a.total === b.total && a.fit === b.fit && a.engagement === b.engagement)
              expect(ranked[i - 1]!.id! < ranked[i]!.id!).toBe(true);
          }
        },
      ),
    );
  });
});
