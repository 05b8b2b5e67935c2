/**
 * Who is in a segment, as of an instant, and why.
 *
 * @module
 */
import { err, ok, type Result } from '../core/result.js';
import { CrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import { crmIssue, IssueList, invalidInput } from '../core/issues.js';
import { compileCondition, explainCondition, type ConditionExplanation } from '../conditions/evaluate.js';
import type { ConditionContext } from '../conditions/types.js';
import { isSegment, type Segment } from './defineSegment.js';
import { scanContext, segmentContext, type SegmentMembersOptions } from './segmentContext.js';
import { guarded } from '../metrics/_guard.js';

/**
 * Why a record is in a segment, or not: `member`, and the condition's explanation for the record (each
 * part with the values compared; see `explainCondition` in crmkit/conditions).
 *
 * @example
 * ```ts
 * const e: SegmentExplanation = {
 *   id: 'c1',
 *   member: false,
 *   explanation: { kind: 'field', path: [], result: false, field: 'lifecycleStage', op: 'eq', actual: 'awareness', expected: 'growth', detail: "lifecycleStage eq 'growth': 'awareness'" },
 * };
 * ```
 */
export interface SegmentExplanation {
  readonly id: string;
  readonly member: boolean;
  readonly explanation: ConditionExplanation;
}

/**
 * The members of a segment: their `ids` in the order of the records, how many (`count`), and
 * `explain(id)`, which says why any record given (member or not) is in the segment or not — `null` for
 * an id that was not among the records.
 *
 * @example
 * ```ts
 * declare const m: SegmentMembership;
 * m.ids.length === m.count; //=> true
 * ```
 */
export interface SegmentMembership {
  readonly segmentId: string;
  readonly ids: readonly string[];
  readonly count: number;
  /** Why the record with this id is in the segment or not; `null` when no record given has the id. */
  explain(id: string): SegmentExplanation | null;
}

/** @internal The segment, checked (made by defineSegment), or the issue that says it is not. */
export function segmentIssue(segment: unknown): CrmIssue | null {
  return isSegment(segment) ? null : crmIssue.invalidType(['segment'], 'a segment made by defineSegment', segment);
}

/** @internal The failed Result of a CrmError thrown while a condition was evaluated (a context problem). */
export function evaluationError(e: CrmError): Result<never> {
  return err(invalidInput('segment membership', prefixIssues(e.issues, ['options'])));
}

/** @internal A membership result over records kept for explanations. */
export function membership(
  segment: Segment,
  ids: readonly string[],
  explainRecord: (id: string) => unknown,
  context: ConditionContext,
): SegmentMembership {
  const frozen = Object.freeze(ids);
  return Object.freeze({
    segmentId: segment.id,
    ids: frozen,
    count: frozen.length,
    explain(id: string): SegmentExplanation | null {
      if (typeof id !== 'string')
        throw invalidInput('explain', [crmIssue.invalidType(['id'], 'a record id (a string)', id)]);
      const record = explainRecord(id);
      if (record === undefined) return null;
      const explanation = explainCondition(segment.where, record, context);
      return Object.freeze({ id, member: explanation.result, explanation });
    },
  });
}

/** Every member from `from` on that is not an object with a string id, as issues. */
function memberIssues(list: readonly unknown[], from: number, test: (r: unknown) => boolean): IssueList {
  const bad = new IssueList();
  for (let i = from; i < list.length && !bad.full; i++) {
    const r = list[i];
    if (!test(r)) continue;
    const id = r !== null && typeof r === 'object' ? (r as { id?: unknown }).id : undefined;
    if (typeof id !== 'string')
      bad.push(crmIssue.invalidType([i, 'id'], 'a record with a string id', r === undefined ? r : id));
  }
  return bad;
}

/**
 * The records of a segment's object that are in the segment as of `asOf`: the condition is compiled
 * once and tested on each record with its activities and measures (see {@link SegmentMembersOptions}).
 * `ids` keep the order of `records`; `explain(id)` explains any record given (the first with that id),
 * reading it when it is called.
 *
 * Bad input is a `validation_failed` Result with a path: a segment not made by `defineSegment`
 * (`['segment']`), a member that is not an object with a string `id` (`[i, 'id']`; a record the condition
 * does not hold for is read no further than the condition reads it), a missing or invalid
 * `asOf`, unknown option keys, and a context the condition needs but did not get (e.g. a `$ref` without
 * `user`), or activities or measures of the wrong shape (paths under `['options', …]`). Empty input gives
 * no members. Never throws for its input; a function the caller passes (activities or measures by
 * record) may throw its own exception, which is let through. `explain` throws `validation_failed` for
 * an id that is not a string.
 *
 * @example
 * ```ts
 * const vip = unwrap(defineSegment({
 *   id: 'recent-buyers', name: 'Recent buyers', object: 'contact',
 *   where: { measure: 'lastPurchaseAt', op: 'gte', value: { $now: '-P30D' } },
 * }));
 * const contacts = [{ id: 'c1' }, { id: 'c2' }];
 * const measures = { c1: { lastPurchaseAt: new Date('2026-03-20T00:00:00Z') }, c2: { lastPurchaseAt: new Date('2025-12-01T00:00:00Z') } };
 * const m = unwrap(segmentMembers(vip, contacts, { asOf: new Date('2026-03-31T00:00:00Z'), measures }));
 * m.ids; //=> ['c1']
 * m.explain('c2')?.member; //=> false
 * ```
 */
export function segmentMembers(
  segment: Segment,
  records: readonly object[],
  options: SegmentMembersOptions,
): Result<SegmentMembership> {
  const bad = segmentIssue(segment);
  if (bad !== null) return err(invalidInput('segmentMembers', [bad]));
  return guarded('segmentMembers', () => members(segment, records, options));
}

function members(
  segment: Segment,
  records: readonly object[],
  options: SegmentMembersOptions,
): Result<SegmentMembership> {
  try {
    const issues: CrmIssue[] = [];
    const context = segmentContext(options, segment.object, issues);
    if (!Array.isArray(records)) issues.push(crmIssue.invalidType(['records'], 'an array of records', records));
    if (issues.length > 0 || context === undefined) return err(invalidInput('segmentMembers', issues));
    const test = compileCondition<unknown, never, unknown>(segment.where, scanContext(context, segment.where.json));
    const list = records as readonly unknown[];
    const ids: string[] = [];
    const n = list.length;
    // Only a member's id is read: reading every record's id costs a cache miss per record, three
    // times the whole test on a million contacts (test/bench/segments.bench.ts). The ids are checked
    // after the loop, which keeps the loop to a test and a push.
    for (let i = 0; i < n; i++) {
      const r = list[i];
      if (test(r)) ids.push((r as { id?: unknown } | null | undefined)?.id as string);
    }
    for (let k = 0; k < ids.length; k++)
      if (typeof ids[k] !== 'string') return err(memberIssues(list, 0, test).error('segmentMembers'));
    let index: Map<string, number> | undefined;
    const find = (id: string): unknown => {
      if (index === undefined) {
        index = new Map();
        // The records as they are now (the caller may have changed the array since): anything that is
        // no longer a record with an id is passed over.
        for (let i = list.length - 1; i >= 0; i--) {
          const r = list[i];
          const id = r !== null && typeof r === 'object' ? (r as { id?: unknown }).id : undefined;
          if (typeof id === 'string') index.set(id, i);
        }
      }
      const i = index.get(id);
      return i === undefined ? undefined : list[i];
    };
    return ok(membership(segment, ids, find, context));
  } catch (e) {
    if (e instanceof CrmError) return evaluationError(e);
    throw e;
  }
}
