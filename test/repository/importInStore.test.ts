// Issue 21, item 7 (importInStore) and its property "an import plan applied twice creates nothing the
// second time", on the memory store, PGlite and the PostgreSQL server, with a crash between batches.
import { describe, expect, it } from 'vitest';
import { importInStore, type ImportInStoreResult, type Repositories, type Store } from '../../src/repository/index.js';
import { importRows } from '../../src/quality/index.js';
import { createLead } from '../../src/entities/index.js';
import { fixedClock, sequentialIdGenerator } from '../../src/core/index.js';
import { fail, unwrap, type Result } from '../../src/core/result.js';
import { useTestStores } from '../_stores.js';

const stores = useTestStores('import_in_store', { memory: true });
const clock = fixedClock('2026-12-07T09:00:00Z');
const mapping = { Name: 'lastName', 'E-mail': 'email', Company: 'company' };
let tenant = 0;
const nextCtx = () => ({ tenantId: `t${++tenant}-${Date.now().toString(36)}` });

const rows = Array.from({ length: 10 }, (_, i) => ({ Name: `Person${i}`, 'E-mail': `p${i}@x.example`, Company: '' }));

async function planWithExisting(store: Store, ctx: { tenantId: string }) {
  const ada = unwrap(
    createLead(
      { lastName: 'Lovelace', email: 'ada@example.com' },
      { clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator(ctx.tenantId) },
    ),
  );
  unwrap(await store.leads.insert(ctx, ada));
  const existing = unwrap(await store.leads.find(ctx)).items;
  const all = [...rows, { Name: 'Lovelace', 'E-mail': 'ADA@example.com', Company: 'Engines' }];
  return unwrap(importRows('lead', all, { mapping, onDuplicate: 'fill_empty', existing, idPrefix: 'imp' }, { clock }));
}

/** A store whose transactions fail once `failAfter` of them have committed (a crash between batches). */
function crashing(store: Store, failAfter: number): Store {
  let n = 0;
  return {
    ...store,
    transaction: ((ctx: { tenantId: string }, fn: (tx: Repositories) => Promise<never>) => {
      if (n++ >= failAfter) return Promise.resolve(fail('adapter_failure', 'connection lost (simulated crash)'));
      return store.transaction(ctx, fn);
    }) as Store['transaction'],
  };
}

describe.each([0, 1, 2])('importInStore (store %i)', (index) => {
  it('applies a plan in one transaction; applied twice, creates and changes nothing the second time', async () => {
    const { store } = stores[index] ?? stores[0]!;
    const ctx = nextCtx();
    const plan = await planWithExisting(store, ctx);
    expect(plan.create).toHaveLength(10);
    expect(plan.update).toHaveLength(1);
    const first = unwrap(await importInStore(store, ctx, plan));
    expect(first).toEqual({ inserted: 10, updated: 1, alreadyApplied: 0, cursor: null });
    const second = unwrap(await importInStore(store, ctx, plan));
    expect(second).toEqual({ inserted: 0, updated: 0, alreadyApplied: 11, cursor: null });
    expect(unwrap(await store.leads.count(ctx))).toBe(11);
    const ada = unwrap(await store.leads.get(ctx, plan.update[0]!.record.id));
    expect(ada).toMatchObject({ company: 'Engines', version: 2 });
  });

  it('in batches with a cursor; a crash between batches, then resume: every row once', async () => {
    const { store } = stores[index] ?? stores[0]!;
    const ctx = nextCtx();
    const plan = await planWithExisting(store, ctx);
    const broken = crashing(store, 2);
    let cursor: string | null = null;
    const seen: (string | null)[] = [];
    for (;;) {
      const r: Result<ImportInStoreResult> = await importInStore(broken, ctx, plan, { batchSize: 4, cursor });
      if (!r.ok) {
        expect(r.error.code).toBe('adapter_failure');
        break;
      }
      cursor = r.value.cursor;
      seen.push(cursor);
    }
    expect(seen).toEqual(['4@imp', '8@imp']); // the third batch crashed: nothing of it was written
    expect(unwrap(await store.leads.count(ctx))).toBe(1 + 8);
    // Resume from the saved cursor.
    const rest = unwrap(await importInStore(store, ctx, plan, { batchSize: 4, cursor }));
    expect(rest).toEqual({ inserted: 2, updated: 1, alreadyApplied: 0, cursor: null });
    // A lost cursor: starting over imports nothing twice.
    let again: string | null = null;
    let inserted = 0;
    do {
      const r: ImportInStoreResult = unwrap(await importInStore(store, ctx, plan, { batchSize: 3, cursor: again }));
      inserted += r.inserted + r.updated;
      again = r.cursor;
    } while (again !== null);
    expect(inserted).toBe(0);
    expect(unwrap(await store.leads.count(ctx))).toBe(11);
  });

  it('a record changed since the plan fails its batch with conflict, writing nothing of it', async () => {
    const { store } = stores[index] ?? stores[0]!;
    const ctx = nextCtx();
    const plan = await planWithExisting(store, ctx);
    const before = plan.update[0]!.before;
    unwrap(
      await store.leads.update(
        ctx,
        { ...before, title: 'Countess', version: before.version + 1 },
        { expectedVersion: before.version },
      ),
    );
    const r = await importInStore(store, ctx, plan);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
    expect(unwrap(await store.leads.count(ctx))).toBe(1);
  });
});

describe('importInStore input', () => {
  it('refuses a store, plan, batch size or cursor it cannot use, never rejecting', async () => {
    const { store } = stores[0]!;
    const ctx = nextCtx();
    const plan = unwrap(importRows('lead', rows, { mapping, onDuplicate: 'skip', idPrefix: 'x' }, { clock }));
    const code = async (p: Promise<{ ok: boolean; error?: { issues: readonly { code: string }[] } }>) => {
      const r = await p;
      return r.ok ? 'ok' : r.error!.issues[0]!.code;
    };
    expect(await code(importInStore({} as never, ctx, plan))).toBe('invalid_type');
    expect(await code(importInStore(store, ctx, {} as never))).toBe('invalid_type');
    expect(await code(importInStore(store, ctx, plan, { batchSize: 0 }))).toBe('invalid_value');
    expect(await code(importInStore(store, ctx, plan, { cursor: '4@other' }))).toBe('invalid_cursor');
    expect(await code(importInStore(store, ctx, plan, { cursor: '99@x' }))).toBe('invalid_cursor');
    expect(await code(importInStore(store, ctx, plan, { size: 1 } as never))).toBe('unrecognized_keys');
    expect(await code(importInStore(store, ctx, plan, null as never))).toBe('ok');
  });
});
