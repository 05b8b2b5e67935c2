/**
 * The contract suite: a failing database.
 *
 * @module
 */
import { expect } from 'vitest';
import { unwrap, type Result } from '../../core/result.js';
import type { Deal } from '../../entities/index.js';
import { dealArbitrary } from '../arbitraries.js';
import { A, bumped, expectFailure, makeEvents, sample, type ContractSuite } from './shared.js';

/**
 * A failing database (`options.databaseFaults`): every read and write answers `adapter_failure` in
 * its `Result` with the driver's error as `cause`, outside and inside transactions, and a
 * transaction the database failed in leaves no trace.
 */
export function databaseFaultRules(suite: ContractSuite): void {
  const { test, options } = suite;
  const faults = options.databaseFaults;
  test(
    'a failing database: every read and write answers adapter_failure in its Result with the driver error as cause, never a rejection (outside and inside transactions, which leave no trace)',
    async (store) => {
      if (faults === undefined) return;
      const [deal, other] = sample(dealArbitrary(), 96, 2) as [Deal, Deal];
      expect((await store.deals.insert(A, deal)).ok).toBe(true);
      expect((await store.events.append(A, makeEvents(1, 'deal_created'))).ok).toBe(true);
      const error = new Error('connection terminated unexpectedly (a fault injected by the contract suite)');
      const calls: [string, () => Promise<Result<unknown>>][] = [
        ['get', () => store.deals.get(A, deal.id)],
        ['getMany', () => store.deals.getMany(A, [deal.id, other.id])],
        ['find', () => store.deals.find(A, { where: { field: 'stageId', op: 'eq', value: deal.stageId } })],
        ['find (first page)', () => store.deals.find(A)],
        ['count', () => store.deals.count(A)],
        ['count (filtered)', () => store.deals.count(A, { where: { field: 'ownerId', op: 'isNull', value: false } })],
        ['events.read', () => store.events.read(A)],
        ['insert', () => store.deals.insert(A, other)],
        ['update', () => store.deals.update(A, bumped(deal), { expectedVersion: deal.version })],
        ['delete', () => store.deals.delete(A, deal.id, { expectedVersion: deal.version })],
        ['events.append', () => store.events.append(A, makeEvents(1, 'deal_won'))],
        [
          'transaction (a read, then a write)',
          () =>
            store.transaction(A, async (tx) => {
              const got = await tx.deals.get(A, deal.id);
              if (!got.ok) return got;
              return tx.deals.insert(A, other);
            }),
        ],
      ];
      await faults.fail(store, error);
      try {
        for (const [what, call] of calls) {
          const e = await expectFailure(what, call, 'adapter_failure');
          expect(e.cause, `${what}: the driver's error is the cause`).toBe(error);
        }
      } finally {
        await faults.heal(store);
      }

      // The database fails while a transaction is under way, after its first write.
      let seen: Result<unknown> | undefined;
      const r = await store.transaction(A, async (tx) => {
        const written = await tx.deals.insert(A, other);
        if (!written.ok) return written;
        await faults.fail(store, error);
        seen = await tx.deals.count(A);
        return seen;
      });
      await faults.heal(store);
      expect(seen !== undefined && !seen.ok && seen.error.code, 'a read inside the transaction').toBe(
        'adapter_failure',
      );
      expect(r.ok, 'the transaction fails').toBe(false);
      if (!r.ok) expect(r.error.code).toBe('adapter_failure');
      expect(unwrap(await store.deals.get(A, other.id)), 'nothing of the failed transaction persists').toBeNull();
      expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
      expect(unwrap(await store.deals.count(A))).toBe(1);
      expect(unwrap(await store.events.read(A)).items).toHaveLength(1);
    },
    faults === undefined,
  );
}
