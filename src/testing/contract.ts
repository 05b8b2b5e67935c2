/**
 * The repository contract suite: one vitest suite every {@link Store} implementation runs to
 * prove it keeps the rules of the ports.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixedClock } from '../core/clock.js';
import { CrmError } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import { sequentialIdGenerator } from '../core/ids.js';
import { fail, ok, type Result } from '../core/result.js';
import { createDeal, updateDeal, updateLead, type Deal, type Lead } from '../entities/index.js';
import { b2bPipeline } from '../pipeline/index.js';
import { transitionDealInStore } from '../repository/transitionDealInStore.js';
import { convertLeadInStore } from '../repository/convertLeadInStore.js';
import { runQuery } from '../repository/runQuery.js';
import { validateQuery } from '../repository/validateQuery.js';
import { createMemoryStore } from '../repository/memory.js';
import {
  REPOSITORY_KINDS,
  type Repositories,
  type Repository,
  type Store,
  type StoreContext,
} from '../repository/ports.js';
import type { Query, SortKey, Where } from '../repository/query.js';
import { defineCondition } from '../conditions/define.js';
import type { ConditionExtension } from '../conditions/extension.js';
import type { ConditionJson } from '../conditions/types.js';
import { CONDITION_TEST_CONTEXT, conditionArbitrary } from './conditionArbitrary.js';
import { dealArbitrary, entityArbitraries, leadArbitrary } from './arbitraries.js';

/**
 * Optional abilities and sizes of the suite.
 *
 * @example
 * ```ts
 * const capabilities: ContractCapabilities = { modelRuns: 10, concurrency: 4 };
 * ```
 */
export interface ContractCapabilities {
  /** Runs of the model-based test (random operation sequences); default 25. */
  readonly modelRuns?: number;
  /** Concurrent writers in the concurrency tests; default 8. */
  readonly concurrency?: number;
  /** Runs of the per-entity round-trip properties; default 15. */
  readonly propertyRuns?: number;
}

/**
 * What {@link runRepositoryContract} needs.
 *
 * @example
 * ```ts
 * const options: RepositoryContractOptions = { name: 'memory', setup: () => createMemoryStore() };
 * ```
 */
export interface RepositoryContractOptions {
  /** Shown in the suite's title. */
  readonly name: string;
  /** Returns a fresh, empty store; called once for every test (and every model-based run). */
  readonly setup: () => Store | Promise<Store>;
  /** Releases what `setup` made (connections, schemas); called after every test, also when it failed. */
  readonly teardown?: (store: Store) => void | Promise<void>;
  /** Sizes of the suite; optional. */
  readonly capabilities?: ContractCapabilities;
}

type AnyEntity = { readonly id: string; readonly version: number; readonly [k: string]: unknown };
type AnyRepository = Repository<AnyEntity>;
type RepoName = keyof typeof REPOSITORY_KINDS;

const REPO_NAMES = /* @__PURE__ */ Object.keys(REPOSITORY_KINDS) as RepoName[];
const A: StoreContext = { tenantId: 'tenant-a', actor: 'user-1' };
const B: StoreContext = { tenantId: 'tenant-b' };

const repoOf = (s: Repositories, name: RepoName): AnyRepository => s[name] as unknown as AnyRepository;

/** A copy of a frozen entity with some fields replaced (no validation). */
function withFields<E>(e: E, fields: Record<string, unknown>): E {
  return { ...structuredClone(e), ...fields } as E;
}

function sample<T>(arb: fc.Arbitrary<T>, seed: number, n = 1): T[] {
  return fc.sample(arb, { seed, numRuns: n });
}

/** Bumps the version by rebuilding the entity as `update*` would, without knowing its kind. */
function bumped<E extends AnyEntity>(e: E, fields: Record<string, unknown> = {}): E {
  return withFields(e, {
    ...fields,
    version: e.version + 1,
    updatedAt: new Date(new Date(e['updatedAt'] as Date).getTime() + 1000),
  });
}

function expectCode(r: Result<unknown>, code: string): void {
  expect(r.ok, r.ok ? 'expected a failure' : '').toBe(false);
  if (!r.ok) expect(r.error.code).toBe(code);
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  let error: unknown = null;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as CrmError).code).toBe(code);
}

const HOSTILE = [
  "O'Brien",
  '"double" and \'single\' quotes',
  "'; DROP TABLE deals; --",
  "Robert'); DROP TABLE students;--",
  '\\ backslash \\\\ and \\x00 spelled out',
  '$1 $$ %s %d ? :name @p0',
  'emoji 👩‍💻🚀🇩🇪 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'RTL שלום مرحبا',
  'combining é vs é, ligature ﬁ',
  'line\nbreak\tand\r\ncarriage',
  '{"json":[1,2,{"a":null}]}',
  '<script>alert(1)</script>',
  'ＦＵＬＬＷＩＤＴＨ and zero\u200Bwidth',
] as const;

/** Values that break naive code: wrong types, bigints, symbols, cycles, a `toString` that throws. */
const HOSTILE_VALUE: fc.Arbitrary<unknown> = /* @__PURE__ */ fc.oneof(
  /* @__PURE__ */ fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withBoxedValues: true,
    withNullPrototype: true,
    withSparseArray: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withTypedArray: true,
  }),
  /* @__PURE__ */ fc.constantFrom<unknown>(
    10n,
    /* @__PURE__ */ Symbol('s'),
    {
      toString: () => {
        throw new Error('toString');
      },
    },
    /* @__PURE__ */ (() => {
      const o: Record<string, unknown> = { tenantId: 'tenant-a' };
      o['self'] = o;
      return o;
    })(),
    { tenantId: 'tenant-\uD800' },
    { expectedVersion: 1n },
    { where: null },
  ),
);

/**
 * Registers the repository contract suite with vitest: one named test per "must" rule of the
 * ports, tenant isolation across every operation, concurrency (N writers at one version: exactly
 * one wins), transactional fault injection into `convertLeadInStore`, hostile strings and 1 MB text
 * stored verbatim, NUL characters refused by validation, keys with lone UTF-16 surrogates refused
 * (tenant ids, actors, ids, references, object keys) while other text keeps them exactly, versions
 * that never repeat for an id after a delete and re-insert, input checks that give Results (`null`
 * options, bigint ids, a hostile-argument property: nothing but a `CrmError` is ever thrown), and a
 * model-based fast-check test that runs random operation sequences against the store and the
 * memory store and compares every result. Call it at the top level of a test file.
 *
 * @example
 * ```ts
 * // test/my-adapter.contract.test.ts
 * import type { Store } from 'crmkit/repository';
 * import { runRepositoryContract } from 'crmkit/testing';
 * declare function createMyStore(): Promise<Store>; // your adapter's factory
 * declare function closeMyStore(store: Store): Promise<void>;
 * runRepositoryContract({ name: 'my adapter', setup: () => createMyStore(), teardown: (s) => closeMyStore(s) });
 * ```
 */
export function runRepositoryContract(options: RepositoryContractOptions): void {
  const caps = options.capabilities ?? {};
  const propertyRuns = caps.propertyRuns ?? 15;
  const concurrency = caps.concurrency ?? 8;
  const modelRuns = caps.modelRuns ?? 25;

  async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
    const store = await options.setup();
    try {
      await fn(store);
    } finally {
      await options.teardown?.(store);
    }
  }
  const test = (title: string, fn: (store: Store) => Promise<void>): void => {
    it(title, () => withStore(fn));
  };
  const arbs = entityArbitraries() as unknown as Record<RepoName, fc.Arbitrary<AnyEntity>>;

  describe(`repository contract: ${options.name}`, () => {
    describe('rules of Repository', () => {
      test('get of an id that does not exist returns null (every repository)', async (store) => {
        for (const name of REPO_NAMES) expect(await repoOf(store, name).get(A, 'no-such-id')).toBeNull();
      });

      test('Money and dates round-trip exactly: get returns what was written (every repository)', async (store) => {
        for (const [i, name] of REPO_NAMES.entries()) {
          const repo = repoOf(store, name);
          await fc.assert(
            fc.asyncProperty(arbs[name], async (entity) => {
              const r = await repo.insert(A, entity);
              expect(r.ok).toBe(true);
              expect(await repo.get(A, entity.id)).toEqual(entity);
              if (r.ok) expect(r.value).toEqual(entity);
            }),
            { numRuns: propertyRuns, seed: 1000 + i },
          );
        }
      });

      test('returned entities are frozen copies: changing them does not change the store', async (store) => {
        const [deal] = sample(dealArbitrary(), 1) as [Deal];
        await store.deals.insert(A, deal);
        const got = (await store.deals.get(A, deal.id))!;
        expect(Object.isFrozen(got)).toBe(true);
        expect(Object.isFrozen(got.amount)).toBe(true);
        expect(() => {
          (got as { name: string }).name = 'changed';
        }).toThrow(TypeError);
        got.createdAt.setTime(0);
        const page = await store.deals.find(A, {});
        expect(Object.isFrozen(page.items[0])).toBe(true);
        expect(await store.deals.get(A, deal.id)).toEqual(deal);
      });

      test('the written entity is copied in: changing the caller’s object afterwards does not change the store', async (store) => {
        const [deal] = sample(dealArbitrary(), 2) as [Deal];
        const mine = structuredClone(deal) as { name: string; createdAt: Date };
        await store.deals.insert(A, mine as unknown as Deal);
        mine.name = 'changed after insert';
        mine.createdAt.setTime(0);
        expect(await store.deals.get(A, deal.id)).toEqual(deal);
      });

      test('insert of an id that exists in the tenant fails with conflict and changes nothing', async (store) => {
        const [a, b] = sample(dealArbitrary(), 3, 2) as [Deal, Deal];
        expect((await store.deals.insert(A, a)).ok).toBe(true);
        expectCode(await store.deals.insert(A, { ...b, id: a.id }), 'conflict');
        expect(await store.deals.get(A, a.id)).toEqual(a);
        expect(await store.deals.count(A)).toBe(1);
      });

      test('every written entity is validated first: an invalid one fails with validation_failed and changes nothing', async (store) => {
        const [deal] = sample(dealArbitrary(), 4) as [Deal];
        expectCode(
          await store.deals.insert(A, withFields(deal, { amount: { amount: '-5.00', currency: 'USD' } })),
          'validation_failed',
        );
        expectCode(await store.deals.insert(A, withFields(deal, { name: '' })), 'validation_failed');
        expectCode(await store.deals.insert(A, withFields(deal, { unknownField: 1 })), 'validation_failed');
        expectCode(
          await store.deals.insert(A, withFields(deal, { amount: { amount: 12.5, currency: 'USD' } })),
          'validation_failed',
        );
        expect(await store.deals.count(A)).toBe(0);
        expect((await store.deals.insert(A, deal)).ok).toBe(true);
        expectCode(
          await store.deals.update(A, bumped(deal, { stageId: '' }), { expectedVersion: deal.version }),
          'validation_failed',
        );
        expect(await store.deals.get(A, deal.id)).toEqual(deal);
      });

      test('update with a stale expectedVersion fails with conflict and changes nothing', async (store) => {
        const [deal] = sample(dealArbitrary(), 5) as [Deal];
        await store.deals.insert(A, deal);
        const v2 = bumped(deal, { name: 'second' });
        expect((await store.deals.update(A, v2, { expectedVersion: 1 })).ok).toBe(true);
        expectCode(await store.deals.update(A, bumped(deal, { name: 'stale' }), { expectedVersion: 1 }), 'conflict');
        expect(await store.deals.get(A, deal.id)).toEqual(v2);
      });

      test('update stores the entity as given; the stored version equals entity.version = expectedVersion + 1', async (store) => {
        const [deal] = sample(dealArbitrary(), 6) as [Deal];
        await store.deals.insert(A, deal);
        const next = updateDeal(
          deal,
          (d) => {
            d.name = 'renamed';
            d.amount = { amount: '123456789012.34', currency: d.amount.currency };
          },
          { clock: fixedClock('2031-05-06T07:08:09.123Z') },
        );
        if (!next.ok) throw next.error;
        const r = await store.deals.update(A, next.value, { expectedVersion: deal.version });
        expect(r.ok && r.value).toEqual(next.value);
        const got = await store.deals.get(A, deal.id);
        expect(got).toEqual(next.value);
        expect(got?.version).toBe(deal.version + 1);
        expectCode(
          await store.deals.update(A, withFields(next.value, { version: 7 }), { expectedVersion: 2 }),
          'validation_failed',
        );
        expect(await store.deals.get(A, deal.id)).toEqual(next.value);
      });

      test('update and delete of a missing id fail with not_found', async (store) => {
        const [deal] = sample(dealArbitrary(), 7) as [Deal];
        expectCode(await store.deals.update(A, bumped(deal), { expectedVersion: 1 }), 'not_found');
        expectCode(await store.deals.delete(A, deal.id, { expectedVersion: 1 }), 'not_found');
        expect(await store.deals.count(A)).toBe(0);
      });

      test('delete with a stale expectedVersion fails with conflict and changes nothing; with the current one it removes', async (store) => {
        const [deal] = sample(dealArbitrary(), 8) as [Deal];
        await store.deals.insert(A, deal);
        expectCode(await store.deals.delete(A, deal.id, { expectedVersion: 2 }), 'conflict');
        expect(await store.deals.get(A, deal.id)).toEqual(deal);
        const r = await store.deals.delete(A, deal.id, { expectedVersion: 1 });
        expect(r.ok).toBe(true);
        expect(await store.deals.get(A, deal.id)).toBeNull();
        expectCode(await store.deals.delete(A, deal.id, { expectedVersion: 1 }), 'not_found');
      });

      test('versions never repeat for an id: a record re-inserted after a delete continues above the deleted version, so a stale update fails with conflict (every repository)', async (store) => {
        for (const [i, name] of REPO_NAMES.entries()) {
          const repo = repoOf(store, name);
          const [e] = sample(arbs[name], 300 + i);
          if (e === undefined) throw new Error('no sample');
          expect((await repo.insert(A, e)).ok, name).toBe(true);
          const v2 = bumped(e);
          expect((await repo.update(A, v2, { expectedVersion: 1 })).ok, name).toBe(true);
          expect((await repo.delete(A, e.id, { expectedVersion: 2 })).ok, name).toBe(true);
          // The same record again (as create* makes it, at version 1): stored at version 3.
          const again = await repo.insert(A, e);
          expect(again.ok && again.value, name).toEqual({ ...e, version: 3 });
          expect(await repo.get(A, e.id), name).toEqual({ ...e, version: 3 });
          // A writer still holding version 1 (or 2) of the deleted record cannot overwrite the new one.
          expectCode(await repo.update(A, v2, { expectedVersion: 1 }), 'conflict');
          expectCode(await repo.update(A, bumped(v2), { expectedVersion: 2 }), 'conflict');
          expectCode(await repo.delete(A, e.id, { expectedVersion: 1 }), 'conflict');
          expect(await repo.get(A, e.id), name).toEqual({ ...e, version: 3 });
          const v4 = bumped({ ...e, version: 3 });
          expect((await repo.update(A, v4, { expectedVersion: 3 })).ok, name).toBe(true);
          // An entity that already carries a higher version keeps it; other tenants are independent.
          expect((await repo.delete(A, e.id, { expectedVersion: 4 })).ok, name).toBe(true);
          const high = await repo.insert(A, { ...e, version: 9 });
          expect(high.ok && high.value.version, name).toBe(9);
          const inB = await repo.insert(B, e);
          expect(inB.ok && inB.value, name).toEqual(e);
        }
      });

      test('versions never repeat for an id inside transactions either (delete and re-insert in one transaction, or in two)', async (store) => {
        const [deal] = sample(dealArbitrary(), 320) as [Deal];
        await store.deals.insert(A, deal);
        const inOne = await store.transaction(A, async (tx) => {
          const d = await tx.deals.delete(A, deal.id, { expectedVersion: 1 });
          if (!d.ok) return d;
          return tx.deals.insert(A, deal);
        });
        expect(inOne.ok && inOne.value.version).toBe(2);
        expect(await store.deals.get(A, deal.id)).toEqual({ ...deal, version: 2 });
        const deleted = await store.transaction(A, async (tx) => tx.deals.delete(A, deal.id, { expectedVersion: 2 }));
        expect(deleted.ok).toBe(true);
        const inTwo = await store.transaction(A, async (tx) => tx.deals.insert(A, deal));
        expect(inTwo.ok && inTwo.value.version).toBe(3);
        expectCode(await store.deals.update(A, bumped(deal), { expectedVersion: 1 }), 'conflict');
      });

      test('getMany returns the records found, in the order of ids, skipping missing ones', async (store) => {
        const deals = sample(dealArbitrary(), 9, 4) as Deal[];
        for (const d of deals) await store.deals.insert(A, d);
        const ids = [deals[2]!.id, 'missing-1', deals[0]!.id, deals[3]!.id, 'missing-2'];
        expect(await store.deals.getMany(A, ids as Deal['id'][])).toEqual([deals[2], deals[0], deals[3]]);
        expect(await store.deals.getMany(A, [])).toEqual([]);
      });

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
          expect((await store.deals.find(A, q)).items.map((d) => d.id)).toEqual(expected.map((d) => d.id));
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
            all: [
              { field: 'pipelineId', op: 'eq', value: 'b2b' },
              { not: { field: 'stageId', op: 'eq', value: 'won' } },
            ],
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
            (await store.deals.find(A, q)).items.map((d) => d.id),
            JSON.stringify(where),
          ).toEqual(expected.map((d) => d.id));
          expect(await store.deals.count(A, { where, context: CONDITION_TEST_CONTEXT }), JSON.stringify(where)).toBe(
            expected.length,
          );
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
            const page: { items: readonly Deal[]; nextCursor: string | null } = await store.deals.find(A, {
              ...q,
              cursor,
            });
            seen.push(...page.items.map((d) => d.id));
            cursor = page.nextCursor;
          } while (cursor !== null);
          expect(seen, JSON.stringify(json)).toEqual(expected);
          expect(await store.deals.count(A, { where }), JSON.stringify(json)).toBe(expected.length);
        }
      });

      test('an invalid query (unknown field, operator, value, limit or cursor) rejects with validation_failed', async (store) => {
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
        for (const q of bad) await rejectsWith(store.deals.find(A, q as Query<Deal>), 'validation_failed');
        await rejectsWith(
          store.deals.count(A, { where: { field: 'nope' as 'name', op: 'eq', value: 1 } }),
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
          const page: { items: readonly Deal[]; nextCursor: string | null } = await store.deals.find(A, {
            ...q,
            cursor,
          });
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
        expect(await store.deals.count(A)).toBe(25);
        expect(await store.deals.count(A, { where: { field: 'stageId', op: 'eq', value: 'won' } })).toBe(
          deals.filter((d) => d.stageId === 'won').length,
        );
      });
    });

    describe('rules of the outbox', () => {
      test('append assigns increasing sequences from 1; read returns events after a position, in order, at most limit', async (store) => {
        const events = makeEvents(5, 'deal_won');
        const r = await store.events.append(A, events);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
        const all = await store.events.read(A);
        expect(all.items.map(({ sequence, ...e }) => ({ e, sequence }))).toEqual(
          events.map((e, i) => ({ e, sequence: i + 1 })),
        );
        expect(all.lastSequence).toBe(5);
        const page = await store.events.read(A, { after: 2, limit: 2 });
        expect(page.items.map((e) => e.sequence)).toEqual([3, 4]);
        expect(page.lastSequence).toBe(4);
        expect((await store.events.read(A, { after: 5 })).items).toEqual([]);
      });

      test('invalid events fail with validation_failed and append nothing', async (store) => {
        const [good] = makeEvents(1, 'deal_won') as [DomainEvent];
        expectCode(await store.events.append(A, [good, { ...good, type: 'Not Snake' }]), 'validation_failed');
        expectCode(await store.events.append(A, [{ ...good, payload: { note: 'a\u0000b' } }]), 'validation_failed');
        expect((await store.events.read(A)).items).toEqual([]);
      });
    });

    describe('rules of transactions', () => {
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
    });

    describe('tenant isolation', () => {
      test('records of another tenant are never returned, counted, updated or deleted (every repository, every operation)', async (store) => {
        for (const [i, name] of REPO_NAMES.entries()) {
          const repo = repoOf(store, name);
          const [entity] = sample(arbs[name], 30 + i);
          if (entity === undefined) throw new Error('no sample');
          expect((await repo.insert(A, entity)).ok).toBe(true);
          expect(await repo.get(B, entity.id)).toBeNull();
          expect(await repo.getMany(B, [entity.id])).toEqual([]);
          expect((await repo.find(B, {})).items).toEqual([]);
          expect((await repo.find(B, { where: { field: 'id', op: 'eq', value: entity.id } })).items).toEqual([]);
          expect(await repo.count(B)).toBe(0);
          expect(await repo.count(B, { where: { field: 'id', op: 'eq', value: entity.id } })).toBe(0);
          expectCode(await repo.update(B, bumped(entity), { expectedVersion: entity.version }), 'not_found');
          expectCode(await repo.delete(B, entity.id, { expectedVersion: entity.version }), 'not_found');
          expect(await repo.get(A, entity.id)).toEqual(entity);
          // The same id is free in another tenant, and the two records stay apart.
          expect((await repo.insert(B, entity)).ok).toBe(true);
          expect((await repo.delete(B, entity.id, { expectedVersion: entity.version })).ok).toBe(true);
          expect(await repo.get(A, entity.id)).toEqual(entity);
          expect(await repo.count(A)).toBe(1);
        }
      });

      test('events of another tenant are never read, and transactions stay in their tenant', async (store) => {
        await store.events.append(A, makeEvents(3, 'deal_won'));
        expect((await store.events.read(B)).items).toEqual([]);
        const [deal] = sample(dealArbitrary(), 50) as [Deal];
        await store.transaction(B, async (tx) => {
          expect(await tx.deals.count(B)).toBe(0);
          return tx.deals.insert(B, deal);
        });
        expect(await store.deals.get(A, deal.id)).toBeNull();
        expect(await store.deals.get(B, deal.id)).toEqual(deal);
        const r = await store.events.append(B, makeEvents(1, 'deal_lost'));
        expect(r.ok && r.value[0]?.sequence).toBe(1);
      });
    });

    describe('concurrency', () => {
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
        expect(await store.deals.get(A, deal.id)).toEqual(candidates[winners[0]!]);
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
        expect(await store.deals.get(A, deal.id)).toEqual(candidates[winners[0]!]);
        expect((await store.events.read(A)).items.map((e) => e.id)).toEqual([`tx-${winners[0]}`]);
      });
    });

    describe('transactional fault injection (convertLeadInStore)', () => {
      const conversionOptions = {
        deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '24000.00', currency: 'EUR' } },
      } as const;
      const entityCtx = () => ({ clock: fixedClock('2030-01-02T03:04:05Z'), ids: sequentialIdGenerator('conv') });

      test('without faults the conversion persists lead, contact, account, deal and the event', async (store) => {
        const lead = withCompany(sample(leadArbitrary(), 70)[0]!);
        await store.leads.insert(A, lead);
        const r = await convertLeadInStore(store, A, lead.id, conversionOptions, entityCtx());
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const { conversion, event } = r.value;
        expect(await store.leads.get(A, lead.id)).toEqual(conversion.lead);
        expect(await store.contacts.get(A, conversion.contact.id)).toEqual(conversion.contact);
        expect(await store.accounts.get(A, conversion.account!.id)).toEqual(conversion.account);
        expect(await store.deals.get(A, conversion.deal!.id)).toEqual(conversion.deal);
        const { items } = await store.events.read(A);
        expect(items.map(({ sequence: _s, ...e }) => e)).toEqual([event]);
        expectCode(await convertLeadInStore(store, A, lead.id, conversionOptions, entityCtx()), 'already_converted');
        expectCode(await convertLeadInStore(store, A, 'missing-lead', conversionOptions, entityCtx()), 'not_found');
      });

      for (const mode of ['throw', 'crm_error', 'failed_result'] as const) {
        test(`a fault (${mode}) at each step of the conversion leaves nothing persisted`, async (store) => {
          const lead = withCompany(sample(leadArbitrary(), 71)[0]!);
          await store.leads.insert(A, lead);
          // Count the calls of a successful conversion of the same lead in another tenant, to fail at each of them.
          await store.leads.insert(B, lead);
          const probe = instrument(store, Number.POSITIVE_INFINITY, mode);
          expect((await convertLeadInStore(probe.store, B, lead.id, conversionOptions, entityCtx())).ok).toBe(true);
          const steps = probe.calls();
          expect(steps).toBeGreaterThanOrEqual(6);
          for (let k = 1; k <= steps; k++) {
            const faulty = instrument(store, k, mode);
            let outcome: Result<unknown> | 'thrown';
            try {
              outcome = await convertLeadInStore(faulty.store, A, lead.id, conversionOptions, entityCtx());
            } catch (e) {
              expect((e as Error).message).toContain('injected fault');
              outcome = 'thrown';
            }
            if (mode === 'throw') expect(outcome).toBe('thrown');
            else expectCode(outcome as Result<unknown>, 'adapter_failure');
            expect(await store.leads.get(A, lead.id)).toEqual(lead);
            expect(await store.contacts.count(A)).toBe(0);
            expect(await store.accounts.count(A)).toBe(0);
            expect(await store.deals.count(A)).toBe(0);
            expect((await store.events.read(A)).items).toEqual([]);
          }
        });
      }
    });

    describe('transitionDealInStore', () => {
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
        expect(await store.deals.get(A, deal.id)).toEqual(r.value.deal);
        expect(r.value.deal.version).toBe(deal.version + 1);
        const { items } = await store.events.read(A);
        expect(items.map(({ sequence: _s, ...e }) => e)).toEqual([r.value.event]);
        expectCode(
          await transitionDealInStore(store, A, b2bPipeline, 'missing', 'proposal', { at, by: null }),
          'not_found',
        );
        expectCode(
          await transitionDealInStore(store, B, b2bPipeline, deal.id, 'proposal', { at, by: null }),
          'not_found',
        );
      });

      test('a rejected transition (guard) persists nothing', async (store) => {
        const deal = newDeal(91);
        await store.deals.insert(A, deal);
        const r = await transitionDealInStore(store, A, b2bPipeline, deal.id, 'closed_lost', { at, by: 'user-1' });
        expect(r.ok).toBe(false);
        expect(await store.deals.get(A, deal.id)).toEqual(deal);
        expect((await store.events.read(A)).items).toEqual([]);
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
        expect(await store.deals.get(A, deal.id)).toEqual(meanwhile);
        expect((await store.events.read(A)).items).toEqual([]);
      });

      test('a fault at each step of the transition leaves nothing persisted', async (store) => {
        const deal = newDeal(93);
        await store.deals.insert(A, deal);
        await store.deals.insert(B, deal);
        const probe = instrument(store, Number.POSITIVE_INFINITY, 'throw');
        expect(
          (await transitionDealInStore(probe.store, B, b2bPipeline, deal.id, 'proposal', { at, by: null })).ok,
        ).toBe(true);
        const steps = probe.calls();
        expect(steps).toBeGreaterThanOrEqual(3);
        for (const mode of ['throw', 'crm_error', 'failed_result'] as const) {
          for (let k = 1; k <= steps; k++) {
            const faulty = instrument(store, k, mode);
            await transitionDealInStore(faulty.store, A, b2bPipeline, deal.id, 'proposal', { at, by: null }).catch(
              (e: unknown) => {
                expect((e as Error).message).toContain('injected fault');
                return null;
              },
            );
            expect(await store.deals.get(A, deal.id)).toEqual(deal);
            expect((await store.events.read(A)).items).toEqual([]);
          }
        }
      });
    });

    describe('hostile text', () => {
      test('quotes, SQL, emoji and control characters are stored and read back verbatim, and match filters literally', async (store) => {
        const [deal] = sample(dealArbitrary(), 80) as [Deal];
        for (const [i, s] of HOSTILE.entries()) {
          const d = withFields(deal, {
            id: `hostile-${i}`,
            name: s,
            source: s,
            customFields: { note: s, [`k${i}`]: [s, { s }] },
          });
          const r = await store.deals.insert(A, d);
          expect(r.ok, s).toBe(true);
          expect(await store.deals.get(A, d.id)).toEqual(d);
          const found = await store.deals.find(A, { where: { field: 'name', op: 'eq', value: s } });
          expect(found.items.map((x) => x.id)).toEqual([d.id]);
          const contains = await store.deals.find(A, {
            where: { field: 'source', op: 'contains', value: s.slice(1, 6) },
            limit: 1000,
          });
          expect(contains.items.map((x) => x.id)).toContain(d.id);
          expect(await store.deals.count(A, { where: { field: 'customFields.note', op: 'eq', value: s } })).toBe(1);
        }
      });

      test('1 MB of text round-trips verbatim', async (store) => {
        const [activity] = sample(entityArbitraries().activities, 81);
        if (activity === undefined) throw new Error('no sample');
        const big = Array.from({ length: 1 << 18 }, (_, i) => '€😀ab'[i % 4]! + (i % 997 === 0 ? "'" : '')).join('');
        const body = 'x'.repeat(99_000) + "'; DROP TABLE activities; --";
        const a = withFields(activity, { body, customFields: { transcript: big.repeat(4) } });
        expect((await store.activities.insert(A, a)).ok).toBe(true);
        const got = await store.activities.get(A, a.id);
        expect(got?.body).toBe(body);
        expect(got?.customFields['transcript']).toBe(big.repeat(4));
      });

      test('NUL characters are refused by validation everywhere (fields, custom fields, ids, filters, events)', async (store) => {
        const [deal] = sample(dealArbitrary(), 82) as [Deal];
        expectCode(await store.deals.insert(A, withFields(deal, { name: 'a\u0000b' })), 'validation_failed');
        expectCode(await store.deals.insert(A, withFields(deal, { source: '\u0000' })), 'validation_failed');
        expectCode(
          await store.deals.insert(A, withFields(deal, { customFields: { note: 'x\u0000' } })),
          'validation_failed',
        );
        expectCode(await store.deals.insert(A, withFields(deal, { id: 'id\u0000' })), 'validation_failed');
        expect(await store.deals.count(A)).toBe(0);
        await store.deals.insert(A, deal);
        expectCode(
          await store.deals.update(A, bumped(deal, { lostReason: 'no\u0000pe' }), { expectedVersion: deal.version }),
          'validation_failed',
        );
        expect(await store.deals.get(A, deal.id)).toEqual(deal);
        await rejectsWith(
          store.deals.find(A, { where: { field: 'name', op: 'contains', value: '\u0000' } }),
          'validation_failed',
        );
        expectCode(
          await store.events.append(A, [{ ...makeEvents(1, 'deal_won')[0]!, by: 'u\u0000' }]),
          'validation_failed',
        );
      });
    });

    describe('keys are well-formed text', () => {
      const ill = ['acme-\uD800', 'acme-\uDC00'] as const;

      test('tenant ids and actors with a lone UTF-16 surrogate are refused by every operation (validation_failed), so no two tenants share a key', async (store) => {
        const [deal] = sample(dealArbitrary(), 90) as [Deal];
        const twin: StoreContext = { tenantId: 'acme-\uFFFD' };
        expect((await store.deals.insert(twin, deal)).ok).toBe(true);
        for (const tenantId of ill) {
          const ctx: StoreContext = { tenantId };
          expectCode(await store.deals.insert(ctx, deal), 'validation_failed');
          expectCode(await store.deals.update(ctx, bumped(deal), { expectedVersion: 1 }), 'validation_failed');
          expectCode(await store.deals.delete(ctx, deal.id, { expectedVersion: 1 }), 'validation_failed');
          expectCode(await store.events.append(ctx, makeEvents(1, 'deal_won')), 'validation_failed');
          expectCode(await store.transaction(ctx, async () => ok(1)), 'validation_failed');
          await rejectsWith(store.deals.get(ctx, deal.id), 'validation_failed');
          await rejectsWith(store.deals.getMany(ctx, [deal.id]), 'validation_failed');
          await rejectsWith(store.deals.find(ctx), 'validation_failed');
          await rejectsWith(store.deals.count(ctx), 'validation_failed');
          await rejectsWith(store.events.read(ctx), 'validation_failed');
          expectCode(await store.deals.insert({ tenantId: 'tenant-a', actor: tenantId }, deal), 'validation_failed');
        }
        expect(await store.deals.get(twin, deal.id)).toEqual(deal);
        expect(await store.deals.count(A)).toBe(0);
      });

      test('ids, references and object keys with a lone surrogate are refused (validation_failed); reads of such ids find nothing', async (store) => {
        const [deal] = sample(dealArbitrary(), 91) as [Deal];
        const twin = withFields(deal, { id: 'deal-\uFFFD' });
        expect((await store.deals.insert(A, twin)).ok).toBe(true);
        for (const id of ['deal-\uD800', 'deal-\uDC00'] as Deal['id'][]) {
          expectCode(await store.deals.insert(A, withFields(deal, { id })), 'validation_failed');
          expectCode(
            await store.deals.update(A, bumped(withFields(twin, { id })), { expectedVersion: 1 }),
            'validation_failed',
          );
          expectCode(await store.deals.delete(A, id, { expectedVersion: 1 }), 'validation_failed');
          expect(await store.deals.get(A, id)).toBeNull();
        }
        expect(await store.deals.getMany(A, ['deal-\uD800', twin.id, 'deal-\uDC00'] as Deal['id'][])).toEqual([twin]);
        expectCode(await store.deals.insert(A, withFields(deal, { accountId: 'acc-\uD800' })), 'validation_failed');
        expectCode(
          await store.deals.insert(A, withFields(deal, { customFields: { nested: { ['k\uDC00']: 1 } } })),
          'validation_failed',
        );
        const [event] = makeEvents(1, 'deal_won') as [DomainEvent];
        for (const bad of [
          { ...event, id: 'e-\uD800' },
          { ...event, by: 'u-\uDC00' },
          { ...event, aggregate: { kind: 'deal' as const, id: 'd-\uD800' } },
          { ...event, payload: { ['k\uD800']: 1 } },
        ])
          expectCode(await store.events.append(A, [bad]), 'validation_failed');
        expect(await store.deals.count(A)).toBe(1);
        expect((await store.events.read(A)).items).toEqual([]);
        expect(await store.deals.get(A, twin.id)).toEqual(twin);
      });

      test('other text with a lone surrogate (fields, custom-field values, event payloads) is stored and read back exactly', async (store) => {
        const [deal] = sample(dealArbitrary(), 92) as [Deal];
        const d = withFields(deal, {
          name: 'a\uD800b',
          lostReason: '\uDC00',
          customFields: { note: 'x\uDBFF', list: ['\uD800', { s: 'y\uDC00z' }] },
        });
        const r = await store.deals.insert(A, d);
        expect(r.ok && r.value).toEqual(d);
        expect(await store.deals.get(A, d.id)).toEqual(d);
        const [event] = makeEvents(1, 'deal_won') as [DomainEvent];
        const e = { ...event, payload: { text: 'p\uD800', list: ['\uDFFF'] } };
        expect((await store.events.append(A, [e])).ok).toBe(true);
        expect((await store.events.read(A)).items[0]?.payload).toEqual(e.payload);
      });
    });

    describe('input checks give Results', () => {
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
        for (const options of [
          null,
          undefined,
          {},
          { expectedVersion: 1n },
          { expectedVersion: 1, extra: true },
          'x',
        ]) {
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
    });

    describe('model-based', () => {
      it(`random operation sequences give the same results as the memory store (${modelRuns} runs)`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.commands(commandArbitraries(), { maxCommands: 40 }), async (cmds) => {
            const real = await options.setup();
            try {
              await fc.asyncModelRun(
                () => ({
                  model: { ids: { deals: [], leads: [] }, known: new Map(), n: 0 } as Model,
                  real: { store: real, ref: createMemoryStore() },
                }),
                cmds,
              );
            } finally {
              await options.teardown?.(real);
            }
          }),
          { numRuns: modelRuns, seed: 4242 },
        );
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

function unwrapResult<T>(r: Result<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}

function unwrapQuery(q: unknown) {
  const r = validateQuery('deal', q);
  if (!r.ok) throw r.error;
  return r.value;
}

async function allOf(repo: AnyRepository, ctx: StoreContext): Promise<AnyEntity[]> {
  const out: AnyEntity[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: readonly AnyEntity[]; nextCursor: string | null } = await repo.find(ctx, {
      limit: 1000,
      cursor,
    });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

function makeEvents(n: number, type: string): DomainEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `event-${type}-${i}`,
    type,
    at: new Date(Date.UTC(2030, 0, 1, 0, 0, i, 123)),
    by: i % 2 === 0 ? 'user-1' : null,
    aggregate: { kind: 'deal' as const, id: `deal-${i}` },
    payload: { index: i, note: 'it\'s "quoted" 🚀', nested: { list: [1, 2.5, null, true] } },
  }));
}

function pickMethods(repo: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of ['get', 'getMany', 'find', 'count', 'insert', 'update', 'delete', 'append', 'read']) {
    const fn = (repo as Record<string, unknown>)[m];
    if (typeof fn === 'function') out[m] = (fn as (...a: unknown[]) => unknown).bind(repo);
  }
  return out;
}

function pickRepos(repos: Repositories): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...REPO_NAMES, 'events'] as const) out[name] = pickMethods(repos[name]);
  return out;
}

function withCompany(lead: Lead): Lead {
  return lead.company === null ? withFields(lead, { company: 'Acme Corp' }) : lead;
}

/**
 * Wraps a store so that the `failAt`-th repository call inside a transaction fails: by throwing a
 * plain Error, by throwing a CrmError `adapter_failure`, or (for writes) by returning one as a
 * failed Result.
 */
function instrument(
  store: Store,
  failAt: number,
  mode: 'throw' | 'crm_error' | 'failed_result',
): { store: Store; calls: () => number } {
  let n = 0;
  const wrapRepo = (repo: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const m of ['get', 'getMany', 'find', 'count', 'insert', 'update', 'delete', 'append', 'read']) {
      const fn = repo[m];
      if (typeof fn !== 'function') continue;
      out[m] = async (...args: unknown[]) => {
        n++;
        if (n === failAt) {
          if (mode === 'throw') throw new Error(`injected fault at call ${n} (${m})`);
          const isWrite = m === 'insert' || m === 'update' || m === 'delete' || m === 'append';
          if (mode === 'failed_result' && isWrite) return fail('adapter_failure', `injected fault at call ${n} (${m})`);
          throw new CrmError('adapter_failure', `injected fault at call ${n} (${m})`);
        }
        return (fn as (...a: unknown[]) => unknown).apply(repo, args);
      };
    }
    return out;
  };
  const wrapAll = (repos: Repositories): Repositories => {
    const out: Record<string, unknown> = {};
    for (const name of [...REPO_NAMES, 'events'] as const)
      out[name] = wrapRepo(repos[name] as unknown as Record<string, unknown>);
    return out as unknown as Repositories;
  };
  const wrapped = {
    ...wrapAll(store),
    transaction: <T>(ctx: StoreContext, fn: (tx: Repositories) => Promise<Result<T>>) =>
      store.transaction(ctx, (tx) => fn(wrapAll(tx))),
  } as Store;
  return { store: wrapped, calls: () => n };
}

// ---------------------------------------------------------------------------------------------
// Model-based test

interface Model {
  readonly ids: { deals: string[]; leads: string[] };
  /** The last version of each entity either store accepted (to build updates of deleted records too). */
  readonly known: Map<string, AnyEntity>;
  n: number;
}
interface Real {
  readonly store: Store;
  readonly ref: Store;
}
type Cmd = fc.AsyncCommand<Model, Real>;

const TENANTS = [A, B] as const;

/** Compares two results: same ok-ness, same value, or same error code. */
function sameResult(a: Result<unknown>, b: Result<unknown>, what: string): void {
  expect(a.ok, `${what}: ok`).toBe(b.ok);
  if (a.ok && b.ok) expect(a.value, what).toEqual(b.value);
  if (!a.ok && !b.ok) expect(a.error.code, `${what}: code`).toBe(b.error.code);
}

function pick(model: Model, repo: 'deals' | 'leads', i: number): AnyEntity | undefined {
  const ids = model.ids[repo];
  if (ids.length === 0) return undefined;
  return model.known.get(ids[i % ids.length]!);
}

class InsertCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly entity: AnyEntity,
    readonly reuse: number | null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const existing = this.reuse === null ? undefined : pick(model, this.repo, this.reuse);
    const entity = existing === undefined ? this.entity : withFields(this.entity, { id: existing.id });
    const ctx = TENANTS[this.tenant];
    const a = await repoOf(real.store, this.repo).insert(ctx, entity);
    const b = await repoOf(real.ref, this.repo).insert(ctx, entity);
    sameResult(a, b, this.toString());
    if (b.ok && !model.known.has(entity.id)) model.ids[this.repo].push(entity.id);
    if (b.ok) model.known.set(entity.id, b.value as AnyEntity);
  }
  toString = () => `insert(${this.repo}, t${this.tenant}, ${this.reuse === null ? 'new' : `reuse ${this.reuse}`})`;
}

class UpdateCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly index: number,
    readonly name: string,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.ids[this.repo].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const base = pick(model, this.repo, this.index)!;
    const current = (await repoOf(real.ref, this.repo).get(ctx, base.id)) ?? base;
    const clock = fixedClock(new Date(Date.UTC(2041, 0, 1) + model.n++ * 1000));
    const next =
      this.repo === 'deals'
        ? updateDeal(current as unknown as Deal, (d) => void (d.name = this.name), { clock })
        : updateLead(current as unknown as Lead, (d) => void (d.lastName = this.name), { clock });
    if (!next.ok) throw next.error;
    const expectedVersion = this.stale ? current.version + 1 : current.version;
    const entity = this.stale ? withFields(next.value, { version: current.version + 2 }) : next.value;
    const a = await repoOf(real.store, this.repo).update(ctx, entity as unknown as AnyEntity, { expectedVersion });
    const b = await repoOf(real.ref, this.repo).update(ctx, entity as unknown as AnyEntity, { expectedVersion });
    sameResult(a, b, this.toString());
    if (b.ok) model.known.set(base.id, b.value as AnyEntity);
  }
  toString = () =>
    `update(${this.repo}, t${this.tenant}, #${this.index}, ${JSON.stringify(this.name)}${this.stale ? ', stale' : ''})`;
}

class DeleteCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly index: number,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.ids[this.repo].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const base = pick(model, this.repo, this.index)!;
    const current = (await repoOf(real.ref, this.repo).get(ctx, base.id)) ?? base;
    const expectedVersion = current.version + (this.stale ? 1 : 0);
    const a = await repoOf(real.store, this.repo).delete(ctx, base.id, { expectedVersion });
    const b = await repoOf(real.ref, this.repo).delete(ctx, base.id, { expectedVersion });
    sameResult(a, b, this.toString());
  }
  toString = () => `delete(${this.repo}, t${this.tenant}, #${this.index}${this.stale ? ', stale' : ''})`;
}

class GetCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly indexes: readonly number[],
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const ids = this.indexes.map((i) => pick(model, this.repo, i)?.id ?? `missing-${i}`);
    for (const id of ids)
      expect(await repoOf(real.store, this.repo).get(ctx, id), `get ${id}`).toEqual(
        await repoOf(real.ref, this.repo).get(ctx, id),
      );
    expect(await repoOf(real.store, this.repo).getMany(ctx, ids), 'getMany').toEqual(
      await repoOf(real.ref, this.repo).getMany(ctx, ids),
    );
  }
  toString = () => `get(${this.repo}, t${this.tenant}, ${this.indexes.join(',')})`;
}

class FindCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly query: Query<AnyEntity>,
  ) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const walk = async (s: Store) => {
      const pages: (readonly AnyEntity[])[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: readonly AnyEntity[]; nextCursor: string | null } = await repoOf(s, this.repo).find(ctx, {
          ...this.query,
          cursor,
        });
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor !== null && pages.length < 50);
      return pages;
    };
    expect(await walk(real.store), this.toString()).toEqual(await walk(real.ref));
    const where = this.query.where === undefined ? {} : { where: this.query.where, context: CONDITION_TEST_CONTEXT };
    expect(await repoOf(real.store, this.repo).count(ctx, where), `count ${this.toString()}`).toBe(
      await repoOf(real.ref, this.repo).count(ctx, where),
    );
  }
  toString = () => `find(${this.repo}, t${this.tenant}, ${JSON.stringify(this.query)})`;
}

class ConvertCmd implements Cmd {
  constructor(
    readonly tenant: 0 | 1,
    readonly index: number,
    readonly withDeal: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.ids.leads.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const lead = pick(model, 'leads', this.index)!;
    const n = model.n++;
    const entityCtx = () => ({
      clock: fixedClock(new Date(Date.UTC(2042, 0, 1) + n * 1000)),
      ids: sequentialIdGenerator(`m${n}`),
    });
    const options = this.withDeal
      ? { deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '100.00', currency: 'USD' } } }
      : {};
    const a = await convertLeadInStore(real.store, ctx, lead.id, options, entityCtx());
    const b = await convertLeadInStore(real.ref, ctx, lead.id, options, entityCtx());
    sameResult(a, b, this.toString());
    if (b.ok) model.known.set(lead.id, b.value.conversion.lead as unknown as AnyEntity);
    expect((await real.store.events.read(ctx, { limit: 1000 })).items).toEqual(
      (await real.ref.events.read(ctx, { limit: 1000 })).items,
    );
  }
  toString = () => `convertLead(t${this.tenant}, #${this.index}${this.withDeal ? ', with deal' : ''})`;
}

function queryArbitrary(repo: 'deals' | 'leads'): fc.Arbitrary<Query<AnyEntity>> {
  const where: fc.Arbitrary<Where<AnyEntity> | undefined> = fc.option(
    conditionArbitrary(repo === 'deals' ? 'deal' : 'lead') as fc.Arbitrary<Where<AnyEntity>>,
    { nil: undefined, freq: 5 },
  );
  const fields =
    repo === 'deals'
      ? ['expectedCloseDate', 'amount', 'name', 'ownerId', 'stageId', 'createdAt', 'closedAt', 'version']
      : ['lastName', 'company', 'status', 'ownerId', 'createdAt', 'convertedAt'];
  const sortKey = fc
    .record({
      field: fc.constantFrom(...fields),
      direction: fc.constantFrom('asc', 'desc', undefined),
      nulls: fc.constantFrom('first', 'last', undefined),
    })
    .map((k) => {
      const out: Record<string, unknown> = { field: k.field };
      if (k.direction !== undefined) out['direction'] = k.direction;
      if (k.nulls !== undefined) out['nulls'] = k.nulls;
      return out as unknown as SortKey<AnyEntity>;
    });
  const orderBy = fc.uniqueArray(sortKey, { maxLength: 3, selector: (k) => k.field });
  return fc
    .record({ where, orderBy, limit: fc.integer({ min: 1, max: 7 }) })
    .map(({ where: w, orderBy: o, limit }) =>
      w === undefined ? { orderBy: o, limit } : { where: w, context: CONDITION_TEST_CONTEXT, orderBy: o, limit },
    );
}

function commandArbitraries(): fc.Arbitrary<Cmd>[] {
  const tenant = fc.constantFrom(0 as const, 1 as const);
  const repo = fc.constantFrom('deals' as const, 'leads' as const);
  const index = fc.nat({ max: 1000 });
  const entity = (r: 'deals' | 'leads') =>
    (r === 'deals'
      ? dealArbitrary({ customFields: true })
      : leadArbitrary({ customFields: true })) as unknown as fc.Arbitrary<AnyEntity>;
  return [
    repo
      .chain((r) => fc.tuple(fc.constant(r), tenant, entity(r), fc.option(index, { nil: null, freq: 4 })))
      .map(([r, t, e, reuse]) => new InsertCmd(r, t, e, reuse)),
    fc
      .tuple(repo, tenant, index, fc.constantFrom('Alpha', 'beta writer', "O'Hara", '👩‍💻 Zed'), fc.boolean())
      .map(([r, t, i, n, s]) => new UpdateCmd(r, t, i, n, s)),
    fc.tuple(repo, tenant, index, fc.boolean()).map(([r, t, i, s]) => new DeleteCmd(r, t, i, s)),
    fc.tuple(repo, tenant, fc.array(index, { minLength: 1, maxLength: 3 })).map(([r, t, is]) => new GetCmd(r, t, is)),
    repo.chain((r) => fc.tuple(fc.constant(r), tenant, queryArbitrary(r))).map(([r, t, q]) => new FindCmd(r, t, q)),
    fc.tuple(tenant, index, fc.boolean()).map(([t, i, d]) => new ConvertCmd(t, i, d)),
  ];
}
