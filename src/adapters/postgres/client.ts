/**
 * The structural SQL client port: the shape of a PostgreSQL driver the adapter needs, without
 * importing any driver. `pg`'s `Pool` and `@electric-sql/pglite`'s `PGlite` fit it as they are;
 * a single `pg.Client` fits through {@link singleConnection}.
 *
 * @module
 */
import { CrmError } from '../../repository/index.js';

/**
 * The result of one statement: the rows, and optionally the number of rows affected (pg names it
 * `rowCount`, PGlite `affectedRows`; the adapter needs neither, it counts `RETURNING` rows).
 *
 * @example
 * ```ts
 * const r: SqlResult = { rows: [{ id: 'deal-1' }], rowCount: 1 };
 * ```
 */
export interface SqlResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly rowCount?: number | null;
}

/**
 * Anything that runs a parameterised statement: `query(text, params)` with `$1`, `$2`, … placeholders.
 * The adapter passes every parameter as a string or `null` and casts it in SQL, so drivers that
 * serialise parameters differently all behave the same.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * declare const pool: pg.Pool;
 * const q: SqlQueryable = { query: (text, params) => pool.query(text, params as unknown[]) };
 * ```
 */
export interface SqlQueryable {
  /** Runs one statement with `$n` placeholders bound to `params`. */
  query(text: string, params?: readonly (string | null)[]): Promise<SqlResult>;
}

/**
 * A connection checked out of a pool: it must be given back with `release()` (pass the error when
 * the connection is broken, as `pg` expects).
 *
 * @example
 * ```ts
 * declare const pool: SqlPool;
 * const conn: SqlPoolConnection = await pool.connect();
 * try { await conn.query('select 1'); } finally { conn.release(); }
 * ```
 */
export interface SqlPoolConnection extends SqlQueryable {
  /** Runs one statement on this connection. */
  query(text: string, params?: readonly (string | null)[]): Promise<SqlResult>;
  /** Gives the connection back to the pool; an error marks it broken. */
  release(error?: Error | boolean): void;
  /**
   * Listens for the connection's `'error'` event (as `pg.Client` emits when its backend dies). While
   * a transaction holds the connection, the adapter listens, so a dropped connection ends the
   * transaction with `adapter_failure` instead of an unhandled `'error'` event ending the process.
   */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops listening (the adapter removes its listener when it gives the connection back). */
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A pool of connections, like `pg.Pool`: plain statements go to any connection; a transaction
 * checks one out with `connect()`, runs `BEGIN` … `COMMIT`/`ROLLBACK` on it and releases it.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: SqlPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface SqlPool extends SqlQueryable {
  /** Runs one statement on any connection of the pool. */
  query(text: string, params?: readonly (string | null)[]): Promise<SqlResult>;
  /** Checks out one connection (for a transaction). */
  connect(): Promise<SqlPoolConnection>;
}

/**
 * A client that runs transactions itself, like PGlite: `transaction(fn)` commits when `fn`
 * resolves and rolls back when it rejects.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db: SqlTransactionRunner = new PGlite();
 * ```
 */
export interface SqlTransactionRunner extends SqlQueryable {
  /** Runs one statement outside any transaction (waiting for an open one to end, on a single connection). */
  query(text: string, params?: readonly (string | null)[]): Promise<SqlResult>;
  /** Runs `fn` in a transaction: commits when it resolves, rolls back when it rejects. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/**
 * What {@link createPostgresStore} and {@link migratePostgres} accept: a pool (`pg.Pool`) or a
 * client that runs its own transactions (PGlite, or a single connection wrapped with
 * {@link singleConnection}).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const client: PostgresClient = new PGlite();
 * ```
 */
export type PostgresClient = SqlPool | SqlTransactionRunner;

/**
 * Wraps one dedicated connection (a connected `pg.Client`, or a connection checked out of a pool
 * and kept) as a {@link SqlTransactionRunner}: statements and transactions through the wrapper are
 * queued one at a time, so a transaction never interleaves with another operation on the same
 * connection. Use a pool instead when operations should run in parallel.
 *
 * Never throws. (Failures of the connection surface in the queries run through it.)
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
 * await client.connect();
 * const store = createPostgresStore(singleConnection(client));
 * ```
 */
export function singleConnection(connection: SqlQueryable): SqlTransactionRunner {
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  return {
    query: (text, params) => exclusive(() => connection.query(text, params)),
    transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) =>
      exclusive(async () => {
        await connection.query('BEGIN');
        let result: T;
        try {
          result = await fn({ query: (text, params) => connection.query(text, params) });
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        await connection.query('COMMIT');
        return result;
      }),
  };
}

/** Runs `fn` in a transaction on whichever kind of client was given. */
export async function runInTransaction<T>(client: PostgresClient, fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  if (typeof (client as Partial<SqlTransactionRunner>).transaction === 'function') {
    return (client as SqlTransactionRunner).transaction(fn);
  }
  if (typeof (client as Partial<SqlPool>).connect !== 'function') {
    throw new CrmError(
      'adapter_failure',
      'The PostgreSQL client has neither transaction(fn) (as PGlite) nor connect() (as pg.Pool); wrap a single connection with singleConnection(client)',
    );
  }
  const connection = (await (client as SqlPool).connect()) as Partial<SqlPoolConnection> | undefined;
  if (
    connection === undefined ||
    connection === null ||
    typeof connection.query !== 'function' ||
    typeof connection.release !== 'function'
  ) {
    throw new CrmError(
      'adapter_failure',
      'The PostgreSQL client connect() did not return a connection with query() and release(), as pg.Pool does; for a single pg.Client use singleConnection(client)',
    );
  }
  const conn = connection as SqlPoolConnection;
  let broken: Error | undefined;
  // A checked-out pg client has no 'error' listener of the pool's: without ours, a backend that dies
  // mid-transaction (pg_terminate_backend, a restart, a network cut) would emit an unhandled 'error'
  // event and end the process. The statements in flight reject on their own; the error marks the
  // connection broken, so the pool discards it instead of handing it out again.
  const onError = (error: Error): void => {
    broken ??= error instanceof Error ? error : new Error(String(error));
  };
  const listens = typeof conn.on === 'function' && typeof conn.removeListener === 'function';
  if (listens) conn.on!('error', onError);
  try {
    await conn.query('BEGIN');
    let result: T;
    try {
      result = await fn({ query: (text, params) => conn.query(text, params) });
    } catch (error) {
      await conn.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw error;
    }
    await conn.query('COMMIT');
    return result;
  } finally {
    conn.release(broken);
    // Only now: release() lets the pool attach its own idle listener first, so there is never a
    // moment without one.
    if (listens) conn.removeListener!('error', onError);
  }
}
