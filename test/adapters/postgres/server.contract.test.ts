/**
 * The repository contract suite on a real PostgreSQL server, through `pg`'s Pool. The server is
 * given by `CRMKIT_PG_URL` (`scripts/start-postgres.sh` starts one and prints the line to export).
 * Without it the suite is skipped with a message — except in CI (`CI=true`), where a missing
 * server is a failure. The store runs on the pool through a wrapper (`_faults.ts`) that the
 * contract's database-fault test switches to failing.
 */
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import pg from 'pg';
import { runRepositoryContract } from '../../../src/testing/index.js';
import { createPostgresStore, migratePostgres } from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';
import { databaseFaults, faultyPool, type FaultSwitch } from './_faults.js';

const url = process.env['CRMKIT_PG_URL'];
const inCi = process.env['CI'] === 'true';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

if (url === undefined || url === '') {
  if (inCi) {
    describe('repository contract: PostgreSQL server', () => {
      it('needs CRMKIT_PG_URL in CI', () => {
        throw new Error(
          'CRMKIT_PG_URL is not set: CI must start a PostgreSQL server (eval "$(scripts/start-postgres.sh)") before the tests',
        );
      });
    });
  } else {
    describe.skip('repository contract: PostgreSQL server (skipped: set CRMKIT_PG_URL, e.g. eval "$(scripts/start-postgres.sh)")', () => {
      it('runs the contract suite on a real server', () => undefined);
    });
  }
} else {
  // A unique prefix per run, so parallel runs against one database never share a schema.
  const prefix = `contract_${process.pid}_${Date.now().toString(36)}`;
  let pool: pg.Pool | undefined;
  let counter = 0;
  const schemas = new WeakMap<Store, string>();
  const switches = new WeakMap<Store, FaultSwitch>();

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 12 });
  });

  afterAll(async () => {
    await pool?.end();
  });

  runRepositoryContract({
    name: 'PostgreSQL adapter on a PostgreSQL server (pg.Pool)',
    async setup() {
      if (pool === undefined) throw new Error('no pool');
      const schema = `${prefix}_${++counter}`;
      const migrated = await migratePostgres(pool, { schema });
      if (!migrated.ok) throw migrated.error;
      const sw: FaultSwitch = { error: null };
      const store = createPostgresStore(faultyPool(pool, sw), { schema });
      schemas.set(store, schema);
      switches.set(store, sw);
      return store;
    },
    async teardown(store) {
      const schema = schemas.get(store);
      if (pool !== undefined && schema !== undefined) await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    },
    databaseFaults: databaseFaults(switches),
    async recordEvents() {
      if (pool === undefined) throw new Error('no pool');
      const schema = `${prefix}_events_${++counter}`;
      const migrated = await migratePostgres(pool, { schema });
      if (!migrated.ok) throw migrated.error;
      const store = createPostgresStore(pool, { schema, recordEvents: true });
      schemas.set(store, schema);
      return store;
    },
  });
}
