// renewalInStore (issue 19 item 4): the same result as renewalRate on the same subscriptions, exactly,
// on the memory store, PGlite and the PostgreSQL server; bad options give validation_failed; withAccess
// counts readable subscriptions only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { renewalRate } from '../../src/metrics/index.js';
import { monthPeriod, quarterPeriod } from '../../src/time/index.js';
import { createMemoryStore, renewalInStore } from '../../src/repository/index.js';
import type { StoreWith } from '../../src/repository/ports.js';
import { createUser, type Subscription } from '../../src/entities/index.js';
import { defineAccessPolicy, withAccess } from '../../src/access/index.js';
import { subscriptionArbitrary } from '../../src/testing/arbitraries.js';
import { targets } from './_inStoreTargets.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const DAY = 86_400_000;
const START = Date.UTC(2025, 11, 1);
// Term ends on and around the period boundaries (2026-02-01, 2026-03-01, 2026-04-01).
const endsAt = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 150 * DAY }).map((t) => START + t),
    fc.constantFrom(Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1), Date.UTC(2026, 2, 1) - 1),
  ),
  { nil: null },
);

/** Subscriptions `sub-0` … with renewals of one another (some naming a subscription that is not there). */
export const renewalsArbitrary = (currencies: readonly string[] = ['USD']): fc.Arbitrary<Subscription[]> =>
  fc
    .array(
      fc.tuple(
        subscriptionArbitrary(),
        endsAt,
        fc.option(fc.integer({ min: 0, max: 45 }), { nil: null }),
        fc.constantFrom('basic', 'pro'),
        fc.integer({ min: 0, max: 99_999 }),
        fc.constantFrom(...currencies),
      ),
      { maxLength: 40 },
    )
    .map((list) =>
      list.map(([s, end, renewalOf, plan, cents, currency], i) => {
        const mrr = { amount: (cents / 100).toFixed(2), currency };
        return {
          ...s,
          id: `sub-${i}`,
          plan,
          mrr,
          contractValue: mrr,
          startedAt: new Date(START),
          endsAt: end === null ? null : new Date(end),
          renewalOfId: renewalOf === null ? null : `sub-${renewalOf}`,
        } as unknown as Subscription;
      }),
    );

const periods = fc.constantFrom(monthPeriod('2026-03-01'), monthPeriod('2026-02-01'), quarterPeriod('2026-01-01'));
const PRO = { field: 'plan', op: 'eq', value: 'pro' } as const;
let tenant = 0;

for (const target of targets()) {
  describe(`renewalInStore on ${target.name}`, () => {
    let store: StoreWith<'bulk' | 'aggregate'>;
    let close: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ store, close } = await target.open());
    });
    afterAll(() => close());
    const runs = { numRuns: target.name === 'memory' ? 80 : 20 };

    it('equals renewalRate on the same subscriptions exactly, by count and by value (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(['USD'], ['USD', 'USD', 'USD', 'EUR']).chain((c) => renewalsArbitrary(c)),
          periods,
          fc.constantFrom('count', 'value' as const),
          fc.boolean(),
          async (subs, period, basis, onlyPro) => {
            const ctx = { tenantId: `t-${++tenant}` };
            unwrap(await store.subscriptions.insertMany(ctx, subs));
            const selected = onlyPro ? subs.filter((s) => s.plan === 'pro') : subs;
            const got = await renewalInStore(store, ctx, { period, basis, ...(onlyPro ? { where: PRO } : {}) });
            const want = renewalRate(selected, { period, basis });
            if (want.ok) expect(unwrap(got)).toEqual(want.value);
            else {
              // Two currencies up for renewal: the same issue code, the path naming the subscription.
              expect(got.ok).toBe(false);
              if (got.ok) return;
              expect(got.error.code).toBe('validation_failed');
              expect(got.error.issues.map((i) => i.code)).toEqual(want.error.issues.map((i) => i.code));
              expect(got.error.issues[0]?.path.slice(0, 1)).toEqual(['subscriptions']);
              expect(got.error.issues[0]?.path.slice(2)).toEqual(want.error.issues[0]?.path.slice(1));
            }
          },
        ),
        runs,
      );
    });

    it('equals renewalRate with more than 1,000 subscriptions up for renewal (the unrestricted renewals read)', async () => {
      const ctx = { tenantId: `t-${++tenant}` };
      const period = monthPeriod('2026-03-01');
      const base = fc.sample(subscriptionArbitrary(), { seed: 19, numRuns: 1 })[0]!;
      const subs: Subscription[] = [];
      for (let i = 0; i < 1_100; i++) {
        const mrr = { amount: `${i % 97}.50`, currency: 'USD' };
        subs.push({
          ...base,
          id: `up-${i}`,
          mrr,
          contractValue: mrr,
          startedAt: new Date(START),
          endsAt: new Date(Date.UTC(2026, 2, 1) + (i % 31) * DAY - (i % 2)),
          renewalOfId: null,
        } as unknown as Subscription);
        if (i % 3 === 0)
          subs.push({ ...subs[subs.length - 1]!, id: `re-${i}`, endsAt: null, renewalOfId: `up-${i}` } as Subscription);
      }
      unwrap(await store.subscriptions.insertMany(ctx, subs));
      for (const basis of ['count', 'value'] as const) {
        const want = unwrap(renewalRate(subs, { period, basis }));
        expect(want.upForRenewal).toBeGreaterThan(1_000);
        expect(unwrap(await renewalInStore(store, ctx, { period, basis }))).toEqual(want);
      }
    });
  });
}

describe('renewalInStore options, empty input, stores, access', () => {
  const store = createMemoryStore();
  const ctx = { tenantId: 'acme' };
  const period = monthPeriod('2026-03-01');
  it('refuses bad options with validation_failed, naming the option', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{}, ['options', 'period']],
      [null, ['options', 'period']],
      [{ period: { start: new Date(2), end: new Date(1) } }, ['options', 'period']],
      [{ period, basis: 'mrr' }, ['options', 'basis']],
      [{ period, basis: 3 }, ['options', 'basis']],
      [{ period, by: 'plan' }, ['options']],
      [{ period, where: { field: 'nope', op: 'eq', value: 1 } }, ['where']],
      [{ period, where: { field: 'plan', op: 'gt', value: [] } }, ['where']],
      [{ period, where: 'plan = pro' }, ['where']],
      [7, ['options']],
    ];
    for (const [o, path] of cases) {
      const r = await renewalInStore(store, ctx, o as never);
      expect(r.ok, JSON.stringify(o)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]?.path.slice(0, path.length)).toEqual(path);
      }
    }
    expect((await renewalInStore(store, { tenantId: '' }, { period })).ok).toBe(false);
  });
  it('answers a value that is not a store, or options whose getter throws, with validation_failed', async () => {
    for (const notAStore of [Number.NaN, null, {}, { subscriptions: 3 }]) {
      const r = await renewalInStore(notAStore as never, ctx, { period });
      expect(r.ok ? null : r.error.code).toBe('validation_failed');
    }
    const hostile = Object.defineProperty({}, 'period', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const r = await renewalInStore(store, ctx, hostile as never);
    expect(r.ok ? null : r.error.code).toBe('validation_failed');
  });
  it('gives renewalRate of no subscriptions on an empty store (rate null, total 0)', async () => {
    for (const basis of ['count', 'value'] as const)
      expect(unwrap(await renewalInStore(store, { tenantId: 'empty' }, { period, basis }))).toEqual(
        unwrap(renewalRate([], { period, basis })),
      );
  });
  it('reads a store without the aggregate capability through scan, with the same result', async () => {
    const subs = fc.sample(renewalsArbitrary(), { seed: 7, numRuns: 1 })[0]!;
    unwrap(await store.subscriptions.insertMany({ tenantId: 'scan' }, subs));
    const { aggregate: _dropped, ...plain } = store.subscriptions as unknown as Record<string, unknown>;
    const noAggregate = { subscriptions: plain as unknown as typeof store.subscriptions };
    for (const basis of ['count', 'value'] as const)
      expect(unwrap(await renewalInStore(noAggregate, { tenantId: 'scan' }, { period, basis }))).toEqual(
        unwrap(renewalRate(subs, { period, basis })),
      );
  });
  it('through withAccess counts the readable subscriptions only, and refuses the value basis without MRR', async () => {
    const ctx2 = { tenantId: 'guarded' };
    const viewer = unwrap(
      createUser({ name: 'Vi', email: 'vi@acme.test', role: 'viewer' }, { clock: fixedClock('2026-01-05T09:00:00Z') }),
    );
    await store.users.insert(ctx2, viewer);
    const policy = unwrap(
      defineAccessPolicy({
        defaults: { subscription: { read: 'none', edit: 'none', delete: 'none' } },
        roles: { viewer: { subscription: { read: { field: 'plan', op: 'eq', value: 'pro' } } } },
        fields: { subscription: { mrr: { read: { viewer: false } } } },
      }),
    );
    const subs = fc.sample(renewalsArbitrary(), { seed: 11, numRuns: 1 })[0]!;
    unwrap(await store.subscriptions.insertMany(ctx2, subs));
    const guarded = withAccess(store, policy, { user: viewer });
    const readable = subs.filter((s) => s.plan === 'pro');
    expect(unwrap(await renewalInStore(guarded, ctx2, { period }))).toEqual(unwrap(renewalRate(readable, { period })));
    const value = await renewalInStore(guarded, ctx2, { period, basis: 'value' });
    expect(value.ok ? 'ok' : value.error.code).toBe('forbidden');
  });
});
