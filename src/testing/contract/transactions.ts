/**
 * The contract suite: the rules of transactions.
 *
 * @module
 */
import { expect } from 'vitest';
import { CrmError } from '../../core/errors.js';
import { fail, ok, unwrap, type Result } from '../../core/result.js';
import type { Repositories } from '../../repository/ports.js';
import { type Deal, type Lead } from '../../entities/index.js';
import { dealArbitrary, leadArbitrary } from '../arbitraries.js';
import { A, bumped, expectCode, expectFailure, makeEvents, sample, type ContractSuite } from './shared.js';

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
      expect(unwrap(await tx.deals.get(A, deal.id))).toEqual(deal);
      await tx.events.append(A, makeEvents(1, 'deal_created'));
      return ok('done');
    });
    expect(r).toEqual(ok('done'));
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
    expect(unwrap(await store.leads.get(A, lead.id))).toEqual(lead);
    expect(unwrap(await store.events.read(A)).items).toHaveLength(1);
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
    expect(unwrap(await store.deals.get(A, deal.id))).toBeNull();
    expect(unwrap(await store.deals.get(A, other.id))).toEqual(other);
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
  });

  test('a transaction throwing a CrmError returns it as a failed Result and leaves no trace', async (store) => {
    const [deal] = sample(dealArbitrary(), 23) as [Deal];
    const r = await store.transaction(A, async (tx) => {
      await tx.deals.insert(A, deal);
      await tx.events.append(A, makeEvents(1, 'deal_created'));
      throw new CrmError('forbidden', 'not allowed');
    });
    expectCode(r, 'forbidden');
    expect(unwrap(await store.deals.count(A))).toBe(0);
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
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
    expect(unwrap(await store.deals.count(A))).toBe(0);
  });

  test('a transactional store used after its transaction ended answers every operation with aborted in the Result, never a rejection', async (store) => {
    const [deal] = sample(dealArbitrary(), 25) as [Deal];
    let leaked: Repositories | undefined;
    expect(
      (
        await store.transaction(A, async (tx) => {
          leaked = tx;
          return ok(1);
        })
      ).ok,
    ).toBe(true);
    const tx = leaked!;
    const calls: [string, () => Promise<Result<unknown>>][] = [
      ['get', () => tx.deals.get(A, deal.id)],
      ['getMany', () => tx.deals.getMany(A, [deal.id])],
      ['find', () => tx.deals.find(A)],
      ['count', () => tx.deals.count(A)],
      ['insert', () => tx.deals.insert(A, deal)],
      ['update', () => tx.deals.update(A, bumped(deal), { expectedVersion: deal.version })],
      ['delete', () => tx.deals.delete(A, deal.id, { expectedVersion: deal.version })],
      ['events.append', () => tx.events.append(A, makeEvents(1, 'deal_created'))],
      ['events.read', () => tx.events.read(A)],
    ];
    for (const [what, call] of calls) await expectFailure(`${what} after the transaction`, call, 'aborted');
    expect(unwrap(await store.deals.count(A))).toBe(0);
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
  });
}
