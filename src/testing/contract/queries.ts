/**
 * The contract suite: the rules of `Repository` about queries.
 *
 * @module
 */
import { CrmError } from '../../core/errors.js';
import { unwrap } from '../../core/result.js';
import { expect } from 'vitest';
import { type Deal } from '../../entities/index.js';
import { runQuery } from '../../repository/runQuery.js';
import type { Query } from '../../repository/query.js';
import { defineCondition } from '../../conditions/define.js';
import type { ConditionExtension } from '../../conditions/extension.js';
import type { ConditionJson } from '../../conditions/types.js';
import { CONDITION_TEST_CONTEXT } from '../conditionArbitrary.js';
import { dealArbitrary } from '../arbitraries.js';
import {
  A,
  allOf,
  expectCode,
  expectFailure,
  sample,
  unwrapQuery,
  unwrapResult,
  type AnyRepository,
  type ContractSuite,
} from './shared.js';

/**
 * The rules of `Repository` about queries: `find` order and filters, extension tests, invalid
 * queries, cursor walks and `count`.
 */
export function queryRules(suite: ContractSuite): void {
  const { test } = suite;
  test('find returns items in the query order, ties broken by id', async (store) => {
    const deals = sample(dealArbitrary(), 10, 40) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const queries: Query<Deal>[] = [
      { orderBy: [{ field: 'ownerId' }, { field: 'expectedCloseDate', direction: 'desc' }], limit: 1000 },
      { orderBy: [{ field: 'amount', direction: 'desc' }], limit: 1000 },
      {
        orderBy: [
          { field: 'stageId', nulls: 'first' },
          { field: 'closedAt', direction: 'asc', nulls: 'first' },
        ],
        limit: 1000,
      },
      { where: { field: 'closedAt', op: 'isNull', value: true }, orderBy: [{ field: 'createdAt' }], limit: 1000 },
      { orderBy: [{ field: 'name' }], limit: 1000 },
    ];
    for (const q of queries) {
      const expected = runQuery(deals, unwrapQuery(q)).items;
      expect(unwrap(await store.deals.find(A, q)).items.map((d) => d.id)).toEqual(expected.map((d) => d.id));
    }
  });

  test('find filters with every operator of the condition language, all, any and not like the reference evaluator', async (store) => {
    const deals = sample(dealArbitrary({ customFields: true }), 11, 60) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const at = new Date(Date.UTC(2020, 0, 1));
    const filters: ConditionJson<Deal>[] = [
      { field: 'ownerId', op: 'eq', value: 'user-1' },
      { field: 'ownerId', op: 'neq', value: 'user-1' },
      { field: 'ownerId', op: 'eq', value: null },
      { field: 'stageId', op: 'in', value: ['won', 'lost'] },
      { field: 'stageId', op: 'in', value: [] },
      { field: 'amount', op: 'gt', value: '5000000000000.00' },
      { field: 'amount', op: 'lte', value: '5000000000000' },
      { field: 'expectedCloseDate', op: 'gte', value: at },
      { field: 'expectedCloseDate', op: 'lt', value: '2020-01-01T00:00:00Z' },
      { field: 'name', op: 'contains', value: 'A' },
      { field: 'name', op: 'gt', value: 'M' },
      { field: 'closedAt', op: 'isNull', value: false },
      { field: 'version', op: 'eq', value: 1 },
      { field: 'stageId', op: 'notIn', value: ['won', 'lost'] },
      { field: 'stageId', op: 'notIn', value: [] },
      { field: 'amount', op: 'between', value: ['100', '5000000000000'] },
      { field: 'amount', op: 'gte', value: { amount: '100', currency: 'EUR' } },
      { field: 'expectedCloseDate', op: 'between', value: ['2010-01-01T00:00:00Z', at] },
      { field: 'closedAt', op: 'gte', value: { $now: '-P3650D' } },
      { field: 'name', op: 'startsWith', value: 'a' },
      { field: 'name', op: 'matches', value: '*a?*' },
      { field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } },
      { field: 'ownerId', op: 'in', value: { $ref: 'user.teamIds' } },
      { field: 'customFields.region', op: 'contains', value: 'EM' },
      { field: 'customFields.employees', op: 'between', value: [10, 1000] },
      { field: 'customFields.tags', op: 'contains', value: 'vip' },
      { field: 'customFields.misc', op: 'gt', value: 1 },
      { field: 'stageHistory', op: 'isNull', value: false },
      {
        all: [{ field: 'pipelineId', op: 'eq', value: 'b2b' }, { not: { field: 'stageId', op: 'eq', value: 'won' } }],
      },
      {
        any: [
          { field: 'ownerId', op: 'isNull', value: true },
          { field: 'amount', op: 'lt', value: 100 },
        ],
      },
      { all: [] },
      { any: [] },
    ];
    for (const where of filters) {
      const q = { where, limit: 1000, context: CONDITION_TEST_CONTEXT };
      const expected = runQuery(deals, unwrapQuery(q)).items;
      expect(
        unwrap(await store.deals.find(A, q)).items.map((d) => d.id),
        JSON.stringify(where),
      ).toEqual(expected.map((d) => d.id));
      expect(
        unwrap(await store.deals.count(A, { where, context: CONDITION_TEST_CONTEXT })),
        JSON.stringify(where),
      ).toBe(expected.length);
    }
  });

  test('a condition with an extension test is evaluated over the candidates the store selects: find pages and count equal the memory store', async (store) => {
    const deals = sample(dealArbitrary({ customFields: true }), 15, 80) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const listed = new Set<string>(deals.filter((_, i) => i % 3 === 0).map((d) => d.id));
    const onList: ConditionExtension = {
      key: 'onList',
      options: [],
      reads: ['data'],
      validate: (t) =>
        typeof t['onList'] === 'boolean'
          ? []
          : [{ path: ['onList'], message: 'expected a boolean', code: 'invalid_type' }],
      compile: (t) => {
        const has = (r: unknown) => listed.has((r as { id: string }).id) === t['onList'];
        return { test: has, explain: (r) => ({ result: has(r), detail: 'on the list' }) };
      },
    };
    const jsons: unknown[] = [
      { onList: true },
      { all: [{ field: 'stageId', op: 'neq', value: 'won' }, { onList: true }] },
      { any: [{ field: 'ownerId', op: 'eq', value: 'user-1' }, { onList: true }] },
      { not: { all: [{ onList: false }, { field: 'amount', op: 'gt', value: '1000' }] } },
    ];
    for (const json of jsons) {
      const where = unwrapResult(defineCondition(json, { entity: 'deal', extensions: [onList] }));
      const q = { where, orderBy: [{ field: 'amount' as const, direction: 'desc' as const }], limit: 7 };
      const expected = runQuery(deals, unwrapQuery({ ...q, limit: 1000 })).items.map((d) => d.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: readonly Deal[]; nextCursor: string | null } = unwrap(
          await store.deals.find(A, {
            ...q,
            cursor,
          }),
        );
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen, JSON.stringify(json)).toEqual(expected);
      expect(unwrap(await store.deals.count(A, { where })), JSON.stringify(json)).toBe(expected.length);
    }
  });

  test('a condition extension whose test throws: a CrmError it throws is the read’s failed Result; any other exception is re-thrown as it is (the host’s code, as transaction re-throws fn’s)', async (store) => {
    const deals = sample(dealArbitrary(), 16, 3) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const throwing = (thrown: unknown): ConditionExtension => ({
      key: 'explodes',
      options: [],
      reads: ['data'],
      validate: (t) =>
        typeof t['explodes'] === 'boolean'
          ? []
          : [{ path: ['explodes'], message: 'expected a boolean', code: 'invalid_type' }],
      compile: () => ({
        test: () => {
          throw thrown;
        },
        explain: () => ({ result: false, detail: 'explodes' }),
      }),
    });
    const denied = new CrmError('forbidden', 'the list may not be read');
    const boom = new Error('the host’s extension failed');
    for (const json of [
      { explodes: true },
      { all: [{ field: 'stageId', op: 'neq', value: 'none' }, { explodes: true }] },
    ]) {
      const byCrmError = unwrapResult(defineCondition(json, { entity: 'deal', extensions: [throwing(denied)] }));
      expect((await expectFailure('find', () => store.deals.find(A, { where: byCrmError }), 'forbidden')).message).toBe(
        denied.message,
      );
      await expectFailure('count', () => store.deals.count(A, { where: byCrmError }), 'forbidden');
      const byError = unwrapResult(defineCondition(json, { entity: 'deal', extensions: [throwing(boom)] }));
      await expect(store.deals.find(A, { where: byError })).rejects.toBe(boom);
      await expect(store.deals.count(A, { where: byError })).rejects.toBe(boom);
    }
    expect(unwrap(await store.deals.count(A))).toBe(3);
  });

  test('an invalid query (unknown field, operator, value, limit or cursor) fails with validation_failed in the Result, never a rejection', async (store) => {
    const bad: unknown[] = [
      { where: { field: 'nope', op: 'eq', value: 1 } },
      { where: { field: 'name', op: 'like', value: 'x' } },
      { where: { field: 'stageHistory', op: 'eq', value: 'x' } },
      { where: { field: 'amount', op: 'gt', value: 0.1 } },
      { where: { field: 'amount', op: 'contains', value: '1' } },
      { where: { field: 'name', op: 'matches', value: '*'.repeat(2000) } },
      { where: { and: [] } },
      { where: { field: 'closedAt', op: 'gt', value: { $now: '-P1D' } } },
      { where: { field: 'ownerId', op: 'eq', value: { $ref: 'user.nope' } }, context: { user: { id: 'u' } } },
      { where: { field: 'name', op: 'eq', value: 'a\u0000b' } },
      { orderBy: [{ field: 'nope' }] },
      { limit: 0 },
      { limit: 1001 },
      { cursor: 'not-a-cursor' },
    ];
    for (const q of bad) expectCode(await store.deals.find(A, q as Query<Deal>), 'validation_failed');
    expectCode(
      await store.deals.count(A, { where: { field: 'nope' as 'name', op: 'eq', value: 1 } }),
      'validation_failed',
    );
  });

  test('a cursor walk returns every matching record that existed when it started exactly once, despite concurrent inserts', async (store) => {
    const deals = sample(dealArbitrary(), 12, 30) as Deal[];
    const extra = sample(dealArbitrary(), 13, 30) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    const q: Query<Deal> = {
      orderBy: [
        { field: 'expectedCloseDate', direction: 'asc' },
        { field: 'amount', direction: 'desc' },
      ],
      limit: 4,
    };
    const seen: string[] = [];
    let cursor: string | null = null;
    let i = 0;
    do {
      const page: { items: readonly Deal[]; nextCursor: string | null } = unwrap(
        await store.deals.find(A, {
          ...q,
          cursor,
        }),
      );
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((d) => d.id));
      if (i < extra.length) await store.deals.insert(A, extra[i++]!);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(seen.length);
    for (const d of deals) expect(seen).toContain(d.id);
    const all = runQuery(
      await allOf(store.deals as unknown as AnyRepository, A),
      unwrapQuery({ ...q, limit: 1000 }),
    ).items.map((d) => d.id);
    expect(seen).toEqual(all.filter((id) => seen.includes(id)));
  });

  test('count counts the matching records of the tenant', async (store) => {
    const deals = sample(dealArbitrary(), 14, 25) as Deal[];
    for (const d of deals) await store.deals.insert(A, d);
    expect(unwrap(await store.deals.count(A))).toBe(25);
    expect(unwrap(await store.deals.count(A, { where: { field: 'stageId', op: 'eq', value: 'won' } }))).toBe(
      deals.filter((d) => d.stageId === 'won').length,
    );
  });
}
