/**
 * The contract suite: input checks.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { CrmError } from '../../core/errors.js';
import { type Deal } from '../../entities/index.js';
import { dealArbitrary } from '../arbitraries.js';
import { A, HOSTILE_VALUE, bumped, expectCode, makeEvents, rejectsWith, sample, type ContractSuite } from './shared.js';

/**
 * Input checks give Results: `null` options, arguments of the wrong type, hostile arguments.
 */
export function inputRules(suite: ContractSuite): void {
  const { test, propertyRuns } = suite;
  test('null options mean none: count(ctx, null) and events.read(ctx, null)', async (store) => {
    const [deal] = sample(dealArbitrary(), 93) as [Deal];
    await store.deals.insert(A, deal);
    expect(await store.deals.count(A, null as never)).toBe(1);
    await store.events.append(A, makeEvents(2, 'deal_won'));
    const read = await store.events.read(A, null as never);
    expect(read.items.map((e) => e.sequence)).toEqual([1, 2]);
    await rejectsWith(store.events.read(A, { after: 0, bogus: 1 } as never), 'validation_failed');
  });

  test('ids, entities and write options of the wrong type give validation_failed, never a TypeError', async (store) => {
    const [deal] = sample(dealArbitrary(), 94) as [Deal];
    await store.deals.insert(A, deal);
    expect(await store.deals.get(A, 10n as never)).toBeNull();
    expect(await store.deals.getMany(A, [10n, deal.id] as never)).toEqual([deal]);
    for (const id of [10n, 1, null, undefined, { id: deal.id }])
      expectCode(await store.deals.delete(A, id as never, { expectedVersion: 1 }), 'validation_failed');
    for (const options of [null, undefined, {}, { expectedVersion: 1n }, { expectedVersion: 1, extra: true }, 'x']) {
      expectCode(await store.deals.delete(A, deal.id, options as never), 'validation_failed');
      expectCode(await store.deals.update(A, bumped(deal), options as never), 'validation_failed');
    }
    for (const entity of [null, undefined, 10n, 'deal', [], { ...deal, id: 10n }])
      expectCode(await store.deals.insert(A, entity as never), 'validation_failed');
    for (const events of [null, undefined, 10n, [null], [10n]])
      expectCode(await store.events.append(A, events as never), 'validation_failed');
    expect(await store.deals.get(A, deal.id)).toEqual(deal);
    expect((await store.events.read(A)).items).toEqual([]);
  });

  test('property: no method throws anything but a CrmError, whatever its arguments (hostile contexts, ids, entities, options, queries)', async (store) => {
    const escaped: string[] = [];
    await fc.assert(
      fc.asyncProperty(HOSTILE_VALUE, HOSTILE_VALUE, HOSTILE_VALUE, async (a, b, c) => {
        for (const ctx of [A, a]) {
          const calls: [string, () => Promise<unknown>][] = [
            ['get', () => store.deals.get(ctx as never, b as never)],
            ['getMany', () => store.deals.getMany(ctx as never, b as never)],
            ['find', () => store.deals.find(ctx as never, b as never)],
            ['count', () => store.deals.count(ctx as never, b as never)],
            ['insert', () => store.deals.insert(ctx as never, b as never)],
            ['update', () => store.deals.update(ctx as never, b as never, c as never)],
            ['delete', () => store.deals.delete(ctx as never, b as never, c as never)],
            ['events.append', () => store.events.append(ctx as never, b as never)],
            ['events.read', () => store.events.read(ctx as never, b as never)],
            ['transaction', () => store.transaction(ctx as never, b as never)],
          ];
          for (const [name, call] of calls) {
            try {
              await call();
            } catch (e) {
              if (!(e instanceof CrmError)) escaped.push(`${name}: ${e instanceof Error ? e.message : typeof e}`);
            }
          }
        }
      }),
      { numRuns: propertyRuns * 4, seed: 4243 },
    );
    expect([...new Set(escaped)]).toEqual([]);
  });

  test('transaction(ctx, fn) gives validation_failed when fn is not a function or returns something other than a Result, writing nothing', async (store) => {
    const [deal] = sample(dealArbitrary(), 95) as [Deal];
    for (const fn of [null, undefined, 'fn', 10n, {}])
      expectCode(await store.transaction(A, fn as never), 'validation_failed');
    for (const value of [undefined, null, 1, { ok: 'yes' }]) {
      const r = await store.transaction(A, async (tx) => {
        await tx.deals.insert(A, deal);
        return value as never;
      });
      expectCode(r, 'validation_failed');
    }
    expect(await store.deals.count(A)).toBe(0);
  });
}
