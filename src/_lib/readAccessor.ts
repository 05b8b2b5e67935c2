/**
 * Reading a field of a caller's record through an accessor (a property name or a function), shared
 * by the transaction summaries (crmkit/clv's `rfmSummary`, crmkit/segments' `rfmScores`).
 *
 * @module
 */

/**
 * The value of `record` at `accessor`: the function's result when `accessor` is a function, the
 * property when it is a key (`undefined` for a record that is not an object). A throwing getter or
 * accessor function throws; the callers catch it and report it in their `Result`.
 *
 * @example
 * ```ts
 * readAccessor({ id: 'a' }, 'id'); //=> 'a'
 * readAccessor({ id: 'a' }, (t: { id: string }) => t.id.toUpperCase()); //=> 'A'
 * readAccessor(null, 'id'); //=> undefined
 * ```
 */
export function readAccessor(record: unknown, accessor: unknown): unknown {
  if (typeof accessor === 'function') return (accessor as (x: unknown) => unknown)(record);
  return record !== null && typeof record === 'object'
    ? (record as Record<PropertyKey, unknown>)[accessor as PropertyKey]
    : undefined;
}

/**
 * True when `v` can be an accessor: a property key (string, number, symbol) or a function.
 *
 * @example
 * ```ts
 * isAccessor('at'); //=> true
 * isAccessor(null); //=> false
 * ```
 */
export function isAccessor(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'symbol' || typeof v === 'function';
}
