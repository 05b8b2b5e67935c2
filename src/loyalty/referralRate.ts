/**
 * referralRate: the share of customers who referred someone.
 *
 * @module
 */
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { Period } from '../time/period.js';
import type { Interval } from '../metrics/interval.js';
import { checkConfidence, wilson } from '../metrics/_confidence.js';
import { readReferrals } from './_referrals.js';
import { unreadable } from './_fail.js';
import { isObject } from './_read.js';
import { optionalPeriod, readOptions } from './_options.js';
import type { ReferralStatus } from '../entities/enums.js';

/**
 * The fields of a referral the referral metrics read: a `Referral` entity fits.
 *
 * @example
 * ```ts
 * const r: ReferralRecord = { referrerContactId: 'c1', status: 'converted', referredAt: '2026-04-02T09:00:00Z' };
 * ```
 */
export interface ReferralRecord {
  /** The contact who referred. */
  readonly referrerContactId: string;
  /** Where the referral stands. */
  readonly status: ReferralStatus;
  /** When the referral was made (a Date or an ISO 8601 instant). */
  readonly referredAt: Date | string;
}

/**
 * Options of {@link referralRate}.
 *
 * @example
 * ```ts
 * const o: ReferralRateOptions = { period: quarterPeriod('2026-04-01'), confidence: 0.9 };
 * ```
 */
export interface ReferralRateOptions {
  /** Only referrals made in the half-open period count; default every referral. */
  readonly period?: Period | null;
  /** Two-sided confidence level of the Wilson interval, in (0, 1); default 0.95. */
  readonly confidence?: number;
}

/**
 * The referral rate and its parts.
 *
 * @example
 * ```ts
 * const r: ReferralRateResult = { rate: 0.25, referrers: 1, customers: 4, interval: { lower: 0.046, upper: 0.699, confidence: 0.95 } };
 * ```
 */
export interface ReferralRateResult {
  /** `referrers / customers`, or `null` without customers. */
  readonly rate: number | null;
  /** Customers who made at least one referral (rejected ones included: they referred). */
  readonly referrers: number;
  /** The customers (distinct contact ids). */
  readonly customers: number;
  /** The Wilson score interval of the rate (R's `prop.test(correct = FALSE)`), or `null` without customers. */
  readonly interval: Interval | null;
}

/**
 * The referral rate: the share of customers (the `contacts` given, by id) who referred at least one
 * lead, in the period when one is given. Referrals by contacts not among `contacts` are not counted.
 * No customers give `rate: null`.
 *
 * Returns a `Result` and never throws for its input: a referral or contact that is not one (its path
 * under `referrals` / `contacts`), a bad period or confidence, or an unknown option — each a
 * `validation_failed` issue.
 *
 * @example
 * ```ts
 * const referrals = [
 *   { referrerContactId: 'c1', status: 'converted', referredAt: '2026-04-02T09:00:00Z' },
 *   { referrerContactId: 'c1', status: 'pending', referredAt: '2026-05-10T09:00:00Z' },
 * ] as const;
 * const r = referralRate(referrals, [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }, { id: 'c4' }]);
 * unwrap(r).rate; //=> 0.25
 * ```
 */
export function referralRate(
  referrals: readonly ReferralRecord[],
  contacts: readonly { readonly id: string }[],
  options?: ReferralRateOptions | null,
): Result<ReferralRateResult> {
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['period', 'confidence'], issues);
    const p = optionalPeriod(o, issues);
    const conf = checkConfidence(o as { confidence?: number });
    if ('code' in conf) issues.push(conf);
    const ids = new Set<string>();
    if (!Array.isArray(contacts))
      issues.push(crmIssue.invalidType(['contacts'], 'a list of contacts { id }', contacts));
    else
      for (let i = 0; i < contacts.length; i++) {
        const c: unknown = contacts[i];
        const id = isObject(c) ? c['id'] : undefined;
        if (typeof id !== 'string' || id === '')
          issues.push(crmIssue.invalidType(['contacts', i, 'id'], "a contact's id", id));
        else ids.add(id);
      }
    const referrers = new Set<string>();
    readReferrals(referrals, issues, (r) => {
      if (p !== null && (r.at < p.start || r.at >= p.end)) return;
      if (ids.has(r.referrer)) referrers.add(r.referrer);
    });
    if (issues.count > 0 || 'code' in conf) return err(issues.error('referralRate'));
    const n = ids.size;
    return ok(
      Object.freeze({
        rate: n === 0 ? null : referrers.size / n,
        referrers: referrers.size,
        customers: n,
        interval: n === 0 ? null : wilson(referrers.size, n, conf.z, conf.confidence),
      }),
    );
  } catch (e) {
    return err(unreadable('referralRate', e));
  }
}
