/**
 * Customer retention rate per group or segment.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { metricBy, type Tally } from './_by.js';
import { countFlags } from './_classifySubscriptions.js';
import { subscriptionTally } from './_subscriptionTally.js';
import {
  retentionFromCounts,
  retentionRate,
  type RetentionRateOptions,
  type RetentionResult,
} from './retentionRate.js';
import type { PeriodOptions, SubscriptionSpan } from './subscriptionSpan.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';

/**
 * One group of {@link retentionBy}: its key (`null` for the null group; a segment's id) and the result of
 * {@link retentionRate} for its records.
 *
 * @example
 * ```ts
 * const g: RetentionGroup = { key: 'pro', retention: unwrap(retentionRate({ atStart: 20, acquired: 0, atEnd: 18 })) };
 * ```
 */
export interface RetentionGroup {
  readonly key: string | null;
  readonly retention: RetentionResult;
}

/**
 * Options of {@link retentionBy}: as the record form of {@link retentionRate} (`period` required), plus the `context`
 * of segment conditions.
 *
 * @example
 * ```ts
 * const o: RetentionByOptions = { period: monthPeriod('2026-03-01') };
 * ```
 */
export type RetentionByOptions = RetentionRateOptions & PeriodOptions & GroupingOptions;

/**
 * The record form of {@link retentionRate} as a tally: its reading of a subscription
 * (`subscriptionFlags`), the flags merged per account, and `retentionFromCounts`.
 */
function retentionTally(options: unknown): Tally<{ id: string; f: number }, Map<string, number>, RetentionResult> {
  return subscriptionTally(options as PeriodOptions, (flags) => retentionFromCounts(countFlags(flags)));
}

const RETENTION_BY = {
  name: 'retentionBy',
  field: 'retention',
  records: 'subscriptions',
  optionKeys: ['period'],
  measure: (records: readonly unknown[], options: unknown) =>
    retentionRate(records as SubscriptionSpan[], options as RetentionRateOptions & PeriodOptions),
  tally: retentionTally,
};

/**
 * Customer retention rate per group — per plan, region, segment, … — of subscription records: each
 * row is `{ key, retention }` with `retention` exactly what {@link retentionRate} returns for the
 * group's subscriptions and these options (`period` required); so `retention.rate` is
 * `1 − churn.rate` of {@link churnBy} with the default denominator, group by group. A customer is an
 * `accountId` within its group (see {@link churnBy} on customers whose subscriptions fall in two groups).
 *
 * The key ({@link GroupKey}) is a field name (the record's own property; a missing or `null` value is
 * the null group, an array value puts the record in each of its groups), a function of the record
 * (a group value, `null`/`undefined`, or an array of them; `[]` = no group) or a list of segments
 * `{ id, where }` (a record is in every segment whose condition holds for it, evaluated in
 * `options.context`). Groups come sorted by key (`null` last; with a segment list, by segment id, every segment
 * getting a row — its base result on no records when none is in it); a record in several groups counts in each.
 * Bad input is `validation_failed`: an unknown option key (the allowed ones are the base metric's and
 * `context`), a bad key (neither a field name, a function nor a segment list; a group value that is
 * an object or a Date; a segment id listed twice; a condition needing what `options.context` lacks,
 * at `['options', 'context', …]`), and whatever the base metric refuses, at the record's index in the
 * input; every record is checked so, before its key is read (the first bad one is the error). Empty input gives an empty list (a segment list: a row
 * per segment). Never throws (a key function's own exception propagates). docs/metrics.md, "Per group
 * and per segment".
 *
 * @example
 * ```ts
 * const subscriptions = [
 *   { accountId: 'a', plan: 'pro', startedAt: new Date('2025-06-01T00:00:00Z'), endedAt: null },
 *   { accountId: 'b', plan: 'pro', startedAt: new Date('2025-07-01T00:00:00Z'), endedAt: new Date('2026-03-15T00:00:00Z') },
 *   { accountId: 'c', plan: 'basic', startedAt: new Date('2025-01-01T00:00:00Z'), endedAt: new Date('2026-03-20T00:00:00Z') },
 * ];
 * unwrap(retentionBy(subscriptions, 'plan', { period: monthPeriod('2026-03-01') })).map((g) => [g.key, g.retention.rate]); //=> [['basic', 0], ['pro', 0.5]]
 * ```
 */
export function retentionBy<S extends SubscriptionSpan>(
  subscriptions: readonly S[],
  key: GroupKey<S>,
  options: RetentionByOptions,
): Result<readonly RetentionGroup[]> {
  return metricBy(RETENTION_BY, subscriptions, key, options) as Result<readonly RetentionGroup[]>;
}
