/**
 * The access contract: the section of the contract suite every store adapter runs to show that
 * `withAccess` over it enforces a policy.
 *
 * @module
 */
import { accessBulkRules } from './contract/accessBulk.js';
import { accessAggregateRules } from './contract/accessAggregate.js';
import { describe, it } from 'vitest';
import type { Store } from '../repository/ports.js';
import { accessRules, type AccessSuite } from './contract/access.js';
import { accessModelRules } from './contract/accessModel.js';

/**
 * Options of {@link runAccessContract}.
 *
 * @example
 * ```ts
 * const o: AccessContractOptions = { name: 'memory store', setup: () => createMemoryStore() };
 * ```
 */
export interface AccessContractOptions {
  /** Shown in the suite's title. */
  readonly name: string;
  /** Returns a fresh, empty store; called once for every test and every model-based run. */
  readonly setup: () => Store | Promise<Store>;
  /** Releases what `setup` made; called after every test and run, also when it failed. */
  readonly teardown?: (store: Store) => void | Promise<void>;
  /** Runs of the model-based property (random policies, users and deals; default 20), and its seed to replay a failure (default: fresh). */
  readonly capabilities?: { readonly modelRuns?: number; readonly seed?: number };
}

/**
 * Registers the access contract (a vitest suite) for a store factory: on the sales org of
 * docs/access.md, that `withAccess(store, policy, { user })`
 * - finds, counts and gets exactly what each user may read, with the store computing the page;
 * - applies writes within the user's level exactly once and refuses the others (`forbidden`, or
 *   `not_found` for a record the user may not read), changing nothing;
 * - refuses filters and sorts on fields the user may not read;
 * - gives a clear error, never data, to a forged, stale, inactive or unknown user, a foreign actor or
 *   context user; reveals nothing through another user's cursor; refuses field names that try SQL
 *   injection;
 * - runs the use cases (`transitionDealInStore`, `convertLeadInStore`) with the user's access and shows
 *   only the events about readable records, without the fields the user may not read;
 * - decides on a record's current state when its owner changed meanwhile;
 * - scans only readable records, and checks bulk writes (`insertMany`, `upsertMany`) entity by entity,
 *   all or nothing;
 *
 * and a model-based property: for random policies (defaults, roles, hierarchies, sharing rules, condition
 * levels), users, teams and deals, everything the guarded store returns, counts, lets update or delete
 * equals what `can` (crmkit/access) allows on the raw data, no forbidden id appears in a page, cursor, error or
 * event, and an allowed write is applied exactly once.
 *
 * @example
 * ```ts
 * // test/access/memory.access.test.ts
 * runAccessContract({ name: 'memory store', setup: () => createMemoryStore() });
 * ```
 */
export function runAccessContract(options: AccessContractOptions): void {
  const caps = options.capabilities ?? {};
  const setup = async () => options.setup();
  const teardown = async (store: Store) => {
    await options.teardown?.(store);
  };
  const suite: AccessSuite = {
    test: (title, fn) =>
      it(title, async () => {
        const store = await setup();
        try {
          await fn(store);
        } finally {
          await teardown(store);
        }
      }),
    plain: (title, fn) => it(title, fn),
    setup,
    teardown,
    modelRuns: caps.modelRuns ?? 20,
    runs: (numRuns, offset = 0) => (caps.seed === undefined ? { numRuns } : { numRuns, seed: caps.seed + offset }),
  };
  describe(`access contract: ${options.name}`, () => {
    describe('the sales org', () => accessRules(suite));
    describe('scan and bulk writes', () => accessBulkRules(suite));
    describe('aggregates', () => accessAggregateRules(suite));
    describe('model-based', () => accessModelRules(suite));
  });
}
