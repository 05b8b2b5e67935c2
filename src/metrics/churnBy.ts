/**
 * Customer churn rate per group or segment.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { metricBy, type Tally } from './_by.js';
import { countFlags } from './_classifySubscriptions.js';
import { subscriptionTally } from './_subscriptionTally.js';
import {
  churnFromCounts,
  churnRate,
  CHURN_RATE_OPTION_KEYS,
  denominatorOf,
  type ChurnRateOptions,
  type ChurnResult,
} from './churnRate.js';
import type { PeriodOptions, SubscriptionSpan } from './subscriptionSpan.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';

/**
 * One group of {@link churnBy}: its key (`null` for the null group; a segment's id) and the result of
 * {@link churnRate} for its records.
 *
 * @example
 * ```ts
 * const g: ChurnGroup = { key: 'pro', churn: unwrap(churnRate({ atStart: 20, lost: 2 })) };
 * ```
 */
export interface ChurnGroup {
  readonly key: string | null;
  readonly churn: ChurnResult;
}

/**
 * Options of {@link churnBy}: as the record form of {@link churnRate} (`period` required, `denominator`), plus the
 * `context` of segment conditions.
 *
 * @example
 * ```ts
 * const o: ChurnByOptions = { period: monthPeriod('2026-03-01'), denominator: 'exposed' };
 * ```
 */
export type ChurnByOptions = ChurnRateOptions & PeriodOptions & GroupingOptions;

/**
 * The record form of {@link churnRate} as a tally: its reading of a subscription
 * (`subscriptionFlags`), the flags merged per account, and `churnFromCounts`.
 */
function churnTally(options: unknown): Tally<{ id: string; f: number }, Map<string, number>, ChurnResult> {
  const o = options as ChurnRateOptions & PeriodOptions; // checked by the base metric
  const denominator = denominatorOf(o as unknown as Readonly<Record<string, unknown>>) as
    'start' | 'average' | 'exposed';
  return subscriptionTally(o, (flags) => churnFromCounts(countFlags(flags), denominator));
}

const CHURN_BY = {
  name: 'churnBy',
  field: 'churn',
  records: 'subscriptions',
  optionKeys: CHURN_RATE_OPTION_KEYS,
  measure: (records: readonly unknown[], options: unknown) =>
    churnRate(records as SubscriptionSpan[], options as ChurnRateOptions & PeriodOptions),
  tally: churnTally,
};

/**
 * Customer churn rate per group — per plan, region, segment, … — of subscription records: each row is
 * `{ key, churn }` with `churn` exactly what {@link churnRate} returns for the group's subscriptions
 * and these options (`period` required). A customer is an `accountId` within its group: a customer
 * whose subscriptions fall in two groups (say, two plans) counts in each with the subscriptions there
 * — a move from one plan to another shows as a loss of the first and a gain of the second. Group by
 * what is constant per customer (region, segment) to count each customer once.
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
 * const march = monthPeriod('2026-03-01');
 * unwrap(churnBy(subscriptions, 'plan', { period: march })).map((g) => [g.key, g.churn.rate]); //=> [['basic', 1], ['pro', 0.5]]
 * unwrap(churnBy(subscriptions, (s) => (s.endedAt === null ? 'open' : 'ended'), { period: march })).length; //=> 2
 * ```
 */
export function churnBy<S extends SubscriptionSpan>(
  subscriptions: readonly S[],
  key: GroupKey<S>,
  options: ChurnByOptions,
): Result<readonly ChurnGroup[]> {
  return metricBy(CHURN_BY, subscriptions, key, options) as Result<readonly ChurnGroup[]>;
}
