/**
 * Running a validated query over in-process records: the reference the memory store runs, and what
 * every other adapter must agree with.
 *
 * @module
 */
import { compileBound } from '../conditions/evaluate.js';
import type { BoundNode } from '../conditions/bind.js';
import { boundIssue } from '../conditions/boundIssue.js';
import { entityCatalog, type FieldCatalog } from '../conditions/catalog.js';
import type { ConditionContext } from '../conditions/types.js';
import type { CrmError, PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { cursorAfterChecked } from './cursor.js';
import { MAX_LIMIT, type Page } from './query.js';
import { checkPosition, checkSortKeys, comparatorOf, positionOrder, type CursorPosition } from './sort.js';
import type { NormalizedQuery } from './validateQuery.js';

/**
 * The predicate of a query's bound condition over records (`null`: every record matches).
 *
 * @throws CrmError `validation_failed` when `query` is not shaped as a `NormalizedQuery` (an entity kind, a
 *   context object, a bound tree as `bindCondition` makes: see `BoundNode`) — a call no type-correct program
 *   makes; and what a condition extension's own code throws (its `compile`, or its test when the predicate
 *   runs).
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { where: { field: 'stageId', op: 'eq', value: 'won' } }));
 * const records = [{ id: 'd1', stageId: 'won' }, { id: 'd2', stageId: 'lost' }];
 * records.filter(queryPredicate(q)).map((d) => d.id); //=> ['d1']
 * ```
 */
export function queryPredicate(
  query: Pick<NormalizedQuery, 'kind' | 'bound' | 'context'>,
): (record: object) => boolean {
  return predicateOf(checkQueryFilter(query, 'queryPredicate'));
}

function notAQuery(fn: string, path: readonly PathSegment[], expected: string, received: unknown): CrmError {
  return invalidInput(`${fn}: the query`, [crmIssue.invalidType(path, expected, received)]);
}

/** The filter part of a query after checking its shape (kind, bound tree, context). */
function checkQueryFilter(
  query: unknown,
  fn: string,
): { readonly catalog: FieldCatalog; readonly bound: BoundNode | null; readonly context: ConditionContext } {
  if (query === null || typeof query !== 'object')
    throw notAQuery(fn, [], 'a NormalizedQuery (from validateQuery)', query);
  const { kind, bound, context } = query as Record<string, unknown>;
  const catalog = typeof kind === 'string' ? entityCatalog(kind) : undefined;
  if (catalog === undefined) throw notAQuery(fn, ['kind'], 'an entity kind', kind);
  if (context === null || typeof context !== 'object')
    throw notAQuery(fn, ['context'], 'a condition context { asOf?, user?, … }', context);
  if (bound !== null) {
    const issue = boundIssue(bound, ['bound']);
    if (issue !== null) throw invalidInput(`${fn}: the query`, [issue]);
  }
  return { catalog, bound: bound as BoundNode | null, context: context as ConditionContext };
}

function predicateOf(q: ReturnType<typeof checkQueryFilter>): (record: object) => boolean {
  if (q.bound === null) return () => true;
  const p = compileBound(q.bound, q.catalog);
  const context = q.context;
  return (r) => p(r, context);
}

function checkRecords(records: unknown, fn: string): Iterable<unknown> {
  if (
    records === null ||
    typeof records !== 'object' ||
    typeof (records as Iterable<unknown>)[Symbol.iterator] !== 'function'
  )
    throw invalidInput(fn, [crmIssue.invalidType(['records'], 'an iterable of records', records)]);
  return records as Iterable<unknown>;
}

function notARecord(fn: string, r: unknown): CrmError {
  return invalidInput(fn, [crmIssue.invalidType(['records'], 'records: objects with a string id', r)]);
}

/**
 * Runs a validated query over in-process records: filter, keyset position, total order, page.
 * Returns the matching records themselves (copy them before handing them out) and the cursor of
 * the next page (`null` when this page is the last).
 *
 * @throws CrmError `validation_failed` when `query` is not shaped as a `NormalizedQuery` (see
 *   {@link queryPredicate}; sort keys, cursor position and limit too), `records` is not iterable or holds
 *   something that is not an object with a string id — a call no type-correct program makes; and what a
 *   condition extension's own test throws while it runs over the records (a store returns a `CrmError` as
 *   the read's failed `Result` and re-throws anything else).
 *
 * @example
 * ```ts
 * const q = unwrap(validateQuery('deal', { where: { field: 'ownerId', op: 'eq', value: 'u1' }, limit: 1 }));
 * const records = [{ id: 'd2', ownerId: 'u1' }, { id: 'd3', ownerId: 'u2' }, { id: 'd1', ownerId: 'u1' }];
 * const page = runQuery(records, q);
 * page.items.map((d) => d.id); //=> ['d1']
 * page.nextCursor === null; //=> false (d2 is on the next page)
 * ```
 */
export function runQuery<E extends { readonly id: string }>(records: Iterable<E>, query: NormalizedQuery): Page<E> {
  const matches = predicateOf(checkQueryFilter(query, 'runQuery'));
  const orderBy = checkSortKeys(query.orderBy, 'runQuery');
  const { after, limit } = query as { after: unknown; limit: unknown };
  if (after !== null) checkPosition(after, 'runQuery');
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw notAQuery('runQuery', ['limit'], `an integer from 1 to ${MAX_LIMIT}`, limit);
  const position = after as CursorPosition | null;
  const hits: E[] = [];
  for (const r of checkRecords(records, 'runQuery')) {
    if (r === null || typeof r !== 'object' || typeof (r as { id?: unknown }).id !== 'string')
      throw notARecord('runQuery', r);
    if ((position === null || positionOrder(r, orderBy, position) > 0) && matches(r)) hits.push(r as E);
  }
  const cmp = comparatorOf(orderBy);
  let items: E[];
  if (hits.length > limit * 8 && hits.length > 4096) items = smallest(hits, limit + 1, cmp);
  else items = hits.sort(cmp).slice(0, limit + 1);
  const more = items.length > limit;
  if (more) items = items.slice(0, limit);
  return { items, nextCursor: more ? cursorAfterChecked(orderBy, items[items.length - 1]!) : null };
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
 * Counts the records matching a validated query's condition.
 *
 * @throws CrmError `validation_failed` when `query` is not shaped as a `NormalizedQuery` (see
 *   {@link queryPredicate}), or `records` is not iterable or holds something that is not an object — a
 *   call no type-correct program makes; and what a condition extension's own test throws while it runs
 *   over the records.
 *
 * @example
 * ```ts
 * const where = { field: 'stageId', op: 'in', value: ['won', 'lost'] } as const;
 * const records = [{ id: 'd1', stageId: 'won' }, { id: 'd2', stageId: 'proposal' }, { id: 'd3', stageId: 'lost' }];
 * countMatching(records, unwrap(validateQuery('deal', { where }))); //=> 2
 * ```
 */
export function countMatching(
  records: Iterable<object>,
  query: Pick<NormalizedQuery, 'kind' | 'bound' | 'context'>,
): number {
  const matches = predicateOf(checkQueryFilter(query, 'countMatching'));
  let n = 0;
  for (const r of checkRecords(records, 'countMatching')) {
    if (r === null || typeof r !== 'object') throw notARecord('countMatching', r);
    if (matches(r)) n++;
  }
  return n;
}
