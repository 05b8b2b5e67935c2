/**
 * The members of a segment among the records of a store.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, fail, ok, type Result } from '../core/result.js';
import type { CrmIssue } from '../core/errors.js';
import { explainCondition } from '../conditions/evaluate.js';
import type { Segment } from '../segments/defineSegment.js';
import { scanContext, segmentContext, type SegmentMembersOptions } from '../segments/segmentContext.js';
import { evaluationError, segmentIssue, type SegmentExplanation } from '../segments/segmentMembers.js';
import type { Account, Contact, Lead } from '../entities/index.js';
import { checkStoreCall, readInput } from './checkStoreCall.js';
import type { Repository, Store, StoreContext } from './ports.js';
import { MAX_LIMIT } from './query.js';
import { callerError } from '../metrics/_guard.js';

/**
 * Options of {@link segmentMembersInStore}: those of `segmentMembers` (`asOf`, `activities`,
 * `measures`, `user`), plus `signal`, which stops the scan between pages (`aborted`).
 *
 * @example
 * ```ts
 * const o: SegmentMembersInStoreOptions = { asOf: new Date('2026-03-31T00:00:00Z'), signal: AbortSignal.timeout(30_000) };
 * ```
 */
export interface SegmentMembersInStoreOptions extends SegmentMembersOptions {
  readonly signal?: AbortSignal;
}

/**
 * The members of a segment in a store: their `ids` in id order (by code point), `count`, and an
 * `explain(id)` that reads the record back and explains it (`ok(null)` for an id not in the store).
 *
 * @example
 * ```ts
 * declare const m: StoredSegmentMembership;
 * const why = await m.explain(m.ids[0]!);
 * if (why.ok) why.value?.member; //=> true
 * ```
 */
export interface StoredSegmentMembership {
  readonly segmentId: string;
  readonly ids: readonly string[];
  readonly count: number;
  /** Reads the record back and says why it is in the segment or not; `ok(null)` when the store has no such record. */
  explain(id: string): Promise<Result<SegmentExplanation | null>>;
}

type SegmentRecord = Contact | Lead | Account;

function repositoryOf(store: Store, object: Segment['object']): Repository<SegmentRecord> {
  const r = object === 'contact' ? store.contacts : object === 'lead' ? store.leads : store.accounts;
  return r as unknown as Repository<SegmentRecord>;
}

/**
 * The members of a segment among the tenant's records of its object, as of `asOf`. The store's `find`
 * runs the segment's condition page by page (1,000 records a page): the PostgreSQL adapter pushes the
 * part SQL can decide down as a filter and tests the rest (activity and measure tests, through the
 * options' `activities` and `measures`) on each row it reads, in keyset chunks, so memory holds one page
 * and the member ids, never the table (docs/conditions.md, "In a store"). The result equals
 * `segmentMembers` over the same records, with the ids in id order.
 *
 * Fails with `validation_failed` for a bad store, context, segment or option (as `segmentMembers`),
 * `aborted` when `signal` aborts between pages, and whatever the store's `find` fails with
 * (`adapter_failure`, …). A CrmError thrown while the condition is evaluated (a context the condition
 * needs but did not get) is `validation_failed`; a caller's activities or measures function that throws
 * something else lets it through (the store contract's exception for a host's code).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const customers = unwrap(defineSegment({ id: 'customers', name: 'Customers', object: 'contact', where: { field: 'lifecycleStage', op: 'eq', value: 'growth' } }));
 * const m = await segmentMembersInStore(store, ctx, customers, { asOf: new Date('2026-03-31T00:00:00Z') });
 * if (m.ok) m.value.count; //=> 0
 * ```
 */
export async function segmentMembersInStore(
  store: Store,
  ctx: StoreContext,
  segment: Segment,
  options: SegmentMembersInStoreOptions,
): Promise<Result<StoredSegmentMembership>> {
  const checked = checkStoreCall('segmentMembersInStore', store, ctx);
  if (!checked.ok) return checked;
  const c = checked.value;
  const bad = segmentIssue(segment);
  if (bad !== null) return err(invalidInput('segmentMembersInStore', [bad]));
  const prepared = readInput('segmentMembersInStore', ['options'], () => {
    const issues: CrmIssue[] = [];
    let signal: AbortSignal | undefined;
    let rest: unknown = options;
    if (options !== null && typeof options === 'object' && !Array.isArray(options) && 'signal' in options) {
      const { signal: s, ...others } = options;
      if (s !== undefined && !(s instanceof AbortSignal))
        issues.push(crmIssue.invalidType(['options', 'signal'], 'an AbortSignal', s));
      else signal = s;
      rest = others;
    }
    const context = segmentContext(rest, segment.object, issues);
    return { issues, context, signal };
  });
  if (!prepared.ok) return prepared;
  const { issues, context, signal } = prepared.value;
  if (issues.length > 0 || context === undefined) return err(invalidInput('segmentMembersInStore', issues));
  const repo = repositoryOf(store, segment.object);
  const scanning = scanContext(context, segment.where.json);
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    if (signal?.aborted)
      return fail('aborted', `segmentMembersInStore: aborted after ${ids.length} members were found`);
    let page;
    try {
      page = await repo.find(c, { where: segment.where, context: scanning, limit: MAX_LIMIT, cursor });
    } catch (e) {
      if (e instanceof CrmError) return evaluationError(e);
      throw callerError(e);
    }
    if (!page.ok) {
      const e = page.error;
      // The query's context is built from the options: a problem with it is named under `options`.
      if (e.code === 'validation_failed' && e.issues.length > 0 && e.issues.every((i) => i.path[0] === 'context'))
        return err(
          invalidInput(
            'segmentMembersInStore',
            e.issues.map((i) => ({ ...i, path: ['options', ...i.path.slice(1)] })),
          ),
        );
      return page;
    }
    for (const r of page.value.items) ids.push(r.id);
    cursor = page.value.nextCursor;
  } while (cursor !== null);
  const frozen = Object.freeze(ids);
  return ok(
    Object.freeze({
      segmentId: segment.id,
      ids: frozen,
      count: frozen.length,
      async explain(id: string): Promise<Result<SegmentExplanation | null>> {
        if (typeof id !== 'string')
          return err(invalidInput('explain', [crmIssue.invalidType(['id'], 'a record id (a string)', id)]));
        const got = await repo.get(c, id as SegmentRecord['id']);
        if (!got.ok) return got;
        if (got.value === null) return ok(null);
        try {
          const explanation = explainCondition(segment.where, got.value, context);
          return ok(Object.freeze({ id, member: explanation.result, explanation }));
        } catch (e) {
          if (e instanceof CrmError) return evaluationError(e);
          throw callerError(e);
        }
      },
    }),
  );
}
