import { describe, expect, it } from 'vitest';
import {
  activityTests,
  changeTests,
  defineCondition,
  evaluateCondition,
  explainCondition,
  measureTests,
  type ConditionExtension,
} from '../../src/conditions/index.js';
import { unwrap } from '../../src/core/result.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const day = (d: number) => new Date(asOf.getTime() - d * 86_400_000);

describe('activity tests', () => {
  const acts = [
    { kind: 'web', subject: 'Pricing page', occurredAt: day(2) },
    { kind: 'web', subject: 'Blog', occurredAt: day(10) },
    { kind: 'web', subject: 'pricing', occurredAt: day(40) },
    { kind: 'email', subject: 'Re: pricing', occurredAt: day(1).toISOString() },
    { kind: 'web', subject: 'Pricing', occurredAt: new Date(asOf.getTime() + 1) }, // after asOf: never seen
  ];
  const cond = (json: unknown) => unwrap(defineCondition(json, { entity: 'lead', extensions: [activityTests] }));
  const pricing = {
    all: [
      { field: 'kind', op: 'eq', value: 'web' },
      { field: 'subject', op: 'contains', value: 'pricing' },
    ],
  };

  it('counts the activities that match a condition on activities, up to asOf and within the window', () => {
    expect(evaluateCondition(cond({ activity: pricing, atLeast: 2 }), {}, { asOf, activities: acts })).toBe(true);
    expect(
      evaluateCondition(cond({ activity: pricing, atLeast: 2, withinDays: 30 }), {}, { asOf, activities: acts }),
    ).toBe(false);
    expect(
      evaluateCondition(
        cond({ activity: pricing, atLeast: 0, atMost: 0, withinDays: 1 }),
        {},
        { asOf, activities: acts },
      ),
    ).toBe(true);
    const e = explainCondition(cond({ activity: pricing, atLeast: 2, withinDays: 30 }), {}, { asOf, activities: acts });
    expect(e).toMatchObject({ result: false, actual: 1, expected: 'at least 2' });
  });

  it('reads the activities of each record from a function, and none when the context has none', () => {
    const c = cond({ activity: { field: 'kind', op: 'eq', value: 'email' } });
    const byLead = new Map([['l1', acts]]);
    const ctx = { asOf, activities: (r: unknown) => byLead.get((r as { id: string }).id) ?? [] };
    expect(evaluateCondition(c, { id: 'l1' }, ctx)).toBe(true);
    expect(evaluateCondition(c, { id: 'l2' }, ctx)).toBe(false);
    expect(evaluateCondition(c, { id: 'l1' }, { asOf })).toBe(false);
    expect(() => evaluateCondition(c, {}, { activities: acts })).toThrow(/asOf/);
  });
});

describe('change tests', () => {
  const cond = (json: unknown) => unwrap(defineCondition(json, { entity: 'deal', extensions: changeTests }));
  const before = { stageId: 'proposal', amount: { amount: '10.00', currency: 'EUR' }, closedAt: null };
  const after = {
    stageId: 'won',
    amount: { amount: '10.0', currency: 'EUR' },
    closedAt: new Date('2026-03-01T00:00:00Z'),
  };

  it('changed, changedFrom and changedTo compare the previous and the next record', () => {
    expect(evaluateCondition(cond({ changed: 'stageId' }), after, { previous: before })).toBe(true);
    expect(evaluateCondition(cond({ changed: 'amount' }), after, { previous: before })).toBe(false); // 10.00 = 10.0
    expect(evaluateCondition(cond({ changedTo: 'stageId', value: 'won' }), after, { previous: before })).toBe(true);
    expect(evaluateCondition(cond({ changedTo: 'stageId', value: ['lost'] }), after, { previous: before })).toBe(false);
    expect(evaluateCondition(cond({ changedFrom: 'stageId', value: 'proposal' }), after, { previous: before })).toBe(
      true,
    );
    expect(evaluateCondition(cond({ changed: 'closedAt' }), after, { previous: before })).toBe(true);
    expect(evaluateCondition(cond({ changed: 'stageId' }), after, { previous: after })).toBe(false);
  });

  it('without a previous record (a creation) every set field changed from null', () => {
    expect(evaluateCondition(cond({ changedTo: 'stageId', value: 'won' }), after, {})).toBe(true);
    expect(evaluateCondition(cond({ changedFrom: 'stageId', value: 'won' }), after, {})).toBe(false);
    const e = explainCondition(cond({ changed: 'stageId' }), after, {});
    expect(e).toMatchObject({ result: true, actual: { from: null, to: 'won' } });
  });
});

describe('measure tests', () => {
  const measures = measureTests({ historicalValue: 'money', lastPurchaseAt: 'date', npsAnswered: 'boolean' });
  const cond = (json: unknown) => unwrap(defineCondition(json, { entity: 'contact', extensions: [measures] }));

  it('compare a measure of the record as a field test would, from an object or a function of the record', () => {
    const m = {
      historicalValue: { amount: '1200.00', currency: 'EUR' },
      lastPurchaseAt: new Date('2026-02-20T00:00:00Z'),
    };
    expect(evaluateCondition(cond({ measure: 'historicalValue', op: 'gte', value: '1000' }), {}, { measures: m })).toBe(
      true,
    );
    expect(
      evaluateCondition(
        cond({ measure: 'lastPurchaseAt', op: 'gte', value: { $now: '-P30D' } }),
        {},
        { asOf, measures: () => m },
      ),
    ).toBe(true);
    expect(evaluateCondition(cond({ measure: 'npsAnswered', op: 'isNull', value: true }), {}, { measures: m })).toBe(
      true,
    );
  });
});

describe('a host extension', () => {
  const vip: ConditionExtension = {
    key: 'vip',
    options: ['list'],
    reads: ['data'],
    validate: (t) =>
      typeof t['vip'] === 'boolean' && (t['list'] === undefined || typeof t['list'] === 'string')
        ? []
        : [{ path: ['vip'], message: 'expected a boolean', code: 'invalid_type' }],
    compile: (t) => {
      const on = (r: unknown, c: { data?: Readonly<Record<string, unknown>> }) =>
        ((c.data?.[(t['list'] as string | undefined) ?? 'vip'] as string[] | undefined) ?? []).includes(
          (r as { id: string }).id,
        ) === t['vip'];
      return { test: on, explain: (r, c) => ({ result: on(r, c), detail: 'on the list' }) };
    },
  };

  it('is validated with the rest and evaluated with the context', () => {
    const c = unwrap(
      defineCondition(
        { any: [{ vip: true }, { field: 'stageId', op: 'eq', value: 'won' }] },
        { entity: 'deal', extensions: [vip] },
      ),
    );
    expect(evaluateCondition(c, { id: 'd1', stageId: 'lost' }, { data: { vip: ['d1'] } })).toBe(true);
    expect(evaluateCondition(c, { id: 'd2', stageId: 'lost' }, { data: { vip: ['d1'] } })).toBe(false);
    expect(defineCondition({ vip: 'yes' }, { entity: 'deal', extensions: [vip] }).ok).toBe(false);
    expect(defineCondition({ vip: true }, { entity: 'deal' }).ok).toBe(false);
  });
});
