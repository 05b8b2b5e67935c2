/**
 * The access contract on `scan` and bulk writes: a guarded scan yields only readable records, and a
 * guarded `insertMany` / `upsertMany` checks every entity as `insert` / `update` do, all or nothing.
 *
 * @module
 */
import { expect } from 'vitest';
import { CrmError } from '../../core/errors.js';
import { unwrap, type Result } from '../../core/result.js';
import type { Deal } from '../../entities/index.js';
import { isBulkStore } from '../../repository/isBulkRepository.js';
import type { BulkStore, Store } from '../../repository/ports.js';
import { withAccess } from '../../access/withAccess.js';
import { ORG, ORG_READS, salesOrgPolicy, seedOrg } from './accessOrg.js';
import type { AccessSuite } from './access.js';

async function drainIds(scan: AsyncIterable<{ id: string }>): Promise<{ ids: string[]; error: unknown }> {
  const ids: string[] = [];
  try {
    for await (const e of scan) ids.push(e.id);
  } catch (error) {
    return { ids, error };
  }
  return { ids, error: null };
}

function code(r: Result<unknown>): string | null {
  return r.ok ? null : r.error.code;
}

function renamed(d: Deal, name: string, more: Partial<Deal> = {}): Deal {
  return { ...d, ...more, name };
}

export function accessBulkRules(suite: AccessSuite): void {
  const policy = salesOrgPolicy();

  suite.test(
    'a guarded scan yields exactly the records the user may read, and refuses a filter on a field the user may not read',
    async (store) => {
      const { users } = await seedOrg(store);
      for (const [name, expected] of Object.entries(ORG_READS)) {
        const g = withAccess(store, policy, { user: users[name]! });
        const { ids, error } = await drainIds(g.deals.scan(ORG, { orderBy: [{ field: 'name' }] }, { pageSize: 2 }));
        expect(error, name).toBeNull();
        expect(ids.sort(), name).toEqual([...expected].sort());
      }
      const sup = withAccess(store, policy, { user: users['sup']! });
      const refused = await drainIds(sup.deals.scan(ORG, { where: { field: 'amount', op: 'gt', value: '1' } }));
      expect(refused.ids).toEqual([]);
      expect(refused.error).toBeInstanceOf(CrmError);
      expect((refused.error as CrmError).code).toBe('forbidden');
      const forged = withAccess(store, policy, { user: { ...users['ana']!, role: 'manager' } });
      const f = await drainIds(forged.deals.scan(ORG));
      expect((f.error as CrmError).code).toBe('forbidden');
    },
  );

  suite.test(
    'a guarded insertMany checks every entity as insert does: one refused entity refuses the call (forbidden at its index), nothing written',
    async (store) => {
      const { users, deals } = await seedOrg(store);
      if (!isBulkStore(store)) return;
      const ana = withAccess(store as BulkStore, policy, { user: users['ana']! });
      expect(isBulkStore(ana)).toBe(true);
      const mine = renamed(deals['deal-ana']!, 'new', { id: 'deal-ana-2' as Deal['id'] });
      const hers = renamed(deals['deal-bo']!, 'new', { id: 'deal-bo-2' as Deal['id'] });
      const discount = renamed(mine, 'disc', { id: 'deal-ana-3' as Deal['id'], customFields: { discount: 20 } });
      const r = await ana.deals.insertMany(ORG, [mine, hers, discount]);
      expect(code(r)).toBe('forbidden');
      if (!r.ok) expect(r.error.issues.map((i) => i.path[0]).sort()).toEqual([1, 2]);
      expect(unwrap(await store.deals.count(ORG))).toBe(5);
      // A taken id is a conflict that does not say whose record holds it.
      const taken = await ana.deals.insertMany(ORG, [renamed(mine, 'x', { id: 'deal-bo' as Deal['id'] })]);
      expect(code(taken)).toBe('conflict');
      if (!taken.ok) expect(taken.error.message).not.toContain('bo');
      expect(unwrap(await ana.deals.insertMany(ORG, [mine])).map((d) => d.id)).toEqual(['deal-ana-2']);
      expect(unwrap(await store.deals.count(ORG))).toBe(6);
    },
  );

  suite.test(
    'a guarded upsertMany checks a replaced record as update does and a new one as insert does, all or nothing',
    async (store) => {
      const { users, deals } = await seedOrg(store);
      if (!isBulkStore(store)) return;
      const as = (name: string) => withAccess(store as BulkStore, policy, { user: users[name]! });
      const ana = deals['deal-ana']!;
      const bo = deals['deal-bo']!;
      const fresh = renamed(ana, 'fresh', { id: 'deal-ana-9' as Deal['id'] });
      // bo's deal is not readable by ana: worded as a taken key, nothing written.
      const hidden = await as('ana').deals.upsertMany(ORG, [renamed(ana, 'x'), renamed(bo, 'y')], { key: 'id' });
      expect(code(hidden)).toBe('conflict');
      if (!hidden.ok) expect(hidden.error.issues[0]?.path).toEqual([1, 'id']);
      // Support reads every deal but edits none.
      const sup = await as('sup').deals.upsertMany(ORG, [renamed(bo, 'y')], { key: 'id' });
      expect(code(sup)).toBe('forbidden');
      // A rep may not set the discount of her own deal.
      const disc = await as('ana').deals.upsertMany(
        ORG,
        [fresh, renamed(ana, 'x', { customFields: { ...ana.customFields, discount: 5 } })],
        { key: 'id' },
      );
      expect(code(disc)).toBe('forbidden');
      if (!disc.ok) expect(disc.error.issues[0]?.path[0]).toBe(1);
      expect(unwrap(await store.deals.get(ORG, ana.id))).toEqual(ana);
      expect(unwrap(await store.deals.get(ORG, fresh.id))).toBeNull();
      const ok = unwrap(await as('ana').deals.upsertMany(ORG, [renamed(ana, 'renamed'), fresh], { key: 'id' }));
      expect(ok.map((d) => [d.id, d.name, d.version])).toEqual([
        [ana.id, 'renamed', ana.version + 1],
        [fresh.id, 'fresh', fresh.version],
      ]);
      // The manager edits his team's deals in one call.
      const max = unwrap(await as('max').deals.upsertMany(ORG, [renamed(bo, 'by max')], { key: 'id' }));
      expect(max[0]?.version).toBe(bo.version + 1);
    },
  );

  suite.test('a guarded store over a store without bulk writes has none either', async (store) => {
    const { users } = await seedOrg(store);
    const plain = { ...store } as Record<string, unknown>;
    const deals = store.deals as unknown as Record<string, unknown>;
    plain['deals'] = {
      get: deals['get'],
      getMany: deals['getMany'],
      find: deals['find'],
      count: deals['count'],
      insert: deals['insert'],
      update: deals['update'],
      delete: deals['delete'],
      scan: deals['scan'],
    };
    const g = withAccess(plain as unknown as Store, policy, { user: users['ana']! });
    expect('insertMany' in g.deals).toBe(false);
    expect(isBulkStore(g)).toBe(false);
    expect((await drainIds(g.deals.scan(ORG))).ids).toEqual(['deal-ana']);
  });
}
