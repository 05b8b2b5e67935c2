// churnInStore, retentionInStore, conversionInStore (issue 19 item 4): the same result as churnRate,
// retentionRate and conversionRate on the same records, exactly, on the memory store, PGlite and the
// PostgreSQL server; bad options give validation_failed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { churnRate, conversionRate, retentionRate } from '../../src/metrics/index.js';
import { monthPeriod, quarterPeriod } from '../../src/time/index.js';
import { churnInStore, conversionInStore, createMemoryStore, retentionInStore } from '../../src/repository/index.js';
import type { StoreWith } from '../../src/repository/ports.js';
import type { Lead, Subscription } from '../../src/entities/index.js';
import { leadArbitrary, subscriptionArbitrary } from '../../src/testing/arbitraries.js';
import { targets } from './_inStoreTargets.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 15);
const ACCOUNTS = ['acc-1', 'acc-2', 'acc-3', 'acc-4', 'acc-5', 'acc-6'];
// Instants on and around the period boundaries (2026-02-01, 2026-03-01, 2026-04-01).
const instant = fc.oneof(
  fc.integer({ min: 0, max: 90 * DAY }).map((t) => BASE + t),
  fc.constantFrom(Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1), Date.UTC(2026, 2, 1) - 1),
);

const subscriptionsArbitrary = (): fc.Arbitrary<Subscription[]> =>
  fc
    .array(
      fc.tuple(
        subscriptionArbitrary(),
        fc.constantFrom(...ACCOUNTS),
        instant,
        fc.option(fc.oneof(fc.integer({ min: 0, max: 60 * DAY }), fc.constant(0)), { nil: null }),
      ),
      { maxLength: 40 },
    )
    .map((list) =>
      list.map(
        ([s, accountId, start, length], i) =>
          ({
            ...s,
            id: `sub-${i}`,
            accountId,
            startedAt: new Date(start),
            endedAt: length === null ? null : new Date(start + length),
          }) as unknown as Subscription,
      ),
    );

const leadsArbitrary = (): fc.Arbitrary<Lead[]> =>
  fc
    .array(fc.tuple(leadArbitrary(), instant, fc.option(fc.integer({ min: 0, max: 60 * DAY }), { nil: null })), {
      maxLength: 40,
    })
    .map((list) =>
      list.map(([l, created, after], i) => {
        const createdAt = new Date(created);
        const base = { ...l, id: `lead-${i}`, createdAt, updatedAt: createdAt };
        const history = (to: string) => [{ from: null, to, at: createdAt, by: null, reason: null, forced: false }];
        return (after === null
          ? { ...base, convertedAt: null, statusHistory: [] }
          : {
              ...base,
              status: 'converted',
              statusHistory: history('converted'),
              convertedAt: new Date(created + after),
              convertedContactId: `contact-${i}`,
            }) as unknown as Lead;
      }),
    );

const periods = fc.constantFrom(monthPeriod('2026-03-01'), monthPeriod('2026-02-01'), quarterPeriod('2026-01-01'));
const ACTIVE = { field: 'status', op: 'eq', value: 'active' } as const;
let tenant = 0;

for (const target of targets()) {
  describe(`churnInStore, retentionInStore, conversionInStore on ${target.name}`, () => {
    let store: StoreWith<'bulk' | 'aggregate'>;
    let close: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ store, close } = await target.open());
    });
    afterAll(() => close());
    const runs = { numRuns: target.name === 'memory' ? 60 : 15 };

    it('churnInStore and retentionInStore equal churnRate and retentionRate exactly (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          subscriptionsArbitrary(),
          periods,
          fc.constantFrom('start', 'average', 'exposed' as const),
          fc.boolean(),
          async (subs, period, denominator, onlyActive) => {
            const ctx = { tenantId: `t-${++tenant}` };
            unwrap(await store.subscriptions.insertMany(ctx, subs));
            const selected = onlyActive ? subs.filter((s) => s.status === 'active') : subs;
            const where = onlyActive ? { where: ACTIVE } : {};
            expect(unwrap(await churnInStore(store, ctx, { period, denominator, ...where }))).toEqual(
              unwrap(churnRate(selected, { period, denominator })),
            );
            expect(unwrap(await retentionInStore(store, ctx, { period, ...where }))).toEqual(
              unwrap(retentionRate(selected, { period })),
            );
          },
        ),
        runs,
      );
    });

    it('conversionInStore equals conversionRate exactly (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          leadsArbitrary(),
          fc.record(
            { period: periods, asOf: instant.map((t) => new Date(t)), confidence: fc.constantFrom(0.9, 0.95) },
            { requiredKeys: [] },
          ),
          async (leads, options) => {
            const ctx = { tenantId: `t-${++tenant}` };
            unwrap(await store.leads.insertMany(ctx, leads));
            expect(unwrap(await conversionInStore(store, ctx, options))).toEqual(
              unwrap(conversionRate(leads, options)),
            );
          },
        ),
        runs,
      );
    });
  });
}

describe('churnInStore, retentionInStore, conversionInStore options', () => {
  const store = createMemoryStore();
  const ctx = { tenantId: 'acme' };
  const period = monthPeriod('2026-03-01');
  it('refuse bad options with validation_failed, naming the option', async () => {
    const bad = async (r: Promise<{ ok: boolean; error?: unknown }>, path: (string | number)[]) => {
      const got = (await r) as { ok: boolean; error?: { code: string; issues: { path: unknown[] }[] } };
      expect(got.ok).toBe(false);
      expect(got.error?.code).toBe('validation_failed');
      expect(got.error?.issues[0]?.path.slice(0, path.length)).toEqual(path);
    };
    await bad(churnInStore(store, ctx, {} as never), ['options', 'period']);
    await bad(churnInStore(store, ctx, { period, denominator: 'end' as never }), ['options', 'denominator']);
    await bad(churnInStore(store, ctx, { period, where: { field: 'nope', op: 'eq', value: 1 } as never }), ['where']);
    await bad(retentionInStore(store, ctx, { period, by: 'plan' } as never), ['options']);
    await bad(conversionInStore(store, ctx, { confidence: 1.5 }), ['options', 'confidence']);
    await bad(conversionInStore(store, ctx, { asOf: new Date(Number.NaN) }), ['options', 'asOf']);
    await bad(churnInStore(store, { tenantId: '' }, { period }), []);
  });
  it('give the empty results of the in-memory functions on an empty store', async () => {
    expect(unwrap(await churnInStore(store, ctx, { period }))).toEqual(unwrap(churnRate([], { period })));
    expect(unwrap(await retentionInStore(store, ctx, { period }))).toEqual(unwrap(retentionRate([], { period })));
    expect(unwrap(await conversionInStore(store, ctx))).toEqual(unwrap(conversionRate([])));
  });
});
