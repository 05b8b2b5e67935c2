/**
 * The repository contract suite on PGlite (PostgreSQL compiled to WebAssembly, in-process): one
 * PGlite for the file, and for every test a fresh, empty schema that is migrated first and dropped
 * afterwards.
 *
 * PGlite has a single connection: the adapter begins a transaction's database transaction at its
 * first write, so a writer outside the transaction can still act between the transaction's reads
 * and its writes (the contract's "changed by another writer" test); from the first write on, other
 * operations wait for the transaction.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { runRepositoryContract } from '../../../src/testing/index.js';
import { createPostgresStore, migratePostgres } from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';

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
    const store = createPostgresStore(db, { schema });
    schemas.set(store, schema);
    return store;
  },
  async teardown(store) {
    const schema = schemas.get(store);
    if (db !== undefined && schema !== undefined) await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  },
  capabilities: { modelRuns: 15, propertyRuns: 10 },
});
