import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { hostileValue, orHostile } from '../_hostile.js';
import {
  defineScoringModel,
  scoreLead,
  SCORING_LEAD_FIELDS,
  type ScoringModelDefinition,
} from '../../src/scoring/index.js';
import type { Activity, Lead } from '../../src/entities/index.js';

const good: ScoringModelDefinition = {
  rules: [
    { id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 },
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
      points: 15,
    },
    { id: 'free-mail', axis: 'fit', when: { field: 'email', op: 'matches', value: '*@gmail.com' }, points: -10 },
    { id: 'employees', axis: 'fit', when: { field: 'customFields.employees', op: 'gte', value: 200 }, points: 10 },
  ],
  decay: { engagement: { type: 'halfLife', days: 30 } },
  caps: { fit: { max: 100 }, engagement: { min: 0, max: 100 } },
  thresholds: { mql: 50, sql: 80 },
  grades: { fit: [60, 40, 20], engagement: [60, 40, 20] },
};

describe('defineScoringModel', () => {
  it('accepts the issue example, fills defaults, freezes, and is JSON-serializable', () => {
    const r = defineScoringModel(good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.isFrozen(r.value)).toBe(true);
    expect(Object.isFrozen(r.value.rules[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(r.value))).toEqual(r.value);
    const min = defineScoringModel({ rules: [] });
    expect(min.ok && min.value).toMatchObject({
      decay: { engagement: { type: 'none' } },
      thresholds: { mql: null, sql: null },
      grades: null,
    });
  });

  it('reports every definition error at once, each with its path', () => {
    const r = defineScoringModel({
      rules: [
        { id: 'a', axis: 'fit', when: { field: 'shoeSize', op: 'eq', value: 9 }, points: 1 },
        { id: 'a', axis: 'fit', when: { field: 'title', op: 'like' as 'eq', value: 'x' }, points: 1 },
        { id: 'c', axis: 'engagement', when: { activity: { field: 'kind', op: 'eq', value: 'fax' } }, points: 5 },
        {
          id: 'd',
          axis: 'sideways' as 'fit',
          when: { all: [{ field: 'country', op: 'in', value: 'US' as unknown as string[] }] },
          points: Infinity,
        },
        {
          id: 'e',
          axis: 'engagement',
          when: {
            activity: {
              all: [
                { field: 'channel', op: 'eq', value: 'pigeon' },
                { field: 'direction', op: 'eq', value: 'up' },
              ],
            },
            atLeast: -1,
            withinDays: 0,
          },
          points: 1,
          maxPoints: 0,
        },
      ],
      thresholds: { mql: 90, sql: 80 },
      grades: { fit: [20, 40, 60], engagement: [1, 2] as unknown as [number, number, number] },
      decay: { engagement: { type: 'halfLife', days: -3 } },
      caps: { fit: { min: 10, max: 5 } },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    const got = r.error.issues.map((i) => `${i.path.join('.')}:${i.code}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'rules.0.when.field:unknown_field',
        'rules.1.id:duplicate',
        'rules.1.when.op:unknown_operator',
        'rules.2.when.activity.value:invalid_value',
        'rules.3.axis:invalid_value',
        'rules.3.points:invalid_value',
        'rules.3.when.all.0.value:invalid_type',
        'rules.4.when.activity.all.0.value:invalid_value',
        'rules.4.when.activity.all.1.value:invalid_value',
        'rules.4.when.atLeast:invalid_type',
        'rules.4.when.withinDays:invalid_value',
        'rules.4.maxPoints:invalid_value',
        'thresholds:out_of_order',
        'grades.fit:invalid_value',
        'grades.engagement:invalid_value',
        'decay.engagement.days:invalid_value',
        'caps.fit:invalid_value',
      ]),
    );
    expect(r.error.issues.find((i) => i.code === 'invalid_value')?.message).toMatch(
      /allowed: call, email, meeting, note, task, message, web/,
    );
  });

  it('allows customFields paths and declared extra fields, rejects undeclared ones', () => {
    expect(
      defineScoringModel({
        rules: [{ id: 'x', axis: 'fit', when: { field: 'customFields.plan.tier', op: 'eq', value: 'pro' }, points: 1 }],
      }).ok,
    ).toBe(true);
    expect(
      defineScoringModel({
        rules: [{ id: 'x', axis: 'fit', when: { field: 'employees', op: 'gt', value: 5 }, points: 1 }],
      }).ok,
    ).toBe(false);
    expect(
      defineScoringModel({
        extraFields: { employees: 'number' },
        rules: [{ id: 'x', axis: 'fit', when: { field: 'employees', op: 'gt', value: 5 }, points: 1 }],
      }).ok,
    ).toBe(true);
  });

  it('knows every field of the Lead entity, and accepts Lead and Activity entities (checked by tsc)', () => {
    for (const f of ['firstName', 'email', 'status', 'qualification', 'convertedDealId', 'score.grade'])
      expect(SCORING_LEAD_FIELDS).toContain(f);
    const r = defineScoringModel({ rules: [] });
    if (!r.ok) throw r.error;
    const m = r.value;
    const typed = (lead: Lead, activities: readonly Activity[]) =>
      unwrap(scoreLead(m, lead, activities, { asOf: new Date(0) }));
    expect(typeof typed).toBe('function');
  });

  it('validates every decay type and the per-activity rule shape', () => {
    for (const d of [
      { type: 'none' },
      { type: 'halfLife', days: 7 },
      { type: 'linear', fraction: 0.25, periodDays: 30 },
      { type: 'window', days: 90 },
    ] as const) {
      expect(defineScoringModel({ rules: [], decay: { engagement: d } }).ok).toBe(true);
    }
    expect(
      defineScoringModel({ rules: [], decay: { engagement: { type: 'linear', fraction: 2, periodDays: 30 } } }).ok,
    ).toBe(false);
    expect(defineScoringModel({ rules: [], decay: { engagement: { type: 'cosine' } as never } }).ok).toBe(false);
    const per = defineScoringModel({
      rules: [
        {
          id: 'p',
          axis: 'engagement',
          per: 'activity',
          when: { field: 'title', op: 'isNull', value: false },
          points: 1,
        },
      ],
    });
    expect(!per.ok && per.error.issues[0]?.path).toEqual(['rules', 0, 'per']);
  });

  it('rejects malformed conditions and ids, and non-object definitions', () => {
    const r = defineScoringModel({
      rules: [
        {
          id: '$cap',
          axis: 'fit',
          when: { field: 'title', op: 'eq', value: 'x', activity: { all: [] } } as never,
          points: 1,
        },
      ],
    });
    expect(!r.ok && r.error.issues.map((i) => i.code)).toEqual(['invalid_id', 'unrecognized_keys']);
    expect(defineScoringModel(null as never).ok).toBe(false);
    expect(
      defineScoringModel({
        rules: [{ id: 'm', axis: 'fit', when: { field: 'email', op: 'matches', value: 3 as never }, points: 1 }],
      }).ok,
    ).toBe(false);
  });

  it('keeps the metadata a stored model carries (id, name, description, version) and refuses other keys', () => {
    const r = defineScoringModel({
      id: 'inbound-2026',
      name: 'Inbound',
      description: 'For web leads',
      version: 3,
      rules: [],
    });
    expect(r.ok && [r.value.id, r.value.name, r.value.description, r.value.version]).toEqual([
      'inbound-2026',
      'Inbound',
      'For web leads',
      3,
    ]);
    const bad = defineScoringModel({ id: 7, owner: 'x', rules: [] } as never);
    expect(!bad.ok && bad.error.issues.map((i) => `${i.code}@${i.path.join('.')}`)).toEqual([
      'unrecognized_keys@',
      'invalid_type@id',
    ]);
  });

  it('checks enumerated activity values, so a typo in a kind is caught', () => {
    const r = defineScoringModel({
      rules: [
        { id: 'w', axis: 'engagement', when: { activity: { field: 'kind', op: 'eq', value: 'webb' } }, points: 1 },
      ],
    });
    expect(!r.ok && r.error.issues[0]).toMatchObject({
      path: ['rules', 0, 'when', 'activity', 'value'],
      code: 'invalid_value',
    });
  });
});

describe('defineScoringModel on malformed definitions', () => {
  it('never throws: always a Result with issues (property, hostile values included)', () => {
    const condition: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      c: fc.oneof(
        { depthSize: 'small' },
        fc.record(
          {
            field: orHostile(fc.constantFrom('title', 'email', 'customFields.x')),
            op: orHostile(fc.constantFrom('eq', 'gt', 'in', 'matches', 'bad')),
            value: hostileValue,
          },
          { requiredKeys: [] },
        ),
        fc.record(
          {
            activity: orHostile(
              fc.record(
                { kind: orHostile(fc.constantFrom('web', 'email', 'zz')), subject: orHostile(fc.string()) },
                { requiredKeys: [] },
              ),
            ),
            atLeast: orHostile(fc.integer()),
            atMost: orHostile(fc.integer()),
            withinDays: orHostile(fc.integer()),
          },
          { requiredKeys: [] },
        ),
        fc.record({ all: orHostile(fc.array(tie('c'), { maxLength: 3 })) }),
        fc.record({ any: orHostile(fc.array(tie('c'), { maxLength: 3 })) }),
        fc.record({ not: tie('c') }),
        hostileValue,
      ),
    })).c;
    const rule = fc.record(
      {
        id: orHostile(fc.constantFrom('r1', 'r2')),
        axis: orHostile(fc.constantFrom('fit', 'engagement')),
        when: condition,
        points: orHostile(fc.integer()),
        maxPoints: orHostile(fc.integer()),
        per: orHostile(fc.constantFrom('activity', 'rule')),
      },
      { requiredKeys: [] },
    );
    const decay = fc.record(
      {
        type: orHostile(fc.constantFrom('halfLife', 'linear', 'window', 'none')),
        days: orHostile(fc.integer()),
        fraction: hostileValue,
        periodDays: hostileValue,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            rules: orHostile(fc.array(orHostile(rule), { maxLength: 4 })),
            decay: orHostile(fc.record({ engagement: orHostile(decay) })),
            thresholds: orHostile(fc.record({ mql: orHostile(fc.integer()), sql: orHostile(fc.integer()) })),
            grades: hostileValue,
            caps: hostileValue,
          },
          { requiredKeys: [] },
        ),
        (def) => {
          const r = defineScoringModel(def as never);
          return r.ok || (r.error.code === 'validation_failed' && r.error.issues.length > 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
