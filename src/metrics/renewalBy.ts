/**
 * Renewal rate per group or segment.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { metricBy } from './_by.js';
import { renewalRate, type RenewableSubscription, type RenewalRateOptions, type RenewalResult } from './renewalRate.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';

/**
 * One group of {@link renewalBy}: its key (`null` for the null group; a segment's id) and the result of
 * {@link renewalRate} for its records.
 *
 * @example
 * ```ts
 * const g: RenewalGroup = { key: 'eu', renewal: unwrap(renewalRate({ upForRenewal: 10, renewed: 8 })) };
 * ```
 */
export interface RenewalGroup {
  readonly key: string | null;
  readonly renewal: RenewalResult;
}

/**
 * Options of {@link renewalBy}: as the record form of {@link renewalRate} (`period` required, `basis`), plus the
 * `context` of segment conditions.
 *
 * @example
 * ```ts
 * const o: RenewalByOptions = { period: quarterPeriod('2026-01-01'), basis: 'value' };
 * ```
 */
export type RenewalByOptions = RenewalRateOptions & GroupingOptions;

const RENEWAL_BY = {
  name: 'renewalBy',
  field: 'renewal',
  records: 'subscriptions',
  optionKeys: ['period', 'basis'],
  measure: (records: readonly unknown[], options: unknown) =>
    renewalRate(records as RenewableSubscription[], options as RenewalRateOptions),
};

/**
 * Renewal rate per group — per region, plan, segment, … — of subscription records: each row is
 * `{ key, renewal }` with `renewal` exactly what {@link renewalRate} returns for the group's
 * subscriptions and these options (`period` required, `basis`). A renewal is found within the group:
 * a subscription counts as renewed when a subscription OF THE SAME GROUP has `renewalOfId` equal to
 * its `id`. Group by what a subscription and its renewal share (the account's region or segment), or
 * key the renewal by the group of the subscription it renews.
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
 * input (the earliest bad one); a record in no group is not checked. Empty input gives an empty list (a segment list: a row
 * per segment). Never throws (a key function's own exception propagates). docs/metrics.md, "Per group
 * and per segment".
 *
 * @example
 * ```ts
 * const subscriptions = [
 *   { id: 's1', endsAt: new Date('2026-02-01T00:00:00Z'), renewalOfId: null, region: 'eu' },
 *   { id: 's2', endsAt: new Date('2026-03-01T00:00:00Z'), renewalOfId: null, region: 'eu' },
 *   { id: 's3', endsAt: null, renewalOfId: 's2', region: 'eu' },
 *   { id: 's4', endsAt: new Date('2026-03-10T00:00:00Z'), renewalOfId: null, region: 'us' },
 * ];
 * unwrap(renewalBy(subscriptions, 'region', { period: quarterPeriod('2026-01-01') })).map((g) => [g.key, g.renewal.rate]); //=> [['eu', 0.5], ['us', 0]]
 * ```
 */
export function renewalBy<S extends RenewableSubscription>(
  subscriptions: readonly S[],
  key: GroupKey<S>,
  options: RenewalByOptions,
): Result<readonly RenewalGroup[]> {
  return metricBy(RENEWAL_BY, subscriptions, key, options) as Result<readonly RenewalGroup[]>;
}
