/**
 * The repository contract suite on PGlite (PostgreSQL compiled to WebAssembly, in-process): one
 * PGlite for the file, and for every test a fresh, empty schema that is migrated first and dropped
 * afterwards.
 *
 * PGlite has a single connection: while a transaction is open, every other statement waits for it.
 * A function that, inside a transaction, awaits a write through the outer store would wait for
 * itself forever. The guard below turns that into an immediate `adapter_failure`, so such a test
 * fails with a clear message instead of hanging the file.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { runRepositoryContract } from '../../../src/testing/index.js';
import { createPostgresStore, migratePostgres } from '../../../src/adapters/postgres/index.js';
import type { Repositories, Store } from '../../../src/repository/ports.js';
import { CrmError } from '../../../src/core/errors.js';
import { fail } from '../../../src/core/result.js';

const insideTransaction = new AsyncLocalStorage<boolean>();
const WRITES = new Set(['insert', 'update', 'delete', 'append']);

function guarded(store: Store): Store {
  const message = 'PGlite has one connection: an operation on the outer store from inside an open transaction would wait for that transaction forever';
  const out: Record<string, unknown> = {};
  for (const [name, repo] of Object.entries(store)) {
    if (typeof repo === 'function') continue;
    const methods: Record<string, unknown> = {};
    for (const [m, fn] of Object.entries(repo as Record<string, (...a: unknown[]) => unknown>)) {
      methods[m] = (...args: unknown[]) => {
        if (insideTransaction.getStore() === true) return WRITES.has(m) ? Promise.resolve(fail('adapter_failure', message)) : Promise.reject(new CrmError('adapter_failure', message));
        return fn(...args);
      };
    }
    out[name] = methods;
  }
  out['transaction'] = <T>(ctx: Parameters<Store['transaction']>[0], fn: (tx: Repositories) => Promise<T>) =>
    store.transaction(ctx, (tx) => insideTransaction.run(true, () => fn(tx) as never));
  return out as unknown as Store;
}

// PGlite starts in a few seconds on an idle machine, much longer on a busy one.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let db: PGlite | undefined;
let counter = 0;
const schemas = new WeakMap<Store, string>();

beforeAll(async () => {
  db = new PGlite();
  await db.waitReady;
});

afterAll(async () => {
  await db?.close();
});

runRepositoryContract({
  name: 'PostgreSQL adapter on PGlite',
  async setup() {
    if (db === undefined) throw new Error('PGlite did not start');
    const schema = `contract_${++counter}`;
    const migrated = await migratePostgres(db, { schema });
    if (!migrated.ok) throw migrated.error;
    const store = guarded(createPostgresStore(db, { schema }));
    schemas.set(store, schema);
    return store;
  },
  async teardown(store) {
    const schema = schemas.get(store);
    if (db !== undefined && schema !== undefined) await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  },
  capabilities: { modelRuns: 15, propertyRuns: 10 },
});
