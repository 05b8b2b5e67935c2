/**
 * Issue 16: the access contract (runAccessContract) on a real PostgreSQL server through `pg`'s Pool
 * (`CRMKIT_PG_URL`; skipped without it, except in CI where a missing server fails).
 */
import { vi } from 'vitest';
import { runAccessContract } from '../../../src/testing/index.js';
import { createPostgresStore } from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';
import { onPostgresServer } from './_server.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

onPostgresServer(
  'access contract: PostgreSQL server',
  'access',
  (server) => {
    const schemas = new WeakMap<Store, string>();

    runAccessContract({
      name: 'PostgreSQL adapter on a PostgreSQL server (pg.Pool)',
      async setup() {
        const schema = await server.freshSchema();
        const store = createPostgresStore(server.pool(), { schema });
        schemas.set(store, schema);
        return store;
      },
      async teardown(store) {
        const schema = schemas.get(store);
        if (schema !== undefined) await server.dropSchema(schema);
      },
      capabilities: { modelRuns: 40 },
    });
  },
  { max: 6 },
);
