/**
 * `validateQuery`: a repository query checked against an entity kind and normalised — the filter as a
 * condition bound to the query's context, the sort keys with their defaults, the page size and the
 * decoded cursor. Every adapter calls it first, so that every store accepts exactly the same queries.
 *
 * @module
 */
import { CrmError, prefixIssues, type CrmIssue, type PathSegment } from '../core/errors.js';
import type { EntityKind } from '../core/ids.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue, thrownText } from '../_lib/show.js';
import { bindCondition, contextIssues, type BoundNode } from '../conditions/bind.js';
import { entityCatalog, fieldTypeIn } from '../conditions/catalog.js';
import { defineCondition, isCondition, type AnyCondition } from '../conditions/define.js';
import type { ConditionContext } from '../conditions/types.js';
import { decodeCursor } from './cursor.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './query.js';
import type { CursorPosition, NormalizedSortKey } from './sort.js';

/**
 * A validated query: its condition (or `null`), the condition bound to the query's context, the context,
 * the sort keys (without the implicit final `id` key), the page size and the decoded cursor position
 * (or `null` for the first page).
 *
 * @example
 * ```ts
 * const r = validateQuery('deal', { limit: 10 });
 * if (r.ok) r.value.limit; //=> 10
 * ```
 */
export interface NormalizedQuery {
  readonly kind: EntityKind;
  readonly where: AnyCondition | null;
  readonly bound: BoundNode | null;
  readonly context: ConditionContext;
  readonly orderBy: readonly NormalizedSortKey[];
  readonly limit: number;
  readonly after: CursorPosition | null;
}

const QUERY_KEYS = ['where', 'context', 'orderBy', 'limit', 'cursor'] as const;
const SORT_KEYS = ['field', 'direction', 'nulls'] as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function sortKeys(kind: EntityKind, raw: unknown, issues: CrmIssue[]): NormalizedSortKey[] {
  const orderBy: NormalizedSortKey[] = [];
  if (raw === undefined) return orderBy;
  if (!Array.isArray(raw)) {
    issues.push(crmIssue.invalidType(['orderBy'], 'an array of sort keys { field, direction?, nulls? }', raw));
    return orderBy;
  }
  const catalog = entityCatalog(kind)!;
  if (raw.length > 8) {
    issues.push(crmIssue.tooBig(['orderBy'], 'sort keys', 8, true, `${raw.length} keys`));
    return orderBy;
  }
  raw.forEach((key: unknown, i) => {
    const path: PathSegment[] = ['orderBy', i];
    if (!isPlainObject(key) || typeof key['field'] !== 'string') {
      issues.push(crmIssue.invalidType(path, 'a sort key { field, direction?, nulls? }', key));
      return;
    }
    const extra = Object.keys(key).filter((k) => !(SORT_KEYS as readonly string[]).includes(k));
    if (extra.length > 0) issues.push(crmIssue.unrecognizedKeys(path, extra, SORT_KEYS));
    const field = key['field'];
    const type = fieldTypeIn(catalog, field);
    if (type === null) {
      const known = [...Object.keys(catalog.fields), 'customFields.<key>'];
      issues.push(crmIssue.unknownName('unknown_field', [...path, 'field'], `field of ${kind}`, field, known));
      return;
    }
    if (type === 'custom' && field.indexOf('.', 'customFields.'.length) >= 0) {
      issues.push(
        crmIssue.of(
          'unknown_operator',
          [...path, 'field'],
          `'${field}' is a path into a custom value; sort by a top-level custom field`,
        ),
      );
      return;
    }
    if (type === 'json' || type === 'list') {
      issues.push(
        crmIssue.of('unknown_operator', [...path, 'field'], `'${field}' is a structured field and cannot be sorted`),
      );
      return;
    }
    const direction = key['direction'] ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') {
      issues.push(
        crmIssue.invalidValue([...path, 'direction'], 'direction is asc or desc', direction, ['asc', 'desc']),
      );
      return;
    }
    const nulls = key['nulls'] ?? (direction === 'asc' ? 'last' : 'first');
    if (nulls !== 'first' && nulls !== 'last') {
      issues.push(crmIssue.invalidValue([...path, 'nulls'], 'nulls is first or last', nulls, ['first', 'last']));
      return;
    }
    if (orderBy.some((k) => k.field === field)) {
      issues.push(crmIssue.duplicate([...path, 'field'], 'sort field', field));
      return;
    }
    orderBy.push({ field, type, direction, nulls });
  });
  return orderBy;
}

/**
 * Validates a query against an entity kind and normalises it. The filter (`where`) is a condition in the
 * one condition language — JSON validated here, or a `Condition` made by `defineCondition` for the same
 * entity — bound to `context` (`asOf` for `$now`, `user` for `$ref`, activities and the like for
 * extension tests). Unknown keys, fields, operators and sort keys, malformed values, a bad `limit` (an
 * integer 1..1,000), a context the condition cannot be evaluated in, and a cursor that is malformed or
 * was made for another sort all fail with `validation_failed`, each problem an issue with its path.
 * Adapters call it first, so that they accept exactly what the memory store does. Never throws for
 * the query, whatever it holds.
 *
 * @throws {CrmError} `validation_failed` when `kind` is not an entity kind (a call no type-correct
 *   program makes).
 *
 * @example
 * ```ts
 * const r = validateQuery('deal', { where: { field: 'stageId', op: 'eq', value: 'won' }, orderBy: [{ field: 'amount', direction: 'desc' }] });
 * if (r.ok) r.value.orderBy[0]; //=> { field: 'amount', type: 'money', direction: 'desc', nulls: 'first' }
 * ```
 */
export function validateQuery(kind: EntityKind, query: unknown = {}): Result<NormalizedQuery> {
  if (query === undefined || query === null) query = {};
  if (typeof kind !== 'string' || entityCatalog(kind) === undefined)
    throw new CrmError('validation_failed', `validateQuery: unknown entity kind ${quoteValue(kind)}`, {
      issues: [crmIssue.invalidValue(['kind'], 'an entity kind', kind)],
    });
  try {
    return normalize(kind, query);
  } catch (e) {
    return err(unreadable(kind, e));
  }
}

/** The error of a query whose reading threw (a getter or a proxy): reported, never passed on. */
function unreadable(kind: string, e: unknown): CrmError {
  if (e instanceof CrmError) return e;
  const why = thrownText(e);
  return invalidInput(`${kind} query`, [crmIssue.of('invalid_type', [], `the query could not be read: ${why}`)]);
}

function normalize(kind: EntityKind, query: unknown): Result<NormalizedQuery> {
  if (!isPlainObject(query))
    return err(invalidInput(`${kind} query`, [crmIssue.invalidType([], 'a query object', query)]));
  const issues: CrmIssue[] = [];
  for (const k of Object.keys(query))
    if (!(QUERY_KEYS as readonly string[]).includes(k)) issues.push(crmIssue.unrecognizedKeys([k], [k], QUERY_KEYS));
  const rawContext = query['context'];
  let context: ConditionContext = {};
  if (rawContext !== undefined && rawContext !== null) {
    if (!isPlainObject(rawContext))
      issues.push(crmIssue.invalidType(['context'], 'a condition context { asOf?, user?, … }', rawContext));
    else context = rawContext as ConditionContext;
  }
  let where: AnyCondition | null = null;
  const rawWhere = query['where'];
  if (rawWhere !== undefined && rawWhere !== null) {
    if (isCondition(rawWhere)) {
      if (rawWhere.catalog.name !== kind)
        issues.push(
          crmIssue.invalidValue(
            ['where'],
            `a condition on ${kind}; this one is on ${rawWhere.catalog.name}`,
            rawWhere.catalog.name,
          ),
        );
      else where = rawWhere;
    } else {
      const d = defineCondition(rawWhere, { entity: kind });
      if (d.ok) where = d.value;
      else issues.push(...prefixIssues(d.error.issues, ['where']));
    }
  }
  if (where !== null) issues.push(...prefixIssues(contextIssues(where, context), ['context']));
  const orderBy = sortKeys(kind, query['orderBy'], issues);
  let limit = DEFAULT_LIMIT;
  const rawLimit = query['limit'];
  if (rawLimit !== undefined) {
    if (typeof rawLimit !== 'number' || !Number.isInteger(rawLimit) || rawLimit < 1 || rawLimit > MAX_LIMIT)
      issues.push(crmIssue.invalidValue(['limit'], `limit must be an integer from 1 to ${MAX_LIMIT}`, rawLimit));
    else limit = rawLimit;
  }
  let after: CursorPosition | null = null;
  const cursor = query['cursor'];
  if (cursor !== undefined && cursor !== null && issues.length === 0) {
    const decoded = decodeCursor(cursor, orderBy);
    if (decoded.ok) after = decoded.value;
    else issues.push(...decoded.error.issues);
  }
  if (issues.length > 0) return err(invalidInput(`${kind} query`, issues));
  let bound: BoundNode | null = null;
  if (where !== null) {
    try {
      bound = bindCondition(where, context);
    } catch (e) {
      if (e instanceof CrmError) return err(e);
      throw e;
    }
  }
  return ok(Object.freeze({ kind, where, bound, context, orderBy: Object.freeze(orderBy), limit, after }));
}

/**
 * Validates the query of a `count`: the same query object a `find` takes is accepted, its sort, page
 * size and cursor ignored (a count has none); otherwise as {@link validateQuery}.
 *
 * @throws {CrmError} `validation_failed` when `kind` is not an entity kind.
 *
 * @example
 * ```ts
 * validateCountQuery('deal', { where: { field: 'closedAt', op: 'isNull', value: true }, limit: 10 }).ok; //=> true
 * validateCountQuery('deal', { wher: {} }).ok; //=> false
 * ```
 */
export function validateCountQuery(kind: EntityKind, query: unknown = {}): Result<NormalizedQuery> {
  if (!isPlainObject(query)) return validateQuery(kind, query);
  let filter: Record<string, unknown>;
  try {
    // Only the keys a count reads are copied (a getter of orderBy, limit or cursor is not called).
    filter = {};
    for (const k of Object.keys(query))
      if (k !== 'orderBy' && k !== 'limit' && k !== 'cursor')
        Object.defineProperty(filter, k, { value: query[k], enumerable: true, writable: true, configurable: true });
  } catch (e) {
    if (typeof kind !== 'string' || entityCatalog(kind) === undefined) return validateQuery(kind, {});
    return err(unreadable(kind, e));
  }
  return validateQuery(kind, filter);
}
