/**
 * Subscriptions as the churn, retention and revenue-retention functions read them, and the period
 * option of the record-level forms.
 *
 * @module
 */
import type { Period } from '../time/period.js';

/**
 * The fields of a subscription the churn and retention functions read: whose it is and when it
 * ran. A `Subscription` entity fits. A subscription is active at instant t when
 * `startedAt ≤ t < endedAt` (`endedAt: null` = still running); a customer (account) is active when
 * any of its subscriptions is. `status` and `canceledAt` are not read: service stops at `endedAt`.
 *
 * @example
 * ```ts
 * const s: SubscriptionSpan = { accountId: 'acc_1', startedAt: new Date('2025-01-01T00:00:00Z'), endedAt: null };
 * ```
 */
export interface SubscriptionSpan {
  readonly accountId: string;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
}

/**
 * The period option of the record-level churn, retention, revenue-retention and renewal functions.
 *
 * @example
 * ```ts
 * const o: PeriodOptions = { period: monthPeriod('2026-03-01') };
 * ```
 */
export interface PeriodOptions {
  /**
   * The half-open period [start, end) measured. An empty period (`start == end`) measures no time:
   * no customer is lost or acquired in it.
   */
  readonly period: Period;
}
