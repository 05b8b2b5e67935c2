/**
 * The contract suite: input checks.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../core/result.js';
import { quoteValue } from '../../_lib/show.js';
import { type Deal } from '../../entities/index.js';
import type { StoreContext } from '../../repository/ports.js';
import { dealArbitrary } from '../arbitraries.js';
import {
  A,
  HOSTILE_VALUE,
  REPO_NAMES,
  bumped,
  expectCode,
  expectFailure,
  isResult,
  makeEvents,
  repoOf,
  sample,
  type ContractSuite,
} from './shared.js';

const READS = /* @__PURE__ */ new Set(['get', 'getMany', 'find', 'count', 'events.read']);

/**
 * Input checks give Results: `null` options, arguments of the wrong type, invalid reads, hostile
 * arguments.
 */
export function inputRules(suite: ContractSuite): void {
  const { test, propertyRuns } = suite;
  test('null options mean none: count(ctx, null) and events.read(ctx, null)', async (store) => {
    const [deal] = sample(dealArbitrary(), 93) as [Deal];
    await store.deals.insert(A, deal);
    expect(unwrap(await store.deals.count(A, null as never))).toBe(1);
    await store.events.append(A, makeEvents(2, 'deal_won'));
    const read = unwrap(await store.events.read(A, null as never));
    expect(read.items.map((e) => e.sequence)).toEqual([1, 2]);
    expectCode(await store.events.read(A, { after: 0, bogus: 1 } as never), 'validation_failed');
  });

  test('ids, entities and write options of the wrong type give validation_failed, never a TypeError', async (store) => {
    const [deal] = sample(dealArbitrary(), 94) as [Deal];
    await store.deals.insert(A, deal);
    for (const id of [10n, 1, null, undefined, { id: deal.id }])
      expectCode(await store.deals.get(A, id as never), 'validation_failed');
    for (const ids of [null, undefined, deal.id, 10n, [10n, deal.id], [deal.id, null], [, deal.id]])
      expectCode(await store.deals.getMany(A, ids as never), 'validation_failed');
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
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
  });

  test('reads answer an invalid context, id, query or options with validation_failed in the Result, never a rejection (every repository)', async (store) => {
    const bad: unknown[] = [
      null,
      undefined,
      'tenant-a',
      { tenantId: '' },
      { tenantId: ' a' },
      { tenantId: 'a', actor: 10n },
    ];
    for (const name of REPO_NAMES) {
      const repo = repoOf(store, name);
      for (const ctx of bad) {
        const c = ctx as StoreContext;
        await expectFailure(`${name}.get, context ${quoteValue(ctx)}`, () => repo.get(c, 'an-id'), 'validation_failed');
        await expectFailure(`${name}.getMany`, () => repo.getMany(c, ['an-id']), 'validation_failed');
        await expectFailure(`${name}.find`, () => repo.find(c), 'validation_failed');
        await expectFailure(`${name}.count`, () => repo.count(c), 'validation_failed');
      }
      await expectFailure(`${name}.get(10n)`, () => repo.get(A, 10n as never), 'validation_failed');
      await expectFailure(`${name}.getMany('id')`, () => repo.getMany(A, 'an-id' as never), 'validation_failed');
      for (const query of [
        'all',
        10n,
        [],
        { where: { field: 'nope', op: 'eq', value: 1 } },
        { where: { field: 'version', op: 'eq', value: 'one' } },
        { bogus: 1 },
      ]) {
        await expectFailure(
          `${name}.find(${quoteValue(query)})`,
          () => repo.find(A, query as never),
          'validation_failed',
        );
        await expectFailure(
          `${name}.count(${quoteValue(query)})`,
          () => repo.count(A, query as never),
          'validation_failed',
        );
      }
      for (const query of [{ limit: 0 }, { limit: 1.5 }, { cursor: 'not-a-cursor' }, { orderBy: 'id' }])
        await expectFailure(
          `${name}.find(${quoteValue(query)})`,
          () => repo.find(A, query as never),
          'validation_failed',
        );
    }
    for (const ctx of bad)
      await expectFailure(
        `events.read, context ${quoteValue(ctx)}`,
        () => store.events.read(ctx as StoreContext),
        'validation_failed',
      );
    for (const options of ['x', 10n, { after: -1 }, { after: 1.5 }, { limit: 0 }, { limit: 1001 }, { bogus: 1 }])
      await expectFailure(
        `events.read(${quoteValue(options)})`,
        () => store.events.read(A, options as never),
        'validation_failed',
      );
  });

  test('property: no method rejects, whatever its arguments: every call resolves to a Result, a failed read to validation_failed (hostile contexts, ids, entities, options, queries)', async (store) => {
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
            let r: unknown;
            try {
              r = await call();
            } catch (e) {
              escaped.push(`${name} rejected: ${e instanceof Error ? `${e.name}: ${e.message}` : typeof e}`);
              continue;
            }
            if (!isResult(r)) escaped.push(`${name} resolved to something other than a Result`);
            else if (!r.ok && READS.has(name) && r.error.code !== 'validation_failed')
              escaped.push(`${name} failed with ${r.error.code}, not validation_failed`);
          }
        }
      }),
      suite.runs(propertyRuns * 4),
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
    expect(unwrap(await store.deals.count(A))).toBe(0);
  });
}
