/**
 * The contract suite: `scan`, the keyset stream of a repository.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { CrmError } from '../../core/errors.js';
import { ok, unwrap } from '../../core/result.js';
import type { Deal } from '../../entities/index.js';
import { runQuery } from '../../repository/runQuery.js';
import { MAX_LIMIT, type Query } from '../../repository/query.js';
import type { ScanOptions, ScanQuery, StoreContext } from '../../repository/ports.js';
import { dealArbitrary } from '../arbitraries.js';
import {
  A,
  B,
  sample,
  unwrapQuery,
  withFields,
  type AnyEntity,
  type AnyRepository,
  type ContractSuite,
} from './shared.js';

/** Every record a scan yields, or the error its iterator rejected with. */
export async function drain<E>(scan: AsyncIterable<E>): Promise<{ items: E[]; error: unknown }> {
  const items: E[] = [];
  try {
    for await (const e of scan) items.push(e);
  } catch (error) {
    return { items, error };
  }
  return { items, error: null };
}

async function expectRejection(scan: () => AsyncIterable<unknown>, code: string, what: string): Promise<CrmError> {
  let iterable: AsyncIterable<unknown> | undefined;
  expect(() => (iterable = scan()), `${what}: scan() itself never throws`).not.toThrow();
  const { items, error } = await drain(iterable!);
  expect(items, `${what}: nothing is yielded`).toEqual([]);
  expect(error, `${what}: the iterator rejects with a CrmError`).toBeInstanceOf(CrmError);
  expect((error as CrmError).code, `${what}: ${(error as Error).message}`).toBe(code);
  return error as CrmError;
}

const scanOf = (repo: AnyRepository, ctx: StoreContext, q?: unknown, o?: unknown) =>
  repo.scan(ctx, q as ScanQuery<AnyEntity>, o as ScanOptions);

/**
 * The rules of `scan`: every matching record once, in the query's order, in pages; a fresh scan per
 * iteration; errors and aborts as rejections of `next()`; tenants and ended transactions.
 */
export function scanRules(suite: ContractSuite): void {
  const { test } = suite;

  test('scan yields every matching record in the query order (ties by id), in pages of any size', async (store) => {
    const deals = sample(dealArbitrary(), 301, 57) as Deal[];
    for (const d of deals) expect((await store.deals.insert(A, d)).ok).toBe(true);
    const queries: ScanQuery<Deal>[] = [
      {},
      { orderBy: [{ field: 'amount', direction: 'desc' }] },
      { where: { field: 'closedAt', op: 'isNull', value: true }, orderBy: [{ field: 'ownerId', nulls: 'first' }] },
      { orderBy: [{ field: 'stageId' }, { field: 'expectedCloseDate', direction: 'desc' }] },
    ];
    for (const q of queries)
      for (const pageSize of [1, 7, 56, 57, MAX_LIMIT]) {
        const expected = runQuery(deals, unwrapQuery({ ...q, limit: MAX_LIMIT })).items.map((d) => d.id);
        const { items, error } = await drain(store.deals.scan(A, q, { pageSize }));
        expect(error).toBeNull();
        expect(
          items.map((d) => d.id),
          `${JSON.stringify(q)} in pages of ${pageSize}`,
        ).toEqual(expected);
      }
    const { items } = await drain(store.deals.scan(A));
    expect(items).toEqual(runQuery(deals, unwrapQuery({ limit: MAX_LIMIT })).items);
    expect(Object.isFrozen(items[0])).toBe(true);
  });

  test('scan is a keyset walk: records inserted or deleted during the scan never make a present record repeat or go missing', async (store) => {
    const deals = (sample(dealArbitrary(), 302, 40) as Deal[]).map((d, i) =>
      withFields(d, { id: `deal-${String(i).padStart(3, '0')}` }),
    );
    for (const d of deals) await store.deals.insert(A, d);
    const extra = sample(dealArbitrary(), 303, 1)[0] as Deal;
    const seen: string[] = [];
    let i = 0;
    for await (const d of store.deals.scan(A, null, { pageSize: 5 })) {
      seen.push(d.id);
      if (++i === 12) {
        // A record before the position, one after it, and a deleted one after it.
        await store.deals.insert(A, withFields(extra, { id: 'deal-000a' }));
        await store.deals.insert(A, withFields(extra, { id: 'deal-030a' }));
        await store.deals.delete(A, 'deal-035' as Deal['id'], { expectedVersion: deals[35]!.version });
      }
    }
    const present = deals.map((d) => d.id).filter((id) => id !== 'deal-035');
    for (const id of present)
      expect(
        seen.filter((s) => s === id),
        id,
      ).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('scan: every iteration starts a new scan, and breaking out stops it', async (store) => {
    const deals = sample(dealArbitrary(), 304, 9) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const scan = store.deals.scan(A, null, { pageSize: 2 });
    const first: string[] = [];
    for await (const d of scan) {
      first.push(d.id);
      if (first.length === 3) break;
    }
    const again = await drain(scan);
    expect(first).toEqual(again.items.slice(0, 3).map((d) => d.id));
    expect(again.items).toHaveLength(9);
  });

  test('scan never throws: an invalid context, query or options rejects the iterator with validation_failed', async (store) => {
    await store.deals.insert(A, sample(dealArbitrary(), 305, 1)[0] as Deal);
    const cases: [string, () => AsyncIterable<unknown>][] = [
      ['an invalid context', () => scanOf(store.deals as unknown as AnyRepository, { tenantId: '' })],
      [
        'an unknown field',
        () => scanOf(store.deals as unknown as AnyRepository, A, { where: { field: 'nope', op: 'eq', value: 1 } }),
      ],
      ['a limit in the query', () => scanOf(store.deals as unknown as AnyRepository, A, { limit: 10 })],
      ['a cursor in the query', () => scanOf(store.deals as unknown as AnyRepository, A, { cursor: 'x' })],
      ['pageSize 0', () => scanOf(store.deals as unknown as AnyRepository, A, null, { pageSize: 0 })],
      [
        `pageSize ${MAX_LIMIT + 1}`,
        () => scanOf(store.deals as unknown as AnyRepository, A, null, { pageSize: MAX_LIMIT + 1 }),
      ],
      ['an unknown option', () => scanOf(store.deals as unknown as AnyRepository, A, null, { limit: 5 })],
      ['a signal that is not one', () => scanOf(store.deals as unknown as AnyRepository, A, null, { signal: 'stop' })],
      ['a query that is a number', () => scanOf(store.deals as unknown as AnyRepository, A, 7)],
    ];
    for (const [what, scan] of cases) await expectRejection(scan, 'validation_failed', what);
    const { items } = await drain(scanOf(store.deals as unknown as AnyRepository, A, null, null));
    expect(items).toHaveLength(1);
  });

  test('scan: an aborted signal ends the iteration with aborted (before the first page and mid-scan)', async (store) => {
    const deals = sample(dealArbitrary(), 306, 12) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const before = new AbortController();
    before.abort();
    await expectRejection(() => store.deals.scan(A, null, { signal: before.signal }), 'aborted', 'an aborted signal');
    const mid = new AbortController();
    const seen: string[] = [];
    let error: unknown = null;
    try {
      for await (const d of store.deals.scan(A, null, { pageSize: 3, signal: mid.signal })) {
        seen.push(d.id);
        if (seen.length === 4) mid.abort(new Error('enough'));
      }
    } catch (e) {
      error = e;
    }
    expect(seen).toHaveLength(4);
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).code).toBe('aborted');
  });

  test('scan sees only the tenant, and a transaction its own writes; after the transaction it is aborted', async (store) => {
    const [a, b, c] = sample(dealArbitrary(), 307, 3) as [Deal, Deal, Deal];
    await store.deals.insert(A, a);
    await store.deals.insert(B, b);
    expect((await drain(store.deals.scan(A))).items.map((d) => d.id)).toEqual([a.id]);
    expect((await drain(store.deals.scan(B))).items.map((d) => d.id)).toEqual([b.id]);
    let kept: AnyRepository | undefined;
    const r = await store.transaction(A, async (tx) => {
      const w = await tx.deals.insert(A, c);
      if (!w.ok) return w;
      kept = tx.deals as unknown as AnyRepository;
      const inside = await drain(tx.deals.scan(A));
      return ok(inside.items.map((d) => d.id).sort());
    });
    expect(unwrap(r)).toEqual([a.id, c.id].sort());
    await expectRejection(() => kept!.scan(A), 'aborted', 'a transactional store after its transaction');
  });

  test('scan equals the pages of a find walk for random filters and page sizes (property)', async (store) => {
    const deals = sample(dealArbitrary(), 308, 30) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const stages = [...new Set(deals.map((d) => d.stageId))];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.subarray(stages),
        fc.constantFrom<Query<Deal>['orderBy']>(
          undefined,
          [{ field: 'amount' }],
          [{ field: 'name', direction: 'desc' }],
          [{ field: 'closedAt', nulls: 'first' }],
        ),
        async (pageSize, inStages, orderBy) => {
          const q = {
            where: { field: 'stageId', op: 'in', value: inStages },
            ...(orderBy === undefined ? {} : { orderBy }),
          } as ScanQuery<Deal>;
          const walk: string[] = [];
          let cursor: string | null = null;
          do {
            const page: { items: readonly Deal[]; nextCursor: string | null } = unwrap(
              await store.deals.find(A, { ...q, limit: pageSize, cursor } as Query<Deal>),
            );
            walk.push(...page.items.map((d) => d.id));
            cursor = page.nextCursor;
          } while (cursor !== null);
          const { items, error } = await drain(store.deals.scan(A, q, { pageSize }));
          expect(error).toBeNull();
          expect(items.map((d) => d.id)).toEqual(walk);
        },
      ),
      suite.runs(Math.max(5, Math.ceil(suite.propertyRuns / 2)), 308),
    );
  });
}
