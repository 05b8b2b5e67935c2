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
}
