import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ENTITY_FIELDS,
  compareValues,
  entityComparator,
  cursorAfter,
  decodeCursor,
  encodeCursor,
  runQuery,
  countMatching,
  validateQuery,
  type NormalizedQuery,
} from '../../src/repository/index.js';
import type { Query } from '../../src/repository/index.js';
import { dealArbitrary } from '../../src/testing/index.js';
import {
  accountInputSchema,
  loyaltyTransactionInputSchema,
  referralInputSchema,
  activityInputSchema,
  campaignInputSchema,
  campaignMemberInputSchema,
  contactInputSchema,
  dealInputSchema,
  leadInputSchema,
  subscriptionInputSchema,
  surveyResponseInputSchema,
  teamInputSchema,
  ticketInputSchema,
  userInputSchema,
  type Deal,
} from '../../src/entities/index.js';

const q = (query: unknown): NormalizedQuery => {
  const r = validateQuery('deal', query);
  if (!r.ok) throw r.error;
  return r.value;
};

type Row = { id: string; n: number | null; s: string | null; customFields: Record<string, unknown> };

describe('ENTITY_FIELDS', () => {
  it('lists exactly the fields of every entity schema plus the system fields', () => {
    const schemas = {
      account: accountInputSchema,
      contact: contactInputSchema,
      lead: leadInputSchema,
      deal: dealInputSchema,
      activity: activityInputSchema,
      ticket: ticketInputSchema,
      campaign: campaignInputSchema,
      campaignMember: campaignMemberInputSchema,
      surveyResponse: surveyResponseInputSchema,
      subscription: subscriptionInputSchema,
      user: userInputSchema,
      team: teamInputSchema,
      loyaltyTransaction: loyaltyTransactionInputSchema,
      referral: referralInputSchema,
    };
    for (const [kind, schema] of Object.entries(schemas)) {
      const expected = [...Object.keys(schema.shape), 'id', 'createdAt', 'updatedAt', 'version'].sort();
      expect(Object.keys(ENTITY_FIELDS[kind as keyof typeof schemas]).sort(), kind).toEqual(expected);
    }
  });
});

describe('validateQuery', () => {
  it('fills defaults: limit 50, nulls last ascending and first descending (PostgreSQL ORDER BY default)', () => {
    // PostgreSQL docs, "ORDER BY": NULLS FIRST is the default for DESC order, and NULLS LAST otherwise.
    const n = q({ orderBy: [{ field: 'amount' }, { field: 'closedAt', direction: 'desc' }] });
    expect(n.limit).toBe(50);
    expect(n.orderBy).toEqual([
      { field: 'amount', type: 'money', direction: 'asc', nulls: 'last' },
      { field: 'closedAt', type: 'date', direction: 'desc', nulls: 'first' },
    ]);
    expect(n.where).toBeNull();
    expect(n.after).toBeNull();
  });

  it('binds the condition: eq/neq null become isNull, ISO strings epoch milliseconds, $now an instant from asOf', () => {
    expect(q({ where: { field: 'ownerId', op: 'eq', value: null } }).bound).toEqual({
      kind: 'field',
      path: [],
      field: 'ownerId',
      type: 'text',
      op: 'isNull',
      value: true,
    });
    expect(q({ where: { field: 'ownerId', op: 'neq', value: null } }).bound).toMatchObject({
      op: 'isNull',
      value: false,
    });
    expect(q({ where: { field: 'closedAt', op: 'gte', value: '2026-01-01T00:00:00+02:00' } }).bound).toMatchObject({
      field: 'closedAt',
      type: 'date',
      op: 'gte',
      value: Date.parse('2025-12-31T22:00:00Z'),
    });
    const asOf = new Date('2026-03-31T00:00:00Z');
    expect(
      q({ where: { field: 'closedAt', op: 'lt', value: { $now: '-P1M' } }, context: { asOf } }).bound,
    ).toMatchObject({ value: Date.parse('2026-02-28T00:00:00Z') });
  });

  it('refuses unknown fields, operators that do not fit the type, bad values, limits and keys, each with a path', () => {
    const cases: [unknown, (string | number)[], string][] = [
      [{ where: { field: 'nope', op: 'eq', value: 1 } }, ['where', 'field'], 'unknown_field'],
      [{ where: { field: 'name', op: 'like', value: 'x' } }, ['where', 'op'], 'unknown_operator'],
      [{ where: { field: 'amount', op: 'contains', value: '1' } }, ['where', 'op'], 'unknown_operator'],
      [{ where: { field: 'stageHistory', op: 'eq', value: 'x' } }, ['where', 'op'], 'unknown_operator'],
      [{ where: { field: 'amount', op: 'gt', value: 0.5 } }, ['where', 'value'], 'invalid_amount'],
      [{ where: { field: 'closedAt', op: 'gt', value: 'yesterday' } }, ['where', 'value'], 'invalid_date'],
      [{ where: { field: 'version', op: 'gt', value: Number.NaN } }, ['where', 'value'], 'invalid_type'],
      [{ where: { field: 'stageId', op: 'in', value: ['a', null] } }, ['where', 'value', 1], 'invalid_type'],
      [{ where: { field: 'stageId', op: 'gt', value: null } }, ['where', 'value'], 'invalid_type'],
      [{ where: { field: 'stageId', op: 'isNull', value: 'yes' } }, ['where', 'value'], 'invalid_type'],
      [
        {
          where: {
            all: [
              { field: 'name', op: 'eq', value: 'a' },
              { field: 'x', op: 'eq', value: 1 },
            ],
          },
        },
        ['where', 'all', 1, 'field'],
        'unknown_field',
      ],
      [{ where: { not: { field: 'name', op: 'eq', value: 'a\u0000' } } }, ['where', 'not', 'value'], 'invalid_format'],
      [{ where: { field: 'customFields.__proto__', op: 'eq', value: 1 } }, ['where', 'field'], 'unknown_field'],
      [{ orderBy: [{ field: 'probability' }] }, ['orderBy', 0, 'field'], 'unknown_operator'],
      [{ orderBy: [{ field: 'name', direction: 'up' }] }, ['orderBy', 0, 'direction'], 'invalid_value'],
      [{ orderBy: [{ field: 'name' }, { field: 'name', direction: 'desc' }] }, ['orderBy', 1, 'field'], 'duplicate'],
      [{ limit: 0 }, ['limit'], 'invalid_value'],
      [{ limit: 2.5 }, ['limit'], 'invalid_value'],
      [{ limit: 1001 }, ['limit'], 'invalid_value'],
      [{ sort: [] }, ['sort'], 'unrecognized_keys'],
      [{ cursor: '!!!' }, ['cursor'], 'invalid_cursor'],
    ];
    for (const [query, path, code] of cases) {
      const r = validateQuery('deal', query);
      expect(r.ok, JSON.stringify(query)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]?.path, JSON.stringify(query)).toEqual(path);
        expect(r.error.issues[0]?.code, JSON.stringify(query)).toBe(code);
      }
    }
    expect(validateQuery('deal', 'everything').ok).toBe(false);
  });

  it('accepts custom fields by key and every kind of entity', () => {
    expect(
      validateQuery('lead', {
        where: { field: 'customFields.employees', op: 'gte', value: 50 },
        orderBy: [{ field: 'customFields.region' }],
      }).ok,
    ).toBe(true);
    expect(validateQuery('user', { where: { field: 'active', op: 'eq', value: true } }).ok).toBe(true);
    expect(validateQuery('user', { where: { field: 'active', op: 'gt', value: true } }).ok).toBe(false);
  });
});

describe('comparison and filter semantics', () => {
  it('orders money by decimal value regardless of scale, text by UTF-16 code unit', () => {
    expect(compareValues('money', '9.50', '10')).toBe(-1);
    expect(compareValues('money', '10.00', '10')).toBe(0);
    expect(compareValues('money', '-1', '0.001')).toBe(-1);
    // Code-unit order, like PostgreSQL's C collation for these BMP characters: 'Z' (0x5A) < 'a' (0x61) < 'é' (0xE9).
    expect(compareValues('text', 'Z', 'a')).toBe(-1);
    expect(compareValues('text', 'é', 'z')).toBe(1);
  });

  const rows: Row[] = [
    { id: 'a', n: 2, s: 'Apple', customFields: { k: 1 } },
    { id: 'b', n: null, s: 'banana', customFields: { k: '1' } },
    { id: 'c', n: 1, s: null, customFields: {} },
    { id: 'd', n: 2, s: 'Cherry pie', customFields: { k: [1] } },
  ];
  const run = (query: unknown) => {
    const r = validateQuery('deal', query);
    if (!r.ok) throw r.error;
    return runQuery(rows, r.value).items.map((x) => x.id);
  };
  // The deal catalog has no 'n'/'s': map them onto numeric and text fields of the catalog for the evaluator.
  const deal = (x: Row) => ({ id: x.id, version: x.n, name: x.s, customFields: x.customFields });
  const runDeals = (query: unknown) => {
    const r = validateQuery('deal', query);
    if (!r.ok) throw r.error;
    return runQuery(rows.map(deal), r.value).items.map((x) => x.id);
  };

  it('sorts nulls last ascending and first descending, ties by id, unless nulls says otherwise', () => {
    expect(runDeals({ orderBy: [{ field: 'version' }] })).toEqual(['c', 'a', 'd', 'b']);
    expect(runDeals({ orderBy: [{ field: 'version', direction: 'desc' }] })).toEqual(['b', 'a', 'd', 'c']);
    expect(runDeals({ orderBy: [{ field: 'version', nulls: 'first' }] })).toEqual(['b', 'c', 'a', 'd']);
    expect(runDeals({ orderBy: [{ field: 'version', direction: 'desc', nulls: 'last' }] })).toEqual([
      'a',
      'd',
      'c',
      'b',
    ]);
    expect(run({})).toEqual(['a', 'b', 'c', 'd']);
  });

  it('neq matches null fields; ordered comparisons never do; in [] matches nothing; and [] everything; or [] nothing', () => {
    expect(runDeals({ where: { field: 'version', op: 'neq', value: 2 } })).toEqual(['b', 'c']);
    expect(runDeals({ where: { field: 'version', op: 'lt', value: 100 } })).toEqual(['a', 'c', 'd']);
    expect(runDeals({ where: { field: 'name', op: 'in', value: [] } })).toEqual([]);
    expect(runDeals({ where: { all: [] } })).toEqual(['a', 'b', 'c', 'd']);
    expect(runDeals({ where: { any: [] } })).toEqual([]);
    expect(runDeals({ where: { not: { field: 'version', op: 'eq', value: 2 } } })).toEqual(['b', 'c']);
  });

  it('contains is a case-insensitive substring test of text; null text never contains', () => {
    expect(runDeals({ where: { field: 'name', op: 'contains', value: 'AN' } })).toEqual(['b']);
    expect(runDeals({ where: { field: 'name', op: 'contains', value: '' } })).toEqual(['a', 'b', 'd']);
    expect(runDeals({ where: { field: 'name', op: 'contains', value: 'Y P' } })).toEqual(['d']);
  });

  it('custom-field values only equal values of the same JSON type; structured values sort after scalars', () => {
    expect(runDeals({ where: { field: 'customFields.k', op: 'eq', value: 1 } })).toEqual(['a']);
    expect(runDeals({ where: { field: 'customFields.k', op: 'eq', value: '1' } })).toEqual(['b']);
    expect(runDeals({ where: { field: 'customFields.k', op: 'isNull', value: true } })).toEqual(['c']);
    expect(runDeals({ orderBy: [{ field: 'customFields.k' }] })).toEqual(['b', 'a', 'd', 'c']);
  });

  it('count agrees with find', () => {
    fc.assert(
      fc.property(fc.array(dealArbitrary(), { maxLength: 40 }), fc.constantFrom('user-1', 'user-2'), (deals, owner) => {
        const n = q({ where: { field: 'ownerId', op: 'eq', value: owner }, limit: 1000 });
        expect(countMatching(deals, n)).toBe(runQuery(deals, n).items.length);
      }),
      { numRuns: 30 },
    );
  });
});

const sortKeyArb = fc.uniqueArray(
  fc.record({
    field: fc.constantFrom('expectedCloseDate', 'amount', 'name', 'ownerId', 'stageId', 'closedAt'),
    direction: fc.constantFrom('asc', 'desc'),
    nulls: fc.constantFrom('first', 'last'),
  }),
  { maxLength: 3, selector: (k) => k.field },
);

describe('pages and cursors', () => {
  it('cursors round-trip through encode/decode and are base64url', () => {
    fc.assert(
      fc.property(fc.array(dealArbitrary(), { minLength: 1, maxLength: 5 }), sortKeyArb, (deals, orderBy) => {
        const n = q({ orderBy });
        const c = cursorAfter(n.orderBy, deals[0]!);
        expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
        const d = decodeCursor(c, n.orderBy);
        expect(d.ok).toBe(true);
        if (d.ok) expect(encodeCursor(n.orderBy, d.value)).toBe(c);
      }),
      { numRuns: 50 },
    );
  });

  it('a cursor made for another sort, or tampered with, is refused', () => {
    const a = q({ orderBy: [{ field: 'amount' }] });
    const b = q({ orderBy: [{ field: 'amount', direction: 'desc' }] });
    const c = encodeCursor(a.orderBy, { values: ['10.00'], id: 'x' });
    expect(decodeCursor(c, b.orderBy).ok).toBe(false);
    expect(decodeCursor(encodeCursor(a.orderBy, { values: [new Date(0)], id: 'x' }), a.orderBy).ok).toBe(false);
    expect(decodeCursor(`${c.slice(0, -3)}`, a.orderBy).ok).toBe(false);
    expect(decodeCursor('', a.orderBy).ok).toBe(false);
    expect(validateQuery('deal', { orderBy: [{ field: 'amount', direction: 'desc' }], cursor: c }).ok).toBe(false);
  });

  it('walking the pages of any sort and limit gives the full sorted result exactly once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(dealArbitrary(), { maxLength: 60 }),
        sortKeyArb,
        fc.integer({ min: 1, max: 9 }),
        (deals, orderBy, limit) => {
          const full = runQuery(deals, q({ orderBy, limit: 1000 })).items.map((d) => d.id);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: { items: readonly Deal[]; nextCursor: string | null } = runQuery(
              deals,
              q({ orderBy, limit, cursor }),
            );
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((d) => d.id));
            cursor = page.nextCursor;
          } while (cursor !== null);
          expect(seen).toEqual(full);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('records inserted during a walk never shift or repeat items of later pages (property)', () => {
    fc.assert(
      fc.property(
        fc.array(dealArbitrary(), { maxLength: 40 }),
        fc.array(dealArbitrary(), { maxLength: 40 }),
        sortKeyArb,
        fc.integer({ min: 1, max: 6 }),
        (initial, inserted, orderBy, limit) => {
          const table = [...initial];
          const seen: string[] = [];
          let cursor: string | null = null;
          let i = 0;
          do {
            const page: { items: readonly Deal[]; nextCursor: string | null } = runQuery(
              table,
              q({ orderBy, limit, cursor }),
            );
            seen.push(...page.items.map((d) => d.id));
            if (i < inserted.length) table.push(inserted[i++]!);
            cursor = page.nextCursor;
          } while (cursor !== null);
          expect(new Set(seen).size).toBe(seen.length);
          for (const d of initial) expect(seen).toContain(d.id);
          const order = runQuery(table, q({ orderBy, limit: 1000 })).items.map((d) => d.id);
          expect(seen).toEqual(order.filter((id) => seen.includes(id)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the order does not depend on the input order, and the input is not mutated (property)', () => {
    fc.assert(
      fc.property(fc.array(dealArbitrary(), { maxLength: 30 }), sortKeyArb, fc.integer(), (deals, orderBy, seed) => {
        const before = deals.map((d) => d.id);
        const shuffled = fc.sample(fc.shuffledSubarray(deals, { minLength: deals.length, maxLength: deals.length }), {
          seed,
          numRuns: 1,
        })[0]!;
        const a = runQuery(deals, q({ orderBy, limit: 1000 })).items.map((d) => d.id);
        const b = runQuery(shuffled, q({ orderBy, limit: 1000 })).items.map((d) => d.id);
        expect(a).toEqual(b);
        expect(deals.map((d) => d.id)).toEqual(before);
      }),
      { numRuns: 50 },
    );
  });

  it('the bounded top-k path for large inputs gives the same page as a full sort', () => {
    const deals = fc.sample(dealArbitrary(), { seed: 7, numRuns: 6000 });
    const query: Query<Deal> = {
      orderBy: [{ field: 'expectedCloseDate' }, { field: 'amount', direction: 'desc' }],
      limit: 25,
    };
    const page = runQuery(deals, q(query));
    const expected = [...deals].sort(entityComparator(q(query).orderBy));
    expect(page.items.map((d) => d.id)).toEqual(expected.slice(0, 25).map((d) => d.id));
    expect(page.nextCursor).not.toBeNull();
  });
});

describe('money comparison', () => {
  it('agrees with decimal.js on any pair of decimal strings (property)', async () => {
    const { Dec } = await import('../../src/money/decimal.js');
    const dec = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^\d{1,12}$/),
        fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }),
      )
      .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === undefined ? '' : `.${f}`}`);
    fc.assert(
      fc.property(dec, dec, (a, b) => {
        expect(compareValues('money', a, b)).toBe(new Dec(a).cmp(new Dec(b)));
      }),
      { numRuns: 2000 },
    );
    expect(compareValues('money', '-0.00', '0')).toBe(0);
    expect(compareValues('money', '007.50', '7.5')).toBe(0);
  });
});
