/**
 * The options of the repository contract suite.
 *
 * @module
 */
import type { Store } from '../../repository/ports.js';

/**
 * Optional abilities and sizes of the suite.
 *
 * @example
 * ```ts
 * const capabilities: ContractCapabilities = { modelRuns: 10, concurrency: 4 };
 * ```
 */
export interface ContractCapabilities {
  /** Runs of the model-based test (random operation sequences); default 25. */
  readonly modelRuns?: number;
  /** Concurrent writers in the concurrency tests; default 8. */
  readonly concurrency?: number;
  /** Runs of the per-entity round-trip properties; default 15. */
  readonly propertyRuns?: number;
  /**
   * The seed of every property of the suite (fast-check's `seed`), to replay a failure it reported;
   * default: a fresh seed on every run.
   */
  readonly seed?: number;
  /**
   * Whether the store's repositories have the `BulkRepository` capability (`insertMany`,
   * `upsertMany`), whose section then runs; default true (both built-in stores have it). Pass `false`
   * for a store without it: the section is skipped.
   */
  readonly bulk?: boolean;
  /**
   * Whether the store's repositories have the `AggregateRepository` capability (`aggregate`), whose
   * section then runs; default true (both built-in stores have it). Pass `false` for a store without
   * it: the section is skipped.
   */
  readonly aggregate?: boolean;
  /**
   * Whether two transactions can run on the store at once; default true. Pass `false` for a store on a
   * single database connection (PGlite): there a transaction's first write makes every other
   * operation wait for it, so the ledger test of a claim held by one transaction checks that another
   * claim made meanwhile gets the cursor after the holder ends, instead of `null` at once.
   */
  readonly concurrentTransactions?: boolean;
}

/**
 * What {@link runRepositoryContract} needs.
 *
 * @example
 * ```ts
 * const options: RepositoryContractOptions = { name: 'memory', setup: () => createMemoryStore() };
 * ```
 */
export interface RepositoryContractOptions {
  /** Shown in the suite's title. */
  readonly name: string;
  /** Returns a fresh, empty store; called once for every test (and every model-based run). */
  readonly setup: () => Store | Promise<Store>;
  /** Releases what `setup` made (connections, schemas); called after every test, also when it failed. */
  readonly teardown?: (store: Store) => void | Promise<void>;
  /** Sizes of the suite; optional. */
  readonly capabilities?: ContractCapabilities;
  /**
   * Makes the database under a store fail, to check that a failing database is an
   * `adapter_failure` error in every `Result`, never a rejection. Give it for an adapter that has a
   * database (the memory store has none; without it that test is skipped).
   */
  readonly databaseFaults?: DatabaseFaults;
  /**
   * Returns a fresh, empty store made to record events (`recordEvents: true`: every write appends
   * its record events, see `recordEvents` in `crmkit/automation`); torn down with `teardown`. Give
   * it for a store that can record events: the "record events" section then checks that every
   * write, bulk and transactional ones included, appends exactly the events `recordEvents` gives for
   * it, in the same transaction (without it that section is skipped).
   */
  readonly recordEvents?: () => Store | Promise<Store>;
}

/**
 * How the contract suite makes the database under a store fail and work again: typically the
 * store is built (in `setup`) on a client wrapper whose statements reject with the given error
 * while the fault is on, as a driver reports a dropped connection.
 *
 * @example
 * ```ts
 * const failing = new WeakMap<Store, Error>();
 * const faults: DatabaseFaults = {
 *   fail: (store, error) => void failing.set(store, error), // the wrapper rejects every statement with it
 *   heal: (store) => void failing.delete(store),
 * };
 * ```
 */
export interface DatabaseFaults {
  /**
   * From now on, every statement the database under `store` runs (also inside a transaction that
   * is under way) must fail with `error`, as the driver would report it. The suite then expects
   * `adapter_failure` errors whose `cause` is `error`.
   */
  fail(store: Store, error: Error): void | Promise<void>;
  /** Makes the database work again. */
  heal(store: Store): void | Promise<void>;
}
