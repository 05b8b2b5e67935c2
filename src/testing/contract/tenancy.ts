/**
 * The contract suite: tenant isolation.
 *
 * @module
 */
import { unwrap } from '../../core/result.js';
import { expect } from 'vitest';
import { type Deal } from '../../entities/index.js';
import { dealArbitrary } from '../arbitraries.js';
import { A, B, REPO_NAMES, bumped, expectCode, makeEvents, repoOf, sample, type ContractSuite } from './shared.js';

/**
 * Tenant isolation across every operation.
 */
export function tenancyRules(suite: ContractSuite): void {
  const { test, arbs } = suite;
  test('records of another tenant are never returned, counted, updated or deleted (every repository, every operation)', async (store) => {
    for (const [i, name] of REPO_NAMES.entries()) {
      const repo = repoOf(store, name);
      const [entity] = sample(arbs[name], 30 + i);
      if (entity === undefined) throw new Error('no sample');
      expect((await repo.insert(A, entity)).ok).toBe(true);
      expect(unwrap(await repo.get(B, entity.id))).toBeNull();
      expect(unwrap(await repo.getMany(B, [entity.id]))).toEqual([]);
      expect(unwrap(await repo.find(B, {})).items).toEqual([]);
      expect(unwrap(await repo.find(B, { where: { field: 'id', op: 'eq', value: entity.id } })).items).toEqual([]);
      expect(unwrap(await repo.count(B))).toBe(0);
      expect(unwrap(await repo.count(B, { where: { field: 'id', op: 'eq', value: entity.id } }))).toBe(0);
      expectCode(await repo.update(B, bumped(entity), { expectedVersion: entity.version }), 'not_found');
      expectCode(await repo.delete(B, entity.id, { expectedVersion: entity.version }), 'not_found');
      expect(unwrap(await repo.get(A, entity.id))).toEqual(entity);
      // The same id is free in another tenant, and the two records stay apart.
      expect((await repo.insert(B, entity)).ok).toBe(true);
      expect((await repo.delete(B, entity.id, { expectedVersion: entity.version })).ok).toBe(true);
      expect(unwrap(await repo.get(A, entity.id))).toEqual(entity);
      expect(unwrap(await repo.count(A))).toBe(1);
    }
  });

  test('events of another tenant are never read, and transactions stay in their tenant', async (store) => {
    await store.events.append(A, makeEvents(3, 'deal_won'));
    expect(unwrap(await store.events.read(B)).items).toEqual([]);
    const [deal] = sample(dealArbitrary(), 50) as [Deal];
    await store.transaction(B, async (tx) => {
      expect(unwrap(await tx.deals.count(B))).toBe(0);
      return tx.deals.insert(B, deal);
    });
    expect(unwrap(await store.deals.get(A, deal.id))).toBeNull();
    expect(unwrap(await store.deals.get(B, deal.id))).toEqual(deal);
    const r = await store.events.append(B, makeEvents(1, 'deal_lost'));
    expect(r.ok && r.value[0]?.sequence).toBe(1);
  });
}
