/**
 * The frame every test file on the real PostgreSQL server shares. The server is given by
 * `CRMKIT_PG_URL` (`scripts/start-postgres.sh` starts one and prints the line to export). Without it
 * the file's suite is skipped with a message, except in CI (`CI=true`), where a missing server is a
 * failure. With it, `body` runs at the top level of the file with a `pg.Pool` and fresh, migrated
 * schemas that are dropped after the file.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import pg from 'pg';
import { migratePostgres, type SqlPool } from '../../../src/adapters/postgres/index.js';

export interface PostgresServer {
  /** The server's connection string (for a test that opens pools of its own). */
  readonly url: string;
  /** The file's pool (made in `beforeAll`, ended in `afterAll`). */
  pool(): pg.Pool;
  /** A new schema with every migration applied, dropped after the file. */
  freshSchema(): Promise<string>;
  /** Drops a schema now (for a test that makes and removes many). */
  dropSchema(schema: string): Promise<void>;
}

/**
 * Runs `body` against the server, or registers the skip (or, in CI, the failure) that says why not.
 * `prefix` names the file's schemas (`<prefix>_<pid>_<time>_<n>`), so parallel runs never share one.
 */
export function onPostgresServer(
  name: string,
  prefix: string,
  body: (server: PostgresServer) => void,
  options: { readonly max?: number } = {},
): void {
  const url = process.env['CRMKIT_PG_URL'];
  if (url === undefined || url === '') {
    if (process.env['CI'] === 'true')
      describe(name, () => {
        it('needs CRMKIT_PG_URL in CI', () => {
          throw new Error(
            'CRMKIT_PG_URL is not set: CI must start a PostgreSQL server (eval "$(scripts/start-postgres.sh)") before the tests',
          );
        });
      });
    else
      describe.skip(`${name} (skipped: set CRMKIT_PG_URL, e.g. eval "$(scripts/start-postgres.sh)")`, () => {
        it('runs on a real PostgreSQL server', () => undefined);
      });
    return;
  }
  const base = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  let pool: pg.Pool | undefined;
  let counter = 0;
  const schemas = new Set<string>();
  const server: PostgresServer = {
    url,
    pool() {
      if (pool === undefined) throw new Error('the pool is made in beforeAll');
      return pool;
    },
    async freshSchema() {
      const schema = `${base}_${++counter}`;
      schemas.add(schema);
      const migrated = await migratePostgres(server.pool(), { schema });
      if (!migrated.ok) throw migrated.error;
      return schema;
    },
    async dropSchema(schema) {
      schemas.delete(schema);
      await server.pool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  });
  afterAll(async () => {
    for (const schema of schemas) await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
  });
  body(server);
}

/**
 * A pool whose checked-out connections are `pool`'s own clients, seen through a wrapper that counts
 * statements and kills the backend (pg_terminate_backend, through `admin`) right before the
 * `killAt()`-th one, waiting until the client has noticed (0: never). Each statement's first word goes
 * to `log`. The wrapper forwards `on`/`removeListener` to the client and adds no listener of its own:
 * a client without one emits an unhandled 'error' event.
 */
export function killingPool(admin: pg.Pool, pool: pg.Pool, killAt: () => number, log: string[]): SqlPool {
  return {
    query: (text, params) => pool.query(text, params as unknown[]),
    async connect() {
      const client = await pool.connect();
      let n = 0;
      return {
        async query(text: string, params?: readonly (string | null)[]) {
          n++;
          log.push(text.split(' ')[0]!);
          if (n === killAt()) {
            const ended = new Promise((resolve) => {
              client.once('end', resolve);
              setTimeout(resolve, 10_000);
            });
            const pid = (client as unknown as { processID: number }).processID;
            await admin.query('SELECT pg_terminate_backend($1::integer)', [pid]);
            await ended;
          }
          return client.query(text, params as unknown[]);
        },
        release: (error?: Error | boolean) => client.release(error),
        on: (event: 'error', listener: (error: Error) => void) => client.on(event, listener),
        removeListener: (event: 'error', listener: (error: Error) => void) => client.removeListener(event, listener),
      };
    },
  };
}
