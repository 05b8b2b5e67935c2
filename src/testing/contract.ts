/**
 * The repository contract suite: one vitest suite every {@link Store} implementation runs to
 * prove it keeps the rules of the ports. Each section of the suite lives in its own file under
 * `contract/`; this file composes them.
 *
 * @module
 */
import { describe, it } from 'vitest';
import type fc from 'fast-check';
import type { Store } from '../repository/ports.js';
import { entityArbitraries } from './arbitraries.js';
import type { RepositoryContractOptions } from './contract/options.js';
import type { AnyEntity, ContractSuite, RepoName } from './contract/shared.js';
import { recordRules } from './contract/records.js';
import { queryRules } from './contract/queries.js';
import { outboxRules } from './contract/outbox.js';
import { transactionRules } from './contract/transactions.js';
import { tenancyRules } from './contract/tenancy.js';
import { concurrencyRules } from './contract/concurrency.js';
import { conversionFaultRules } from './contract/faults.js';
import { transitionRules } from './contract/transitions.js';
import { hostileTextRules, wellFormedKeyRules } from './contract/text.js';
import { inputRules } from './contract/inputs.js';
import { modelBasedRules } from './contract/modelBased.js';
import { databaseFaultRules } from './contract/database.js';
import { scanRules } from './contract/scan.js';
import { bulkRules } from './contract/bulk.js';
import { recordEventRules } from './contract/recordEvents.js';
import { aggregateRules } from './contract/aggregate.js';
import { journeyRules } from './contract/journey.js';
import { ledgerRules } from './contract/ledger.js';

export type { ContractCapabilities, DatabaseFaults, RepositoryContractOptions } from './contract/options.js';

/**
 * Registers the repository contract suite with vitest: one named test per "must" rule of the
 * ports, tenant isolation across every operation, concurrency (N writers at one version: exactly
 * one wins), transactional fault injection into `convertLeadInStore`, hostile strings and 1 MB text
 * stored verbatim, NUL characters refused by validation, keys with lone UTF-16 surrogates refused
 * (tenant ids, actors, ids, references, object keys) while other text keeps them exactly, versions
 * that never repeat for an id after a delete and re-insert, input checks that give Results (`null`
 * options, ids of the wrong type, invalid reads answered with `validation_failed`, a hostile-argument
 * property: no method ever rejects, every call resolves to a `Result`), a failing database
 * (`options.databaseFaults`: `adapter_failure` with the driver's error as `cause` from every read
 * and write, a transaction the database failed in leaving no trace), a transactional store used
 * after its transaction (`aborted`), condition extensions that throw, `scan` (every matching record
 * once in the query's order in pages of any size, a keyset walk, errors and aborts as rejections of
 * the iterator), bulk writes when the store has them (`capabilities.bulk`: all or nothing, issues
 * named by index, the rules of `insert` per entity, upserts by id and by a text key, in and out of
 * transactions), record events when the store can record them (`options.recordEvents`: every write
 * appends exactly the events `recordEvents` gives for it, in its transaction),
 * the journey repositories under their natural queries (campaign members by
 * campaign and status, a customer's loyalty ledger in time order, a referrer's referrals; points
 * exact to 20 digits each side of the point; their bulk writes), and a model-based fast-check
 * test that runs random operation sequences against the store and the memory store and compares
 * every result. Its properties draw fresh seeds on every run (`capabilities.seed` replays one).
 * Call it at the top level of a test file.
 *
 * Each section lives in its own file under `src/testing/contract/`.
 *
 * @example
 * ```ts
 * // test/my-adapter.contract.test.ts
 * import type { Store } from 'crmkit/repository';
 * import { runRepositoryContract } from 'crmkit/testing';
 * declare function createMyStore(): Promise<Store>; // your adapter's factory
 * declare function closeMyStore(store: Store): Promise<void>;
 * runRepositoryContract({ name: 'my adapter', setup: () => createMyStore(), teardown: (s) => closeMyStore(s) });
 * ```
 */
export function runRepositoryContract(options: RepositoryContractOptions): void {
  const caps = options.capabilities ?? {};
  async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
    const store = await options.setup();
    try {
      await fn(store);
    } finally {
      await options.teardown?.(store);
    }
  }
  const suite: ContractSuite = {
    options,
    test: (title, fn, skip = false) => {
      (skip ? it.skip : it)(title, () => withStore(fn));
    },
    arbs: entityArbitraries() as unknown as Record<RepoName, fc.Arbitrary<AnyEntity>>,
    propertyRuns: caps.propertyRuns ?? 15,
    concurrency: caps.concurrency ?? 8,
    modelRuns: caps.modelRuns ?? 25,
    runs: (numRuns, offset = 0) => (caps.seed === undefined ? { numRuns } : { numRuns, seed: caps.seed + offset }),
  };

  describe(`repository contract: ${options.name}`, () => {
    describe('rules of Repository', () => {
      recordRules(suite);
      queryRules(suite);
    });
    describe('scan', () => scanRules(suite));
    describe('bulk writes (BulkRepository)', () => bulkRules(suite));
    describe('aggregates (AggregateRepository)', () => aggregateRules(suite));
    describe('rules of the outbox', () => outboxRules(suite));
    describe('record events', () => recordEventRules(suite));
    describe('rules of transactions', () => transactionRules(suite));
    describe('tenant isolation', () => tenancyRules(suite));
    describe('concurrency', () => concurrencyRules(suite));
    describe('transactional fault injection (convertLeadInStore)', () => conversionFaultRules(suite));
    describe('transitionDealInStore', () => transitionRules(suite));
    describe('hostile text', () => hostileTextRules(suite));
    describe('keys are well-formed text', () => wellFormedKeyRules(suite));
    describe('input checks give Results', () => inputRules(suite));
    describe('a failing database', () => databaseFaultRules(suite));
    describe('the journey repositories (campaign members, loyalty ledger, referrals)', () => journeyRules(suite));
    describe('the workflow ledger (WorkflowLedger, when the store keeps one)', () => ledgerRules(suite));
    describe('model-based', () => modelBasedRules(suite));
  });
}
