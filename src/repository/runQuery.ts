/**
 * Running a validated query over in-process records: the reference the memory store runs, and what
 * every other adapter must agree with.
 *
 * @module
 */
import { compileBound } from '../conditions/evaluate.js';
import type { BoundNode } from '../conditions/bind.js';
import { entityCatalog } from '../conditions/catalog.js';
import type { ConditionContext } from '../conditions/types.js';
import { cursorAfter } from './cursor.js';
import type { Page } from './query.js';
import { compareToPosition, entityComparator } from './sort.js';
import type { NormalizedQuery } from './validateQuery.js';

/**
 * The predicate of a query's bound condition over records (`null`: every record matches).
 *
 * @throws what a condition extension's own code throws (its `compile`, or its test when the
 *   predicate runs).
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
  if (query.bound === null) return () => true;
  const p = compileBound(query.bound, entityCatalog(query.kind)!);
  const context: ConditionContext = query.context;
  return (r) => p(r, context);
}

/**
 * Runs a validated query over in-process records: filter, keyset position, total order, page.
 * Returns the matching records themselves (copy them before handing them out) and the cursor of
 * the next page (`null` when this page is the last).
 *
 * @throws what a condition extension's own test throws while it runs over the records (a store
 *   returns a `CrmError` as the read's failed `Result` and re-throws anything else).
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
  const matches = queryPredicate(query);
  const { orderBy, after, limit } = query;
  const hits: E[] = [];
  for (const r of records) if ((after === null || compareToPosition(r, orderBy, after) > 0) && matches(r)) hits.push(r);
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
 * Counts the records matching a validated query's condition.
 *
 * @throws what a condition extension's own test throws while it runs over the records.
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
  const matches = queryPredicate(query);
  let n = 0;
  for (const r of records) if (matches(r)) n++;
  return n;
}
