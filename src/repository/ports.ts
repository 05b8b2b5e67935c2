/**
 * The storage ports: what every adapter must do. The rules are written as "must" sentences; the
 * contract suite (`crmkit/testing`) has one named test per rule.
 *
 * @module
 */
import type { DomainEvent } from '../core/events.js';
import type { Result } from '../core/result.js';
import type {
  Account,
  Activity,
  Campaign,
  CampaignMember,
  Contact,
  Deal,
  Lead,
  LoyaltyTransaction,
  Referral,
  Subscription,
  SurveyResponse,
  Team,
  Ticket,
  User,
} from '../entities/index.js';
import type { FieldName, Page, Query, Where } from './query.js';
import type { validateQuery } from './validateQuery.js';
import type { checkWrite } from './checkWrite.js';
import type { checkRead } from './checkRead.js';
import type { checkBulkWrite } from './checkBulkWrite.js';
import type { scanWithFind } from './scanWithFind.js';
import type { checkAggregate } from './checkAggregate.js';
import type { ConditionContext } from '../conditions/types.js';

/**
 * Who is asking: the tenant every operation is scoped to, optionally the acting user, and, for a
 * write a workflow makes, the workflow (`causedBy`): a store with record events copies it into the
 * payload of the events of the writes made with this context, so that a workflow runner can stop
 * loops.
 *
 * @example
 * ```ts
 * const ctx: StoreContext = { tenantId: 'acme', actor: 'user-1' };
 * const byWorkflow: StoreContext = { tenantId: 'acme', causedBy: { workflowId: 'sql-handoff', depth: 1 } };
 * ```
 */
export interface StoreContext {
  /** The tenant every operation is scoped to. */
  readonly tenantId: string;
  /** The acting user (the `by` of recorded events). */
  readonly actor?: string;
  /**
   * The workflow making the writes, and how many workflow-caused writes led to them (`depth`, a
   * non-negative integer); copied into the payload of record events (`crmkit/automation`). Absent
   * for a user's writes.
   */
  readonly causedBy?: { readonly workflowId: string; readonly depth: number };
}

/**
 * The version a write expects the stored record to have (optimistic concurrency).
 *
 * @example
 * ```ts
 * declare const current: Deal;
 * const options: WriteOptions = { expectedVersion: current.version };
 * ```
 */
export interface WriteOptions {
  readonly expectedVersion: number;
}

/**
 * A repository of one entity kind.
 *
 * Every method answers with a `Result`, reads as writes: bad input and a failing database are
 * failed `Result`s, never a rejected promise.
 *
 * Rules every implementation must keep:
 * - `get` of an id that does not exist (in this tenant) must return `ok(null)`.
 * - Records of another tenant must be invisible to every operation: never returned, never counted,
 *   never updated, never deleted (a write to one must fail with `not_found`).
 * - Every write must be checked with the shared rules ({@link checkWrite}: context, write options,
 *   the entity's `parse*` function, the version rule) first; an invalid one must fail with
 *   `validation_failed` and change nothing. Keys must be well-formed text: tenant ids, actors, ids,
 *   references and object keys with a lone UTF-16 surrogate (or NUL) are refused, so two distinct
 *   keys can never become one in a database that stores text as UTF-8; other text must round-trip
 *   exactly, lone surrogates included.
 * - Every read must be checked with the shared rules ({@link checkRead}: context, id or ids, query)
 *   first; an invalid one must fail with `validation_failed` in its `Result` and read nothing.
 * - `insert` of an id that exists in the tenant must fail with `conflict`.
 * - Versions must never repeat for an id in a tenant: `insert` of an id whose record was deleted
 *   must store it at `max(entity.version, last deleted version + 1)` and return it with that
 *   version, so that a stale `update` or `delete` made against the deleted record fails with
 *   `conflict` instead of changing the new one.
 * - `update` and `delete` with a stale `expectedVersion` must fail with `conflict` and change nothing;
 *   of a missing id, with `not_found`.
 * - `update` must store the entity as given (the caller bumps `version`, as `update*` does); the
 *   stored version must then equal `entity.version`, which must be `expectedVersion + 1`.
 * - Money and dates must round-trip exactly: what `get` returns must deep-equal what was written.
 * - Returned entities must be frozen copies: changing them must not change the store.
 * - `find` must return items in the query's order (ties by `id`), and the pages of a cursor walk
 *   must contain every matching record that existed when the walk started exactly once.
 * - `getMany` must return the records found, in the order of `ids`, skipping missing ones.
 * - `find` and `count` must accept exactly the queries {@link validateQuery} accepts, with its
 *   semantics; any other query (unknown field, operator, value, limit or cursor) must fail with
 *   `validation_failed` in the `Result`. Cursors must be made with `encodeCursor` (so they are
 *   interchangeable between adapters).
 * - The same id may exist in several tenants; the records must stay independent.
 * - The context must be validated (`validateContext`): an invalid one must fail every operation with
 *   `validation_failed`.
 * - `get` and `getMany` of an id of the wrong type (not a string) must fail with `validation_failed`;
 *   of a string no record can have (see `isStorableId`), must find nothing. `count(ctx, null)` must
 *   count as `count(ctx)`. No method may throw a `TypeError` for a value of the wrong type (a bigint
 *   id, `null` options).
 * - A database failure (a refused statement, a dropped connection) must be an `adapter_failure`
 *   error in the `Result`, with the driver's error as its `cause`; a deadlock or serialization
 *   failure, `conflict`; a stored record that no longer validates, `adapter_failure`
 *   (`storedRecordError`).
 * - A transactional store (the one `transaction` passes to `fn`) used after its transaction ended
 *   must fail every operation with `aborted` (`transactionEndedError`).
 * - No method may reject, with one exception: a condition extension's own test (the host's code,
 *   run by `find` or `count`) that throws something other than a `CrmError` — that exception must
 *   be re-thrown as it is, as `transaction` re-throws what `fn` throws. A `CrmError` it throws comes
 *   back as the read's failed `Result`.
 * - `scan` must yield every record matching the query, in the query's order (ties by `id`), reading
 *   them in keyset pages of at most `pageSize` records, so that memory holds one page, never the
 *   table; every matching record present throughout the scan must come exactly once. Each
 *   `[Symbol.asyncIterator]()` must start a new scan, and `scan` itself must never throw: what
 *   `find` would answer with a failed `Result` (an invalid context, query or options:
 *   `validation_failed`; `adapter_failure`; `aborted` for a transactional store after its
 *   transaction) must instead reject the iterator's `next()` with that `CrmError`, as must an
 *   aborted `signal` (`aborted`, checked before every page and every record). A query with `limit`
 *   or `cursor` is refused (`pageSize` sets the page size). Breaking out of the loop must stop the
 *   reading. ({@link scanWithFind} implements all of this over `find` for any adapter.)
 *
 * @example
 * ```ts
 * declare const store: Store;
 * declare const dealId: DealId;
 * const ctx: StoreContext = { tenantId: 'acme' };
 * const r = await store.deals.get(ctx, dealId);
 * if (!r.ok) throw r.error; // validation_failed, adapter_failure, …
 * const deal = r.value; // Deal | null
 * ```
 */
export interface Repository<E extends { readonly id: string; readonly version: number }> {
  /** The record with this id in the tenant, or `ok(null)`; `validation_failed` for an invalid context or an id that is not a string. */
  get(ctx: StoreContext, id: E['id']): Promise<Result<E | null>>;
  /** The records found, in the order of `ids`, missing ones skipped; `validation_failed` when `ids` is not an array of strings. */
  getMany(ctx: StoreContext, ids: readonly E['id'][]): Promise<Result<readonly E[]>>;
  /** One page of the records matching the query, in its order; `validation_failed` for an invalid query. */
  find(ctx: StoreContext, query?: Query<E>): Promise<Result<Page<E>>>;
  /** How many records of the tenant match the filter; `validation_failed` for an invalid filter. */
  count(ctx: StoreContext, query?: Pick<Query<E>, 'where' | 'context'>): Promise<Result<number>>;
  /** Validates and stores a new record; `conflict` when the id is taken in the tenant. */
  insert(ctx: StoreContext, entity: E): Promise<Result<E>>;
  /** Validates and replaces a record stored at `expectedVersion`; `conflict` when it is at another version, `not_found` when missing. */
  update(ctx: StoreContext, entity: E, options: WriteOptions): Promise<Result<E>>;
  /** Removes a record stored at `expectedVersion`; `conflict` or `not_found` otherwise. */
  delete(ctx: StoreContext, id: E['id'], options: WriteOptions): Promise<Result<void>>;
  /**
   * Every record matching the query, in its order, read in keyset pages of `pageSize` records.
   * Never throws; the iterator's `next()` rejects with a `CrmError` (`validation_failed` for an
   * invalid context, query or options, `aborted` when `signal` aborts, `adapter_failure`, …): wrap
   * the loop in `try`, or fold it with `collect`, which returns a `Result`.
   */
  scan(ctx: StoreContext, query?: ScanQuery<E> | null, options?: ScanOptions | null): AsyncIterable<E>;
}

/**
 * The query of {@link Repository.scan}: the filter, its context and the sort of a {@link Query}
 * (no `limit` or `cursor`: a scan reads every matching record, page by page).
 *
 * @example
 * ```ts
 * const q: ScanQuery<SurveyResponse> = { where: { field: 'kind', op: 'eq', value: 'nps' }, orderBy: [{ field: 'answeredAt' }] };
 * ```
 */
export type ScanQuery<E, X = never> = Pick<Query<E, X>, 'where' | 'context' | 'orderBy'>;

/**
 * Options of {@link Repository.scan}.
 *
 * @example
 * ```ts
 * const o: ScanOptions = { pageSize: 500, signal: AbortSignal.timeout(60_000) };
 * ```
 */
export interface ScanOptions {
  /** Records read per page, 1 to `MAX_LIMIT` (1,000, the default). */
  readonly pageSize?: number;
  /** Ends the iteration with a `CrmError` `aborted` (checked before every page and every record). */
  readonly signal?: AbortSignal;
}

/**
 * Options of {@link BulkRepository.upsertMany}.
 *
 * @example
 * ```ts
 * const byId: UpsertManyOptions<Contact> = { key: 'id' };
 * const byEmail: UpsertManyOptions<User> = { key: 'email' };
 * ```
 */
export interface UpsertManyOptions<E> {
  /**
   * The field that identifies the record an entity replaces: `'id'`, or a text field of the entity
   * (not a custom field). Two entities of one call may not share a key value, and a stored key value
   * must belong to one record at most (else the call fails with `conflict`).
   */
  readonly key: 'id' | FieldName<E>;
}

/**
 * Bulk writes: a capability of its own (a repository may lack it), which both built-in stores give
 * every repository (`store.surveyResponses.insertMany(...)`). Test for it with `isBulkRepository`.
 *
 * Rules every implementation must keep:
 * - Every entity must be checked as `insert` checks one ({@link checkBulkWrite}): an invalid one
 *   must fail the whole call with `validation_failed`, its issues' paths starting with the entity's
 *   index, and write nothing. Two entities with the same id (or, for `upsertMany`, the same key
 *   value) fail it the same way.
 * - A call must be all or nothing: a conflict, a failing database or a dropped connection half way
 *   must leave nothing written (the PostgreSQL adapter writes in chunks inside one transaction;
 *   called on a transactional store, it is part of that transaction).
 * - `insertMany` must keep the rules of `insert` for every entity: an id taken in the tenant fails
 *   the call with `conflict` (an issue at `[index, 'id']`); an id whose record was deleted is stored
 *   at `max(entity.version, last deleted version + 1)`.
 * - `upsertMany` must insert an entity whose key value no record of the tenant has (as `insertMany`
 *   does) and replace the record that has it: stored as given, with the stored record's `id` and
 *   the stored version + 1. A key value two stored records share fails the call with `conflict`.
 * - Both must return the stored entities (frozen copies) in the order given; an empty list writes
 *   nothing and returns `ok([])`.
 * - Events: as single writes, bulk writes append none (a caller appends its events in the same
 *   transaction).
 *
 * @example
 * ```ts
 * declare const store: BulkStore;
 * declare const responses: readonly SurveyResponse[];
 * const r = await store.surveyResponses.insertMany({ tenantId: 'acme' }, responses);
 * if (!r.ok) r.error.issues[0]?.path[0]; // the index of the first invalid response
 * ```
 */
export interface BulkRepository<E extends { readonly id: string; readonly version: number }> {
  /** Validates and stores new records, all or nothing; `conflict` when an id is taken in the tenant. */
  insertMany(ctx: StoreContext, entities: readonly E[]): Promise<Result<readonly E[]>>;
  /** Inserts or replaces records by `options.key`, all or nothing. */
  upsertMany(ctx: StoreContext, entities: readonly E[], options: UpsertManyOptions<E>): Promise<Result<readonly E[]>>;
}

/**
 * One measure of an {@link AggregateQuery}, computed per group:
 * - `count`: the records of the group;
 * - `countIf`: the records of the group matching `where` (a condition in the shared language);
 * - `sum`: the exact sum of a number field (a decimal string) or of a money field (`{ amount, currency }`,
 *   never through binary floating point); `null` when the group has no value;
 * - `min` / `max`: the least / greatest value of a text (by code point), number or date field; `null`
 *   when the group has no value;
 * - `distinctCount`: how many different non-null values a text, number, date or boolean field takes.
 *
 * @example
 * ```ts
 * const promoters: AggregateMeasure<SurveyResponse> = { fn: 'countIf', where: { field: 'score', op: 'gte', value: 9 } };
 * const mrr: AggregateMeasure<Subscription> = { fn: 'sum', field: 'mrr' };
 * ```
 */
export type AggregateMeasure<E> =
  | { readonly fn: 'count' }
  | { readonly fn: 'countIf'; readonly where: Where<E> }
  | { readonly fn: 'sum' | 'min' | 'max' | 'distinctCount'; readonly field: FieldName<E> };

/**
 * The query of {@link AggregateRepository.aggregate}: the filter (the shared condition language, with
 * its `context`), the fields to group by (text, number, date or boolean fields; none: one row over
 * every matching record), and the measures by name.
 *
 * @example
 * ```ts
 * const q: AggregateQuery<SurveyResponse> = {
 *   where: { field: 'kind', op: 'eq', value: 'nps' },
 *   groupBy: ['touchpoint'],
 *   measures: { total: { fn: 'count' }, promoters: { fn: 'countIf', where: { field: 'score', op: 'gte', value: 9 } } },
 * };
 * ```
 */
export interface AggregateQuery<E> {
  /** Only records matching it are aggregated. */
  readonly where?: Where<E> | null;
  /** The context the conditions (`where` and those of `countIf`) are bound to (`asOf`, `user`, …). */
  readonly context?: ConditionContext | null;
  /** Fields whose values make a group (at most 8; text, number, date or boolean fields, not custom ones). */
  readonly groupBy?: readonly FieldName<E>[] | null;
  /** The measures, by name (1 to 32 names, each a letter or `_` followed by letters, digits or `_`). */
  readonly measures: Readonly<Record<string, AggregateMeasure<E>>>;
}

/**
 * The value of a group field in an {@link AggregateRow}: text, a number, a date, a boolean, or `null`.
 *
 * @example
 * ```ts
 * const v: AggregateGroupValue = 'support';
 * ```
 */
export type AggregateGroupValue = string | number | boolean | Date | null;

/**
 * The value of a measure: a count (`number`), a number sum (a decimal string), a money sum
 * (`{ amount, currency }`, the amount a decimal string), a minimum or maximum (text, number or date),
 * or `null` (no value in the group).
 *
 * @example
 * ```ts
 * const sum: AggregateMeasureValue = { amount: '1234.50', currency: 'EUR' };
 * ```
 */
export type AggregateMeasureValue =
  number | string | Date | { readonly amount: string; readonly currency: string } | null;

/**
 * One row of an aggregate: the group's values by field name, and the measures by name.
 *
 * @example
 * ```ts
 * const row: AggregateRow = { group: { touchpoint: 'support' }, measures: { total: 12, promoters: 5 } };
 * ```
 */
export interface AggregateRow {
  /** The value of each `groupBy` field for this group (`{}` without `groupBy`). */
  readonly group: Readonly<Record<string, AggregateGroupValue>>;
  /** Each measure's value for this group. */
  readonly measures: Readonly<Record<string, AggregateMeasureValue>>;
}

/**
 * Aggregates computed where the data lives: a capability of its own (a repository may lack it), which
 * both built-in stores give every repository. Test for it with `isAggregateRepository`.
 *
 * Rules every implementation must keep:
 * - The call must be checked with the shared rules ({@link checkAggregate}: context, `where` and the
 *   `countIf` conditions as `count` checks a filter, `groupBy` fields, measures); an invalid one must
 *   fail with `validation_failed` (issues with paths such as `['measures', 'promoters', 'where', …]`)
 *   and read nothing.
 * - The rows must be those of the records of the tenant matching `where`, grouped by the `groupBy`
 *   values (`null` a value of its own), one row per group that has a record, sorted by the group
 *   values in order (text by code point, nulls last); without `groupBy`, exactly one row, also over no
 *   record (counts 0, other measures `null`).
 * - The measures must equal what the memory store computes on the same records: counts exactly, sums
 *   exactly (decimal strings without trailing zeros; money never through binary floating point), the
 *   least and greatest value as `find` would sort them. A money sum over two currencies in one group
 *   must fail with `currency_mismatch`.
 * - The PostgreSQL adapter must compute it in one statement (conditions with extension tests, which SQL
 *   cannot run, are evaluated over a scan instead).
 * - As every read: a database failure is `adapter_failure`, a transactional store after its
 *   transaction `aborted`, and the method never rejects (a condition extension's own exception aside).
 *
 * @example
 * ```ts
 * declare const store: AggregateStore;
 * const r = await store.surveyResponses.aggregate({ tenantId: 'acme' }, {
 *   where: { field: 'kind', op: 'eq', value: 'nps' },
 *   groupBy: ['touchpoint'],
 *   measures: { total: { fn: 'count' } },
 * });
 * if (r.ok) r.value[0]?.measures.total; // the responses of the first touchpoint
 * ```
 */
export interface AggregateRepository<E extends { readonly id: string; readonly version: number }> {
  /** The measures of the matching records per group; `validation_failed` for an invalid query. */
  aggregate(ctx: StoreContext, query: AggregateQuery<E>): Promise<Result<readonly AggregateRow[]>>;
}

/**
 * The optional capabilities of a repository, by name: `StoreWith<'bulk'>` is a store whose
 * repositories all have {@link BulkRepository}, `StoreWith<'aggregate'>` one whose repositories all
 * have {@link AggregateRepository}.
 *
 * @example
 * ```ts
 * type Bulk = RepositoryCapabilities<Deal>['bulk']; // BulkRepository<Deal>
 * ```
 */
export interface RepositoryCapabilities<E extends { readonly id: string; readonly version: number }> {
  /** `insertMany` and `upsertMany`. */
  readonly bulk: BulkRepository<E>;
  /** `aggregate`. */
  readonly aggregate: AggregateRepository<E>;
}

/**
 * The name of an optional capability of repositories (`'bulk'`, `'aggregate'`).
 *
 * @example
 * ```ts
 * const c: RepositoryCapability = 'aggregate';
 * ```
 */
export type RepositoryCapability = keyof RepositoryCapabilities<{ id: string; version: number }>;

/**
 * A repository with the capabilities `C` besides the {@link Repository} methods.
 *
 * @example
 * ```ts
 * declare const deals: RepositoryWith<Deal, 'bulk'>;
 * typeof deals.insertMany; //=> 'function'
 * ```
 */
export type RepositoryWith<
  E extends { readonly id: string; readonly version: number },
  C extends RepositoryCapability,
> = Repository<E> &
  // Every capability of C at once (an intersection over the union C).
  ({ [K in C]: (capability: RepositoryCapabilities<E>[K]) => void }[C] extends (capability: infer I) => void
    ? I
    : never);

/**
 * The repositories of a store whose every repository has the capabilities `C`, and the outbox.
 *
 * @example
 * ```ts
 * declare const tx: RepositoriesWith<'bulk'>;
 * typeof tx.deals.upsertMany; //=> 'function'
 * ```
 */
export type RepositoriesWith<C extends RepositoryCapability> = {
  readonly [K in RepositoryName]: RepositoryWith<Repositories[K] extends Repository<infer E> ? E : never, C>;
} & { readonly events: EventOutbox };

/**
 * A {@link Store} whose repositories (those of its transactions too) all have the capabilities `C`.
 *
 * @example
 * ```ts
 * const store: StoreWith<'bulk'> = createMemoryStore();
 * ```
 */
export type StoreWith<C extends RepositoryCapability> = RepositoriesWith<C> & {
  /** Runs `fn` on a transactional store with the same capabilities: everything persists at once, or nothing does. */
  transaction<T>(ctx: StoreContext, fn: (tx: RepositoriesWith<C>) => Promise<Result<T>>): Promise<Result<T>>;
};

/**
 * A store with bulk writes on every repository: `StoreWith<'bulk'>`. Both built-in stores are one.
 *
 * @example
 * ```ts
 * const store: BulkStore = createMemoryStore();
 * ```
 */
export type BulkStore = StoreWith<'bulk'>;

/**
 * A store with aggregates on every repository: `StoreWith<'aggregate'>`. Both built-in stores are one
 * (and a `BulkStore` too: `StoreWith<'bulk' | 'aggregate'>`).
 *
 * @example
 * ```ts
 * const store: AggregateStore = createMemoryStore();
 * ```
 */
export type AggregateStore = StoreWith<'aggregate'>;

/**
 * The repositories of a {@link BulkStore} (what its `transaction` passes to `fn`).
 *
 * @example
 * ```ts
 * declare const tx: BulkRepositories;
 * typeof tx.surveyResponses.insertMany; //=> 'function'
 * ```
 */
export type BulkRepositories = RepositoriesWith<'bulk'>;

/**
 * A domain event as stored in the outbox, with its position.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * const r = await store.events.read({ tenantId: 'acme' }, { after: 0 });
 * if (r.ok) r.value.items[0]?.sequence; // 1 for the tenant's first event
 * ```
 */
export interface StoredEvent extends DomainEvent {
  /** Position in the tenant's outbox: increasing, starting at 1. */
  readonly sequence: number;
}

/**
 * The outbox of domain events.
 *
 * - `append` must be written in the same transaction as the change that caused the events (call it
 *   on the transactional store).
 * - `append` must validate the events first (`validateEvents`): an invalid one fails with
 *   `validation_failed` and appends nothing.
 * - Sequences must be per tenant, start at 1 and increase in commit order, so that a reader that
 *   has seen `lastSequence` never later finds an event below it. (Inside a transaction the
 *   sequences `append` returns are provisional until the commit.)
 * - `read` must return the tenant's events with `sequence > after`, in sequence order, at most
 *   `limit` (default 100, at most 1,000), and never another tenant's; `lastSequence` is the
 *   sequence of the last item returned, or `after` when there is none. Its context is checked with
 *   `validateContext` and its options with `checkEventsRead` (`null` means none; unknown keys are
 *   refused): an invalid one must fail with `validation_failed` in the `Result`.
 * - Both must answer with a `Result`, never a rejected promise: a database failure is an
 *   `adapter_failure` error in it (the driver's error as `cause`), a transactional outbox used
 *   after its transaction ended gives `aborted`.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * declare const event: DomainEvent;
 * const ctx: StoreContext = { tenantId: 'acme' };
 * const appended = await store.events.append(ctx, [event]);
 * const page = await store.events.read(ctx, { after: 0, limit: 100 });
 * if (page.ok) page.value.lastSequence; // where the next read starts
 * ```
 */
export interface EventOutbox {
  /** Validates and appends events (call it on the transactional store of the change that caused them). */
  append(ctx: StoreContext, events: readonly DomainEvent[]): Promise<Result<readonly StoredEvent[]>>;
  /** The tenant's events after a position, in sequence order; `validation_failed` for an invalid context or options. */
  read(ctx: StoreContext, options?: { readonly after?: number; readonly limit?: number }): Promise<Result<EventPage>>;
}

/**
 * What `events.read` returns: the events, and the position to read from next (the sequence of the
 * last item, or the `after` that was asked for when there is none).
 *
 * @example
 * ```ts
 * const empty: EventPage = { items: [], lastSequence: 0 };
 * ```
 */
export interface EventPage {
  readonly items: readonly StoredEvent[];
  readonly lastSequence: number;
}

/**
 * The repositories of every entity kind and the outbox.
 *
 * @example
 * ```ts
 * declare const store: Repositories;
 * const open = await store.deals.count({ tenantId: 'acme' }, { where: { field: 'closedAt', op: 'isNull', value: true } });
 * if (open.ok) open.value; // the number of open deals
 * ```
 */
export interface Repositories {
  readonly accounts: Repository<Account>;
  readonly contacts: Repository<Contact>;
  readonly leads: Repository<Lead>;
  readonly deals: Repository<Deal>;
  readonly activities: Repository<Activity>;
  readonly tickets: Repository<Ticket>;
  readonly campaigns: Repository<Campaign>;
  readonly surveyResponses: Repository<SurveyResponse>;
  readonly subscriptions: Repository<Subscription>;
  readonly users: Repository<User>;
  readonly teams: Repository<Team>;
  /** The members of campaigns (a lead or a contact each, with its status and A/B variant). */
  readonly campaignMembers: Repository<CampaignMember>;
  /**
   * The loyalty ledger: signed points per customer. The ledger is append-only by convention (a
   * correction is a new `adjust` entry; `crmkit/entities` has no `updateLoyaltyTransaction`), but the
   * repository keeps the rules of every other one, `update` and `delete` included.
   */
  readonly loyaltyTransactions: Repository<LoyaltyTransaction>;
  /** Referrals: a referrer contact and the lead they brought in. */
  readonly referrals: Repository<Referral>;
  readonly events: EventOutbox;
}

/**
 * A store: the repositories plus transactions.
 *
 * `transaction(ctx, fn)` must be all or nothing: `fn` receives a transactional store; if `fn`
 * throws or returns a failed `Result`, nothing it wrote may persist (and the failure is returned:
 * a thrown `CrmError` as its `Result`, any other exception re-thrown after rollback — the one case
 * where a store's promise rejects, besides a condition extension's own exception, see
 * {@link Repository}); otherwise everything persists at once. A failed transaction must leave no
 * trace, events included. When two transactions write the same record concurrently at the same
 * version, exactly one may commit; the other must fail with `conflict` (and leave no trace). A
 * transaction the database aborts in favour of another (a deadlock, a serialization failure) must
 * fail with `conflict` too, so that retry logic works alike on every store; a dropped connection
 * with `adapter_failure`. The arguments and what `fn` resolves to are checked with
 * `checkTransaction` / `checkTransactionResult`: a `fn` that is not a function, or that resolves
 * to something other than a `Result`, gives `validation_failed`. Reads and writes inside `fn`
 * answer with `Result`s as outside it: return a failed one from `fn` to roll back.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * declare const next: Deal; // the deal changed with updateDeal (its version bumped)
 * declare const event: DomainEvent;
 * const ctx: StoreContext = { tenantId: 'acme' };
 * const r = await store.transaction(ctx, async (tx) => {
 *   const saved = await tx.deals.update(ctx, next, { expectedVersion: next.version - 1 });
 *   if (!saved.ok) return saved; // rolls back
 *   const appended = await tx.events.append(ctx, [event]);
 *   if (!appended.ok) return appended;
 *   return saved;
 * });
 * ```
 */
export interface Store extends Repositories {
  /** Runs `fn` on a transactional store: everything it writes persists at once, or nothing does. */
  transaction<T>(ctx: StoreContext, fn: (tx: Repositories) => Promise<Result<T>>): Promise<Result<T>>;
}

/**
 * The name of each repository of a {@link Store}, with its entity kind.
 *
 * @example
 * ```ts
 * REPOSITORY_KINDS.deals; //=> 'deal'
 * ```
 */
export const REPOSITORY_KINDS = /* @__PURE__ */ Object.freeze({
  accounts: 'account',
  contacts: 'contact',
  leads: 'lead',
  deals: 'deal',
  activities: 'activity',
  tickets: 'ticket',
  campaigns: 'campaign',
  surveyResponses: 'surveyResponse',
  subscriptions: 'subscription',
  users: 'user',
  teams: 'team',
  campaignMembers: 'campaignMember',
  loyaltyTransactions: 'loyaltyTransaction',
  referrals: 'referral',
} as const);

/**
 * The name of a repository of a {@link Store} (`'deals'`, `'leads'`, …).
 *
 * @example
 * ```ts
 * const name: RepositoryName = 'surveyResponses';
 * ```
 */
export type RepositoryName = keyof typeof REPOSITORY_KINDS;

/**
 * What {@link WorkflowLedger.get} returns: an idempotency key recorded once, with what its step gave.
 *
 * @example
 * ```ts
 * const entry: LedgerEntry = { key: 'sql-handoff:lead:l1@3:notify-owner', result: { sent: true } };
 * ```
 */
export interface LedgerEntry {
  /** The idempotency key. */
  readonly key: string;
  /** What the step gave (JSON; `null` for nothing). */
  readonly result: unknown;
}

/**
 * A step a workflow runner gave up on (retries used up, a loop refused), kept with why.
 *
 * @example
 * ```ts
 * const letter: DeadLetter = { key: 'k', plan: { stepId: 'call-crm' }, error: 'HTTP 500', attempts: 5, failedAt: new Date() };
 * ```
 */
export interface DeadLetter {
  /** The idempotency key of the plan (one dead letter per key). */
  readonly key: string;
  /** The plan as JSON (its `runAt` an ISO-8601 string). */
  readonly plan: unknown;
  /** Why it failed, in words. */
  readonly error: string;
  /** How many times it was attempted. */
  readonly attempts: number;
  /** When it was given up on (the runner's clock). */
  readonly failedAt: Date;
}

/**
 * The bookkeeping of a workflow runner, kept in the store so that it commits with the writes it
 * describes: call it on the transactional store (`tx.ledger`) to make a step's effect and its
 * idempotency key one atomic write. Every method is scoped to the context's tenant and answers
 * with a `Result` (`validation_failed` for an invalid context or argument, `adapter_failure` when
 * the database fails, `aborted` on a transactional store after its transaction ended).
 *
 * Rules every implementation must keep:
 * - `record` must store a key at most once per tenant: `ok(true)` when this call stored it,
 *   `ok(false)` when it was there already (nothing changed). Inside a transaction the key becomes
 *   visible to others at the commit; two transactions recording one key concurrently must not both
 *   commit (the second fails with `conflict` or sees `ok(false)`).
 * - `claimCursor` inside a transaction must hold the named cursor until the transaction ends: a
 *   concurrent claim answers `ok(null)` at once (never waits). Outside one it only reads. A cursor
 *   never set reads 0.
 * - A transaction that reads a state with `getState` and later sets it with `setState` must not
 *   overwrite a state another writer set in between: either the read holds the state until the
 *   transaction ends (PostgreSQL: `SELECT … FOR UPDATE`), or the commit fails with `conflict`
 *   (the memory store), and the caller reads again.
 * - Values are JSON and must round-trip exactly; a rolled-back transaction must leave no trace.
 *
 * @example
 * ```ts
 * declare const store: WorkflowStore;
 * const ctx = { tenantId: 'acme' };
 * const r = await store.transaction(ctx, async (tx) => tx.ledger.record(ctx, 'wf:lead:l1@3:tag', null));
 * if (r.ok) r.value; // true the first time, false afterwards
 * ```
 */
export interface WorkflowLedger {
  /** The entry recorded under `key`, or `ok(null)`. */
  get(ctx: StoreContext, key: string): Promise<Result<LedgerEntry | null>>;
  /** Records `key` with `result` once: `ok(true)` when stored now, `ok(false)` when it was there. */
  record(ctx: StoreContext, key: string, result: unknown): Promise<Result<boolean>>;
  /** The position of the named cursor (0 when never set); inside a transaction, held until it ends, `ok(null)` when another transaction holds it. */
  claimCursor(ctx: StoreContext, name: string): Promise<Result<number | null>>;
  /** Sets the named cursor's position. */
  moveCursor(ctx: StoreContext, name: string, position: number): Promise<Result<void>>;
  /** The JSON state saved under `key` (a workflow's enrollments of one record), or `ok(null)`. */
  getState(ctx: StoreContext, key: string): Promise<Result<unknown>>;
  /** Saves JSON state under `key`, replacing what was there. */
  setState(ctx: StoreContext, key: string, value: unknown): Promise<Result<void>>;
  /** Adds a dead letter; a second one with the same key replaces the first. */
  addDeadLetter(ctx: StoreContext, letter: DeadLetter): Promise<Result<void>>;
  /** The tenant's dead letters, oldest first, at most `limit` (default 100, at most 1,000). */
  deadLetters(ctx: StoreContext, options?: { readonly limit?: number } | null): Promise<Result<readonly DeadLetter[]>>;
}

/**
 * A {@link Store} that also keeps a {@link WorkflowLedger} (`store.ledger`, and `tx.ledger` inside
 * `transaction`): what a durable workflow runner needs. Both built-in stores are one.
 *
 * @example
 * ```ts
 * const store: WorkflowStore = createMemoryStore();
 * ```
 */
export interface WorkflowStore extends Repositories {
  /** The ledger outside a transaction (each call its own unit). */
  readonly ledger: WorkflowLedger;
  /** Runs `fn` on a transactional store whose ledger commits with its writes, or not at all. */
  transaction<T>(
    ctx: StoreContext,
    fn: (tx: Repositories & { readonly ledger: WorkflowLedger }) => Promise<Result<T>>,
  ): Promise<Result<T>>;
}
