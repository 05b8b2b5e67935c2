/**
 * Issue 16: the access contract (runAccessContract) on a real PostgreSQL server through `pg`'s Pool
 * (`CRMKIT_PG_URL`; skipped without it, except in CI where a missing server fails).
 */
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import pg from 'pg';
import { runAccessContract } from '../../../src/testing/index.js';
import { createPostgresStore, migratePostgres } from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';

const url = process.env['CRMKIT_PG_URL'];
const inCi = process.env['CI'] === 'true';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

if (url === undefined || url === '') {
  if (inCi)
    describe('access contract: PostgreSQL server', () => {
      it('needs CRMKIT_PG_URL in CI', () => {
        throw new Error('CRMKIT_PG_URL is not set: CI must start a PostgreSQL server before the tests');
      });
    });
  else
    describe.skip('access contract: PostgreSQL server (skipped: set CRMKIT_PG_URL)', () => {
      it('runs the access contract on a real server', () => undefined);
    });
} else {
  const prefix = `access_${process.pid}_${Date.now().toString(36)}`;
  let pool: pg.Pool | undefined;
  let counter = 0;
  const schemas = new WeakMap<Store, string>();

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 6 });
  });

  afterAll(async () => {
    await pool?.end();
  });

  runAccessContract({
    name: 'PostgreSQL adapter on a PostgreSQL server (pg.Pool)',
    async setup() {
      if (pool === undefined) throw new Error('no pool');
      const schema = `${prefix}_${++counter}`;
      const migrated = await migratePostgres(pool, { schema });
      if (!migrated.ok) throw migrated.error;
      const store = createPostgresStore(pool, { schema });
      schemas.set(store, schema);
      return store;
    },
    async teardown(store) {
      const schema = schemas.get(store);
      if (pool !== undefined && schema !== undefined) await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    },
    capabilities: { modelRuns: 40 },
  });
}
