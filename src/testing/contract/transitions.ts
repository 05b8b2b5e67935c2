/**
 * The contract suite: `transitionDealInStore`.
 *
 * @module
 */
import { expect } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { type Result, unwrap } from '../../core/result.js';
import { createDeal, type Deal } from '../../entities/index.js';
import { b2bPipeline } from '../../pipeline/index.js';
import { transitionDealInStore } from '../../repository/transitionDealInStore.js';
import type { Repositories, Store, StoreContext } from '../../repository/ports.js';
import { dealArbitrary } from '../arbitraries.js';
import { instrument } from './instrument.js';
import { A, B, bumped, expectCode, pickMethods, pickRepos, sample, type ContractSuite } from './shared.js';

/**
 * `transitionDealInStore` over the store: load, transition, save with a version check, the event;
 * guards, races and faults.
 */
export function transitionRules(suite: ContractSuite): void {
  const { test } = suite;
  const newDeal = (seed: number): Deal => {
    const [d] = sample(dealArbitrary(), seed) as [Deal];
    const r = createDeal(
      {
        name: d.name,
        pipelineId: 'b2b',
        stageId: 'qualification',
        amount: d.amount,
        expectedCloseDate: new Date(Date.UTC(2031, 5, 1)),
        ownerId: d.ownerId,
      },
      { clock: fixedClock('2030-01-01T00:00:00Z'), ids: { next: () => d.id } },
    );
    if (!r.ok) throw r.error;
    return r.value;
  };
  const at = new Date(Date.UTC(2030, 2, 1, 12));

  test('loads, transitions, saves with a version check and records the event', async (store) => {
    const deal = newDeal(90);
    await store.deals.insert(A, deal);
    const r = await transitionDealInStore(store, A, b2bPipeline, deal.id, 'closed_won', { at, by: 'user-1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.event.type).toBe('deal_won');
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(r.value.deal);
    expect(r.value.deal.version).toBe(deal.version + 1);
    const { items } = unwrap(await store.events.read(A));
    expect(items.map(({ sequence: _s, ...e }) => e)).toEqual([r.value.event]);
    expectCode(
      await transitionDealInStore(store, A, b2bPipeline, 'missing', 'proposal', { at, by: null }),
      'not_found',
    );
    expectCode(await transitionDealInStore(store, B, b2bPipeline, deal.id, 'proposal', { at, by: null }), 'not_found');
  });

  test('a rejected transition (guard) persists nothing', async (store) => {
    const deal = newDeal(91);
    await store.deals.insert(A, deal);
    const r = await transitionDealInStore(store, A, b2bPipeline, deal.id, 'closed_lost', { at, by: 'user-1' });
    expect(r.ok).toBe(false);
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
  });

  test('a deal changed by another writer between load and save fails with conflict and persists nothing', async (store) => {
    const deal = newDeal(92);
    await store.deals.insert(A, deal);
    const meanwhile = bumped(deal, { name: 'changed meanwhile' });
    const racing = {
      ...instrument(store, Number.POSITIVE_INFINITY, 'throw').store,
      transaction: <T>(c: StoreContext, fn: (tx: Repositories) => Promise<Result<T>>) =>
        store.transaction(c, (tx) =>
          fn({
            ...pickRepos(tx),
            deals: {
              ...pickMethods(tx.deals),
              get: async (cc: StoreContext, id: Deal['id']) => {
                const got = await tx.deals.get(cc, id);
                const other = await store.deals.update(A, meanwhile, { expectedVersion: deal.version });
                expect(other.ok).toBe(true);
                return got;
              },
            },
          } as Repositories),
        ),
    } as Store;
    const r = await transitionDealInStore(racing, A, b2bPipeline, deal.id, 'proposal', { at, by: 'user-1' });
    expectCode(r, 'conflict');
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(meanwhile);
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
  });

  test('a fault at each step of the transition leaves nothing persisted', async (store) => {
    const deal = newDeal(93);
    await store.deals.insert(A, deal);
    await store.deals.insert(B, deal);
    const probe = instrument(store, Number.POSITIVE_INFINITY, 'throw');
    expect((await transitionDealInStore(probe.store, B, b2bPipeline, deal.id, 'proposal', { at, by: null })).ok).toBe(
      true,
    );
    const steps = probe.calls();
    expect(steps).toBeGreaterThanOrEqual(3);
    for (const mode of ['throw', 'crm_error', 'failed_result'] as const) {
      for (let k = 1; k <= steps; k++) {
        const faulty = instrument(store, k, mode);
        const outcome = await transitionDealInStore(faulty.store, A, b2bPipeline, deal.id, 'proposal', {
          at,
          by: null,
        }).catch((e: unknown) => {
          expect((e as Error).message).toContain('injected fault');
          return 'thrown' as const;
        });
        // A store's failed Result (or a CrmError it throws) comes back as the use case's Result; a
        // plain exception is re-thrown.
        if (mode === 'throw') expect(outcome, `step ${k}`).toBe('thrown');
        else expectCode(outcome as Result<unknown>, 'adapter_failure');
        expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
        expect(unwrap(await store.events.read(A)).items).toEqual([]);
      }
    }
  });
}
