/**
 * The query language of repositories: a condition in the one condition language (`crmkit/conditions`)
 * as the filter, a multi-field sort with defined null ordering, and keyset cursor pagination.
 *
 * @module
 */
import type { AnyCondition, Condition } from '../conditions/define.js';
import type { ConditionContext, ConditionJson, FieldName } from '../conditions/types.js';

export type { FieldName };

/**
 * The filter of a query: a condition written as JSON (`{ field, op, value }`, `all` / `any` / `not`),
 * validated against the repository's entity, or a {@link Condition} made by `defineCondition` for the same
 * entity (which may use extension tests; see docs/conditions.md for what a store pushes down). A condition
 * built from JSON read at run time is untyped (`AnyCondition`); its entity is checked when the query runs.
 *
 * @example
 * ```ts
 * const w: Where<Deal> = { all: [{ field: 'ownerId', op: 'eq', value: 'user-1' }, { field: 'closedAt', op: 'isNull', value: true }] };
 * ```
 */
export type Where<E, X = never> = ConditionJson<E> | Condition<E, X> | AnyCondition;

/**
 * @deprecated Use {@link Where} (or `ConditionJson` from `crmkit/conditions`): `and` / `or` are now
 * `all` / `any`.
 * @example
 * ```ts
 * const f: Filter<Deal> = { any: [{ field: 'stageId', op: 'eq', value: 'won' }] };
 * ```
 */
export type Filter<E> = ConditionJson<E>;

/**
 * One sort key. Nulls sort last in ascending order and first in descending order (PostgreSQL's
 * default), unless `nulls` says otherwise. Ties after every key are broken by `id` ascending, so an
 * order is always total and pages are stable. Text sorts by Unicode code point.
 *
 * @example
 * ```ts
 * const s: SortKey<Deal> = { field: 'expectedCloseDate', direction: 'asc', nulls: 'last' };
 * ```
 */
export interface SortKey<E> {
  readonly field: FieldName<E>;
  readonly direction?: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}

/**
 * A query: filter, the context its `$now` / `$ref` values and extension tests read, sort, page size and
 * the cursor of the previous page. `limit` defaults to 50 and is at most 1,000. The cursor is opaque:
 * pass back the `nextCursor` of the previous page with the same filter and sort. Paging is keyset-based,
 * so records inserted meanwhile never shift or repeat the items of later pages.
 *
 * @example
 * ```ts
 * const q: Query<Deal> = {
 *   where: { all: [{ field: 'stageId', op: 'eq', value: 'proposal' }, { field: 'updatedAt', op: 'lt', value: { $now: '-P14D' } }] },
 *   context: { asOf: new Date('2026-03-01T00:00:00Z') },
 *   orderBy: [{ field: 'amount', direction: 'desc' }],
 *   limit: 20,
 * };
 * ```
 */
export interface Query<E, X = never> {
  readonly where?: Where<E, X>;
  readonly context?: ConditionContext;
  readonly orderBy?: readonly SortKey<E>[];
  readonly limit?: number;
  readonly cursor?: string | null;
}

/**
 * A page of results; `nextCursor` is `null` on the last page.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * const r = await store.deals.find({ tenantId: 'acme' }, { limit: 10 });
 * if (r.ok) {
 *   const { items, nextCursor }: Page<Deal> = r.value;
 * }
 * ```
 */
export interface Page<E> {
  readonly items: readonly E[];
  readonly nextCursor: string | null;
}

/**
 * The page size of a query without `limit`.
 *
 * @example
 * ```ts
 * DEFAULT_LIMIT; //=> 50
 * const store = createMemoryStore();
 * unwrap(await store.deals.find({ tenantId: 'acme' })).items.length <= DEFAULT_LIMIT; //=> true
 * ```
 */
export const DEFAULT_LIMIT = 50;
/**
 * The largest `limit` a query may ask for.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * (await store.deals.find({ tenantId: 'acme' }, { limit: MAX_LIMIT })).ok; //=> true
 * (await store.deals.find({ tenantId: 'acme' }, { limit: MAX_LIMIT + 1 })).ok; //=> false
 * ```
 */
export const MAX_LIMIT = 1000;
/**
 * How many events the outbox `read` returns when no `limit` is given.
 *
 * @example
 * ```ts
 * DEFAULT_EVENT_LIMIT; //=> 100
 * const store = createMemoryStore();
 * unwrap(await store.events.read({ tenantId: 'acme' })).items.length <= DEFAULT_EVENT_LIMIT; //=> true
 * ```
 */
export const DEFAULT_EVENT_LIMIT = 100;
