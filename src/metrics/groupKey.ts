/**
 * How the `…By` metrics (`npsBy`, `churnBy`, `lifetimeValueBy`, …) group their records: by a field,
 * by a function of the record, or by a list of segments (conditions).
 *
 * @module
 */
import type { AnyCondition } from '../conditions/define.js';
import type { ConditionContext } from '../conditions/types.js';

/**
 * A value that names a group: a string, or a number, boolean or bigint (grouped by its text, so `1`
 * and `'1'` are the same group).
 *
 * @example
 * ```ts
 * const v: GroupValue = 'enterprise';
 * ```
 */
export type GroupValue = string | number | boolean | bigint;

/**
 * A grouping function of a `…By` metric: the record's group, `null` or `undefined` for the null
 * group, or an array of groups (the record counts in each, once; `[]` puts it in no group).
 *
 * @example
 * ```ts
 * const byTags: GroupKeyFunction<{ tags: string[] }> = (r) => r.tags;
 * ```
 */
export type GroupKeyFunction<R> = (record: R) => GroupValue | null | undefined | readonly (GroupValue | null)[];

/**
 * A segment as the `…By` metrics read it: an `id` (the group's key) and a condition made by
 * `defineCondition`. A `Segment` of `crmkit/segments` fits.
 *
 * @example
 * ```ts
 * // where: unwrap(defineCondition({ field: 'seats', op: 'gte', value: 100 }, { entity: catalog })) from crmkit/conditions
 * const segment = (id: string, where: MetricSegment['where']): MetricSegment => ({ id, where });
 * ```
 */
export interface MetricSegment {
  readonly id: string;
  readonly where: AnyCondition;
}

/**
 * The grouping key of a `…By` metric:
 * 1. a field name — the record's OWN property of that name (a missing or `null` value is the null
 *    group; an array value puts the record in each of its groups);
 * 2. a {@link GroupKeyFunction};
 * 3. a list of {@link MetricSegment}s — a record is in every segment whose condition holds for it,
 *    and every listed segment gets a row, even one without records.
 *
 * @example
 * ```ts
 * const byPlan: GroupKey<{ plan: string }> = 'plan';
 * const byMonth: GroupKey<{ at: Date }> = (r) => r.at.toISOString().slice(0, 7);
 * ```
 */
export type GroupKey<R> = keyof R | GroupKeyFunction<R> | readonly MetricSegment[];

/**
 * The option every `…By` metric takes beside its base metric's: the `context` segment conditions are
 * evaluated in (`asOf` for `$now`, `activities`, `measures`, `user`, …). Field and function keys do
 * not read it.
 *
 * @example
 * ```ts
 * const o: GroupingOptions = { context: { asOf: new Date('2026-04-01T00:00:00Z') } };
 * ```
 */
export interface GroupingOptions {
  readonly context?: ConditionContext | null;
}
