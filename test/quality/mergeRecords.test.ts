// Issue 21 item 5: survivorship merge. Known cases follow Odoo's lead merge (crm_lead.py `_merge_opportunity`:
// the head by confidence, at most 5, descriptions joined, tags unioned, max priority, the address as one block).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import { createAccount, createContact, createLead, type Lead } from '../../src/entities/index.js';
import { mergeRecords } from '../../src/quality/index.js';
import { accountArbitrary, contactArbitrary, leadArbitrary } from '../../src/testing/arbitraries.js';

const ctxAt = (at: string, actor?: string) => ({
  clock: fixedClock(at),
  ids: sequentialIdGenerator('m'),
  ...(actor === undefined ? {} : { actor }),
});
const lead = (id: string, at: string, fields: Record<string, unknown>): Lead =>
  unwrap(createLead({ lastName: 'Lovelace', ...fields } as never, { ...ctxAt(at), ids: { next: () => id } }));

describe('mergeRecords: survivors', () => {
  const a = lead('a', '2026-01-01T00:00:00Z', { email: 'ada@example.com', status: 'new' });
  const b = lead('b', '2026-01-02T00:00:00Z', {
    email: 'ada@example.com',
    status: 'contacted',
    phone: '+441234567890',
  });
  const c = lead('c', '2026-01-03T00:00:00Z', { email: 'ada@example.com', status: 'unqualified' });
  const at = ctxAt('2026-02-01T00:00:00Z', 'u1');

  it('confidence: not unqualified (lost), then the status further along, then newer (Odoo head rule)', () => {
    const r = unwrap(mergeRecords('lead', [a, b, c], {}, at));
    expect(r.survivor.id).toBe('b');
    expect(r.absorbedIds).toEqual(['a', 'c']);
    const sql = lead('d', '2025-01-01T00:00:00Z', { email: 'x@y.com', status: 'qualified', qualification: 'sql' });
    const mql = lead('e', '2026-01-01T00:00:00Z', { email: 'x@y.com', status: 'qualified', qualification: 'mql' });
    expect(unwrap(mergeRecords('lead', [mql, sql], {}, at)).survivor.id).toBe('d');
    // Same status and qualification: the newer wins.
    const older = lead('f', '2025-01-01T00:00:00Z', { email: 'x@y.com' });
    const newer = lead('g', '2026-01-01T00:00:00Z', { email: 'x@y.com' });
    expect(unwrap(mergeRecords('lead', [older, newer], {}, at)).survivor.id).toBe('g');
  });

  it('oldest, most_complete and an id', () => {
    expect(unwrap(mergeRecords('lead', [c, b, a], { survivor: 'oldest' }, at)).survivor.id).toBe('a');
    expect(unwrap(mergeRecords('lead', [a, c, b], { survivor: 'most_complete' }, at)).survivor.id).toBe('b');
    expect(unwrap(mergeRecords('lead', [a, b, c], { survivor: 'c' }, at)).survivor.id).toBe('c');
  });

  it('fills the survivor by the field rules, bumps its version and describes the merge as an event', () => {
    const r = unwrap(mergeRecords('lead', [a, b, c], { survivor: 'a' }, at));
    expect(r.survivor.phone).toBe('+441234567890'); // first_non_empty from b
    expect(r.survivor.status).toBe('new'); // status is the survivor's (it changes through transitions)
    expect(r.survivor.version).toBe(a.version + 1);
    expect(r.survivor.updatedAt).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(r.patch).toEqual({ phone: '+441234567890' });
    expect(r.event).toEqual({
      id: 'a:merged:2',
      type: 'records_merged',
      at: new Date('2026-02-01T00:00:00Z'),
      by: 'u1',
      aggregate: { kind: 'lead', id: 'a' },
      payload: { kind: 'lead', survivorId: 'a', absorbedIds: ['b', 'c'], fields: { phone: 'b' } },
    });
    expect(Object.isFrozen(r) && Object.isFrozen(r.survivor) && Object.isFrozen(r.event.payload)).toBe(true);
  });
});

describe('mergeRecords: field rules', () => {
  const at = ctxAt('2026-02-01T00:00:00Z');
  it('custom fields as Odoo merges leads: descriptions joined, tags unioned, max priority', () => {
    const x = lead('x', '2026-01-01T00:00:00Z', {
      email: 'x@y.com',
      customFields: { description: 'Met at the fair', tags: ['vip'], priority: 1 },
    });
    const y = lead('y', '2026-01-02T00:00:00Z', {
      email: 'x@y.com',
      customFields: { description: 'Asked for a quote', tags: ['vip', 'eu'], priority: 3, budget: 'high' },
    });
    const r = unwrap(mergeRecords('lead', [x, y], { survivor: 'x' }, at));
    expect(r.survivor.customFields).toEqual({
      description: 'Met at the fair\n\nAsked for a quote',
      tags: ['vip', 'eu'],
      priority: 3,
      budget: 'high',
    });
    expect(r.event.payload.fields).toEqual({
      'customFields.description': 'x',
      'customFields.tags': 'x',
      'customFields.priority': 'y',
      'customFields.budget': 'y',
    });
  });

  it('newest takes the most recently updated non-empty value; survivor keeps its own', () => {
    const x = lead('x', '2026-01-05T00:00:00Z', { email: 'x@y.com', title: 'CTO' });
    const y = lead('y', '2026-01-09T00:00:00Z', { email: 'x@y.com', title: 'CEO', company: 'Acme' });
    const z = lead('z', '2026-01-01T00:00:00Z', { email: 'x@y.com', title: 'Intern', company: 'Other' });
    const r = unwrap(
      mergeRecords('lead', [x, y, z], { survivor: 'z', fieldRules: { title: 'newest', company: 'survivor' } }, at),
    );
    expect([r.survivor.title, r.survivor.company]).toEqual(['CEO', 'Other']);
  });

  it('address_block takes every address field from the record with most of them filled', () => {
    const x = lead('x', '2026-01-01T00:00:00Z', {
      email: 'x@y.com',
      country: 'DE',
      customFields: { street: null, city: 'Berlin' },
    });
    const y = lead('y', '2026-01-02T00:00:00Z', {
      email: 'x@y.com',
      country: 'FR',
      customFields: { street: '1 rue de la Paix', city: 'Paris' },
    });
    const r = unwrap(
      mergeRecords(
        'lead',
        [x, y],
        { survivor: 'x', fieldRules: { 'customFields.street': 'address_block', 'customFields.city': 'address_block' } },
        at,
      ),
    );
    expect([r.survivor.country, r.survivor.customFields]).toEqual([
      'FR',
      { street: '1 rue de la Paix', city: 'Paris' },
    ]);
  });

  it('contacts: e-mails and phones unioned with one primary; accounts: max size and revenue', () => {
    const c1 = unwrap(
      createContact(
        { lastName: 'Hopper', emails: [{ address: 'g@navy.mil', primary: true }], phones: [] },
        { ...ctxAt('2026-01-01T00:00:00Z'), ids: { next: () => 'c1' } },
      ),
    );
    const c2 = unwrap(
      createContact(
        {
          lastName: 'Hopper',
          emails: [
            { address: 'grace@yale.edu', primary: true },
            { address: 'g@navy.mil', primary: false },
          ],
          phones: [{ number: '+12025550143' }],
        },
        { ...ctxAt('2026-01-02T00:00:00Z'), ids: { next: () => 'c2' } },
      ),
    );
    const r = unwrap(mergeRecords('contact', [c1, c2], { survivor: 'c1' }, at));
    expect(r.survivor.emails.map((e) => [e.address, e.primary])).toEqual([
      ['g@navy.mil', true],
      ['grace@yale.edu', false],
    ]);
    expect(r.survivor.phones.map((p) => p.number)).toEqual(['+12025550143']);

    const acc = (id: string, size: string, amount: string, currency = 'EUR') =>
      unwrap(
        createAccount({ name: 'Acme', size, annualRevenue: { amount, currency } } as never, {
          ...ctxAt('2026-01-01T00:00:00Z'),
          ids: { next: () => id },
        }),
      );
    const merged = unwrap(
      mergeRecords(
        'account',
        [acc('a1', '11-50', '100.00'), acc('a2', '51-200', '90.00'), acc('a3', '1-10', '999.00', 'USD')],
        {
          survivor: 'a1',
        },
        at,
      ),
    );
    // Amounts in another currency than the first are left out of max.
    expect([merged.survivor.size, merged.survivor.annualRevenue]).toEqual([
      '51-200',
      { amount: '100.00', currency: 'EUR' },
    ]);
  });
});

describe('mergeRecords: bad input', () => {
  const at = ctxAt('2026-02-01T00:00:00Z');
  const ls = Array.from({ length: 7 }, (_, i) => lead(`l${i}`, '2026-01-01T00:00:00Z', { email: 'x@y.com' }));
  const codes = (r: { ok: boolean; error?: { issues: readonly { code: string; path: readonly unknown[] }[] } }) =>
    r.ok ? 'ok' : r.error!.issues.map((i) => `${i.code} ${i.path.join('.')}`);

  it('more than max, fewer than 2, ids twice, a survivor id not among the records', () => {
    expect(codes(mergeRecords('lead', ls.slice(0, 6), {}, at))).toEqual(['too_big records']);
    expect(codes(mergeRecords('lead', ls, { max: 7 }, at))).toBe('ok');
    expect(codes(mergeRecords('lead', ls.slice(0, 1), {}, at))).toEqual(['too_small records']);
    expect(codes(mergeRecords('lead', [ls[0]!, ls[0]!], {}, at))).toEqual(['duplicate records.1.id']);
    expect(codes(mergeRecords('lead', ls.slice(0, 2), { survivor: 'nope' }, at))).toEqual([
      'invalid_value options.survivor',
    ]);
  });

  it('mixed kinds and unknown or ill-fitting rules are validation_failed with paths; a bad kind throws', () => {
    const contact = unwrap(createContact({ lastName: 'Hopper' }, at));
    const mixed = mergeRecords('lead', [ls[0]!, contact as never], {}, at);
    expect(mixed.ok || mixed.error.code).toBe('validation_failed');
    expect(mixed.ok || mixed.error.issues.every((i) => i.path[0] === 'records' && i.path[1] === 1)).toBe(true);
    expect(
      codes(
        mergeRecords(
          'lead',
          ls.slice(0, 2),
          { fieldRules: { nope: 'max', email: 'max', status: 'newest', title: 'best' as never }, extra: 1 } as never,
          at,
        ),
      ),
    ).toEqual(['unrecognized_keys options']);
    expect(
      codes(
        mergeRecords(
          'lead',
          ls.slice(0, 2),
          { fieldRules: { nope: 'max', email: 'max', status: 'newest', title: 'best' as never } },
          at,
        ),
      ),
    ).toEqual([
      'unknown_field options.fieldRules.nope',
      'invalid_value options.fieldRules.email',
      'invalid_value options.fieldRules.status',
      'invalid_value options.fieldRules.title',
    ]);
    expect(codes(mergeRecords('lead', null as never, null as never))).toEqual(['invalid_type records']);
    expect(codes(mergeRecords('lead', ls.slice(0, 2), { max: 1 }, at))).toEqual(['invalid_value options.max']);
    expect(() => mergeRecords('deal' as never, ls.slice(0, 2) as never)).toThrow(/mergeRecords/);
  });

  it('a merged record that does not validate is an error, not a throw', () => {
    const long = 'x'.repeat(150);
    const x = lead('x', '2026-01-01T00:00:00Z', { email: 'x@y.com', title: long });
    const y = lead('y', '2026-01-01T00:00:00Z', { email: 'x@y.com', title: `${long}y` });
    const r = mergeRecords('lead', [x, y], { fieldRules: { title: 'join' } }, at);
    expect(r.ok || r.error.issues.map((i) => i.path.join('.'))).toEqual(['merged.title']);
  });

  it('a record whose getter throws is validation_failed', () => {
    const hostile = Object.defineProperty({ ...ls[0]! }, 'lastName', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const r = mergeRecords('lead', [hostile, ls[1]!], {}, at);
    expect(r.ok || r.error.code).toBe('validation_failed');
  });
});

describe('mergeRecords: properties', () => {
  const at = ctxAt('2030-01-01T00:00:00Z');
  const kinds: readonly (readonly ['lead' | 'contact' | 'account', fc.Arbitrary<{ readonly id: string }>])[] = [
    ['lead', leadArbitrary()],
    ['contact', contactArbitrary()],
    ['account', accountArbitrary()],
  ];
  for (const [kind, arb] of kinds) {
    const group = fc.uniqueArray(arb, { minLength: 2, maxLength: 5, selector: (r) => r.id });
    it(`${kind}: idempotent (merging again with the absorbed records changes no field), pure, order-free survivor`, () => {
      fc.assert(
        fc.property(group, fc.constantFrom('confidence', 'oldest', 'most_complete'), (records, survivor) => {
          const before = structuredClone(records);
          const first = mergeRecords(kind, records as never, { survivor }, at);
          expect(records).toEqual(before); // inputs unchanged
          if (!first.ok) {
            // Only a merged record that does not validate (say 51 e-mails) may fail.
            expect(first.error.issues.every((i) => i.path[0] === 'merged')).toBe(true);
            return;
          }
          const m = first.value;
          const reversed = unwrap(mergeRecords(kind, [...records].reverse() as never, { survivor }, at));
          expect(reversed.survivor.id).toBe(m.survivor.id);
          const absorbed = records.filter((r) => r.id !== m.survivor.id);
          const again = unwrap(mergeRecords(kind, [m.survivor, ...absorbed] as never, { survivor: m.survivor.id }, at));
          expect(again.patch).toEqual({});
          expect(again.event.payload.fields).toEqual({});
          expect(m.absorbedIds).toEqual(absorbed.map((r) => r.id));
        }),
        { numRuns: 60 },
      );
    });
  }
});
