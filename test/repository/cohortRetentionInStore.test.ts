// cohortRetentionInStore (issue 19 item 4): the same table as cohortRetention on the same subscriptions,
// exactly, on the memory store, PGlite and the PostgreSQL server; bad options give validation_failed;
// withAccess counts readable subscriptions only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { cohortRetention } from '../../src/metrics/index.js';
import { cohortRetentionInStore, createMemoryStore } from '../../src/repository/index.js';
import type { StoreWith } from '../../src/repository/ports.js';
import { createUser, type Subscription } from '../../src/entities/index.js';
import { defineAccessPolicy, withAccess } from '../../src/access/index.js';
import { subscriptionArbitrary } from '../../src/testing/arbitraries.js';
import { targets } from './_inStoreTargets.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 10, 1);
// Starts, ends and asOf on and around calendar boundaries (week starts on Monday, month, quarter and
// year starts), and anywhere in 14 months.
const BOUNDARIES = [
  Date.UTC(2025, 11, 1),
  Date.UTC(2025, 11, 29), // a Monday
  Date.UTC(2026, 0, 1),
  Date.UTC(2026, 1, 1),
  Date.UTC(2026, 3, 1),
  Date.UTC(2026, 6, 1),
];
const instant = fc.oneof(
  fc.integer({ min: 0, max: 420 * DAY }).map((t) => BASE + t),
  fc.constantFrom(...BOUNDARIES).chain((b) => fc.constantFrom(b, b - 1, b + 1)),
);

export const customersArbitrary = (): fc.Arbitrary<Subscription[]> =>
  fc
    .array(
      fc.tuple(subscriptionArbitrary(), instant, fc.option(instant, { nil: null }), fc.constantFrom('basic', 'pro')),
      { maxLength: 40 },
    )
    .map((list) =>
      list.map(([s, a, b, plan], i) => {
        const [start, end] = b === null ? [a, null] : [Math.min(a, b), Math.max(a, b)];
        return {
          ...s,
          id: `sub-${i}`,
          plan,
          startedAt: new Date(start),
          endsAt: null,
          endedAt: end === null ? null : new Date(end),
        } as unknown as Subscription;
      }),
    );

const optionsArbitrary = fc.record(
  {
    cohortBy: fc.constantFrom('week', 'month', 'quarter', 'year' as const),
    periods: fc.integer({ min: 1, max: 14 }),
    asOf: instant.map((t) => new Date(t)),
  },
  { requiredKeys: ['periods', 'asOf'] },
);
const PRO = { field: 'plan', op: 'eq', value: 'pro' } as const;
let tenant = 0;

for (const target of targets()) {
  describe(`cohortRetentionInStore on ${target.name}`, () => {
    let store: StoreWith<'bulk' | 'aggregate'>;
    let close: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ store, close } = await target.open());
    });
    afterAll(() => close());

    it('equals cohortRetention on the same subscriptions exactly (property)', async () => {
      await fc.assert(
        fc.asyncProperty(customersArbitrary(), optionsArbitrary, fc.boolean(), async (subs, options, onlyPro) => {
          const ctx = { tenantId: `t-${++tenant}` };
          unwrap(await store.subscriptions.insertMany(ctx, subs));
          const selected = onlyPro ? subs.filter((s) => s.plan === 'pro') : subs;
          const where = onlyPro ? { where: PRO } : {};
          expect(unwrap(await cohortRetentionInStore(store, ctx, { ...options, ...where }))).toEqual(
            unwrap(cohortRetention(selected, options)),
          );
        }),
        { numRuns: target.name === 'memory' ? 80 : 25 },
      );
    });
  });
}

describe('cohortRetentionInStore options, empty input, access', () => {
  const store = createMemoryStore();
  const ctx = { tenantId: 'acme' };
  const asOf = new Date('2026-06-01T00:00:00Z');
  it('refuses bad options with validation_failed, naming the option', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ asOf }, ['options', 'periods']],
      [{ periods: 3 }, ['options', 'asOf']],
      [{ periods: 0, asOf }, ['options', 'periods']],
      [{ periods: 1.5, asOf }, ['options', 'periods']],
      [{ periods: 3, asOf: new Date(Number.NaN) }, ['options', 'asOf']],
      [{ periods: 3, asOf: '2026-06-01' }, ['options', 'asOf']],
      [{ periods: 3, asOf, cohortBy: 'day' }, ['options', 'cohortBy']],
      [{ periods: 3, asOf, by: 'plan' }, ['options']],
      [{ periods: 3, asOf, where: { field: 'nope', op: 'eq', value: 1 } }, ['where']],
      [{ periods: 3, asOf, where: 3 }, ['where']],
      [null, ['options']],
      ['month', ['options']],
    ];
    for (const [o, path] of cases) {
      const r = await cohortRetentionInStore(store, ctx, o as never);
      expect(r.ok, JSON.stringify(o)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]?.path.slice(0, path.length)).toEqual(path);
      }
    }
    expect((await cohortRetentionInStore(store, { tenantId: '' }, { periods: 3, asOf })).ok).toBe(false);
  });
  it('answers a value that is not a store, or options whose getter throws, with validation_failed', async () => {
    for (const notAStore of [Number.NaN, null, {}, { subscriptions: 3 }, { subscriptions: {} }]) {
      const r = await cohortRetentionInStore(notAStore as never, ctx, { periods: 3, asOf });
      expect(r.ok ? null : r.error.code).toBe('validation_failed');
    }
    const hostile = Object.defineProperty({ periods: 3 }, 'asOf', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const r = await cohortRetentionInStore(store, ctx, hostile as never);
    expect(r.ok ? null : r.error.code).toBe('validation_failed');
  });
  it('gives cohortRetention of no customers on an empty store (no rows, total 0)', async () => {
    const t = unwrap(await cohortRetentionInStore(store, { tenantId: 'empty' }, { periods: 6, asOf }));
    expect(t).toEqual(unwrap(cohortRetention([], { periods: 6, asOf })));
    expect([t.rows.length, t.total]).toEqual([0, 0]);
  });
  it('through withAccess counts the readable subscriptions only', async () => {
    const ctx2 = { tenantId: 'guarded' };
    const viewer = unwrap(
      createUser({ name: 'Vi', email: 'vi@acme.test', role: 'viewer' }, { clock: fixedClock('2026-01-05T09:00:00Z') }),
    );
    await store.users.insert(ctx2, viewer);
    const policy = unwrap(
      defineAccessPolicy({
        defaults: { subscription: { read: 'none', edit: 'none', delete: 'none' } },
        roles: { viewer: { subscription: { read: { field: 'plan', op: 'eq', value: 'pro' } } } },
        fields: { subscription: { endedAt: { read: { viewer: false } } } },
      }),
    );
    const subs = fc.sample(customersArbitrary(), { seed: 5, numRuns: 1 })[0]!;
    unwrap(await store.subscriptions.insertMany(ctx2, subs));
    const readable = subs.filter((s) => s.plan === 'pro');
    const options = { cohortBy: 'month' as const, periods: 6, asOf };
    const open = unwrap(
      defineAccessPolicy({
        defaults: { subscription: { read: 'none', edit: 'none', delete: 'none' } },
        roles: { viewer: { subscription: { read: { field: 'plan', op: 'eq', value: 'pro' } } } },
      }),
    );
    expect(unwrap(await cohortRetentionInStore(withAccess(store, open, { user: viewer }), ctx2, options))).toEqual(
      unwrap(cohortRetention(readable, options)),
    );
    // endedAt hidden from the user: refused, as an aggregate over it would be (records come back whole).
    const hidden = await cohortRetentionInStore(withAccess(store, policy, { user: viewer }), ctx2, options);
    expect(hidden.ok ? 'ok' : hidden.error.code).toBe('forbidden');
  });
});
