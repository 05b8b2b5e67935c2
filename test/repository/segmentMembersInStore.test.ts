/**
 * Issue 14: segmentMembers in memory equals segmentMembersInStore on the memory store, PGlite and a
 * PostgreSQL server (CRMKIT_PG_URL; required in CI), for random conditions with field, measure and
 * activity tests; and the store walk pages through more than one page.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { useTestStores } from '../_stores.js';
import { segmentMembersInStore } from '../../src/repository/index.js';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { createContact, type Contact, type Lead } from '../../src/entities/index.js';
import { CONDITION_TEST_CONTEXT, conditionArbitrary, leadArbitrary } from '../../src/testing/index.js';
import { defineSegment, segmentMembers } from '../../src/segments/index.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const stores = useTestStores('seg', { memory: true });

let tenantCounter = 0;
const asOf = CONDITION_TEST_CONTEXT.asOf!;
const user = CONDITION_TEST_CONTEXT.user!;

/** A condition of the language's generator, mixed with a measure test and an activity test. */
const segmentWhere = fc
  .tuple(
    conditionArbitrary('lead', { depth: 2 }),
    fc.constantFrom<unknown>(
      { measure: 'npsAnswered', op: 'eq', value: true },
      { measure: 'purchases', op: 'gte', value: 2 },
      { measure: 'lastPurchaseAt', op: 'gte', value: { $now: '-P90D' } },
      { activity: { field: 'kind', op: 'eq', value: 'email' }, atLeast: 2, withinDays: 30 },
    ),
    fc.constantFrom('all', 'any', 'only', 'extension'),
  )
  .map(([c, x, how]) =>
    how === 'all' ? { all: [c, x] } : how === 'any' ? { any: [x, { not: c }] } : how === 'only' ? c : x,
  );

const measureArb = fc.record(
  {
    npsAnswered: fc.boolean(),
    purchases: fc.integer({ min: 0, max: 4 }),
    lastPurchaseAt: fc.date({
      min: new Date('2029-12-01T00:00:00Z'),
      max: new Date('2030-06-30T00:00:00Z'),
      noInvalidDate: true,
    }),
  },
  { requiredKeys: [] },
);

describe('segmentMembersInStore', () => {
  it('property: equals segmentMembers over the same records, on memory, PGlite and the PostgreSQL server', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(leadArbitrary({ customFields: true }), { maxLength: 25, selector: (r) => r.id }),
        segmentWhere,
        fc.array(fc.tuple(measureArb, fc.integer({ min: 0, max: 3 }))),
        async (rows, where, extras) => {
          const segment = unwrap(defineSegment({ id: 'p', name: 'P', object: 'lead', where }));
          const ctx = { tenantId: `t${++tenantCounter}` };
          let stored: readonly Lead[] = [];
          for (const { store } of stores) {
            const out: Lead[] = [];
            for (const r of rows) out.push(unwrap(await store.leads.insert(ctx, r)));
            stored = out;
          }
          const measures = new Map(stored.map((r, i) => [r.id, extras[i % Math.max(1, extras.length)]?.[0] ?? {}]));
          const activities = stored.flatMap((r, i) =>
            Array.from({ length: extras[i % Math.max(1, extras.length)]?.[1] ?? 0 }, (_, k) => ({
              kind: 'email',
              occurredAt: new Date(asOf.getTime() - (k + 1) * 5 * 86_400_000),
              leadId: r.id,
            })),
          );
          const options = { asOf, user, measures, activities };
          const expected = [...unwrap(segmentMembers(segment, stored, options)).ids].sort((a, b) =>
            a < b ? -1 : a > b ? 1 : 0,
          );
          for (const { name, store } of stores) {
            const got = unwrap(await segmentMembersInStore(store, ctx, segment, options));
            expect(got.ids, `${name}: ${JSON.stringify(where)}`).toEqual(expected);
            expect(got.count).toBe(expected.length);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('walks every page (2,500 contacts), explains a member read back, and keeps tenants apart', async () => {
    const ctx = { tenantId: `t${++tenantCounter}` };
    const other = { tenantId: `t${++tenantCounter}` };
    const contacts: Contact[] = [];
    for (let i = 0; i < 2500; i++) {
      contacts.push(
        unwrap(
          createContact(
            { firstName: `C${i}`, lastName: 'Buyer', lifecycleStage: i % 3 === 0 ? 'growth' : 'awareness' },
            { clock: fixedClock('2030-01-01T00:00:00Z'), ids: { next: () => `c${String(i).padStart(5, '0')}` } },
          ),
        ),
      );
    }
    const segment = unwrap(
      defineSegment({
        id: 'growing-buyers',
        name: 'Growing buyers',
        object: 'contact',
        where: {
          all: [
            { field: 'lifecycleStage', op: 'eq', value: 'growth' },
            { measure: 'purchases', op: 'gte', value: 1 },
          ],
        },
      }),
    );
    const measures = (r: unknown) => ({ purchases: Number((r as Contact).id.slice(1)) % 2 });
    const expected = unwrap(segmentMembers(segment, contacts, { asOf, measures })).ids;
    expect(expected.length).toBe(417);
    for (const { name, store } of stores) {
      for (const c of contacts) unwrap(await store.contacts.insert(ctx, c));
      unwrap(await store.contacts.insert(other, contacts[3]!));
      const got = unwrap(await segmentMembersInStore(store, ctx, segment, { asOf, measures }));
      expect(got.ids, name).toEqual(expected);
      const why = unwrap(await got.explain(expected[0]!));
      expect(why?.member).toBe(true);
      expect(unwrap(await got.explain('c00001'))?.member).toBe(false);
      expect(unwrap(await got.explain('nobody'))).toBeNull();
      expect(unwrap(await segmentMembersInStore(store, other, segment, { asOf, measures })).ids).toEqual(['c00003']);
    }
  });

  it('refuses bad input and stops on an aborted signal', async () => {
    const store = stores[0]!.store;
    const ctx = { tenantId: 'x' };
    const segment = unwrap(defineSegment({ id: 's', name: 'S', object: 'account', where: { all: [] } }));
    const fails = async (
      p: Promise<{ ok: boolean; error?: { code: string; issues: readonly { path: readonly unknown[] }[] } }>,
    ) => {
      const r = await p;
      expect(r.ok).toBe(false);
      return [r.error!.code, r.error!.issues.map((i) => i.path)];
    };
    expect(await fails(segmentMembersInStore({} as never, ctx, segment, { asOf }))).toEqual([
      'validation_failed',
      [['store']],
    ]);
    expect(await fails(segmentMembersInStore(store, { tenantId: '' }, segment, { asOf }))).toEqual([
      'validation_failed',
      [['tenantId']],
    ]);
    expect(await fails(segmentMembersInStore(store, ctx, { id: 's' } as never, { asOf }))).toEqual([
      'validation_failed',
      [['segment']],
    ]);
    expect(await fails(segmentMembersInStore(store, ctx, segment, {} as never))).toEqual([
      'validation_failed',
      [['options', 'asOf']],
    ]);
    expect(await fails(segmentMembersInStore(store, ctx, segment, { asOf, signal: 'stop' } as never))).toEqual([
      'validation_failed',
      [['options', 'signal']],
    ]);
    const mine = unwrap(
      defineSegment({
        id: 'm',
        name: 'Mine',
        object: 'account',
        where: { field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } },
      }),
    );
    for (const { store: s } of stores)
      expect(await fails(segmentMembersInStore(s, ctx, mine, { asOf }))).toEqual([
        'validation_failed',
        [['options', 'user']],
      ]);
    const down = new Error('measures service is down');
    const bought = unwrap(
      defineSegment({ id: 'b', name: 'B', object: 'contact', where: { measure: 'purchases', op: 'gte', value: 1 } }),
    );
    const ctx2 = { tenantId: 'throwing' };
    for (const { store: s } of stores) {
      unwrap(await s.contacts.insert(ctx2, unwrap(createContact({ lastName: 'X' }, { ids: { next: () => 'cx' } }))));
      await expect(
        segmentMembersInStore(s, ctx2, bought, {
          asOf,
          measures: () => {
            throw down;
          },
        }),
      ).rejects.toBe(down);
    }
    const aborted = new AbortController();
    aborted.abort();
    expect((await fails(segmentMembersInStore(store, ctx, segment, { asOf, signal: aborted.signal })))[0]).toBe(
      'aborted',
    );
  });
});
