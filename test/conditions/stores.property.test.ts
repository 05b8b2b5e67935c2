/**
 * The promise of the condition language: for any condition and any set of records, the memory store,
 * PGlite and a PostgreSQL server (CRMKIT_PG_URL; required in CI) return the same ids in the same order,
 * page by page, and the same counts. Seeds are fresh on every run (fast-check's default); a seed that
 * ever fails is pinned as a fixed case in test/conditions/stores.fixed.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { useTestStores } from '../_stores.js';
import { createMemoryStore, type Query, type Store } from '../../src/repository/index.js';
import { unwrap } from '../../src/core/result.js';
import type { Deal, Lead } from '../../src/entities/index.js';
import { CONDITION_TEST_CONTEXT, conditionArbitrary, dealArbitrary, leadArbitrary } from '../../src/testing/index.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const stores = useTestStores('cond');

let tenantCounter = 0;

/** Walks every page of a query, returning the ids page by page. */
async function walk(store: Store, repo: 'deals' | 'leads', ctx: { tenantId: string }, query: Query<never>) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: { items: readonly { id: string }[]; nextCursor: string | null } = unwrap(
      await (store[repo] as Store['deals']).find(ctx, { ...query, cursor } as Query<Deal>),
    );
    pages.push(page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 200);
  return pages;
}

const sortKeys = (fields: readonly string[]) =>
  fc.uniqueArray(
    fc.record({ field: fc.constantFrom(...fields), direction: fc.constantFrom('asc' as const, 'desc' as const) }),
    { maxLength: 2, selector: (k) => k.field },
  );

function property(repo: 'deals' | 'leads') {
  const kind = repo === 'deals' ? 'deal' : 'lead';
  const records = (
    repo === 'deals' ? dealArbitrary({ customFields: true }) : leadArbitrary({ customFields: true })
  ) as fc.Arbitrary<Deal | Lead>;
  const fields =
    repo === 'deals'
      ? [
          'name',
          'amount',
          'expectedCloseDate',
          'ownerId',
          'customFields.misc',
          'customFields.region',
          'customFields.signedAt',
        ]
      : ['lastName', 'company', 'createdAt', 'customFields.employees', 'customFields.misc'];
  return fc.asyncProperty(
    fc.uniqueArray(records, { maxLength: 25, selector: (r) => r.id }),
    fc.array(fc.tuple(conditionArbitrary(kind), sortKeys(fields), fc.integer({ min: 1, max: 9 })), {
      minLength: 1,
      maxLength: 4,
    }),
    async (rows, queries) => {
      const ctx = { tenantId: `t${++tenantCounter}` };
      const memory = createMemoryStore();
      for (const s of [memory, ...stores.map((x) => x.store)])
        for (const r of rows) {
          const w = await (s[repo] as Store['deals']).insert(ctx, r as Deal);
          if (!w.ok) throw w.error;
        }
      for (const [where, orderBy, limit] of queries) {
        const query = { where, context: CONDITION_TEST_CONTEXT, orderBy, limit } as unknown as Query<never>;
        const expected = await walk(memory, repo, ctx, query);
        const expectedCount = unwrap(await (memory[repo] as Store['deals']).count(ctx, query as Query<Deal>));
        for (const { name, store } of stores) {
          expect(await walk(store, repo, ctx, query), `${name}: ${JSON.stringify(query)}`).toEqual(expected);
          expect(unwrap(await (store[repo] as Store['deals']).count(ctx, query as Query<Deal>)), `${name} count`).toBe(
            expectedCount,
          );
        }
      }
    },
  );
}

describe('one condition, the same answer in every store', () => {
  it('deals: memory, PGlite and the PostgreSQL server return the same ids in the same order for any condition', async () => {
    await fc.assert(property('deals'), { numRuns: 40 });
  });

  it('leads: memory, PGlite and the PostgreSQL server return the same ids in the same order for any condition', async () => {
    await fc.assert(property('leads'), { numRuns: 25 });
  });
});
