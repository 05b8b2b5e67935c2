// Issue 13 §1: recordEvents, the events one write appends (what a store with recordEvents: true writes).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { recordEvents, RECORD_EVENT_FIELDS, diffRecords, type RecordEvent } from '../../src/automation/index.js';
import { ENTITY_KINDS } from '../../src/core/index.js';
import { validateEvents } from '../../src/repository/index.js';

const at = new Date('2026-03-02T09:00:00Z');
const lead = (fields: Record<string, unknown> = {}) => ({
  id: 'l1',
  status: 'mql',
  ownerId: 'u1',
  title: null,
  createdAt: new Date('2026-03-01T09:00:00Z'),
  updatedAt: new Date('2026-03-01T09:00:00Z'),
  version: 3,
  ...fields,
});

function events(r: ReturnType<typeof recordEvents>): readonly RecordEvent[] {
  if (!r.ok) throw r.error;
  return r.value;
}

describe('recordEvents', () => {
  it('an update gives updated, then assigned and status_changed, all with the same payload', () => {
    const es = events(
      recordEvents('lead', lead(), lead({ status: 'sql', ownerId: 'u2', version: 4 }), { at, by: 'u9' }),
    );
    expect(es.map((e) => [e.id, e.type])).toEqual([
      ['lead:l1@4', 'lead_updated'],
      ['lead:l1@4/assigned', 'lead_assigned'],
      ['lead:l1@4/status_changed', 'lead_status_changed'],
    ]);
    for (const e of es) {
      expect(e.at).toEqual(at);
      expect(e.by).toBe('u9');
      expect(e.aggregate).toEqual({ kind: 'lead', id: 'l1' });
      expect(e.payload).toEqual({
        version: 4,
        changes: [
          { field: 'status', from: 'mql', to: 'sql' },
          { field: 'ownerId', from: 'u1', to: 'u2' },
        ],
      });
    }
    expect(Object.isFrozen(es) && Object.isFrozen(es[0]!.payload.changes[0])).toBe(true);
  });

  it('a change of another field gives only updated; bookkeeping alone gives nothing', () => {
    expect(events(recordEvents('lead', lead(), lead({ title: 'CTO', version: 4 }), { at })).map((e) => e.type)).toEqual(
      ['lead_updated'],
    );
    const touched = lead({ version: 4, updatedAt: new Date('2026-03-03T00:00:00Z'), updatedBy: 'u2' });
    expect(events(recordEvents('lead', lead(), touched, { at }))).toEqual([]);
  });

  it('a creation carries every field with a value (dates as ISO strings) and gives assigned and status_changed too', () => {
    const es = events(recordEvents('lead', null, lead({ version: 1 }), { at, by: null }));
    expect(es.map((e) => e.id)).toEqual(['lead:l1@1', 'lead:l1@1/assigned', 'lead:l1@1/status_changed']);
    expect(es[0]!.type).toBe('lead_created');
    expect(es[0]!.by).toBeNull();
    expect(es[0]!.payload.changes).toEqual([
      { field: 'id', from: null, to: 'l1' },
      { field: 'createdAt', from: null, to: '2026-03-01T09:00:00.000Z' },
      { field: 'status', from: null, to: 'mql' },
      { field: 'ownerId', from: null, to: 'u1' },
    ]);
    // Created without an owner: no assigned event.
    expect(events(recordEvents('lead', null, lead({ ownerId: null }), { at })).map((e) => e.type)).toEqual([
      'lead_created',
      'lead_status_changed',
    ]);
  });

  it('a deletion gives only deleted, with a distinct id and the last record as JSON', () => {
    const deal = {
      id: 'd1',
      stageId: 'proposal',
      ownerId: 'u1',
      amount: { amount: '5000.00', currency: 'EUR' },
      closedAt: null,
      version: 7,
    };
    const [e, ...rest] = events(recordEvents('deal', deal, null, { at }));
    expect(rest).toEqual([]);
    expect(e!.id).toBe('deal:d1@7/deleted');
    expect(e!.type).toBe('deal_deleted');
    expect(e!.payload.version).toBe(7);
    expect(e!.payload.record).toEqual({ ...deal });
    expect(e!.payload.changes).toContainEqual({
      field: 'amount',
      from: { amount: '5000.00', currency: 'EUR' },
      to: null,
    });
  });

  it('a ticket is assigned through assigneeId; a deal changes status through stageId; a kind without fields has no derived events', () => {
    const t = { id: 't1', status: 'open', assigneeId: null, version: 1 };
    expect(
      events(recordEvents('ticket', t, { ...t, assigneeId: 'a1', version: 2 }, { at })).map((e) => e.type),
    ).toEqual(['ticket_updated', 'ticket_assigned']);
    const d = { id: 'd1', stageId: 'qualification', version: 1 };
    expect(events(recordEvents('deal', d, { ...d, stageId: 'won', version: 2 }, { at })).map((e) => e.type)).toEqual([
      'deal_updated',
      'deal_status_changed',
    ]);
    const s = { id: 's1', score: 9, ownerId: 'x', version: 1 };
    expect(
      events(recordEvents('surveyResponse', s, { ...s, score: 3, ownerId: 'y', version: 2 }, { at })).map(
        (e) => e.type,
      ),
    ).toEqual(['surveyResponse_updated']);
  });

  it('causedBy goes into every payload', () => {
    const causedBy = { workflowId: 'wf-1', depth: 1 };
    const es = events(recordEvents('lead', lead(), lead({ ownerId: 'u2', version: 4 }), { at, causedBy }));
    expect(es.map((e) => e.payload.causedBy)).toEqual([causedBy, causedBy]);
    expect(
      'causedBy' in events(recordEvents('lead', lead(), lead({ ownerId: 'u2', version: 4 }), { at }))[0]!.payload,
    ).toBe(false);
  });

  it('orders changes by the kind’s fields, then the others by name, whatever the key order of the record', () => {
    const before = { version: 1, customFields: { tier: 'a' }, ownerId: 'u1', id: 'a1', name: 'Acme' };
    const after = { customFields: { tier: 'b' }, name: 'Acme AG', ownerId: 'u2', id: 'a1', version: 2 };
    expect(events(recordEvents('account', before, after, { at }))[0]!.payload.changes.map((c) => c.field)).toEqual([
      'name',
      'ownerId',
      'customFields',
    ]);
  });

  it('bad input gives validation_failed with every issue, and never throws', () => {
    const bad = (r: ReturnType<typeof recordEvents>) => {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        return r.error.issues.map((i) => i.path.join('.'));
      }
      return [];
    };
    expect(bad(recordEvents('lead', null, null, { at }))).toEqual(['after']);
    expect(bad(recordEvents('nope' as never, null, lead(), { at }))).toEqual(['kind']);
    expect(bad(recordEvents('lead', lead(), lead({ id: 'l2', version: 4 }), { at }))).toEqual(['after.id']);
    expect(bad(recordEvents('lead', lead(), lead(), { at }))).toEqual(['after.version']);
    expect(bad(recordEvents('lead', null, { id: '', version: 0 }, { at }))).toEqual(['after.id', 'after.version']);
    expect(bad(recordEvents('lead', null, lead(), { at: new Date(NaN), by: '' }))).toEqual([
      'options.at',
      'options.by',
    ]);
    expect(bad(recordEvents('lead', null, lead(), { at, extra: 1 } as never))).toEqual(['options']);
    expect(bad(recordEvents('lead', null, lead(), { at, causedBy: { workflowId: 'w', depth: -1 } }))).toEqual([
      'options.causedBy.depth',
    ]);
    expect(bad(recordEvents('lead', null, lead(), null as never))).toEqual(['options']);
    expect(bad(recordEvents('lead', null, lead({ note: 10n }), { at }))).toEqual(['after.note']);
    expect(bad(recordEvents('lead', null, lead({ note: new Map() }), { at }))).toEqual(['after.note']);
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 40; i++) cur = (cur['x'] = {}) as Record<string, unknown>;
    expect(bad(recordEvents('lead', null, lead({ deep }), { at }))[0]).toMatch(/^after\.deep\.x/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(recordEvents('lead', null, lead({ cyclic }), { at }).ok).toBe(false);
    const throwing = Object.defineProperty({ ...lead() }, 'status', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(recordEvents('lead', null, throwing, { at }).ok).toBe(false);
    expect(bad(recordEvents('lead', null, lead({ n: NaN }), { at }))).toEqual(['after.n']);
  });

  it('normalises -0 to 0 and keeps a __proto__ key as data', () => {
    const r = lead({ score: -0, extra: JSON.parse('{"__proto__": {"polluted": true}}') as unknown });
    const [e] = events(recordEvents('lead', null, r, { at }));
    const changes = e!.payload.changes;
    expect(Object.is(changes.find((c) => c.field === 'score')!.to, 0)).toBe(true);
    const extra = changes.find((c) => c.field === 'extra')!.to as Record<string, unknown>;
    expect(Object.keys(extra)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('property: events are valid outbox events, ids unique, payload JSON, inputs untouched, same input same output', () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 4 }),
      fc.integer(),
      fc.date({ noInvalidDate: true }),
      fc.record({ amount: fc.constantFrom('1', '1.0', '2.50'), currency: fc.constantFrom('EUR', 'USD') }),
      fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
    );
    const fields = fc.dictionary(
      fc.constantFrom('status', 'ownerId', 'stageId', 'name', 'note', 'customFields'),
      value,
      {
        maxKeys: 5,
      },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...ENTITY_KINDS),
        fc.option(fields, { nil: null }),
        fc.option(fields, { nil: null }),
        fc.integer({ min: 1, max: 1000 }),
        (kind, b, a, v) => {
          if (b === null && a === null) return;
          const before = b === null ? null : { ...b, id: 'r1', version: v };
          const after = a === null ? null : { ...a, id: 'r1', version: v + 1 };
          const snapshot = structuredClone([before, after]);
          const r = recordEvents(kind, before, after, { at, by: 'u1' });
          expect(structuredClone([before, after])).toEqual(snapshot);
          expect(r).toEqual(recordEvents(kind, before, after, { at, by: 'u1' }));
          if (!r.ok) throw r.error;
          const es = r.value;
          expect(validateEvents(es).ok).toBe(true);
          expect(new Set(es.map((e) => e.id)).size).toBe(es.length);
          for (const e of es) expect(JSON.parse(JSON.stringify(e.payload))).toEqual(e.payload);
          const changed = diffRecords(kind, before, after).map((c) => c.field);
          expect(es.length === 0).toBe(after !== null && before !== null && changed.length === 0);
          const { owner, status } = RECORD_EVENT_FIELDS[kind];
          const types = es.map((e) => e.type);
          expect(types.includes(`${kind}_assigned`)).toBe(after !== null && owner !== null && changed.includes(owner));
          expect(types.includes(`${kind}_status_changed`)).toBe(
            after !== null && status !== null && changed.includes(status),
          );
        },
      ),
    );
  });
});
