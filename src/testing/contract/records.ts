/**
 * The contract suite: the rules of `Repository` about records.
 *
 * @module
 */
import { unwrap } from '../../core/result.js';
import { expect } from 'vitest';
import fc from 'fast-check';
import { fixedClock } from '../../core/clock.js';
import { updateDeal, type Deal } from '../../entities/index.js';
import { dealArbitrary } from '../arbitraries.js';
import { A, B, REPO_NAMES, bumped, expectCode, repoOf, sample, withFields, type ContractSuite } from './shared.js';

/**
 * The rules of `Repository` about records: `get`, `getMany`, round-trips, frozen copies, `insert`,
 * `update`, `delete` and versions that never repeat.
 */
export function recordRules(suite: ContractSuite): void {
  const { test, arbs, propertyRuns } = suite;
  test('get of an id that does not exist returns null (every repository)', async (store) => {
    for (const name of REPO_NAMES) expect(unwrap(await repoOf(store, name).get(A, 'no-such-id'))).toBeNull();
  });

  test('Money and dates round-trip exactly: get returns what was written (every repository)', async (store) => {
    for (const [i, name] of REPO_NAMES.entries()) {
      const repo = repoOf(store, name);
      await fc.assert(
        fc.asyncProperty(arbs[name], async (entity) => {
          const r = await repo.insert(A, entity);
          expect(r.ok).toBe(true);
          expect(unwrap(await repo.get(A, entity.id))).toEqual(entity);
          if (r.ok) expect(r.value).toEqual(entity);
        }),
        suite.runs(propertyRuns, i),
      );
    }
  });

  test('returned entities are frozen copies: changing them does not change the store', async (store) => {
    const [deal] = sample(dealArbitrary(), 1) as [Deal];
    await store.deals.insert(A, deal);
    const got = unwrap(await store.deals.get(A, deal.id))!;
    expect(Object.isFrozen(got)).toBe(true);
    expect(Object.isFrozen(got.amount)).toBe(true);
    expect(() => {
      (got as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    got.createdAt.setTime(0);
    const page = unwrap(await store.deals.find(A, {}));
    expect(Object.isFrozen(page.items[0])).toBe(true);
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
  });

  test('the written entity is copied in: changing the caller’s object afterwards does not change the store', async (store) => {
    const [deal] = sample(dealArbitrary(), 2) as [Deal];
    const mine = structuredClone(deal) as { name: string; createdAt: Date };
    await store.deals.insert(A, mine as unknown as Deal);
    mine.name = 'changed after insert';
    mine.createdAt.setTime(0);
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
  });

  test('insert of an id that exists in the tenant fails with conflict and changes nothing', async (store) => {
    const [a, b] = sample(dealArbitrary(), 3, 2) as [Deal, Deal];
    expect((await store.deals.insert(A, a)).ok).toBe(true);
    expectCode(await store.deals.insert(A, { ...b, id: a.id }), 'conflict');
    expect(unwrap(await store.deals.get(A, a.id))).toEqual(a);
    expect(unwrap(await store.deals.count(A))).toBe(1);
  });

  test('every written entity is validated first: an invalid one fails with validation_failed and changes nothing', async (store) => {
    const [deal] = sample(dealArbitrary(), 4) as [Deal];
    expectCode(
      await store.deals.insert(A, withFields(deal, { amount: { amount: '-5.00', currency: 'USD' } })),
      'validation_failed',
    );
    expectCode(await store.deals.insert(A, withFields(deal, { name: '' })), 'validation_failed');
    expectCode(await store.deals.insert(A, withFields(deal, { unknownField: 1 })), 'validation_failed');
    expectCode(
      await store.deals.insert(A, withFields(deal, { amount: { amount: 12.5, currency: 'USD' } })),
      'validation_failed',
    );
    expect(unwrap(await store.deals.count(A))).toBe(0);
    expect((await store.deals.insert(A, deal)).ok).toBe(true);
    expectCode(
      await store.deals.update(A, bumped(deal, { stageId: '' }), { expectedVersion: deal.version }),
      'validation_failed',
    );
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
  });

  test('update with a stale expectedVersion fails with conflict and changes nothing', async (store) => {
    const [deal] = sample(dealArbitrary(), 5) as [Deal];
    await store.deals.insert(A, deal);
    const v2 = bumped(deal, { name: 'second' });
    expect((await store.deals.update(A, v2, { expectedVersion: 1 })).ok).toBe(true);
    expectCode(await store.deals.update(A, bumped(deal, { name: 'stale' }), { expectedVersion: 1 }), 'conflict');
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(v2);
  });

  test('update stores the entity as given; the stored version equals entity.version = expectedVersion + 1', async (store) => {
    const [deal] = sample(dealArbitrary(), 6) as [Deal];
    await store.deals.insert(A, deal);
    const next = updateDeal(
      deal,
      (d) => {
        d.name = 'renamed';
        d.amount = { amount: '123456789012.34', currency: d.amount.currency };
      },
      { clock: fixedClock('2031-05-06T07:08:09.123Z') },
    );
    if (!next.ok) throw next.error;
    const r = await store.deals.update(A, next.value, { expectedVersion: deal.version });
    expect(r.ok && r.value).toEqual(next.value);
    const got = unwrap(await store.deals.get(A, deal.id));
    expect(got).toEqual(next.value);
    expect(got?.version).toBe(deal.version + 1);
    expectCode(
      await store.deals.update(A, withFields(next.value, { version: 7 }), { expectedVersion: 2 }),
      'validation_failed',
    );
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(next.value);
  });

  test('update and delete of a missing id fail with not_found', async (store) => {
    const [deal] = sample(dealArbitrary(), 7) as [Deal];
    expectCode(await store.deals.update(A, bumped(deal), { expectedVersion: 1 }), 'not_found');
    expectCode(await store.deals.delete(A, deal.id, { expectedVersion: 1 }), 'not_found');
    expect(unwrap(await store.deals.count(A))).toBe(0);
  });

  test('delete with a stale expectedVersion fails with conflict and changes nothing; with the current one it removes', async (store) => {
    const [deal] = sample(dealArbitrary(), 8) as [Deal];
    await store.deals.insert(A, deal);
    expectCode(await store.deals.delete(A, deal.id, { expectedVersion: 2 }), 'conflict');
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
    const r = await store.deals.delete(A, deal.id, { expectedVersion: 1 });
    expect(r.ok).toBe(true);
    expect(unwrap(await store.deals.get(A, deal.id))).toBeNull();
    expectCode(await store.deals.delete(A, deal.id, { expectedVersion: 1 }), 'not_found');
  });

  test('versions never repeat for an id: a record re-inserted after a delete continues above the deleted version, so a stale update fails with conflict (every repository)', async (store) => {
    for (const [i, name] of REPO_NAMES.entries()) {
      const repo = repoOf(store, name);
      const [e] = sample(arbs[name], 300 + i);
      if (e === undefined) throw new Error('no sample');
      expect((await repo.insert(A, e)).ok, name).toBe(true);
      const v2 = bumped(e);
      expect((await repo.update(A, v2, { expectedVersion: 1 })).ok, name).toBe(true);
      expect((await repo.delete(A, e.id, { expectedVersion: 2 })).ok, name).toBe(true);
      // The same record again (as create* makes it, at version 1): stored at version 3.
      const again = await repo.insert(A, e);
      expect(again.ok && again.value, name).toEqual({ ...e, version: 3 });
      expect(unwrap(await repo.get(A, e.id)), name).toEqual({ ...e, version: 3 });
      // A writer still holding version 1 (or 2) of the deleted record cannot overwrite the new one.
      expectCode(await repo.update(A, v2, { expectedVersion: 1 }), 'conflict');
      expectCode(await repo.update(A, bumped(v2), { expectedVersion: 2 }), 'conflict');
      expectCode(await repo.delete(A, e.id, { expectedVersion: 1 }), 'conflict');
      expect(unwrap(await repo.get(A, e.id)), name).toEqual({ ...e, version: 3 });
      const v4 = bumped({ ...e, version: 3 });
      expect((await repo.update(A, v4, { expectedVersion: 3 })).ok, name).toBe(true);
      // An entity that already carries a higher version keeps it; other tenants are independent.
      expect((await repo.delete(A, e.id, { expectedVersion: 4 })).ok, name).toBe(true);
      const high = await repo.insert(A, { ...e, version: 9 });
      expect(high.ok && high.value.version, name).toBe(9);
      const inB = await repo.insert(B, e);
      expect(inB.ok && inB.value, name).toEqual(e);
    }
  });

  test('versions never repeat for an id inside transactions either (delete and re-insert in one transaction, or in two)', async (store) => {
    const [deal] = sample(dealArbitrary(), 320) as [Deal];
    await store.deals.insert(A, deal);
    const inOne = await store.transaction(A, async (tx) => {
      const d = await tx.deals.delete(A, deal.id, { expectedVersion: 1 });
      if (!d.ok) return d;
      return tx.deals.insert(A, deal);
    });
    expect(inOne.ok && inOne.value.version).toBe(2);
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual({ ...deal, version: 2 });
    const deleted = await store.transaction(A, async (tx) => tx.deals.delete(A, deal.id, { expectedVersion: 2 }));
    expect(deleted.ok).toBe(true);
    const inTwo = await store.transaction(A, async (tx) => tx.deals.insert(A, deal));
    expect(inTwo.ok && inTwo.value.version).toBe(3);
    expectCode(await store.deals.update(A, bumped(deal), { expectedVersion: 1 }), 'conflict');
  });

  test('getMany returns the records found, in the order of ids, skipping missing ones', async (store) => {
    const deals = sample(dealArbitrary(), 9, 4) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const ids = [deals[2]!.id, 'missing-1', deals[0]!.id, deals[3]!.id, 'missing-2'];
    expect(unwrap(await store.deals.getMany(A, ids as Deal['id'][]))).toEqual([deals[2], deals[0], deals[3]]);
    expect(unwrap(await store.deals.getMany(A, []))).toEqual([]);
  });
}
