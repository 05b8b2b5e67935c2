/**
 * The repository contract suite on a real PostgreSQL server, through `pg`'s Pool. The server is
 * given by `CRMKIT_PG_URL` (`scripts/start-postgres.sh` starts one and prints the line to export).
 * Without it the suite is skipped with a message — except in CI (`CI=true`), where a missing
 * server is a failure. The store runs on the pool through a wrapper (`_faults.ts`) that the
 * contract's database-fault test switches to failing.
 */
import { vi } from 'vitest';
import { runRepositoryContract } from '../../../src/testing/index.js';
import { createPostgresStore } from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';
import { databaseFaults, faultyPool, type FaultSwitch } from './_faults.js';
import { onPostgresServer } from './_server.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

onPostgresServer(
  'repository contract: PostgreSQL server',
  'contract',
  (server) => {
    const schemas = new WeakMap<Store, string>();
    const switches = new WeakMap<Store, FaultSwitch>();

    runRepositoryContract({
      name: 'PostgreSQL adapter on a PostgreSQL server (pg.Pool)',
      async setup() {
        const schema = await server.freshSchema();
        const sw: FaultSwitch = { error: null };
        const store = createPostgresStore(faultyPool(server.pool(), sw), { schema });
        schemas.set(store, schema);
        switches.set(store, sw);
        return store;
      },
      async teardown(store) {
        const schema = schemas.get(store);
        if (schema !== undefined) await server.dropSchema(schema);
      },
      databaseFaults: databaseFaults(switches),
      async recordEvents() {
        const schema = await server.freshSchema();
        const store = createPostgresStore(server.pool(), { schema, recordEvents: true });
        schemas.set(store, schema);
        return store;
      },
    });
  },
  { max: 12 },
);
