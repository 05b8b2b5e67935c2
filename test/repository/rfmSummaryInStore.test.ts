// rfmSummaryInStore (issue 19 item 4): the same customers as crmkit/clv's rfmSummary on the same
// purchases (ledger entries with spend, ordered by customer id), exactly, on the memory store, PGlite and
// the PostgreSQL server; bad options give validation_failed; withAccess reads readable entries only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { rfmSummary } from '../../src/clv/index.js';
import { compareValues, createMemoryStore, rfmSummaryInStore } from '../../src/repository/index.js';
import type { StoreWith } from '../../src/repository/ports.js';
import { createLoyaltyTransaction, createUser, type LoyaltyTransaction } from '../../src/entities/index.js';
import { defineAccessPolicy, withAccess } from '../../src/access/index.js';
import { loyaltyTransactionArbitrary } from '../../src/testing/arbitraries.js';
import { money } from '../../src/money/index.js';
import { targets } from './_inStoreTargets.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const DAY = 86_400_000;
const BASE = Date.UTC(1997, 0, 1);
// Customer ids whose code point order differs from UTF-16 order and from locale order.
const CUSTOMERS = ['c1', 'c2', 'C3', 'b', 'ä', '😀', '\uFFFD', '10', '9'];
// Instants: whole days, times within a day, the last millisecond of a day, and repeats of one instant.
const instant = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map((d) => BASE + d * DAY),
  fc.integer({ min: 0, max: 300 * DAY }).map((t) => BASE + t),
  fc.integer({ min: 1, max: 300 }).map((d) => BASE + d * DAY - 1),
  fc.constantFrom(BASE + 40 * DAY + 3_600_000, BASE + 120 * DAY),
);

export const ledgerArbitrary = (currencies: readonly string[] = ['USD']): fc.Arbitrary<LoyaltyTransaction[]> =>
  fc
    .array(
      fc.tuple(
        loyaltyTransactionArbitrary(),
        fc.constantFrom(...CUSTOMERS),
        instant,
        fc.option(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(...currencies)), {
          nil: null,
          freq: 5,
        }),
        fc.option(fc.constantFrom('o-1', 'o-2'), { nil: null }),
      ),
      { maxLength: 50 },
    )
    .map((list) =>
      list.map(([t, customerId, at, spend, orderId], i) => {
        // An earn entry with spend (a purchase), an earn entry without (a bonus), or another kind.
        const kind = spend === null ? t.kind : 'earn';
        const points = kind === 'earn' ? t.points.replace(/^-/, '') : t.points;
        return {
          ...t,
          id: `lt-${i}`,
          customerId,
          kind,
          points: points === '0' ? '1' : points,
          at: new Date(at),
          expiresAt: null,
          orderId,
          spend: spend === null || kind !== 'earn' ? null : { amount: (spend[0] / 100).toFixed(2), currency: spend[1] },
        } as unknown as LoyaltyTransaction;
      }),
    );

const optionsArbitrary = fc
  .record({
    end: fc.integer({ min: 20, max: 320 }),
    cal: fc.option(fc.integer({ min: 0, max: 320 }), { nil: null }),
    timeUnit: fc.constantFrom('day', 'week', 'month' as const),
    asText: fc.boolean(),
  })
  .map(({ end, cal, timeUnit, asText }) => {
    const day = (d: number) =>
      asText ? new Date(BASE + d * DAY).toISOString().slice(0, 10) : new Date(BASE + d * DAY);
    return {
      observationEnd: day(end),
      timeUnit,
      ...(cal === null ? {} : { calibrationEnd: day(Math.min(cal, end)) }),
    };
  });

/** The purchases rfmSummaryInStore reads, in its order: entries with spend, by customer id (stable). */
function purchases(ledger: readonly LoyaltyTransaction[]): LoyaltyTransaction[] {
  return ledger.filter((t) => t.spend !== null).sort((a, b) => compareValues('text', a.customerId, b.customerId));
}

/** The value rfmSummary reads: the spend of a purchase (never null: purchases() keeps entries with spend). */
const SPEND = (t: LoyaltyTransaction) => t.spend!;
const IN_ORDER_1 = { field: 'orderId', op: 'eq', value: 'o-1' } as const;
let tenant = 0;

for (const target of targets()) {
  describe(`rfmSummaryInStore on ${target.name}`, () => {
    let store: StoreWith<'bulk' | 'aggregate'>;
    let close: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ store, close } = await target.open());
    });
    afterAll(() => close());

    it('equals rfmSummary on the same purchases ordered by customer, exactly (property)', async () => {
      await fc.assert(
        fc.asyncProperty(ledgerArbitrary(), optionsArbitrary, fc.boolean(), async (ledger, options, onlyOrder1) => {
          const ctx = { tenantId: `t-${++tenant}` };
          unwrap(await store.loyaltyTransactions.insertMany(ctx, ledger));
          const selected = purchases(onlyOrder1 ? ledger.filter((t) => t.orderId === 'o-1') : ledger);
          const want = unwrap(rfmSummary(selected, { customerId: 'customerId', at: 'at', value: SPEND, ...options }));
          const got = unwrap(
            await rfmSummaryInStore(store, ctx, { ...options, ...(onlyOrder1 ? { where: IN_ORDER_1 } : {}) }),
          );
          expect(got).toEqual(want);
        }),
        { numRuns: target.name === 'memory' ? 80 : 25 },
      );
    });

    it('refuses purchases in two currencies with currency_mismatch, as rfmSummary does', async () => {
      await fc.assert(
        fc.asyncProperty(ledgerArbitrary(['USD', 'EUR']), optionsArbitrary, async (ledger, options) => {
          const ctx = { tenantId: `t-${++tenant}` };
          unwrap(await store.loyaltyTransactions.insertMany(ctx, ledger));
          const end = Date.parse(
            String(
              options.observationEnd instanceof Date ? options.observationEnd.toISOString() : options.observationEnd,
            ),
          );
          const seen = new Set(
            ledger.filter((t) => t.spend !== null && t.at.getTime() < end + DAY).map((t) => t.spend!.currency),
          );
          const got = await rfmSummaryInStore(store, ctx, options);
          if (seen.size > 1) expect(got.ok ? 'ok' : got.error.code).toBe('currency_mismatch');
          else
            expect(unwrap(got)).toEqual(
              unwrap(rfmSummary(purchases(ledger), { customerId: 'customerId', at: 'at', value: SPEND, ...options })),
            );
        }),
        { numRuns: target.name === 'memory' ? 40 : 10 },
      );
    });
  });
}

describe('rfmSummaryInStore options, empty input, stores, access', () => {
  const store = createMemoryStore();
  const ctx = { tenantId: 'acme' };
  const base = { observationEnd: '1997-09-30', timeUnit: 'week' } as const;
  it('refuses bad options with validation_failed, naming the option', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ timeUnit: 'week' }, ['options', 'observationEnd']],
      [{ observationEnd: '1997-09-30' }, ['options', 'timeUnit']],
      [{ ...base, timeUnit: 'year' }, ['options', 'timeUnit']],
      [{ ...base, observationEnd: 'soon' }, ['options', 'observationEnd']],
      [{ ...base, calibrationEnd: '1997-10-01' }, ['options', 'calibrationEnd']],
      [{ ...base, calibrationEnd: null }, ['options', 'calibrationEnd']],
      [{ ...base, customerId: 'customerId' }, ['options']],
      [{ ...base, where: { field: 'nope', op: 'eq', value: 1 } }, ['where']],
      [{ ...base, where: { field: 'at', op: 'gt', value: 'yesterday' } }, ['where']],
      [null, ['options']],
      [[], ['options']],
    ];
    for (const [o, path] of cases) {
      const r = await rfmSummaryInStore(store, ctx, o as never);
      expect(r.ok, JSON.stringify(o)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]?.path.slice(0, path.length)).toEqual(path);
      }
    }
    expect((await rfmSummaryInStore(store, { tenantId: '' }, base)).ok).toBe(false);
  });
  it('answers a value that is not a store, or options whose getter throws, with validation_failed', async () => {
    for (const notAStore of [Number.NaN, null, {}, { loyaltyTransactions: 3 }]) {
      const r = await rfmSummaryInStore(notAStore as never, ctx, base);
      expect(r.ok ? null : r.error.code).toBe('validation_failed');
    }
    const hostile = Object.defineProperty({ timeUnit: 'day' }, 'observationEnd', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const r = await rfmSummaryInStore(store, ctx, hostile as never);
    expect(r.ok ? null : r.error.code).toBe('validation_failed');
  });
  it('gives rfmSummary of no purchases on an empty store (an empty list), also for dates at the ends of time', async () => {
    expect(unwrap(await rfmSummaryInStore(store, { tenantId: 'empty' }, base))).toEqual([]);
    for (const observationEnd of [8.64e15, -8.64e15, 1e300, -1e300])
      expect(unwrap(await rfmSummaryInStore(store, ctx, { ...base, observationEnd }))).toEqual([]);
  });
  it('keeps purchases at the ends of time: a ledger entry at the latest instant is observed by a late end', async () => {
    const t = unwrap(
      createLoyaltyTransaction({
        customerId: 'c',
        kind: 'earn',
        points: '1',
        at: new Date(8.64e15),
        spend: money('2.50', 'USD'),
      }),
    );
    unwrap(await store.loyaltyTransactions.insert({ tenantId: 'late' }, t));
    for (const observationEnd of [8.64e15, 1e300])
      expect(unwrap(await rfmSummaryInStore(store, { tenantId: 'late' }, { ...base, observationEnd }))).toEqual(
        unwrap(rfmSummary([t], { customerId: 'customerId', at: 'at', value: SPEND, ...base, observationEnd })),
      );
  });
  it('reproduces the worked example of rfmSummary (CDNOW customer 0001 style: 2 repeat days, mean 22.345)', async () => {
    const c = { tenantId: 'example' };
    const buy = (at: string, amount: string) =>
      unwrap(
        createLoyaltyTransaction({ customerId: 'c1', kind: 'earn', points: '10', at, spend: money(amount, 'USD') }),
      );
    unwrap(
      await store.loyaltyTransactions.insertMany(c, [
        buy('1997-01-01', '29.33'),
        buy('1997-01-18', '29.73'),
        buy('1997-08-02', '14.96'),
      ]),
    );
    const [c1] = unwrap(await rfmSummaryInStore(store, c, { observationEnd: '1997-09-30', timeUnit: 'week' }));
    expect(c1).toEqual({
      customerId: 'c1',
      frequency: 2,
      recency: 213 / 7,
      T: 272 / 7,
      monetaryValue: 22.345,
      frequencyHoldout: null,
      monetaryValueHoldout: null,
      durationHoldout: null,
    });
  });
  it('reads a store without the aggregate capability through scan, with the same result', async () => {
    const ledger = fc.sample(ledgerArbitrary(), { seed: 19, numRuns: 1 })[0]!;
    unwrap(await store.loyaltyTransactions.insertMany({ tenantId: 'scan' }, ledger));
    const { aggregate: _dropped, ...plain } = store.loyaltyTransactions as unknown as Record<string, unknown>;
    const noAggregate = { loyaltyTransactions: plain as unknown as typeof store.loyaltyTransactions };
    expect(unwrap(await rfmSummaryInStore(noAggregate, { tenantId: 'scan' }, base))).toEqual(
      unwrap(rfmSummary(purchases(ledger), { customerId: 'customerId', at: 'at', value: SPEND, ...base })),
    );
  });
  it('through withAccess reads the readable entries only, and refuses a user who may not read spend', async () => {
    const ctx2 = { tenantId: 'guarded' };
    const viewer = unwrap(
      createUser({ name: 'Vi', email: 'vi@acme.test', role: 'viewer' }, { clock: fixedClock('2026-01-05T09:00:00Z') }),
    );
    await store.users.insert(ctx2, viewer);
    const read = { read: { field: 'customerId', op: 'in', value: ['c1', 'ä'] } } as const;
    const open = unwrap(
      defineAccessPolicy({
        defaults: { loyaltyTransaction: { read: 'none', edit: 'none', delete: 'none' } },
        roles: { viewer: { loyaltyTransaction: read } },
      }),
    );
    const closed = unwrap(
      defineAccessPolicy({
        defaults: { loyaltyTransaction: { read: 'none', edit: 'none', delete: 'none' } },
        roles: { viewer: { loyaltyTransaction: read } },
        fields: { loyaltyTransaction: { spend: { read: { viewer: false } } } },
      }),
    );
    const ledger = fc.sample(ledgerArbitrary(), { seed: 3, numRuns: 1 })[0]!;
    unwrap(await store.loyaltyTransactions.insertMany(ctx2, ledger));
    const readable = ledger.filter((t) => t.customerId === 'c1' || t.customerId === 'ä');
    expect(unwrap(await rfmSummaryInStore(withAccess(store, open, { user: viewer }), ctx2, base))).toEqual(
      unwrap(rfmSummary(purchases(readable), { customerId: 'customerId', at: 'at', value: SPEND, ...base })),
    );
    const hidden = await rfmSummaryInStore(withAccess(store, closed, { user: viewer }), ctx2, base);
    expect(hidden.ok ? 'ok' : hidden.error.code).toBe('forbidden');
  });
});
