/**
 * Issue 16: the access contract (runAccessContract) on the PostgreSQL adapter over PGlite: one PGlite
 * for the file, a fresh migrated schema for every test and every model-based run.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { runAccessContract } from '../../../src/testing/index.js';
import { createPostgresStore, migratePostgres } from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

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

runAccessContract({
  name: 'PostgreSQL adapter on PGlite',
  async setup() {
    if (db === undefined) throw new Error('PGlite did not start');
    const schema = `access_${++counter}`;
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
  capabilities: { modelRuns: 25 },
});
