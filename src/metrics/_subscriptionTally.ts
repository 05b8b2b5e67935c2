/**
 * Private: churn and retention over subscriptions as a tally for `churnBy` and `retentionBy`.
 *
 * @module
 */
import type { Tally } from './_by.js';
import { addFlags, subscriptionFlags } from './_classifySubscriptions.js';
import type { PeriodOptions, SubscriptionSpan } from './subscriptionSpan.js';

/**
 * Reads each subscription as `classifySubscriptions` does (`subscriptionFlags`) and merges the flags
 * per account of a group; `result` turns a group's flags into the metric's result. A subscription
 * that sets no flag still forms its group (as the base metric on the group's records gives a result).
 */
export function subscriptionTally<T>(
  options: PeriodOptions,
  result: (flags: ReadonlyMap<string, number>) => T,
): Tally<{ id: string; f: number }, Map<string, number>, T> {
  const from = options.period.start.getTime();
  const to = options.period.end.getTime();
  return {
    read: (s, i) => {
      const f = subscriptionFlags(s as SubscriptionSpan, i, from, to);
      return typeof f === 'number' ? { id: (s as SubscriptionSpan).accountId, f } : f;
    },
    empty: () => new Map(),
    add: (flags, v) => {
      if (v.f !== 0) addFlags(flags, v.id, v.f);
    },
    result,
  };
}
