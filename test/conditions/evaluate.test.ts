import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileCondition,
  defineCondition,
  evaluateCondition,
  explainCondition,
  type ConditionContext,
} from '../../src/conditions/index.js';
import { unwrap } from '../../src/core/result.js';
import { CONDITION_TEST_CONTEXT, conditionArbitrary, dealArbitrary } from '../../src/testing/index.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const ctx: ConditionContext = { asOf, user: { id: 'u1', teamIds: ['t1', 't2'], role: null } };

/** Evaluates one field test on one record of a deal-like shape. */
function holds(test: unknown, record: object, context: ConditionContext = ctx): boolean {
  return evaluateCondition(unwrap(defineCondition(test, { entity: 'deal' })), record, context);
}

const money = (amount: string, currency = 'EUR') => ({ amount, currency });

describe('field tests: the semantics table of docs/conditions.md', () => {
  it('text: eq is exact; contains, startsWith and matches ignore case; order is by code point', () => {
    const r = { name: 'Acme Straße', ownerId: null };
    expect(holds({ field: 'name', op: 'eq', value: 'Acme Straße' }, r)).toBe(true);
    expect(holds({ field: 'name', op: 'eq', value: 'acme straße' }, r)).toBe(false);
    expect(holds({ field: 'name', op: 'contains', value: 'STRASSE' }, r)).toBe(false); // folding is not ß → ss
    expect(holds({ field: 'name', op: 'contains', value: 'STRAßE' }, r)).toBe(true);
    expect(holds({ field: 'name', op: 'startsWith', value: 'aCME' }, r)).toBe(true);
    expect(holds({ field: 'name', op: 'matches', value: 'a*e' }, r)).toBe(true);
    expect(holds({ field: 'name', op: 'matches', value: 'a?me*' }, r)).toBe(true);
    expect(holds({ field: 'name', op: 'gt', value: 'Acme' }, r)).toBe(true);
    expect(holds({ field: 'name', op: 'lt', value: '😀' }, { name: '\uFFFD' })).toBe(true);
    expect(holds({ field: 'name', op: 'between', value: ['A', 'B'] }, r)).toBe(true);
  });

  it('null or missing fields: every test is false except neq, notIn and isNull true — so not() always flips', () => {
    const r = { ownerId: null };
    const ops: [string, unknown, boolean][] = [
      ['eq', 'x', false],
      ['neq', 'x', true],
      ['in', ['x'], false],
      ['notIn', ['x'], true],
      ['gt', 'a', false],
      ['between', ['a', 'z'], false],
      ['contains', '', false],
      ['startsWith', '', false],
      ['matches', '*', false],
      ['isNull', true, true],
      ['isNull', false, false],
    ];
    for (const [op, value, want] of ops) {
      expect(holds({ field: 'ownerId', op, value }, r), op).toBe(want);
      expect(holds({ field: 'ownerId', op, value }, {}), `${op} (missing)`).toBe(want);
      expect(holds({ not: { field: 'ownerId', op, value } }, r), `not ${op}`).toBe(!want);
    }
    expect(holds({ field: 'ownerId', op: 'eq', value: null }, r)).toBe(true);
    expect(holds({ field: 'ownerId', op: 'neq', value: null }, r)).toBe(false);
  });

  it('money compares by amount; a Money value compares only within its currency', () => {
    const r = { amount: money('1000.00') };
    expect(holds({ field: 'amount', op: 'eq', value: '1000' }, r)).toBe(true);
    expect(holds({ field: 'amount', op: 'eq', value: 1000 }, r)).toBe(true);
    expect(holds({ field: 'amount', op: 'gt', value: '999.999' }, r)).toBe(true);
    expect(holds({ field: 'amount', op: 'eq', value: money('1000', 'EUR') }, r)).toBe(true);
    expect(holds({ field: 'amount', op: 'eq', value: money('1000', 'USD') }, r)).toBe(false);
    expect(holds({ field: 'amount', op: 'gt', value: money('1', 'USD') }, r)).toBe(false);
    expect(holds({ field: 'amount', op: 'neq', value: money('1000', 'USD') }, r)).toBe(true);
    expect(holds({ field: 'amount', op: 'between', value: ['999.99', '1000.01'] }, r)).toBe(true);
    expect(holds({ field: 'amount', op: 'in', value: ['5', money('1000.0', 'EUR')] }, r)).toBe(true);
  });

  it('dates compare by instant: Date values, ISO strings (any offset) and $now from asOf', () => {
    const r = { closedAt: new Date('2026-02-15T12:00:00Z') };
    expect(holds({ field: 'closedAt', op: 'eq', value: '2026-02-15T13:00:00+01:00' }, r)).toBe(true);
    expect(holds({ field: 'closedAt', op: 'gte', value: { $now: '-P30D' } }, r)).toBe(true);
    expect(holds({ field: 'closedAt', op: 'gte', value: { $now: '-P7D' } }, r)).toBe(false);
    expect(holds({ field: 'closedAt', op: 'between', value: [{ $now: '-P1M' }, { $now: 'PT0S' }] }, r)).toBe(true);
    expect(holds({ field: 'closedAt', op: 'in', value: [new Date('2026-02-15T12:00:00Z')] }, r)).toBe(true);
    // a host record may hold an ISO string
    expect(holds({ field: 'closedAt', op: 'lt', value: '2027-01-01' }, { closedAt: '2026-12-31T23:59:59Z' })).toBe(
      true,
    );
  });

  it('$ref takes the user from the context; a reference without a value makes eq false and neq true', () => {
    expect(holds({ field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } }, { ownerId: 'u1' })).toBe(true);
    expect(holds({ field: 'ownerId', op: 'in', value: { $ref: 'user.teamIds' } }, { ownerId: 't2' })).toBe(true);
    expect(holds({ field: 'ownerId', op: 'eq', value: { $ref: 'user.role' } }, { ownerId: 'x' })).toBe(false);
    expect(holds({ field: 'ownerId', op: 'neq', value: { $ref: 'user.role' } }, { ownerId: 'x' })).toBe(true);
  });

  it('custom fields: same JSON type only; contains is a substring of text or an element of a list; own keys only', () => {
    const r = { customFields: { region: 'EMEA', employees: 50, tags: ['VIP', 3], misc: true } };
    expect(holds({ field: 'customFields.employees', op: 'gt', value: 10 }, r)).toBe(true);
    expect(holds({ field: 'customFields.employees', op: 'gt', value: '10' }, r)).toBe(false);
    expect(holds({ field: 'customFields.region', op: 'contains', value: 'me' }, r)).toBe(true);
    expect(holds({ field: 'customFields.tags', op: 'contains', value: 'vip' }, r)).toBe(true);
    expect(holds({ field: 'customFields.tags', op: 'contains', value: 3 }, r)).toBe(true);
    expect(holds({ field: 'customFields.tags', op: 'contains', value: 'V' }, r)).toBe(false);
    expect(holds({ field: 'customFields.misc', op: 'eq', value: true }, r)).toBe(true);
    expect(holds({ field: 'customFields.missing', op: 'isNull', value: true }, r)).toBe(true);
    const inherited = { customFields: Object.create({ region: 'EMEA' }) };
    expect(holds({ field: 'customFields.region', op: 'isNull', value: true }, inherited)).toBe(true);
  });

  it('all [] holds and any [] does not', () => {
    expect(holds({ all: [] }, {})).toBe(true);
    expect(holds({ any: [] }, {})).toBe(false);
  });

  it('a context without what the condition needs is a CrmError naming it, never a wrong answer', () => {
    const c = unwrap(defineCondition({ field: 'closedAt', op: 'gt', value: { $now: '-P1D' } }, { entity: 'deal' }));
    expect(() => evaluateCondition(c, {}, {})).toThrow(/asOf/);
    expect(() => evaluateCondition(c, {}, { asOf: new Date('x') })).toThrow(/asOf/);
    const u = unwrap(defineCondition({ field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } }, { entity: 'deal' }));
    expect(() => compileCondition(u, {})).toThrow(/user/);
  });
});

describe('explainCondition', () => {
  it('gives every part its truth value and the values compared', () => {
    const c = unwrap(
      defineCondition(
        { all: [{ field: 'stageId', op: 'eq', value: 'won' }, { not: { field: 'amount', op: 'lt', value: '1000' } }] },
        { entity: 'deal' },
      ),
    );
    const e = explainCondition(c, { stageId: 'won', amount: money('500.00') }, ctx);
    expect(e.result).toBe(false);
    expect(e.parts?.[0]).toMatchObject({ path: ['all', 0], result: true, actual: 'won', expected: 'won' });
    expect(e.parts?.[1]).toMatchObject({ kind: 'not', result: false });
    expect(e.parts?.[1]?.parts?.[0]).toMatchObject({
      path: ['all', 1, 'not'],
      result: true,
      expected: { amount: '1000', currency: null },
    });
    expect(Object.isFrozen(e)).toBe(true);
  });
});

describe('properties over random conditions and records', () => {
  it('the fused number tests (custom and top-level) agree with explainCondition: ±Infinity, inherited values, other types', () => {
    const value = fc.oneof(
      fc.double(),
      fc.constantFrom(Infinity, -Infinity, 0, -0, 10, 'x', null, true),
      fc.integer({ min: -20, max: 20 }),
    );
    const record = fc.oneof(
      fc.record({ customFields: fc.record({ n: value }) }),
      value.map((n) => ({ customFields: Object.create({ n }) as unknown })),
      fc.constantFrom({}, { customFields: null }, { customFields: [1] }),
    );
    const test = fc.oneof(
      fc.record({ op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: fc.integer({ min: -20, max: 20 }) }),
      fc
        .tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 20 }))
        .map(([lo, w]) => ({ op: 'between', value: [lo, lo + w] })),
    );
    fc.assert(
      fc.property(test, fc.array(record, { maxLength: 10 }), (t, records) => {
        for (const field of ['customFields.n', 'version']) {
          const c = unwrap(defineCondition({ field, ...t }, { entity: 'deal' }));
          const p = compileCondition(c, {});
          for (const r of records) {
            const asVersion = { version: (r as { customFields?: { n?: unknown } }).customFields?.n };
            const rec = field === 'version' ? asVersion : r;
            expect(p(rec)).toBe(explainCondition(c, rec, {}).result);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  const pair = fc.tuple(conditionArbitrary('deal'), fc.array(dealArbitrary({ customFields: true }), { maxLength: 15 }));

  it('evaluateCondition agrees with the root of explainCondition, and with compileCondition', () => {
    fc.assert(
      fc.property(pair, ([json, deals]) => {
        const c = unwrap(defineCondition(json, { entity: 'deal' }));
        const p = compileCondition(c, CONDITION_TEST_CONTEXT);
        for (const d of deals) {
          const v = evaluateCondition(c, d, CONDITION_TEST_CONTEXT);
          expect(explainCondition(c, d, CONDITION_TEST_CONTEXT).result).toBe(v);
          expect(p(d)).toBe(v);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('not(not c) ≡ c, and De Morgan: not(all [a, b]) ≡ any [not a, not b], not(any [a, b]) ≡ all [not a, not b]', () => {
    fc.assert(
      fc.property(
        conditionArbitrary('deal', { depth: 2 }),
        conditionArbitrary('deal', { depth: 2 }),
        fc.array(dealArbitrary({ customFields: true }), { maxLength: 10 }),
        (a, b, deals) => {
          const ev = (json: unknown) => {
            const c = unwrap(defineCondition(json, { entity: 'deal' }));
            return deals.map((d) => evaluateCondition(c, d, CONDITION_TEST_CONTEXT));
          };
          expect(ev({ not: { not: a } })).toEqual(ev(a));
          expect(ev({ not: { all: [a, b] } })).toEqual(ev({ any: [{ not: a }, { not: b }] }));
          expect(ev({ not: { any: [a, b] } })).toEqual(ev({ all: [{ not: a }, { not: b }] }));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('never mutates the record or the context', () => {
    fc.assert(
      fc.property(pair, ([json, deals]) => {
        const c = unwrap(defineCondition(json, { entity: 'deal' }));
        const before = JSON.stringify(deals);
        for (const d of deals) evaluateCondition(c, d, CONDITION_TEST_CONTEXT);
        expect(JSON.stringify(deals)).toBe(before);
      }),
      { numRuns: 50 },
    );
  });
});
