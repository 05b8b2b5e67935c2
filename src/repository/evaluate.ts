/**
 * The reference semantics of the query language: validation (unknown fields, operators that do
 * not fit a field's type, malformed values and cursors are refused with `validation_failed`),
 * normalisation, filter evaluation, the total sort order and keyset cursors. The memory store runs
 * queries with it; other adapters validate with {@link validateQuery} and encode cursors with
 * {@link encodeCursor} / {@link decodeCursor} so that every adapter pages identically.
 *
 * @module
 */
import { CrmError, formatPath, type CrmIssue, type CrmIssueCode, type PathSegment } from '../core/errors.js';
import { parseIsoInstant } from '../core/dates.js';
import type { EntityKind } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { ENTITY_FIELDS, type FieldType } from './fields.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type Page, type Query } from './query.js';
import { quoteValue } from '../_lib/show.js';

/** The type of a named field after validation: a catalog type, or `custom` for `customFields.<key>`. */
export type ResolvedFieldType = FieldType | 'custom';

/**
 * A comparable value after normalisation: text, number, boolean, instant, a money amount (as a
 * decimal string), a structured custom-field value, or `null`.
 *
 * @example
 * ```ts
 * const v: SortValue = new Date('2026-01-01T00:00:00Z');
 * ```
 */
export type SortValue = string | number | boolean | Date | null | { readonly json: unknown };

/**
 * A validated field filter. `eq`/`neq` with `null` are normalised to `isNull`; dates given as ISO
 * strings become `Date`s; money amounts are decimal strings.
 *
 * @example
 * ```ts
 * const f: NormalizedFieldFilter = { field: 'stageId', type: 'text', op: 'eq', value: 'won' };
 * ```
 */
export type NormalizedFieldFilter =
  | {
      readonly field: string;
      readonly type: ResolvedFieldType;
      readonly op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
      readonly value: string | number | boolean | Date;
    }
  | {
      readonly field: string;
      readonly type: ResolvedFieldType;
      readonly op: 'in';
      readonly value: readonly (string | number | boolean | Date)[];
    }
  | { readonly field: string; readonly type: ResolvedFieldType; readonly op: 'contains'; readonly value: string }
  | { readonly field: string; readonly type: ResolvedFieldType; readonly op: 'isNull'; readonly value: boolean };

/**
 * A validated filter tree.
 *
 * @example
 * ```ts
 * const f: NormalizedFilter = { and: [{ field: 'ownerId', type: 'text', op: 'eq', value: 'u1' }] };
 * ```
 */
export type NormalizedFilter =
  | NormalizedFieldFilter
  | { readonly and: readonly NormalizedFilter[] }
  | { readonly or: readonly NormalizedFilter[] }
  | { readonly not: NormalizedFilter };

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
 * A validated query: filter (or `null`), the sort keys (without the implicit final `id` key),
 * the page size and the decoded cursor position (or `null` for the first page).
 *
 * @example
 * ```ts
 * const r = validateQuery('deal', { limit: 10 });
 * if (r.ok) r.value.limit; //=> 10
 * ```
 */
export interface NormalizedQuery {
  readonly kind: EntityKind;
  readonly where: NormalizedFilter | null;
  readonly orderBy: readonly NormalizedSortKey[];
  readonly limit: number;
  readonly after: CursorPosition | null;
}

const OPS_BY_TYPE: Readonly<Record<ResolvedFieldType, readonly string[]>> = {
  text: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'isNull'],
  number: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'isNull'],
  boolean: ['eq', 'neq', 'in', 'isNull'],
  date: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'isNull'],
  money: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'isNull'],
  json: ['isNull'],
  custom: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'isNull'],
};
const ALL_OPS = /* @__PURE__ */ (() => new Set(OPS_BY_TYPE.custom))();
const QUERY_KEYS = /* @__PURE__ */ new Set(['where', 'orderBy', 'limit', 'cursor']);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const CUSTOM_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_DEPTH = 32;
const MAX_IN = 1000;

/**
 * Resolves a field name of an entity kind to its type, or `null` when the kind has no such field.
 * `customFields.<key>` resolves to `custom` when `<key>` is a valid custom-field key.
 *
 * @example
 * ```ts
 * fieldType('deal', 'amount'); //=> 'money'
 * fieldType('deal', 'customFields.region'); //=> 'custom'
 * fieldType('deal', 'nope'); //=> null
 * ```
 */
export function fieldType(kind: EntityKind, field: string): ResolvedFieldType | null {
  if (field.startsWith('customFields.')) return CUSTOM_KEY.test(field.slice('customFields.'.length)) ? 'custom' : null;
  const catalog = ENTITY_FIELDS[kind];
  return Object.prototype.hasOwnProperty.call(catalog, field) ? (catalog[field] ?? null) : null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/** Checks and normalises one comparison value for a field type; pushes an issue and returns undefined when bad. */
function normalizeValue(
  type: ResolvedFieldType,
  field: string,
  value: unknown,
  path: PathSegment[],
  issues: CrmIssue[],
): string | number | boolean | Date | undefined {
  const bad = (what: string, code: CrmIssueCode = 'invalid_type'): undefined => {
    issues.push({ path, message: `Field '${field}' (${type}) needs ${what}; received ${quoteValue(value)}`, code });
    return undefined;
  };
  if (typeof value === 'string' && hasNul(value)) return bad('text without NUL (\\u0000) characters', 'invalid_format');
  switch (type) {
    case 'text':
      return typeof value === 'string' ? value : bad('a string');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : bad('a finite number');
    case 'boolean':
      return typeof value === 'boolean' ? value : bad('a boolean');
    case 'date': {
      if (value instanceof Date)
        return Number.isFinite(value.getTime()) ? new Date(value.getTime()) : bad('a valid Date', 'invalid_date');
      if (typeof value === 'string') {
        const t = parseIsoInstant(value);
        return Number.isFinite(t) ? new Date(t) : bad('a Date or an ISO 8601 instant', 'invalid_date');
      }
      return bad('a Date or an ISO 8601 instant');
    }
    case 'money':
      if (typeof value === 'string' && DECIMAL.test(value)) return value;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      return bad('a decimal amount as a string (e.g. "1200.50") or a safe integer', 'invalid_amount');
    case 'custom':
      if (value instanceof Date)
        return Number.isFinite(value.getTime()) ? value.toISOString() : bad('a valid Date', 'invalid_date');
      if (typeof value === 'string' || typeof value === 'boolean') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      return bad('a string, finite number, boolean or Date');
    case 'json':
      return bad('no value: structured fields only support isNull');
  }
}

function validateFilter(
  kind: EntityKind,
  f: unknown,
  path: PathSegment[],
  issues: CrmIssue[],
  depth: number,
): NormalizedFilter | undefined {
  if (depth > MAX_DEPTH) {
    issues.push({ path, message: `Filters nest at most ${MAX_DEPTH} levels deep`, code: 'too_deep' });
    return undefined;
  }
  if (!isPlainObject(f)) {
    issues.push({
      path,
      message: `A filter must be an object ({ field, op, value }, { and }, { or } or { not }); received ${quoteValue(f)}`,
      code: 'invalid_type',
    });
    return undefined;
  }
  const keys = Object.keys(f);
  if ('and' in f || 'or' in f) {
    const which = 'and' in f ? 'and' : 'or';
    if (keys.length !== 1) {
      issues.push({
        path,
        message: `A '${which}' filter has only the key '${which}'; received keys ${keys.join(', ')}`,
        code: 'unrecognized_keys',
      });
      return undefined;
    }
    const list = f[which];
    if (!Array.isArray(list)) {
      issues.push({ path: [...path, which], message: `'${which}' takes an array of filters`, code: 'invalid_type' });
      return undefined;
    }
    const parts: NormalizedFilter[] = [];
    list.forEach((g, i) => {
      const n = validateFilter(kind, g, [...path, which, i], issues, depth + 1);
      if (n !== undefined) parts.push(n);
    });
    return which === 'and' ? { and: parts } : { or: parts };
  }
  if ('not' in f) {
    if (keys.length !== 1) {
      issues.push({
        path,
        message: `A 'not' filter has only the key 'not'; received keys ${keys.join(', ')}`,
        code: 'unrecognized_keys',
      });
      return undefined;
    }
    const inner = validateFilter(kind, f['not'], [...path, 'not'], issues, depth + 1);
    return inner === undefined ? undefined : { not: inner };
  }
  const extra = keys.filter((k) => k !== 'field' && k !== 'op' && k !== 'value');
  if (extra.length > 0) {
    issues.push({
      path,
      message: `A field filter has the keys field, op and value; unexpected ${extra.join(', ')}`,
      code: 'unrecognized_keys',
    });
    return undefined;
  }
  const { field, op, value } = f;
  if (typeof field !== 'string') {
    issues.push({
      path: [...path, 'field'],
      message: `field must be a string; received ${quoteValue(field)}`,
      code: 'invalid_type',
    });
    return undefined;
  }
  const type = fieldType(kind, field);
  if (type === null) {
    const known = Object.keys(ENTITY_FIELDS[kind]).join(', ');
    issues.push({
      path: [...path, 'field'],
      message: `Unknown field '${field}' of ${kind}; known fields: ${known}, or customFields.<key>`,
      code: 'unknown_field',
    });
    return undefined;
  }
  if (typeof op !== 'string' || !ALL_OPS.has(op)) {
    issues.push({
      path: [...path, 'op'],
      message: `Unknown operator ${quoteValue(op)}; allowed: ${[...ALL_OPS].join(', ')}`,
      code: 'unknown_operator',
    });
    return undefined;
  }
  if (!(OPS_BY_TYPE[type] as readonly string[]).includes(op)) {
    issues.push({
      path: [...path, 'op'],
      message: `Operator '${op}' does not apply to '${field}' (${type}); allowed: ${OPS_BY_TYPE[type].join(', ')}`,
      code: 'unknown_operator',
    });
    return undefined;
  }
  const vpath = [...path, 'value'];
  if (op === 'isNull') {
    if (typeof value !== 'boolean') {
      issues.push({
        path: vpath,
        message: `isNull takes true (field is null) or false (field is set); received ${quoteValue(value)}`,
        code: 'invalid_type',
      });
      return undefined;
    }
    return { field, type, op, value };
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length > MAX_IN) {
      issues.push({
        path: vpath,
        message: `'in' takes an array of at most ${MAX_IN} values; received ${quoteValue(value)}${Array.isArray(value) ? ` of ${value.length}` : ''}`,
        code: 'invalid_type',
      });
      return undefined;
    }
    const out: (string | number | boolean | Date)[] = [];
    let good = true;
    value.forEach((v, i) => {
      if (v === null) {
        issues.push({
          path: [...vpath, i],
          message: `'in' values must not be null; use { op: 'isNull' } in an 'or'`,
          code: 'invalid_type',
        });
        good = false;
        return;
      }
      const n = normalizeValue(type, field, v, [...vpath, i], issues);
      if (n === undefined) good = false;
      else out.push(n);
    });
    return good ? { field, type, op, value: out } : undefined;
  }
  if (op === 'contains') {
    if (typeof value !== 'string' || hasNul(value)) {
      issues.push({
        path: vpath,
        message: `contains takes a string without NUL characters; received ${quoteValue(value)}`,
        code: 'invalid_type',
      });
      return undefined;
    }
    return { field, type, op, value };
  }
  if (value === null) {
    if (op === 'eq' || op === 'neq') return { field, type, op: 'isNull', value: op === 'eq' };
    issues.push({
      path: vpath,
      message: `'${op}' needs a value; null is never ordered (use isNull)`,
      code: 'invalid_type',
    });
    return undefined;
  }
  const n = normalizeValue(type, field, value, vpath, issues);
  return n === undefined ? undefined : { field, type, op: op as 'eq', value: n };
}

/**
 * Validates a query against an entity kind and normalises it: unknown fields, operators that do
 * not apply to a field's type, malformed values, a bad `limit` (an integer 1..1,000) and a cursor
 * that is malformed or was made for another sort all fail with `validation_failed`, each problem an
 * issue with its path. Adapters call it first, so that they accept exactly what the memory store does.
 *
 * @example
 * ```ts
 * const r = validateQuery('deal', { where: { field: 'stageId', op: 'eq', value: 'won' }, orderBy: [{ field: 'amount', direction: 'desc' }] });
 * if (r.ok) r.value.orderBy[0]; //=> { field: 'amount', type: 'money', direction: 'desc', nulls: 'first' }
 * ```
 */
export function validateQuery(kind: EntityKind, query: unknown = {}): Result<NormalizedQuery> {
  const issues: CrmIssue[] = [];
  if (query === undefined || query === null) query = {};
  if (!isPlainObject(query)) {
    return err(
      new CrmError('validation_failed', `A query must be an object; received ${quoteValue(query)}`, {
        issues: [{ path: [], message: 'Expected an object', code: 'invalid_type' }],
      }),
    );
  }
  for (const k of Object.keys(query))
    if (!QUERY_KEYS.has(k))
      issues.push({
        path: [k],
        message: `Unknown query key '${k}'; allowed: where, orderBy, limit, cursor`,
        code: 'unrecognized_keys',
      });
  const q = query as Query<unknown>;
  const where =
    q.where === undefined || q.where === null ? null : (validateFilter(kind, q.where, ['where'], issues, 0) ?? null);

  const orderBy: NormalizedSortKey[] = [];
  if (q.orderBy !== undefined) {
    if (!Array.isArray(q.orderBy))
      issues.push({ path: ['orderBy'], message: 'orderBy must be an array of sort keys', code: 'invalid_type' });
    else {
      (q.orderBy as unknown[]).forEach((key, i) => {
        const path: PathSegment[] = ['orderBy', i];
        if (!isPlainObject(key) || typeof key['field'] !== 'string') {
          issues.push({ path, message: 'A sort key is { field, direction?, nulls? }', code: 'invalid_type' });
          return;
        }
        const extra = Object.keys(key).filter((k) => k !== 'field' && k !== 'direction' && k !== 'nulls');
        if (extra.length > 0)
          issues.push({
            path,
            message: `Unexpected sort key properties: ${extra.join(', ')}`,
            code: 'unrecognized_keys',
          });
        const field = key['field'];
        const type = fieldType(kind, field);
        if (type === null) {
          issues.push({
            path: [...path, 'field'],
            message: `Unknown field '${field}' of ${kind}; known fields: ${Object.keys(ENTITY_FIELDS[kind]).join(', ')}, or customFields.<key>`,
            code: 'unknown_field',
          });
          return;
        }
        if (type === 'json') {
          issues.push({
            path: [...path, 'field'],
            message: `'${field}' is a structured field and cannot be sorted`,
            code: 'unknown_operator',
          });
          return;
        }
        const direction = key['direction'] ?? 'asc';
        if (direction !== 'asc' && direction !== 'desc') {
          issues.push({
            path: [...path, 'direction'],
            message: `direction is 'asc' or 'desc'; received ${quoteValue(direction)}`,
            code: 'invalid_value',
          });
          return;
        }
        const nulls = key['nulls'] ?? (direction === 'asc' ? 'last' : 'first');
        if (nulls !== 'first' && nulls !== 'last') {
          issues.push({
            path: [...path, 'nulls'],
            message: `nulls is 'first' or 'last'; received ${quoteValue(nulls)}`,
            code: 'invalid_value',
          });
          return;
        }
        if (orderBy.some((k) => k.field === field)) {
          issues.push({ path: [...path, 'field'], message: `'${field}' is sorted on twice`, code: 'duplicate' });
          return;
        }
        orderBy.push({ field, type, direction, nulls });
      });
    }
  }

  let limit = DEFAULT_LIMIT;
  if (q.limit !== undefined) {
    if (typeof q.limit !== 'number' || !Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_LIMIT) {
      issues.push({
        path: ['limit'],
        message: `limit must be an integer from 1 to ${MAX_LIMIT}; received ${quoteValue(q.limit)}`,
        code: 'invalid_value',
      });
    } else limit = q.limit;
  }

  let after: CursorPosition | null = null;
  if (q.cursor !== undefined && q.cursor !== null && issues.length === 0) {
    const decoded = decodeCursor(q.cursor, orderBy);
    if (decoded.ok) after = decoded.value;
    else issues.push(...decoded.error.issues);
  }
  if (issues.length > 0) {
    return err(
      new CrmError(
        'validation_failed',
        `Invalid ${kind} query: ${issues.length} issue${issues.length === 1 ? '' : 's'}; first at ${formatPath(issues[0]!.path)}: ${issues[0]!.message}`,
        { issues },
      ),
    );
  }
  return ok(Object.freeze({ kind, where, orderBy: Object.freeze(orderBy), limit, after }));
}

// ---------------------------------------------------------------------------------------------
// Values and ordering

/**
 * Reads a field of an entity as a comparable value: money fields give their amount, missing or
 * `undefined` values give `null`, structured custom values are wrapped as `{ json }`.
 *
 * @example
 * ```ts
 * readField(deal, 'amount', 'money'); //=> '1200.00'
 * ```
 */
export function readField(entity: object, field: string, type: ResolvedFieldType): SortValue {
  if (type === 'custom') {
    const cf = (entity as { customFields?: Record<string, unknown> }).customFields;
    const v = cf === undefined ? undefined : cf[field.slice(13)];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (v instanceof Date) return v.toISOString();
    return { json: v };
  }
  const v = (entity as Record<string, unknown>)[field];
  if (v === undefined || v === null) return null;
  if (type === 'money') return (v as { amount: string }).amount;
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
 * Compares two non-null values of one field type: text by UTF-16 code unit, numbers and instants
 * numerically, money amounts as decimals, `false < true`; custom-field values of different types by
 * type (string < number < boolean < structured), structured values by their JSON text.
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
      return a < b ? -1 : a > b ? 1 : 0;
    case 'number':
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 'boolean':
      return a === b ? 0 : a === false ? -1 : 1;
    case 'date': {
      const x = (a as Date).getTime(),
        y = (b as Date).getTime();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'money':
      return a === b ? 0 : compareDecimalStrings(a as string, b as string);
    case 'json':
    case 'custom': {
      const ra = customRank(a),
        rb = customRank(b);
      if (ra !== rb) return ra < rb ? -1 : 1;
      if (ra === 3) {
        const x = JSON.stringify((a as { json: unknown }).json),
          y = JSON.stringify((b as { json: unknown }).json);
        return x < y ? -1 : x > y ? 1 : 0;
      }
      return compareValues(ra === 0 ? 'text' : ra === 1 ? 'number' : 'boolean', a, b);
    }
  }
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Compares two plain decimal strings exactly without building decimals (falls back to Dec for other forms). */
function compareDecimalStrings(a: string, b: string): number {
  if (!PLAIN_DECIMAL.test(a) || !PLAIN_DECIMAL.test(b)) return new Dec(a).cmp(new Dec(b));
  const na = a.startsWith('-'),
    nb = b.startsWith('-');
  const [ia = '', fa = ''] = (na ? a.slice(1) : a).split('.');
  const [ib = '', fb = ''] = (nb ? b.slice(1) : b).split('.');
  const ta = ia.replace(/^0+/, ''),
    tb = ib.replace(/^0+/, '');
  const zeroA = ta === '' && /^0*$/.test(fa),
    zeroB = tb === '' && /^0*$/.test(fb);
  const sa = zeroA ? 0 : na ? -1 : 1,
    sb = zeroB ? 0 : nb ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let mag: number;
  if (ta.length !== tb.length) mag = ta.length < tb.length ? -1 : 1;
  else if (ta !== tb) mag = ta < tb ? -1 : 1;
  else {
    const len = Math.max(fa.length, fb.length);
    const x = fa.padEnd(len, '0'),
      y = fb.padEnd(len, '0');
    mag = x === y ? 0 : x < y ? -1 : 1;
  }
  return sa < 0 ? -mag : mag;
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
 * The total order of a query: its sort keys, then `id` ascending. Returns a comparator of entities.
 *
 * @example
 * ```ts
 * const cmp = entityComparator(normalized.orderBy);
 * deals.slice().sort(cmp);
 * ```
 */
export function entityComparator(orderBy: readonly NormalizedSortKey[]): (a: object, b: object) => number {
  return (a, b) => {
    for (const key of orderBy) {
      const c = compareKey(key, readField(a, key.field, key.type), readField(b, key.field, key.type));
      if (c !== 0) return c;
    }
    const x = (a as { id: string }).id,
      y = (b as { id: string }).id;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/**
 * Compares an entity with a cursor position under a query's order: positive when the entity
 * comes after the position (and so belongs to a later page).
 *
 * @example
 * ```ts
 * compareToPosition(deal, normalized.orderBy, normalized.after!) > 0; // deal is on a later page
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
  const x = (entity as { id: string }).id;
  return x < position.id ? -1 : x > position.id ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Filters

function equalValues(type: ResolvedFieldType, field: SortValue, value: string | number | boolean | Date): boolean {
  if (field === null) return false;
  if (type === 'custom') {
    if (typeof field === 'object') return false;
    return typeof field === typeof value && field === value;
  }
  return compareValues(type, field, value) === 0;
}

function compileField(f: NormalizedFieldFilter): (e: object) => boolean {
  const { field, type } = f;
  switch (f.op) {
    case 'isNull': {
      const want = f.value;
      if (type !== 'custom') return (e) => ((e as Record<string, unknown>)[field] == null) === want;
      return (e) => (readField(e, field, type) === null) === want;
    }
    case 'eq': {
      const v = f.value;
      if (type === 'text') return (e) => (e as Record<string, unknown>)[field] === v;
      return (e) => equalValues(type, readField(e, field, type), v);
    }
    case 'neq': {
      const v = f.value;
      return (e) => !equalValues(type, readField(e, field, type), v);
    }
    case 'in': {
      const vs = f.value;
      if (type === 'text') {
        const set = new Set(vs);
        return (e) => set.has((e as Record<string, unknown>)[field] as string);
      }
      return (e) => {
        const x = readField(e, field, type);
        return vs.some((v) => equalValues(type, x, v));
      };
    }
    case 'contains': {
      const needle = f.value.toLowerCase();
      return (e) => {
        const x = readField(e, field, type);
        return typeof x === 'string' && x.toLowerCase().includes(needle);
      };
    }
    default: {
      const v = f.value;
      const op = f.op;
      return (e) => {
        const x = readField(e, field, type);
        if (x === null) return false;
        if (type === 'custom' && (typeof x === 'object' || typeof x !== typeof v)) return false;
        const c = compareValues(type, x, v);
        return op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
      };
    }
  }
}

/**
 * Compiles a validated filter into a predicate over entities (`null` filter: everything matches).
 * Semantics: `neq` matches null fields; ordered comparisons never match null fields; `contains` is a
 * case-insensitive substring test (JavaScript `toLowerCase`); `in []` matches nothing; `and []`
 * matches everything and `or []` nothing. Custom-field values only equal or order against values of
 * the same JSON type.
 *
 * @example
 * ```ts
 * const open = compileFilter(validated.where);
 * deals.filter(open);
 * ```
 */
export function compileFilter(filter: NormalizedFilter | null): (entity: object) => boolean {
  if (filter === null) return () => true;
  if ('and' in filter) {
    const parts = filter.and.map(compileFilter);
    if (parts.length === 2) {
      const [p, q] = parts as [(e: object) => boolean, (e: object) => boolean];
      return (e) => p(e) && q(e);
    }
    return (e) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i]!(e)) return false;
      return true;
    };
  }
  if ('or' in filter) {
    const parts = filter.or.map(compileFilter);
    return (e) => {
      for (let i = 0; i < parts.length; i++) if (parts[i]!(e)) return true;
      return false;
    };
  }
  if ('not' in filter) {
    const inner = compileFilter(filter.not);
    return (e) => !inner(e);
  }
  return compileField(filter);
}

// ---------------------------------------------------------------------------------------------
// Cursors

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function orderSignature(orderBy: readonly NormalizedSortKey[]): string {
  return orderBy.map((k) => `${k.field}:${k.direction}:${k.nulls}`).join(',');
}

function encodeValue(v: SortValue): unknown {
  if (v instanceof Date) return { d: v.getTime() };
  if (v !== null && typeof v === 'object') return { j: v.json };
  return v;
}

/**
 * Encodes a cursor position opaquely (base64url of JSON holding the sort signature, the sort
 * values and the id). Cursors are only meaningful with the same sort they were made for.
 *
 * @example
 * ```ts
 * const c = encodeCursor(normalized.orderBy, { values: [new Date('2026-03-01T00:00:00Z')], id: 'deal-7' });
 * ```
 */
export function encodeCursor(orderBy: readonly NormalizedSortKey[], position: CursorPosition): string {
  return toBase64Url(
    JSON.stringify({ o: orderSignature(orderBy), v: position.values.map(encodeValue), i: position.id }),
  );
}

/**
 * The cursor position after an entity (its sort values and id), encoded with {@link encodeCursor}.
 *
 * @example
 * ```ts
 * const next = cursorAfter(normalized.orderBy, items[items.length - 1]);
 * ```
 */
export function cursorAfter(orderBy: readonly NormalizedSortKey[], entity: object): string {
  return encodeCursor(orderBy, {
    values: orderBy.map((k) => readField(entity, k.field, k.type)),
    id: (entity as { id: string }).id,
  });
}

/**
 * Decodes a cursor made by {@link encodeCursor} for the same sort keys; a malformed cursor, or one
 * made for another sort, fails with `validation_failed`.
 *
 * @example
 * ```ts
 * const r = decodeCursor(page.nextCursor!, normalized.orderBy);
 * if (r.ok) r.value.id; //=> 'deal-7'
 * ```
 */
export function decodeCursor(cursor: unknown, orderBy: readonly NormalizedSortKey[]): Result<CursorPosition> {
  const bad = (message: string) =>
    err(
      new CrmError('validation_failed', `Invalid cursor: ${message}`, {
        issues: [{ path: ['cursor'], message, code: 'invalid_cursor' }],
      }),
    );
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 100_000)
    return bad('expected the nextCursor string of a previous page');
  const text = fromBase64Url(cursor);
  if (text === null) return bad('not a cursor made by this library');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return bad('not a cursor made by this library');
  }
  if (
    !isPlainObject(data) ||
    typeof data['o'] !== 'string' ||
    !Array.isArray(data['v']) ||
    typeof data['i'] !== 'string'
  )
    return bad('not a cursor made by this library');
  if (data['o'] !== orderSignature(orderBy))
    return bad('the cursor was made for a different orderBy; pass the same filter and sort as the first page');
  const raw = data['v'] as unknown[];
  if (raw.length !== orderBy.length) return bad('the cursor does not match the sort keys');
  const values: SortValue[] = [];
  for (let i = 0; i < raw.length; i++) {
    const key = orderBy[i]!;
    const v = raw[i];
    if (v === null) {
      values.push(null);
      continue;
    }
    let decoded: SortValue | undefined;
    switch (key.type) {
      case 'text':
        decoded = typeof v === 'string' ? v : undefined;
        break;
      case 'number':
        decoded = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
        break;
      case 'boolean':
        decoded = typeof v === 'boolean' ? v : undefined;
        break;
      case 'money':
        decoded = typeof v === 'string' && DECIMAL.test(v) ? v : undefined;
        break;
      case 'date':
        decoded =
          isPlainObject(v) && typeof v['d'] === 'number' && Number.isFinite(new Date(v['d']).getTime())
            ? new Date(v['d'])
            : undefined;
        break;
      default:
        decoded =
          typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
            ? v
            : isPlainObject(v) && 'j' in v
              ? { json: v['j'] }
              : undefined;
    }
    if (decoded === undefined) return bad(`value ${i} does not fit the sort key '${key.field}'`);
    values.push(decoded);
  }
  return ok(Object.freeze({ values: Object.freeze(values), id: data['i'] }));
}

// ---------------------------------------------------------------------------------------------
// Running a query

/**
 * Runs a validated query over in-process records: filter, keyset position, total order, page.
 * Returns the matching records themselves (copy them before handing them out) and the cursor of
 * the next page (`null` when this page is the last).
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { where: { field: 'ownerId', op: 'eq', value: 'u1' }, limit: 20 }));
 * const page = runQuery(allDeals, q);
 * ```
 */
export function runQuery<E extends { readonly id: string }>(records: Iterable<E>, query: NormalizedQuery): Page<E> {
  const matches = compileFilter(query.where);
  const { orderBy, after, limit } = query;
  const hits: E[] = [];
  for (const r of records) if (matches(r) && (after === null || compareToPosition(r, orderBy, after) > 0)) hits.push(r);
  const cmp = entityComparator(orderBy);
  let items: E[];
  if (hits.length > limit * 8 && hits.length > 4096) items = smallest(hits, limit + 1, cmp);
  else items = hits.sort(cmp).slice(0, limit + 1);
  const more = items.length > limit;
  if (more) items = items.slice(0, limit);
  return { items, nextCursor: more ? cursorAfter(orderBy, items[items.length - 1]!) : null };
}

/** The k smallest elements in order, by a bounded insertion buffer (k ≪ n). */
function smallest<E>(xs: readonly E[], k: number, cmp: (a: E, b: E) => number): E[] {
  const buf: E[] = [];
  for (const x of xs) {
    if (buf.length === k && cmp(x, buf[k - 1]!) >= 0) continue;
    let lo = 0,
      hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(buf[mid]!, x) <= 0) lo = mid + 1;
      else hi = mid;
    }
    buf.splice(lo, 0, x);
    if (buf.length > k) buf.pop();
  }
  return buf;
}

/**
 * Counts the records matching a validated filter.
 *
 * @example
 * ```ts
 * countMatching(allDeals, unwrap(validateQuery('deal', { where })).where); //=> 42
 * ```
 */
export function countMatching(records: Iterable<object>, filter: NormalizedFilter | null): number {
  const matches = compileFilter(filter);
  let n = 0;
  for (const r of records) if (matches(r)) n++;
  return n;
}
