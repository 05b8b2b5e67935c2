/**
 * Ordering of query results: reading a field as a comparable value, comparing values of one field type,
 * and the total order of a query (its sort keys, then `id`).
 *
 * @module
 */
import type { ResolvedFieldType } from '../conditions/catalog.js';
import { CrmError } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';
import { compareDecimal, compareText } from '../conditions/values.js';

/**
 * A comparable value after normalisation: text, number, boolean, instant, a money amount (as a
 * decimal string), a structured value, or `null`.
 *
 * @example
 * ```ts
 * const v: SortValue = new Date('2026-01-01T00:00:00Z');
 * ```
 */
export type SortValue = string | number | boolean | Date | null | { readonly json: unknown };

/**
 * A validated sort key with its defaults filled in (nulls last ascending, first descending).
 *
 * @example
 * ```ts
 * const k: NormalizedSortKey = { field: 'expectedCloseDate', type: 'date', direction: 'asc', nulls: 'last' };
 * ```
 */
export interface NormalizedSortKey {
  readonly field: string;
  readonly type: ResolvedFieldType;
  readonly direction: 'asc' | 'desc';
  readonly nulls: 'first' | 'last';
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/**
 * Reads a field of an entity as a comparable value: money fields give their amount, missing or
 * `undefined` values give `null`, structured values are wrapped as `{ json }`, custom-field Dates give
 * their ISO text. Own properties only.
 *
 * Never throws. Anything but an object reads as `null`.
 *
 * @example
 * ```ts
 * readField({ amount: { amount: '1200.00', currency: 'EUR' } }, 'amount', 'money'); //=> '1200.00'
 * readField({ ownerId: undefined }, 'ownerId', 'text'); //=> null
 * ```
 */
export function readField(entity: object, field: string, type: ResolvedFieldType): SortValue {
  if (entity === null || typeof entity !== 'object' || typeof field !== 'string') return null;
  if (type === 'custom') {
    const cf = (entity as { customFields?: unknown }).customFields;
    const key = field.slice(13);
    const v =
      cf !== null && typeof cf === 'object' && hasOwn(cf, key) ? (cf as Record<string, unknown>)[key] : undefined;
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (v instanceof Date) return v.toISOString();
    return { json: v };
  }
  const v = hasOwn(entity, field) ? (entity as Record<string, unknown>)[field] : undefined;
  if (v === undefined || v === null) return null;
  if (type === 'money') return (v as { amount: string }).amount;
  if (type === 'json' || type === 'list') return { json: v };
  return v as SortValue;
}

// Ranks of custom-field value types, following PostgreSQL's jsonb order (string < number < boolean < structured).
function customRank(v: Exclude<SortValue, null>): number {
  if (typeof v === 'string') return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'boolean') return 2;
  return 3;
}

/**
 * Compares two non-null values of one field type: text by Unicode code point, numbers and instants
 * numerically, money amounts as decimals, `false < true`; custom-field values of different types by
 * type (string < number < boolean < structured), structured values by their JSON text.
 *
 * @throws CrmError `validation_failed` when a value is not of the field type (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * compareValues('money', '9.50', '10'); //=> -1
 * ```
 */
export function compareValues(
  type: ResolvedFieldType,
  a: Exclude<SortValue, null>,
  b: Exclude<SortValue, null>,
): number {
  switch (type) {
    case 'text':
      return compareText(a as string, b as string);
    case 'number':
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 'boolean':
      return a === b ? 0 : a === false ? -1 : 1;
    case 'date': {
      if (!(a instanceof Date) || !(b instanceof Date)) throw notOfType(type, a, b);
      const x = a.getTime(),
        y = b.getTime();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'money':
      return compareDecimal(a as string, b as string);
    case 'json':
    case 'list':
    case 'custom': {
      const ra = customRank(a),
        rb = customRank(b);
      if (ra !== rb) return ra < rb ? -1 : 1;
      if (ra === 3)
        return compareText(
          JSON.stringify((a as { json: unknown }).json),
          JSON.stringify((b as { json: unknown }).json),
        );
      return compareValues(ra === 0 ? 'text' : ra === 1 ? 'number' : 'boolean', a, b);
    }
  }
}

/** The error of a comparison given values that are not of the key's type. */
function notOfType(type: string, a: unknown, b: unknown): CrmError {
  return new CrmError('validation_failed', `compareValues(${type}) was given ${quoteValue(a)} and ${quoteValue(b)}`, {
    issues: [{ path: [], message: `expected two ${type} values`, code: 'invalid_type' }],
  });
}

function compareKey(key: NormalizedSortKey, a: SortValue, b: SortValue): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === (key.nulls === 'first') ? -1 : 1;
  }
  const c = compareValues(key.type, a, b);
  return key.direction === 'asc' ? c : -c;
}

/**
 * The total order of a query: its sort keys, then `id` ascending (by code point). Returns a comparator
 * of entities.
 *
 * @throws CrmError `validation_failed` when the sort keys are not those of a `NormalizedQuery` or a value is not of its key's type (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { orderBy: [{ field: 'name', direction: 'desc' }] }));
 * const records = [{ id: 'd1', name: 'Alpha' }, { id: 'd3', name: 'Beta' }, { id: 'd2', name: 'Beta' }];
 * records.slice().sort(entityComparator(q.orderBy)).map((d) => d.id); //=> ['d2', 'd3', 'd1']
 * ```
 */
export function entityComparator(orderBy: readonly NormalizedSortKey[]): (a: object, b: object) => number {
  if (!Array.isArray(orderBy)) throw notOfType('sort keys', orderBy, undefined);
  return (a, b) => {
    for (const key of orderBy) {
      const c = compareKey(key, readField(a, key.field, key.type), readField(b, key.field, key.type));
      if (c !== 0) return c;
    }
    return compareText((a as { id: string }).id, (b as { id: string }).id);
  };
}

/**
 * Where a cursor points: the sort values and id of the last item of the previous page. The next
 * page holds the items that sort strictly after it.
 *
 * @example
 * ```ts
 * const p: CursorPosition = { values: ['2026-03-01'], id: 'deal-7' };
 * ```
 */
export interface CursorPosition {
  readonly values: readonly SortValue[];
  readonly id: string;
}

/**
 * Compares an entity with a cursor position under a query's order: positive when the entity
 * comes after the position (and so belongs to a later page).
 *
 * @throws CrmError `validation_failed` when the sort keys are not those of a `NormalizedQuery` or a value is not of its key's type (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { orderBy: [{ field: 'name' }] }));
 * const after = { values: ['Beta'], id: 'd2' }; // the last item of a page
 * compareToPosition({ id: 'd1', name: 'Gamma' }, q.orderBy, after) > 0; //=> true (on a later page)
 * compareToPosition({ id: 'd1', name: 'Beta' }, q.orderBy, after) > 0; //=> false
 * ```
 */
export function compareToPosition(
  entity: object,
  orderBy: readonly NormalizedSortKey[],
  position: CursorPosition,
): number {
  for (let i = 0; i < orderBy.length; i++) {
    const key = orderBy[i]!;
    const c = compareKey(key, readField(entity, key.field, key.type), position.values[i] ?? null);
    if (c !== 0) return c;
  }
  return compareText((entity as { id: string }).id, position.id);
}
