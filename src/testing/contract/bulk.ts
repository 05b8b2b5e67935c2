/**
 * The contract suite: bulk writes (`insertMany`, `upsertMany`) of a store with the `BulkRepository`
 * capability.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { ok, unwrap } from '../../core/result.js';
import type { Deal, SurveyResponse, User } from '../../entities/index.js';
import { isBulkStore } from '../../repository/isBulkRepository.js';
import type { BulkStore, Store } from '../../repository/ports.js';
import { dealArbitrary, surveyResponseArbitrary, userArbitrary } from '../arbitraries.js';
import { drain } from './scan.js';
import { A, B, expectFailure, sample, withFields, type ContractSuite } from './shared.js';

function bulk(store: Store): BulkStore {
  expect(
    isBulkStore(store),
    'the store has no insertMany/upsertMany: implement BulkRepository, or pass capabilities: { bulk: false }',
  ).toBe(true);
  return store as unknown as BulkStore;
}

/** `n` valid deals with distinct ids `deal-00000`, … (copies of a few generated ones). */
function deals(n: number, seed: number, prefix = 'deal'): Deal[] {
  const base = sample(dealArbitrary(), seed, Math.min(n, 20)) as Deal[];
  return Array.from({ length: n }, (_, i) =>
    withFields(base[i % base.length]!, { id: `${prefix}-${String(i).padStart(5, '0')}` }),
  );
}

/**
 * The rules of `BulkRepository`: all or nothing, issues named by index, the rules of `insert` for
 * every entity, upserts by id and by a text key, inside and outside transactions.
 */
export function bulkRules(suite: ContractSuite): void {
  const skip = suite.options.capabilities?.bulk === false;
  const test = (title: string, fn: (store: Store) => Promise<void>) => suite.test(title, fn, skip);

  test('insertMany stores every entity and returns them in the order given', async (store) => {
    const s = bulk(store);
    const list = deals(25, 401);
    const r = await s.deals.insertMany(A, list);
    expect(unwrap(r)).toEqual(list);
    expect(Object.isFrozen(unwrap(r)[0])).toBe(true);
    for (const d of [list[0]!, list[24]!]) expect(unwrap(await s.deals.get(A, d.id))).toEqual(d);
    expect(unwrap(await s.deals.count(A))).toBe(25);
    expect(unwrap(await s.deals.insertMany(A, []))).toEqual([]);
    expect(unwrap(await s.deals.count(B))).toBe(0);
  });

  test('insertMany with one invalid entity fails as a whole: validation_failed, the issue path starts with its index, nothing written', async (store) => {
    const s = bulk(store);
    const list: unknown[] = deals(10, 402);
    list[6] = withFields(list[6] as Deal, { amount: { amount: 'lots', currency: 'USD' } });
    const e = await expectFailure('insertMany', () => s.deals.insertMany(A, list as Deal[]), 'validation_failed');
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) expect(issue.path[0]).toBe(6);
    expect(unwrap(await s.deals.count(A))).toBe(0);
    const twice = deals(3, 403);
    const dup = await expectFailure(
      'insertMany (an id twice)',
      () => s.deals.insertMany(A, [...twice, twice[1]!]),
      'validation_failed',
    );
    expect(dup.issues[0]?.path).toEqual([3, 'id']);
    expect(dup.issues[0]?.code).toBe('duplicate');
    await expectFailure(
      'insertMany (not an array)',
      () => s.deals.insertMany(A, null as unknown as Deal[]),
      'validation_failed',
    );
    const sparse = new Array<Deal>(3);
    sparse[0] = twice[0]!;
    const holes = await expectFailure(
      'insertMany (a sparse array)',
      () => s.deals.insertMany(A, sparse),
      'validation_failed',
    );
    expect(holes.issues[0]?.path[0]).toBe(1);
    await expectFailure(
      'insertMany (an invalid context)',
      () => s.deals.insertMany({ tenantId: '' }, twice),
      'validation_failed',
    );
    expect(unwrap(await s.deals.count(A))).toBe(0);
  });

  test('insertMany of an id taken in the tenant fails with conflict at [index, "id"] and writes nothing (also past the first chunk of 2,000)', async (store) => {
    const s = bulk(store);
    const list = deals(2600, 404);
    unwrap(await s.deals.insert(A, list[2300]!));
    const e = await expectFailure('insertMany', () => s.deals.insertMany(A, list), 'conflict');
    expect(e.issues[0]?.path).toEqual([2300, 'id']);
    expect(unwrap(await s.deals.count(A))).toBe(1);
    // The same ids in another tenant are independent.
    expect(unwrap(await s.deals.insertMany(B, list.slice(0, 3))).length).toBe(3);
  });

  test('insertMany keeps the version rule: an id whose record was deleted is stored above its last version', async (store) => {
    const s = bulk(store);
    const [d] = deals(1, 405);
    const stored = unwrap(await s.deals.insert(A, withFields(d!, { version: 4 })));
    unwrap(await s.deals.delete(A, d!.id, { expectedVersion: stored.version }));
    const again = unwrap(await s.deals.insertMany(A, [withFields(d!, { version: 1 })]));
    expect(again[0]!.version).toBe(5);
    expect(unwrap(await s.deals.get(A, d!.id))?.version).toBe(5);
  });

  test('upsertMany by id inserts new records and replaces stored ones at their version + 1, in the order given', async (store) => {
    const s = bulk(store);
    const list = deals(6, 406);
    for (const d of list.slice(0, 3)) unwrap(await s.deals.insert(A, d));
    const changed = list.map((d, i) => withFields(d, { name: `renamed ${i}` }));
    const r = unwrap(await s.deals.upsertMany(A, changed, { key: 'id' }));
    expect(r.map((d) => [d.id, d.name, d.version])).toEqual(
      changed.map((d, i) => [d.id, `renamed ${i}`, i < 3 ? list[i]!.version + 1 : d.version]),
    );
    for (const d of r) expect(unwrap(await s.deals.get(A, d.id))).toEqual(d);
    expect(unwrap(await s.deals.count(A))).toBe(6);
    const e = await expectFailure(
      'upsertMany (an unknown key)',
      () => s.deals.upsertMany(A, list, { key: 'amount' as 'id' }),
      'validation_failed',
    );
    expect(e.issues[0]?.path).toEqual(['options', 'key']);
    await expectFailure(
      'upsertMany (no options)',
      () => s.deals.upsertMany(A, list, null as never),
      'validation_failed',
    );
    await expectFailure(
      'upsertMany (an unknown option)',
      () => s.deals.upsertMany(A, list, { key: 'id', merge: true } as never),
      'validation_failed',
    );
  });

  test('upsertMany by a text key replaces the record holding the key (keeping its id), refuses a key twice in the call or shared by stored records', async (store) => {
    const s = bulk(store);
    const users = (sample(userArbitrary(), 407, 4) as User[]).map((u, i) =>
      withFields(u, { id: `user-${i}`, email: `u${i}@acme.test` }),
    );
    unwrap(await s.users.insertMany(A, users.slice(0, 2)));
    const incoming = users.map((u, i) => withFields(u, { id: `new-${i}`, name: `Name ${i}` }));
    const r = unwrap(await s.users.upsertMany(A, incoming, { key: 'email' }));
    expect(r.map((u) => u.id)).toEqual(['user-0', 'user-1', 'new-2', 'new-3']);
    expect(r[0]!.version).toBe(users[0]!.version + 1);
    expect(unwrap(await s.users.get(A, 'user-1' as User['id']))?.name).toBe('Name 1');
    expect(unwrap(await s.users.count(A))).toBe(4);
    const twice = await expectFailure(
      'upsertMany (a key twice)',
      () =>
        s.users.upsertMany(A, [incoming[0]!, withFields(incoming[1]!, { email: 'u0@acme.test' })], { key: 'email' }),
      'validation_failed',
    );
    expect(twice.issues[0]?.path).toEqual([1, 'email']);
    // Two stored users share an email: the upsert cannot tell which to replace.
    unwrap(await s.users.insert(A, withFields(users[3]!, { id: 'user-dup', email: 'u2@acme.test' })));
    const shared = await expectFailure(
      'upsertMany (a key two stored records share)',
      () =>
        s.users.upsertMany(A, [withFields(incoming[0]!, { name: 'X' }), withFields(incoming[2]!, { name: 'Y' })], {
          key: 'email',
        }),
      'conflict',
    );
    expect(shared.issues[0]?.path).toEqual([1, 'email']);
    expect(unwrap(await s.users.get(A, 'user-0' as User['id']))?.name).toBe('Name 0');
  });

  test("bulk writes in a transaction: part of it (rolled back with it), and a failed one leaves the transaction's other writes", async (store) => {
    const s = bulk(store);
    const list = deals(5, 408);
    const failed = await s.transaction(A, async (tx) => {
      const w = await tx.deals.insertMany(A, list.slice(0, 2));
      if (!w.ok) return w;
      return tx.deals.insertMany(A, [list[0]!]); // conflict: the transaction rolls back
    });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.code).toBe('conflict');
    expect(unwrap(await s.deals.count(A))).toBe(0);
    const r = await s.transaction(A, async (tx) => {
      unwrap(await tx.deals.insert(A, list[2]!));
      const conflict = await tx.deals.insertMany(A, [list[3]!, list[2]!]);
      expect(conflict.ok).toBe(false);
      const more = await tx.deals.upsertMany(A, [list[4]!], { key: 'id' });
      if (!more.ok) return more;
      return ok(null);
    });
    expect(r.ok).toBe(true);
    expect((await drain(s.deals.scan(A))).items.map((d) => d.id).sort()).toEqual([list[2]!.id, list[4]!.id].sort());
    let kept: BulkStore['deals'] | undefined;
    unwrap(
      await s.transaction(A, async (tx) => {
        kept = tx.deals;
        return ok(null);
      }),
    );
    await expectFailure('insertMany after the transaction', () => kept!.insertMany(A, [list[0]!]), 'aborted');
    await expectFailure(
      'upsertMany after the transaction',
      () => kept!.upsertMany(A, [list[0]!], { key: 'id' }),
      'aborted',
    );
  });

  test('insertMany: for random batches with an invalid entity at a random index, the call fails naming that index and writes nothing; without it, scan returns the batch (property)', async (store) => {
    const s = bulk(store);
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(surveyResponseArbitrary(), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.boolean(),
        async (raw, at, spoil) => {
          const tenant = { tenantId: `bulk-${++round}` };
          const list = raw.map((r, i) => withFields(r, { id: `sr-${i}` })) as SurveyResponse[];
          const bad = at % list.length;
          const input = spoil ? list.map((r, i) => (i === bad ? withFields(r, { score: -1 }) : r)) : list;
          const r = await s.surveyResponses.insertMany(tenant, input);
          if (spoil) {
            expect(r.ok).toBe(false);
            if (!r.ok) expect(r.error.issues[0]?.path[0]).toBe(bad);
            expect(unwrap(await s.surveyResponses.count(tenant))).toBe(0);
          } else {
            expect(unwrap(r)).toEqual(list);
            const { items } = await drain(s.surveyResponses.scan(tenant, null, { pageSize: 7 }));
            expect(items).toEqual([...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)));
          }
        },
      ),
      suite.runs(Math.max(5, Math.ceil(suite.propertyRuns / 2)), 409),
    );
  });
}
