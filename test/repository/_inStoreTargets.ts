// The stores the …InStore equivalence properties run on: the memory store, PGlite (one per test file,
// a schema per target), and the PostgreSQL server of CRMKIT_PG_URL (skipped without it, except in CI).
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createMemoryStore } from '../../src/repository/memory.js';
import type { StoreWith } from '../../src/repository/ports.js';
import { createPostgresStore, migratePostgres } from '../../src/adapters/postgres/index.js';

export interface Target {
  readonly name: string;
  /** Opens a fresh, empty store (and what closes it). */
  open(): Promise<{ store: StoreWith<'bulk' | 'aggregate'>; close(): Promise<void> }>;
}

const url = process.env['CRMKIT_PG_URL'];
const prefix = `instore_${process.pid}_${Date.now().toString(36)}`;
let counter = 0;

export function targets(): Target[] {
  const list: Target[] = [
    { name: 'memory', open: async () => ({ store: createMemoryStore(), close: async () => undefined }) },
    {
      name: 'PGlite',
      async open() {
        const db = new PGlite();
        await db.waitReady;
        const migrated = await migratePostgres(db, { schema: 'crm' });
        if (!migrated.ok) throw migrated.error;
        return { store: createPostgresStore(db, { schema: 'crm' }), close: () => db.close() };
      },
    },
  ];
  if ((url !== undefined && url !== '') || process.env['CI'] === 'true')
    list.push({
      name: 'PostgreSQL server',
      async open() {
        if (url === undefined || url === '')
          throw new Error('CRMKIT_PG_URL is not set: CI must start a PostgreSQL server');
        const pool = new pg.Pool({ connectionString: url, max: 4 });
        const schema = `${prefix}_${++counter}`;
        const migrated = await migratePostgres(pool, { schema });
        if (!migrated.ok) throw migrated.error;
        return {
          store: createPostgresStore(pool, { schema }),
          async close() {
            await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
            await pool.end();
          },
        };
      },
    });
  return list;
}
