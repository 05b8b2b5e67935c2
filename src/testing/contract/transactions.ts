/**
 * The contract suite: the rules of transactions.
 *
 * @module
 */
import { expect } from 'vitest';
import { CrmError } from '../../core/errors.js';
import { fail, ok } from '../../core/result.js';
import { type Deal, type Lead } from '../../entities/index.js';
import { dealArbitrary, leadArbitrary } from '../arbitraries.js';
import { A, bumped, expectCode, makeEvents, sample, type ContractSuite } from './shared.js';

/**
 * The rules of `transaction`: all or nothing.
 */
export function transactionRules(suite: ContractSuite): void {
  const { test } = suite;
  test('a committed transaction makes every write visible, events included', async (store) => {
    const [deal] = sample(dealArbitrary(), 20) as [Deal];
    const [lead] = sample(leadArbitrary(), 21) as [Lead];
    const r = await store.transaction(A, async (tx) => {
      const d = await tx.deals.insert(A, deal);
      if (!d.ok) return d;
      const l = await tx.leads.insert(A, lead);
      if (!l.ok) return l;
      expect(await tx.deals.get(A, deal.id)).toEqual(deal);
      await tx.events.append(A, makeEvents(1, 'deal_created'));
      return ok('done');
    });
    expect(r).toEqual(ok('done'));
    expect(await store.deals.get(A, deal.id)).toEqual(deal);
    expect(await store.leads.get(A, lead.id)).toEqual(lead);
    expect((await store.events.read(A)).items).toHaveLength(1);
  });

  test('a transaction returning a failed Result leaves no trace, events included', async (store) => {
    const [deal, other] = sample(dealArbitrary(), 22, 2) as [Deal, Deal];
    await store.deals.insert(A, other);
    const r = await store.transaction(A, async (tx) => {
      await tx.deals.insert(A, deal);
      await tx.deals.update(A, bumped(other, { name: 'changed' }), { expectedVersion: other.version });
      await tx.events.append(A, makeEvents(2, 'deal_created'));
      return fail('guard_rejected', 'no');
    });
    expectCode(r, 'guard_rejected');
    expect(await store.deals.get(A, deal.id)).toBeNull();
    expect(await store.deals.get(A, other.id)).toEqual(other);
    expect((await store.events.read(A)).items).toEqual([]);
  });

  test('a transaction throwing a CrmError returns it as a failed Result and leaves no trace', async (store) => {
    const [deal] = sample(dealArbitrary(), 23) as [Deal];
    const r = await store.transaction(A, async (tx) => {
      await tx.deals.insert(A, deal);
      await tx.events.append(A, makeEvents(1, 'deal_created'));
      throw new CrmError('forbidden', 'not allowed');
    });
    expectCode(r, 'forbidden');
    expect(await store.deals.count(A)).toBe(0);
    expect((await store.events.read(A)).items).toEqual([]);
  });

  test('a transaction throwing another exception re-throws it after rolling back', async (store) => {
    const [deal] = sample(dealArbitrary(), 24) as [Deal];
    const boom = new Error('boom');
    await expect(
      store.transaction(A, async (tx) => {
        await tx.deals.insert(A, deal);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await store.deals.count(A)).toBe(0);
  });
}
