/**
 * The typed query language of repositories: field filters composed with and/or/not, multi-field
 * sort with defined null ordering, and cursor pagination.
 *
 * @module
 */

/**
 * Values a filter can compare with: text, numbers, booleans, instants, or `null`. Money fields are
 * compared by their amount (give it as a decimal string).
 *
 * @example
 * ```ts
 * const v: FilterValue = '2500.00';
 * ```
 */
export type FilterValue = string | number | boolean | Date | null;

/**
 * A filter on one field of an entity. Field names are the entity's own top-level fields
 * (`status`, `ownerId`, `amount`, …) or a custom field as `customFields.<key>`.
 *
 * - `eq` / `neq`: equality (`neq` is true for records whose field is null, unlike SQL's `<>`).
 * - `in`: the field equals one of the values.
 * - `gt` / `gte` / `lt` / `lte`: order on numbers, text (by UTF-16 code unit, like PostgreSQL's `C`
 *   collation), instants and money amounts (numerically; the currency is not compared); a null
 *   field never matches.
 * - `contains`: case-insensitive substring of a text field.
 * - `isNull`: the field is null (`value: true`) or not null (`value: false`).
 *
 * @example
 * ```ts
 * const open: FieldFilter<Deal> = { field: 'closedAt', op: 'isNull', value: true };
 * ```
 */
export type FieldFilter<E> =
  | {
      readonly field: FieldName<E>;
      readonly op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
      readonly value: FilterValue;
    }
  | { readonly field: FieldName<E>; readonly op: 'in'; readonly value: readonly FilterValue[] }
  | { readonly field: FieldName<E>; readonly op: 'contains'; readonly value: string }
  | { readonly field: FieldName<E>; readonly op: 'isNull'; readonly value: boolean };

/**
 * A field of an entity a query can name: one of its own keys, or `customFields.<key>`.
 *
 * @example
 * ```ts
 * const f: FieldName<Lead> = 'customFields.employees';
 * ```
 */
export type FieldName<E> = Extract<Exclude<keyof E, 'customFields'>, string> | `customFields.${string}`;

/**
 * A filter: a field test, or `and` / `or` / `not` of filters.
 *
 * @example
 * ```ts
 * const f: Filter<Deal> = { and: [{ field: 'ownerId', op: 'eq', value: 'user-1' }, { field: 'closedAt', op: 'isNull', value: true }] };
 * ```
 */
export type Filter<E> =
  | FieldFilter<E>
  | { readonly and: readonly Filter<E>[] }
  | { readonly or: readonly Filter<E>[] }
  | { readonly not: Filter<E> };

/**
 * One sort key. Nulls sort last in ascending order and first in descending order (PostgreSQL's
 * default), unless `nulls` says otherwise. Ties after every key are broken by `id` ascending, so an
 * order is always total and pages are stable.
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
 * A query: filter, sort, page size and the cursor of the previous page.
 * `limit` defaults to 50 and is at most 1,000. The cursor is opaque: pass back the `nextCursor`
 * of the previous page with the same filter and sort. Paging is keyset-based, so records inserted
 * meanwhile never shift or repeat the items of later pages.
 *
 * @example
 * ```ts
 * const q: Query<Deal> = { where: { field: 'stageId', op: 'eq', value: 'proposal' }, orderBy: [{ field: 'amount', direction: 'desc' }], limit: 20 };
 * ```
 */
export interface Query<E> {
  readonly where?: Filter<E>;
  readonly orderBy?: readonly SortKey<E>[];
  readonly limit?: number;
  readonly cursor?: string | null;
}

/**
 * A page of results; `nextCursor` is `null` on the last page.
 *
 * @example
 * ```ts
 * const { items, nextCursor }: Page<Deal> = await store.deals.find(ctx, { limit: 10 });
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
 * (await store.deals.find(ctx)).items.length <= DEFAULT_LIMIT; //=> true
 * ```
 */
export const DEFAULT_LIMIT = 50;
/**
 * The largest `limit` a query may ask for.
 *
 * @example
 * ```ts
 * await store.deals.find(ctx, { limit: MAX_LIMIT });
 * ```
 */
export const MAX_LIMIT = 1000;
/**
 * How many events the outbox `read` returns when no `limit` is given.
 *
 * @example
 * ```ts
 * (await store.events.read(ctx)).items.length <= DEFAULT_EVENT_LIMIT; //=> true
 * ```
 */
export const DEFAULT_EVENT_LIMIT = 100;
