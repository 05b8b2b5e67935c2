import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createMemoryStore } from '../../src/repository/index.js';
import { dealArbitrary, entityArbitraries } from '../../src/testing/index.js';
import { defineCustomFields, type Deal } from '../../src/entities/index.js';
import { ok, unwrap, type Result } from '../../src/core/index.js';

const ctx = { tenantId: 'acme' };
const deals = (seed: number, n: number): Deal[] => fc.sample(dealArbitrary(), { seed, numRuns: n });

describe('createMemoryStore: snapshots', () => {
  it('exportSnapshot → importSnapshot restores every record and event exactly (property over every repository)', async () => {
    const arbs = entityArbitraries();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          Object.fromEntries(
            Object.entries(arbs).map(([k, a]) => [k, fc.array(a as fc.Arbitrary<unknown>, { maxLength: 3 })]),
          ),
        ),
        async (records) => {
          const store = createMemoryStore();
          for (const [name, list] of Object.entries(records)) {
            for (const e of list as never[])
              expect(
                (
                  await (
                    store as unknown as Record<string, { insert: (c: unknown, e: unknown) => Promise<{ ok: boolean }> }>
                  )[name]!.insert(ctx, e)
                ).ok,
              ).toBe(true);
          }
          await store.events.append(ctx, [
            {
              id: 'e1',
              type: 'deal_won',
              at: new Date('2026-01-02T03:04:05.678Z'),
              by: null,
              aggregate: { kind: 'deal', id: 'd1' },
              payload: { n: 1 },
            },
          ]);
          const json = store.exportSnapshot();
          const copy = createMemoryStore({ snapshot: json });
          for (const [name, list] of Object.entries(records)) {
            const repo = (
              copy as unknown as Record<string, { get: (c: unknown, id: string) => Promise<Result<unknown>> }>
            )[name]!;
            for (const e of list as { id: string }[]) expect(unwrap(await repo.get(ctx, e.id))).toEqual(e);
          }
          expect(unwrap(await copy.events.read(ctx))).toEqual(unwrap(await store.events.read(ctx)));
          expect(copy.exportSnapshot()).toBe(json);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('importSnapshot validates everything and changes nothing when invalid', async () => {
    const store = createMemoryStore();
    const [d] = deals(1, 1) as [Deal];
    await store.deals.insert(ctx, d);
    const good = JSON.parse(store.exportSnapshot()) as { tenants: { acme: { deals: Record<string, unknown>[] } } };
    good.tenants.acme.deals[0]!['name'] = '';
    const r = store.importSnapshot(JSON.stringify(good));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation_failed');
      expect(r.error.issues[0]?.path).toEqual(['tenants', 'acme', 'deals', 0, 'name']);
    }
    expect(store.importSnapshot('not json').ok).toBe(false);
    expect(store.importSnapshot(JSON.stringify({ format: 'other', version: 1, tenants: {} })).ok).toBe(false);
    expect(
      store.importSnapshot(
        JSON.stringify({ format: 'crmkit.memory-store', version: 1, tenants: { acme: { widgets: [] } } }),
      ).ok,
    ).toBe(false);
    expect(unwrap(await store.deals.get(ctx, d.id))).toEqual(d);
    expect(() => createMemoryStore({ snapshot: '{}' })).toThrow(/snapshot/);
    expect(store.importSnapshot(JSON.stringify({ format: 'crmkit.memory-store', version: 1, tenants: {} }))).toEqual(
      ok(undefined),
    );
    expect(unwrap(await store.deals.count(ctx))).toBe(0);
  });
});

describe('createMemoryStore: contexts, options and misuse', () => {
  it('refuses an invalid context: reads reject, writes fail with validation_failed', async () => {
    const store = createMemoryStore();
    const [d] = deals(2, 1) as [Deal];
    expect(await store.deals.get({ tenantId: '' }, d.id)).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await store.deals.find({ tenantId: ' padded ' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    const r = await store.deals.insert({ tenantId: 'a\u0000b' }, d);
    expect(r.ok || r.error.code).toBe('validation_failed');
    const t = await store.transaction({} as never, async () => ok(1));
    expect(t.ok || t.error.code).toBe('validation_failed');
  });

  it('validates writes against the custom-field registry it was given', async () => {
    const set = unwrap(
      defineCustomFields('deal', [{ key: 'region', type: 'enum', options: ['EMEA', 'AMER'], required: true }]),
    );
    const store = createMemoryStore({ customFields: { deal: set } });
    const [d] = deals(3, 1) as [Deal];
    const bad = await store.deals.insert(ctx, { ...d, customFields: { region: 'MARS' } });
    expect(bad.ok || bad.error.code).toBe('validation_failed');
    expect((await store.deals.insert(ctx, { ...d, customFields: { region: 'EMEA' } })).ok).toBe(true);
  });

  it('a transactional store cannot be used after its transaction ended', async () => {
    const store = createMemoryStore();
    let leaked: Parameters<Parameters<typeof store.transaction>[1]>[0] | null = null;
    await store.transaction(ctx, async (tx) => {
      leaked = tx;
      return ok(null);
    });
    expect(await leaked!.deals.count(ctx)).toMatchObject({ ok: false, error: { code: 'aborted' } });
  });

  it('fn must return a Result; anything else is validation_failed and writes nothing', async () => {
    const store = createMemoryStore();
    const [d] = deals(4, 1) as [Deal];
    const r = await store.transaction(ctx, async (tx) => {
      await tx.deals.insert(ctx, d);
      return undefined as never;
    });
    expect(r.ok || r.error.code).toBe('validation_failed');
    expect(unwrap(await store.deals.count(ctx))).toBe(0);
  });

  it('a commit fails with conflict, writing nothing, when a record it wrote was changed meanwhile by another writer', async () => {
    const store = createMemoryStore();
    const [a, b] = deals(5, 2) as [Deal, Deal];
    await store.deals.insert(ctx, a);
    const r = await store.transaction(ctx, async (tx) => {
      await tx.deals.insert(ctx, b);
      const u = await tx.deals.update(ctx, { ...a, name: 'in tx', version: 2 }, { expectedVersion: 1 });
      if (!u.ok) return u;
      expect((await store.deals.delete(ctx, a.id, { expectedVersion: 1 })).ok).toBe(true);
      return ok('x');
    });
    expect(r.ok || r.error.code).toBe('conflict');
    expect(unwrap(await store.deals.get(ctx, b.id))).toBeNull();
    expect(unwrap(await store.deals.get(ctx, a.id))).toBeNull();
  });

  it('inside a transaction, reads see the transaction’s own writes, outside they do not until commit', async () => {
    const store = createMemoryStore();
    const [a] = deals(6, 1) as [Deal];
    await store.transaction(ctx, async (tx) => {
      await tx.deals.insert(ctx, a);
      expect(unwrap(await tx.deals.count(ctx))).toBe(1);
      expect(unwrap(await tx.deals.find(ctx)).items).toHaveLength(1);
      expect(unwrap(await store.deals.count(ctx))).toBe(0);
      const del = await tx.deals.delete(ctx, a.id, { expectedVersion: 1 });
      expect(del.ok).toBe(true);
      expect(unwrap(await tx.deals.get(ctx, a.id))).toBeNull();
      return tx.deals.insert(ctx, a);
    });
    // Re-inserted after its delete, the record continues above the deleted version.
    expect(unwrap(await store.deals.get(ctx, a.id))).toEqual({ ...a, version: 2 });
  });

  it('event payloads are copied in: changing the caller’s payload later does not change the outbox', async () => {
    const store = createMemoryStore();
    const payload = { list: [1, 2] };
    await store.events.append(ctx, [
      { id: 'e', type: 'x_happened', at: new Date(0), by: null, aggregate: { kind: 'deal', id: 'd' }, payload },
    ]);
    payload.list.push(3);
    expect(unwrap(await store.events.read(ctx)).items[0]?.payload).toEqual({ list: [1, 2] });
    expect(await store.events.read(ctx, { after: -1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await store.events.read(ctx, { limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
  });
});

describe('createMemoryStore: equality indexes', () => {
  it('queries answered through an index (eq, in, isNull on text; id) equal a full scan after inserts, updates and deletes (property)', async () => {
    const { runQuery, validateQuery } = await import('../../src/repository/index.js');
    const owner = fc.constantFrom('user-1', 'user-2', 'user-3', null);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), deal: dealArbitrary() }),
      fc.record({
        kind: fc.constant('update' as const),
        i: fc.nat(),
        ownerId: owner,
        stageId: fc.constantFrom('won', 'lost', 'proposal'),
      }),
      fc.record({ kind: fc.constant('delete' as const), i: fc.nat() }),
      fc.record({
        kind: fc.constant('query' as const),
        where: fc.oneof(
          owner.map((v) => ({ field: 'ownerId', op: 'eq', value: v })),
          fc.subarray(['won', 'lost', 'proposal', 'qualification']).map((v) => ({
            all: [
              { field: 'stageId', op: 'in', value: v },
              { field: 'ownerId', op: 'isNull', value: false },
            ],
          })),
          fc.nat().map((i) => ({ field: 'id', op: 'eq', value: `id-${i % 5}` })),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const store = createMemoryStore();
        const live = new Map<string, Deal>();
        let n = 0;
        for (const o of ops) {
          const ids = [...live.keys()];
          if (o.kind === 'insert') {
            const d = { ...o.deal, id: `id-${n++ % 7}` } as Deal;
            if ((await store.deals.insert(ctx, d)).ok) live.set(d.id, unwrap(await store.deals.get(ctx, d.id))!);
          } else if (o.kind === 'update' && ids.length > 0) {
            const cur = live.get(ids[o.i % ids.length]!)!;
            const next = {
              ...structuredClone(cur),
              ownerId: o.ownerId,
              stageId: o.stageId,
              stageHistory: [],
              version: cur.version + 1,
            } as Deal;
            const r = await store.deals.update(ctx, next, { expectedVersion: cur.version });
            expect(r.ok).toBe(true);
            if (r.ok) live.set(cur.id, r.value);
          } else if (o.kind === 'delete' && ids.length > 0) {
            const cur = live.get(ids[o.i % ids.length]!)!;
            expect((await store.deals.delete(ctx, cur.id, { expectedVersion: cur.version })).ok).toBe(true);
            live.delete(cur.id);
          } else if (o.kind === 'query') {
            const q = { where: o.where, limit: 1000 } as never;
            const v = validateQuery('deal', q);
            if (!v.ok) throw v.error;
            expect(unwrap(await store.deals.find(ctx, q)).items).toEqual(runQuery([...live.values()], v.value).items);
            expect(unwrap(await store.deals.count(ctx, q))).toBe(runQuery([...live.values()], v.value).items.length);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
