/**
 * The repository contract suite on PGlite (PostgreSQL compiled to WebAssembly, in-process): one
 * PGlite for the file, and for every test a fresh, empty schema that is migrated first and dropped
 * afterwards.
 *
 * PGlite has a single connection: the adapter begins a transaction's database transaction at its
 * first write, so a writer outside the transaction can still act between the transaction's reads
 * and its writes (the contract's "changed by another writer" test); from the first write on, other
 * operations wait for the transaction.
 *
 * The store runs on PGlite through a wrapper (`_faults.ts`) that the contract's database-fault test
 * switches to failing.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { runRepositoryContract } from '../../../src/testing/index.js';
import { createPostgresStore, migratePostgres } from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';
import { databaseFaults, faultyRunner, type FaultSwitch } from './_faults.js';

// PGlite starts in a few seconds on an idle machine, much longer on a busy one.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let db: PGlite | undefined;
let counter = 0;
const schemas = new WeakMap<Store, string>();
const switches = new WeakMap<Store, FaultSwitch>();

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
    const sw: FaultSwitch = { error: null };
    const store = createPostgresStore(faultyRunner(db, sw), { schema });
    schemas.set(store, schema);
    switches.set(store, sw);
    return store;
  },
  async teardown(store) {
    const schema = schemas.get(store);
    if (db !== undefined && schema !== undefined) await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  },
  capabilities: { modelRuns: 15, propertyRuns: 10, concurrentTransactions: false },
  databaseFaults: databaseFaults(switches),
  async recordEvents() {
    if (db === undefined) throw new Error('PGlite did not start');
    const schema = `contract_events_${++counter}`;
    const migrated = await migratePostgres(db, { schema });
    if (!migrated.ok) throw migrated.error;
    const store = createPostgresStore(db, { schema, recordEvents: true });
    schemas.set(store, schema);
    return store;
  },
});
