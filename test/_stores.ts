/**
 * The stores a cross-store test compares: the memory store (optional), PGlite and the PostgreSQL server
 * (CRMKIT_PG_URL; required in CI), each PostgreSQL store on a schema of its own that is dropped after
 * the file. Call at the top level of a test file; the list fills in `beforeAll`.
 */
import { afterAll, beforeAll } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPostgresStore, migratePostgres } from '../src/adapters/postgres/index.js';
import { createMemoryStore, type Store } from '../src/repository/index.js';

export interface NamedStore {
  readonly name: string;
  readonly store: Store;
}

export function useTestStores(prefix: string, options: { readonly memory?: boolean } = {}): NamedStore[] {
  const url = process.env['CRMKIT_PG_URL'];
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const stores: NamedStore[] = [];
  let lite: PGlite | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    if (options.memory === true) stores.push({ name: 'memory', store: createMemoryStore() });
    lite = new PGlite();
    await lite.waitReady;
    const m = await migratePostgres(lite, { schema });
    if (!m.ok) throw m.error;
    stores.push({ name: 'PGlite', store: createPostgresStore(lite, { schema }) });
    if (url !== undefined && url !== '') {
      pool = new pg.Pool({ connectionString: url, max: 4 });
      const s = await migratePostgres(pool, { schema });
      if (!s.ok) throw s.error;
      stores.push({ name: 'PostgreSQL server', store: createPostgresStore(pool, { schema }) });
    } else if (process.env['CI'] === 'true')
      throw new Error('CRMKIT_PG_URL is not set: CI must start a PostgreSQL server');
  });
  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
    await lite?.close();
  });
  return stores;
}
