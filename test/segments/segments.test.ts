/**
 * Issue 14: segments as data — defineSegment, segmentMembers (with explain), segmentChanges.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { defineCondition, evaluateCondition } from '../../src/conditions/index.js';
import {
  DEFAULT_SEGMENT_MEASURES,
  defineSegment,
  isSegment,
  segmentChanges,
  segmentMembers,
  segmentToJSON,
  type Segment,
} from '../../src/segments/index.js';

const asOf = new Date('2026-03-31T00:00:00Z');
const day = (s: string) => new Date(`${s}T00:00:00Z`);

function seg(where: unknown, object: 'contact' | 'lead' | 'account' = 'contact'): Segment {
  return unwrap(defineSegment({ id: 's', name: 'S', object, where }));
}

const contacts = [
  { id: 'c1', lifecycleStage: 'growth', title: 'CEO' },
  { id: 'c2', lifecycleStage: 'awareness', title: 'Engineer' },
  { id: 'c3', lifecycleStage: 'growth', title: 'CTO', customFields: { tier: 'gold' } },
  { id: 'c4', lifecycleStage: 'growth', title: null },
];

describe('defineSegment', () => {
  it('checks a segment and returns it frozen, with the condition checked against its object', () => {
    const s = seg({ field: 'lifecycleStage', op: 'eq', value: 'growth' });
    expect(isSegment(s)).toBe(true);
    expect(Object.isFrozen(s)).toBe(true);
    expect(s.object).toBe('contact');
    expect(s.description).toBeNull();
    expect(s.measures).toEqual(DEFAULT_SEGMENT_MEASURES);
    expect(segmentToJSON(s)).toEqual({
      id: 's',
      name: 'S',
      object: 'contact',
      where: { field: 'lifecycleStage', op: 'eq', value: 'growth' },
      description: null,
    });
  });

  it('round-trips through JSON', () => {
    const s = unwrap(
      defineSegment({
        id: 'gold.buyers',
        name: 'Gold buyers',
        object: 'account',
        description: 'Gold accounts that bought lately',
        where: {
          all: [
            { field: 'customFields.tier', op: 'eq', value: 'gold' },
            { measure: 'lastPurchaseAt', op: 'gte', value: { $now: '-P90D' } },
          ],
        },
      }),
    );
    const again = unwrap(defineSegment(JSON.parse(JSON.stringify(segmentToJSON(s)))));
    expect(segmentToJSON(again)).toEqual(segmentToJSON(s));
  });

  it('accepts a condition made by defineCondition as where', () => {
    const c = unwrap(defineCondition({ field: 'status', op: 'eq', value: 'new' }, { entity: 'lead' }));
    expect(defineSegment({ id: 'n', name: 'New', object: 'lead', where: c }).ok).toBe(true);
  });

  it('refuses what is wrong, with paths, all at once', () => {
    const r = defineSegment({
      id: 'a b',
      name: '',
      object: 'contact',
      where: { field: 'shoeSize', op: 'eq', value: 9 },
      x: 1,
    } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    expect(r.error.issues.map((i) => i.path)).toEqual([[], ['id'], ['name'], ['where', 'field']]);
  });

  it('refuses an unknown object, an unknown measure, a bad measure type and bad options', () => {
    const bad = (json: unknown, options?: unknown) => {
      const r = defineSegment(json as never, options as never);
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.error.issues.map((i) => i.path);
    };
    expect(bad({ id: 'a', name: 'A', object: 'deal', where: { all: [] } })).toEqual([['object']]);
    expect(bad({ id: 'a', name: 'A', object: 'lead', where: { measure: 'mood', op: 'eq', value: 'x' } })).toEqual([
      ['where', 'measure'],
    ]);
    expect(bad({ id: 'a', name: 'A', object: 'lead', where: { all: [] } }, { measures: { mood: 'feeling' } })).toEqual([
      ['options', 'measures', 'mood'],
    ]);
    expect(bad({ id: 'a', name: 'A', object: 'lead', where: { all: [] } }, { colour: 1 })).toEqual([['options']]);
    expect(bad({ id: 'a', name: 'A', object: 'lead' })).toEqual([['where']]);
    expect(bad(null)).toEqual([[]]);
    expect(bad({ id: 7, name: 'A', object: 'lead', where: { all: [] } })).toEqual([['id']]);
  });

  it('lets a host declare its own measures', () => {
    const r = defineSegment(
      { id: 'a', name: 'A', object: 'contact', where: { measure: 'openTickets', op: 'gte', value: 3 } },
      { measures: { openTickets: 'number' } },
    );
    expect(r.ok).toBe(true);
    const members = unwrap(
      segmentMembers(unwrap(r), contacts, { asOf, measures: { c2: { openTickets: 4 }, c3: { openTickets: 1 } } }),
    );
    expect(members.ids).toEqual(['c2']);
  });

  it('never throws for hostile input', () => {
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    const r = defineSegment(throwing as never);
    expect(r.ok).toBe(false);
    expect(defineSegment(undefined as never).ok).toBe(false);
  });

  it('segmentToJSON throws a CrmError for a look-alike', () => {
    expect(() => segmentToJSON({ id: 's' } as never)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('segmentMembers', () => {
  it('finds the members in record order, by field, activity and measure tests', () => {
    const s = seg({
      all: [
        { field: 'lifecycleStage', op: 'eq', value: 'growth' },
        {
          any: [
            { activity: { field: 'kind', op: 'eq', value: 'email' }, atLeast: 2, withinDays: 30 },
            { measure: 'npsAnswered', op: 'eq', value: true },
          ],
        },
      ],
    });
    const activities = [
      { kind: 'email', occurredAt: '2026-03-20T10:00:00Z', contactId: 'c1' },
      { kind: 'email', occurredAt: '2026-03-25T10:00:00Z', contactId: 'c1' },
      { kind: 'email', occurredAt: '2026-01-25T10:00:00Z', contactId: 'c4' }, // outside 30 days
      { kind: 'email', occurredAt: '2026-03-25T10:00:00Z', contactId: 'c4' },
      { kind: 'email', occurredAt: '2026-03-25T10:00:00Z', contactId: 'c2' }, // c2 is no customer
      { kind: 'email', occurredAt: '2026-03-25T10:00:00Z', contactId: 'c2' },
      { kind: 'call', occurredAt: '2026-03-25T10:00:00Z' }, // linked to nobody
    ];
    const measures = new Map([['c3', { npsAnswered: true }]]);
    const m = unwrap(segmentMembers(s, contacts, { asOf, activities, measures }));
    expect(m.ids).toEqual(['c1', 'c3']);
    expect(m.count).toBe(2);
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.ids)).toBe(true);
    const why = m.explain('c4')!;
    expect(why.member).toBe(false);
    expect(why.explanation.parts?.[1]?.parts?.[0]?.actual).toBe(1); // one email in the window
    expect(m.explain('c1')?.member).toBe(true);
    expect(m.explain('nobody')).toBeNull();
  });

  it('takes activities and measures as a Map, an object by id, or a function of the record', () => {
    const s = seg({ activity: { field: 'kind', op: 'eq', value: 'call' } });
    const calls = [{ kind: 'call', occurredAt: '2026-03-01T00:00:00Z' }];
    const forms = [
      new Map([['c2', calls]]),
      { c2: calls },
      (r: unknown) => ((r as { id: string }).id === 'c2' ? calls : []),
    ];
    for (const activities of forms)
      expect(unwrap(segmentMembers(s, contacts, { asOf, activities })).ids).toEqual(['c2']);
  });

  it('links flat activities by the segment object: leadId for leads, accountId for accounts', () => {
    const acts = [{ kind: 'meeting', occurredAt: '2026-03-01T00:00:00Z', leadId: 'l1', accountId: 'a2' }];
    const leads = seg({ activity: { field: 'kind', op: 'eq', value: 'meeting' } }, 'lead');
    const accounts = seg({ activity: { field: 'kind', op: 'eq', value: 'meeting' } }, 'account');
    const recs = [{ id: 'l1' }, { id: 'a2' }];
    expect(unwrap(segmentMembers(leads, recs, { asOf, activities: acts })).ids).toEqual(['l1']);
    expect(unwrap(segmentMembers(accounts, recs, { asOf, activities: acts })).ids).toEqual(['a2']);
  });

  it('counts activities only up to asOf (nothing from the future)', () => {
    const s = seg({ activity: { field: 'kind', op: 'eq', value: 'call' } });
    const acts = [{ kind: 'call', occurredAt: '2026-04-02T00:00:00Z', contactId: 'c1' }];
    expect(unwrap(segmentMembers(s, contacts, { asOf, activities: acts })).ids).toEqual([]);
    expect(unwrap(segmentMembers(s, contacts, { asOf: '2026-04-03T00:00:00Z', activities: acts })).ids).toEqual(['c1']);
  });

  it('is empty for no records', () => {
    const m = unwrap(segmentMembers(seg({ all: [] }), [], { asOf }));
    expect(m).toMatchObject({ ids: [], count: 0 });
  });

  it('refuses bad input with paths', () => {
    const s = seg({ all: [] });
    const paths = (r: { ok: boolean; error?: { issues: readonly { path: readonly unknown[] }[] } }) =>
      r.ok ? [] : r.error!.issues.map((i) => i.path);
    // Only members need an id: with a condition that holds for every record, each record without one.
    expect(paths(segmentMembers(s, [{ id: 'a' }, { name: 'no id' }, null as never], { asOf }))).toEqual([
      [1, 'id'],
      [2, 'id'],
    ]);
    expect(paths(segmentMembers(s, contacts, {} as never))).toEqual([['options', 'asOf']]);
    expect(paths(segmentMembers(s, contacts, null as never))).toEqual([['options', 'asOf']]);
    expect(paths(segmentMembers(s, contacts, { asOf, when: 1 } as never))).toEqual([['options']]);
    expect(paths(segmentMembers(s, contacts, { asOf, activities: 3 } as never))).toEqual([['options', 'activities']]);
    expect(paths(segmentMembers(s, contacts, { asOf, measures: [1] } as never))).toEqual([['options', 'measures']]);
    expect(paths(segmentMembers({ ...s } as never, contacts, { asOf }))).toEqual([['segment']]);
    expect(paths(segmentMembers(s, 'contacts' as never, { asOf }))).toEqual([['records']]);
    // A condition reading `user` without one in the options.
    const mine = seg({ field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } });
    expect(paths(segmentMembers(mine, contacts, { asOf }))).toEqual([['options', 'user']]);
    expect(unwrap(segmentMembers(mine, [{ id: 'x', ownerId: 'u1' }], { asOf, user: { id: 'u1' } })).ids).toEqual(['x']);
    // Measures of the wrong shape, found while evaluating.
    const m = seg({ measure: 'npsAnswered', op: 'eq', value: true });
    expect(paths(segmentMembers(m, contacts, { asOf, measures: () => 7 as never }))).toEqual([['options', 'measures']]);
  });

  it("lets the caller's own activities or measures function's exception through, and reports a throwing getter", () => {
    const s = seg({ measure: 'npsAnswered', op: 'eq', value: true });
    const mine = new Error('my measures are down');
    expect(() =>
      segmentMembers(s, contacts, {
        asOf,
        measures: () => {
          throw mine;
        },
      }),
    ).toThrow(mine);
    const hostile = [
      Object.defineProperty({}, 'id', {
        get() {
          throw new Error('getter');
        },
      }),
    ];
    // A member's id is read (and the throwing getter reported); a non-member's id is never read.
    expect(segmentMembers(seg({ all: [] }), hostile, { asOf }).ok).toBe(false);
    expect(unwrap(segmentMembers(s, hostile, { asOf })).ids).toEqual([]);
  });

  it('explain refuses an id that is not a string', () => {
    const m = unwrap(segmentMembers(seg({ all: [] }), contacts, { asOf }));
    expect(() => m.explain(3 as never)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('property: the members are exactly the records the condition holds for, in order; input unchanged', () => {
    const record = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      lifecycleStage: fc.constantFrom('awareness', 'growth', 'churned', null),
      title: fc.option(fc.constantFrom('CEO', 'CTO', 'VP Sales', 'Engineer')),
    });
    const condition = fc.constantFrom<unknown>(
      { field: 'lifecycleStage', op: 'eq', value: 'growth' },
      {
        any: [
          { field: 'title', op: 'startsWith', value: 'C' },
          { measure: 'purchases', op: 'gte', value: 3 },
        ],
      },
      { not: { field: 'title', op: 'isNull', value: true } },
      {
        all: [
          { measure: 'npsAnswered', op: 'eq', value: true },
          { field: 'lifecycleStage', op: 'neq', value: 'churned' },
        ],
      },
    );
    const measure = fc.record({ purchases: fc.integer({ min: 0, max: 5 }), npsAnswered: fc.boolean() });
    fc.assert(
      fc.property(
        fc.uniqueArray(record, { maxLength: 30, selector: (r) => r.id }),
        condition,
        fc.dictionary(fc.string({ maxLength: 4 }), measure),
        (rows, where, byId) => {
          const s = seg(where);
          const before = JSON.stringify(rows);
          const measures = (r: unknown) =>
            Object.hasOwn(byId, (r as { id: string }).id) ? byId[(r as { id: string }).id]! : {};
          const m = unwrap(segmentMembers(s, rows, { asOf, measures }));
          const expected = rows.filter((r) => evaluateCondition(s.where, r, { asOf, measures })).map((r) => r.id);
          expect(m.ids).toEqual(expected);
          for (const r of rows) expect(m.explain(r.id)?.member).toBe(expected.includes(r.id));
          expect(JSON.stringify(rows)).toBe(before);
        },
      ),
    );
  });
});

describe('segmentChanges', () => {
  const at = new Date('2026-04-01T00:00:00Z');

  it('names who entered and exited, with deterministic events', () => {
    const r = unwrap(
      segmentChanges(['c1', 'c2', 'c3'], new Set(['c3', 'c4', 'c2']), {
        segmentId: 'vip',
        at,
        object: 'account',
        by: 'u1',
      }),
    );
    expect(r.entered).toEqual(['c4']);
    expect(r.exited).toEqual(['c1']);
    expect(r.stayed).toBe(2);
    expect(r.events).toEqual([
      {
        id: 'segment_entered:vip:c4@2026-04-01T00:00:00.000Z',
        type: 'segment_entered',
        at,
        by: 'u1',
        aggregate: { kind: 'account', id: 'c4' },
        payload: { segmentId: 'vip' },
      },
      {
        id: 'segment_exited:vip:c1@2026-04-01T00:00:00.000Z',
        type: 'segment_exited',
        at,
        by: 'u1',
        aggregate: { kind: 'account', id: 'c1' },
        payload: { segmentId: 'vip' },
      },
    ]);
    expect(Object.isFrozen(r.events[0])).toBe(true);
  });

  it('takes segmentMembers results', () => {
    const s = seg({ field: 'lifecycleStage', op: 'eq', value: 'growth' });
    const before = unwrap(segmentMembers(s, contacts, { asOf }));
    const after = unwrap(
      segmentMembers(
        s,
        contacts.map((c) => (c.id === 'c1' ? { ...c, lifecycleStage: 'churned' } : c)),
        { asOf },
      ),
    );
    expect(unwrap(segmentChanges(before, after, { segmentId: s.id, at })).exited).toEqual(['c1']);
  });

  it('refuses bad input with paths', () => {
    const paths = (r: { ok: boolean; error?: { issues: readonly { path: readonly unknown[] }[] } }) =>
      r.ok ? [] : r.error!.issues.map((i) => i.path);
    expect(paths(segmentChanges(['a', 3 as never], [], { segmentId: 's', at }))).toEqual([['previous', 1]]);
    expect(paths(segmentChanges([], 'a' as never, { segmentId: 's', at }))).toEqual([['next']]);
    expect(paths(segmentChanges([], [], { at } as never))).toEqual([['options', 'segmentId']]);
    expect(paths(segmentChanges([], [], { segmentId: 's' } as never))).toEqual([['options', 'at']]);
    expect(paths(segmentChanges([], [], { segmentId: 's', at, object: 'deal' } as never))).toEqual([
      ['options', 'object'],
    ]);
    expect(paths(segmentChanges([], [], { segmentId: 's', at, why: 1 } as never))).toEqual([['options']]);
    expect(paths(segmentChanges([], [], null as never))).toEqual([
      ['options', 'segmentId'],
      ['options', 'at'],
    ]);
  });

  it('property: next = previous − exited + entered, and entered/exited are disjoint from stayed', () => {
    const ids = fc.array(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 10 });
    fc.assert(
      fc.property(ids, ids, (previous, next) => {
        const r = unwrap(segmentChanges(previous, next, { segmentId: 's', at }));
        const rebuilt = new Set([...previous].filter((id) => !r.exited.includes(id)));
        for (const id of r.entered) rebuilt.add(id);
        expect([...rebuilt].sort()).toEqual([...new Set(next)].sort());
        for (const id of r.entered) expect(previous).not.toContain(id);
        for (const id of r.exited) expect(next).not.toContain(id);
        expect(r.stayed + r.entered.length).toBe(new Set(next).size);
        expect(r.events.length).toBe(r.entered.length + r.exited.length);
        expect(new Set(r.events.map((e) => e.id)).size).toBe(r.events.length);
      }),
    );
  });
});
