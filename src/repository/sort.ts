/**
 * Ordering of query results: reading a field as a comparable value, comparing values of one field type,
 * and the total order of a query (its sort keys, then `id`).
 *
 * @module
 */
import { isResolvedFieldType, RESOLVED_FIELD_TYPE_LIST, type ResolvedFieldType } from '../conditions/catalog.js';
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
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
 * their ISO text. Own properties only. What no stored record holds — NaN, ±Infinity, an invalid Date,
 * a money value without a text amount — reads as `null`.
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
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.toISOString() : null;
    return { json: v };
  }
  const v = hasOwn(entity, field) ? (entity as Record<string, unknown>)[field] : undefined;
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v instanceof Date && !Number.isFinite(v.getTime())) return null;
  if (type === 'money') {
    const amount = typeof v === 'object' ? (v as { amount?: unknown }).amount : undefined;
    return typeof amount === 'string' ? amount : null;
  }
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
 * @throws CrmError `validation_failed` when a value is not of the field type, or `type` is not a field type (a call
 * no type-correct program makes).
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
      if (typeof a !== 'number' || typeof b !== 'number') throw notOfType(type, a, b);
      return a < b ? -1 : a > b ? 1 : 0;
    case 'boolean':
      if (typeof a !== 'boolean' || typeof b !== 'boolean') throw notOfType(type, a, b);
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
      if (ra === 3) return compareText(jsonText(type, a, b, a), jsonText(type, a, b, b));
      return compareValues(ra === 0 ? 'text' : ra === 1 ? 'number' : 'boolean', a, b);
    }
    default:
      throw new CrmError('validation_failed', `compareValues: unknown field type ${quoteValue(type)}`, {
        issues: [crmIssue.invalidValue(['type'], 'a field type', type, RESOLVED_FIELD_TYPE_LIST)],
      });
  }
}

/** The JSON text of a structured sort value (`{ json }`), which structured values are ordered by. */
function jsonText(type: string, a: unknown, b: unknown, v: unknown): string {
  let t: unknown;
  try {
    t = JSON.stringify((v as { json: unknown }).json);
  } catch {
    t = undefined; // a cycle, a bigint or nesting too deep for JSON: not a structured value of a record
  }
  if (typeof t !== 'string') throw notOfType(type, a, b);
  return t;
}

/**
 * The sort keys as given, after checking that they have the shape of a `NormalizedQuery`'s (an array
 * of `{ field, type, direction, nulls }`).
 *
 * @throws CrmError `validation_failed` naming the first key that has not (a call no type-correct program makes).
 */
export function checkSortKeys(orderBy: unknown, fn: string): readonly NormalizedSortKey[] {
  const bad = (path: readonly (string | number)[], expected: string, received: unknown) =>
    new CrmError(
      'validation_failed',
      `${fn}: expected ${expected} at ${['orderBy', ...path].join('.')}; received ${quoteValue(received)}`,
      {
        issues: [crmIssue.invalidType(['orderBy', ...path], expected, received)],
      },
    );
  if (!Array.isArray(orderBy)) throw bad([], 'the sort keys of a NormalizedQuery (an array)', orderBy);
  for (let i = 0; i < orderBy.length; i++) {
    const k: unknown = orderBy[i];
    if (k === null || typeof k !== 'object') throw bad([i], 'a sort key { field, type, direction, nulls }', k);
    const { field, type, direction, nulls } = k as Record<string, unknown>;
    if (typeof field !== 'string') throw bad([i, 'field'], 'a field name', field);
    if (!isResolvedFieldType(type)) throw bad([i, 'type'], 'a field type', type);
    if (direction !== 'asc' && direction !== 'desc') throw bad([i, 'direction'], "'asc' or 'desc'", direction);
    if (nulls !== 'first' && nulls !== 'last') throw bad([i, 'nulls'], "'first' or 'last'", nulls);
  }
  return orderBy as readonly NormalizedSortKey[];
}

/**
 * The position as given, after checking its shape: `values` an array, `id` a string.
 *
 * @throws CrmError `validation_failed` when it has not (a call no type-correct program makes).
 */
export function checkPosition(position: unknown, fn: string): CursorPosition {
  const p = position as { values?: unknown; id?: unknown } | null;
  if (p === null || typeof p !== 'object' || !Array.isArray(p.values) || typeof p.id !== 'string')
    throw new CrmError(
      'validation_failed',
      `${fn}: expected a cursor position { values, id }; received ${quoteValue(position)}`,
      {
        issues: [crmIssue.invalidType(['position'], 'a cursor position { values: [...], id: string }', position)],
      },
    );
  return p as CursorPosition;
}

/** The id of an entity being ordered, which every entity has. @throws CrmError when it has none. */
export function entityId(entity: unknown, fn: string): string {
  const id = entity !== null && typeof entity === 'object' ? (entity as { id?: unknown }).id : undefined;
  if (typeof id !== 'string')
    throw new CrmError(
      'validation_failed',
      `${fn}: expected an entity with a string id; received ${quoteValue(entity)}`,
      {
        issues: [crmIssue.invalidType(['id'], 'an entity with a string id', id)],
      },
    );
  return id;
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
  return comparatorOf(checkSortKeys(orderBy, 'entityComparator'));
}

/** {@link entityComparator} of checked sort keys. */
export function comparatorOf(orderBy: readonly NormalizedSortKey[]): (a: object, b: object) => number {
  return (a, b) => {
    for (const key of orderBy) {
      const c = compareKey(key, readField(a, key.field, key.type), readField(b, key.field, key.type));
      if (c !== 0) return c;
    }
    return compareText(entityId(a, 'entityComparator'), entityId(b, 'entityComparator'));
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
 * @throws CrmError `validation_failed` when the sort keys are not those of a `NormalizedQuery`, the position is not
 * `{ values, id }`, the entity has no string id, or a value is not of its key's type (a call no type-correct program makes).
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
  checkSortKeys(orderBy, 'compareToPosition');
  checkPosition(position, 'compareToPosition');
  entityId(entity, 'compareToPosition');
  return positionOrder(entity, orderBy, position);
}

/** {@link compareToPosition} of checked sort keys and position. */
export function positionOrder(entity: object, orderBy: readonly NormalizedSortKey[], position: CursorPosition): number {
  for (let i = 0; i < orderBy.length; i++) {
    const key = orderBy[i]!;
    const c = compareKey(key, readField(entity, key.field, key.type), position.values[i] ?? null);
    if (c !== 0) return c;
  }
  return compareText(entityId(entity, 'compareToPosition'), position.id);
}
