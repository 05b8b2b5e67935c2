// Issue 13 §1: diffRecords, the changes an `<kind>_updated` event carries.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { diffRecords } from '../../src/automation/index.js';
import { CrmError } from '../../src/core/index.js';

describe('diffRecords', () => {
  it('lists the changed fields in the order of the record, with before and after', () => {
    const before = { id: 'd1', stage: 'qualify', ownerId: 'u1', tags: ['a'], version: 1 };
    const after = { id: 'd1', stage: 'propose', ownerId: 'u1', tags: ['a', 'b'], version: 2 };
    expect(diffRecords('deal', before, after)).toEqual([
      { field: 'stage', from: 'qualify', to: 'propose' },
      { field: 'tags', from: ['a'], to: ['a', 'b'] },
    ]);
  });

  it('compares dates by instant, money by amount, objects by content, and null with undefined', () => {
    const before = {
      at: new Date('2026-01-01T00:00:00Z'),
      amount: { amount: '10.50', currency: 'EUR' },
      address: { city: 'Bandung', lines: ['Jl. Braga 1'] },
      note: undefined,
    };
    const after = {
      at: new Date('2026-01-01T00:00:00.000Z'),
      amount: { amount: '10.5', currency: 'EUR' },
      address: { city: 'Bandung', lines: ['Jl. Braga 1'] },
      note: null,
    };
    expect(diffRecords('account', before, after)).toEqual([]);
    expect(diffRecords('account', before, { ...after, amount: { amount: '10.5', currency: 'USD' } })).toEqual([
      { field: 'amount', from: before.amount, to: { amount: '10.5', currency: 'USD' } },
    ]);
    expect(diffRecords('account', before, { ...after, at: new Date('2026-01-01T00:00:01Z') })).toHaveLength(1);
    expect(diffRecords('account', before, { ...after, address: { city: 'Jakarta', lines: ['Jl. Braga 1'] } })).toEqual([
      { field: 'address', from: before.address, to: { city: 'Jakarta', lines: ['Jl. Braga 1'] } },
    ]);
  });

  it('reports a field only one side has, and never the bookkeeping fields', () => {
    const changes = diffRecords(
      'contact',
      { id: 'c1', phone: '+6281234567890', version: 1, updatedAt: new Date(0), updatedBy: 'u1' },
      { id: 'c1', email: 'a@b.co', version: 2, updatedAt: new Date(1), updatedBy: 'u2' },
    );
    expect(changes).toEqual([
      { field: 'email', from: null, to: 'a@b.co' },
      { field: 'phone', from: '+6281234567890', to: null },
    ]);
  });

  it('treats a creation as changes from null and a deletion as changes to null; the result is frozen', () => {
    const record = { id: 't1', status: 'open', closedAt: null, version: 1 };
    const created = diffRecords('ticket', null, record);
    expect(created).toEqual([
      { field: 'id', from: null, to: 't1' },
      { field: 'status', from: null, to: 'open' },
    ]);
    expect(diffRecords('ticket', record, null)).toEqual([
      { field: 'id', from: 't1', to: null },
      { field: 'status', from: 'open', to: null },
    ]);
    expect(Object.isFrozen(created)).toBe(true);
    expect(Object.isFrozen(created[0])).toBe(true);
    expect(diffRecords('ticket', null, null)).toEqual([]);
  });

  it('throws validation_failed, naming the argument, for a call no type-correct program makes', () => {
    const bad: unknown[][] = [
      ['dog', {}, {}],
      ['deal', [], {}],
      ['deal', {}, 'x'],
      ['deal', { probability: 0.5 }, { probability: Number.NaN }],
      ['deal', null, { closedAt: new Date(Number.NaN) }],
    ];
    for (const [kind, before, after] of bad) {
      const call = () => diffRecords(kind as 'deal', before as {}, after as {});
      expect(call).toThrow(CrmError);
      try {
        call();
      } catch (e) {
        expect((e as CrmError).code).toBe('validation_failed');
        expect((e as CrmError).message).toMatch(/kind|before|after|finite/);
      }
    }
  });

  it('property: no change between a record and a copy of it; every change is a field whose values differ; inputs untouched', () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 4 }),
      fc.integer({ min: -3, max: 3 }),
      fc.boolean(),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    );
    const record = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'version'), value);
    fc.assert(
      fc.property(record, record, (before, after) => {
        const snapshot = JSON.stringify([before, after]);
        expect(diffRecords('deal', before, structuredClone(before))).toEqual([]);
        const changes = diffRecords('deal', before, after);
        for (const c of changes) {
          expect(c.field).not.toBe('version');
          expect(JSON.stringify(c.from)).not.toBe(JSON.stringify(c.to));
        }
        const changed = new Set(changes.map((c) => c.field));
        for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
          if (k !== 'version' && !changed.has(k))
            expect(JSON.stringify(before[k] ?? null)).toBe(JSON.stringify(after[k] ?? null));
        expect(JSON.stringify([before, after])).toBe(snapshot);
      }),
    );
  });
});
