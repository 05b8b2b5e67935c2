/**
 * Database faults for the contract suite (`databaseFaults`): a client wrapper whose statements —
 * through a pool, a checked-out connection, or a transaction — reject with a given error while the
 * fault is on, as a driver reports a dropped connection. One switch per store.
 */
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type {
  SqlPool,
  SqlPoolConnection,
  SqlQueryable,
  SqlTransactionRunner,
} from '../../../src/adapters/postgres/index.js';
import type { Store } from '../../../src/repository/ports.js';
import type { DatabaseFaults } from '../../../src/testing/index.js';

/** Whether the database fails, and with what. */
export interface FaultSwitch {
  error: Error | null;
}

function failing(sw: FaultSwitch, q: SqlQueryable): SqlQueryable {
  return {
    query: async (text, params) => {
      if (sw.error !== null) throw sw.error;
      return q.query(text, params);
    },
  };
}

/** PGlite (or any client that runs its own transactions) behind a fault switch. */
export function faultyRunner(db: PGlite, sw: FaultSwitch): SqlTransactionRunner {
  const plain: SqlQueryable = { query: (text, params) => db.query(text, params as unknown[]) };
  return {
    ...failing(sw, plain),
    transaction: (fn) =>
      db.transaction((tx) => fn(failing(sw, { query: (text, params) => tx.query(text, params as unknown[]) }))),
  };
}

/** A `pg.Pool` behind a fault switch; checked-out connections fail too. */
export function faultyPool(pool: pg.Pool, sw: FaultSwitch): SqlPool {
  return {
    ...failing(sw, { query: (text, params) => pool.query(text, params as unknown[]) }),
    connect: async () => {
      if (sw.error !== null) throw sw.error;
      const conn = await pool.connect();
      const wrapped: SqlPoolConnection = {
        ...failing(sw, { query: (text, params) => conn.query(text, params as unknown[]) }),
        release: (error) => conn.release(error),
        on: (event, listener) => conn.on(event, listener),
        removeListener: (event, listener) => conn.removeListener(event, listener),
      };
      return wrapped;
    },
  };
}

/** The contract's `databaseFaults` over the switches of the stores a setup made. */
export function databaseFaults(switches: WeakMap<Store, FaultSwitch>): DatabaseFaults {
  const of = (store: Store): FaultSwitch => {
    const sw = switches.get(store);
    if (sw === undefined) throw new Error('a store this setup did not make');
    return sw;
  };
  return {
    fail: (store, error) => void (of(store).error = error),
    heal: (store) => void (of(store).error = null),
  };
}
