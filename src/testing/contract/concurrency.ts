/**
 * The contract suite: concurrency.
 *
 * @module
 */
import { unwrap } from '../../core/result.js';
import { expect } from 'vitest';
import { type Deal } from '../../entities/index.js';
import { dealArbitrary } from '../arbitraries.js';
import { A, bumped, makeEvents, sample, type ContractSuite } from './shared.js';

/**
 * Concurrent writers at one version: exactly one wins.
 */
export function concurrencyRules(suite: ContractSuite): void {
  const { test, concurrency } = suite;
  test(`${concurrency} concurrent updates at the same version: exactly one succeeds, the rest conflict, the final state is the winner's`, async (store) => {
    const [deal] = sample(dealArbitrary(), 60) as [Deal];
    await store.deals.insert(A, deal);
    const candidates = Array.from({ length: concurrency }, (_, i) => bumped(deal, { name: `writer ${i}` }));
    const results = await Promise.all(
      candidates.map((c) => store.deals.update(A, c, { expectedVersion: deal.version })),
    );
    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('conflict');
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(candidates[winners[0]!]);
  });

  test(`${concurrency} concurrent transactions updating one record at the same version: exactly one commits`, async (store) => {
    const [deal] = sample(dealArbitrary(), 61) as [Deal];
    await store.deals.insert(A, deal);
    const candidates = Array.from({ length: concurrency }, (_, i) => bumped(deal, { name: `tx writer ${i}` }));
    const results = await Promise.all(
      candidates.map((c, i) =>
        store.transaction(A, async (tx) => {
          const r = await tx.deals.update(A, c, { expectedVersion: deal.version });
          if (!r.ok) return r;
          await tx.events.append(A, [{ ...makeEvents(1, 'deal_updated')[0]!, id: `tx-${i}` }]);
          return r;
        }),
      ),
    );
    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('conflict');
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(candidates[winners[0]!]);
    expect(unwrap(await store.events.read(A)).items.map((e) => e.id)).toEqual([`tx-${winners[0]}`]);
  });
}
