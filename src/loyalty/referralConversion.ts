/**
 * referralConversion: the share of referrals whose lead became a customer.
 *
 * @module
 */
import { IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { Period } from '../time/period.js';
import type { Interval } from '../metrics/interval.js';
import { checkConfidence, wilson } from '../metrics/_confidence.js';
import { readReferrals } from './_referrals.js';
import { unreadable } from './_fail.js';
import { optionalPeriod, readOptions } from './_options.js';
import type { ReferralRecord } from './referralRate.js';

/**
 * Options of {@link referralConversion}.
 *
 * @example
 * ```ts
 * const o: ReferralConversionOptions = { period: yearPeriod('2026-01-01') };
 * ```
 */
export interface ReferralConversionOptions {
  /** Only referrals made in the half-open period count; default every referral. */
  readonly period?: Period | null;
  /** Two-sided confidence level of the Wilson interval, in (0, 1); default 0.95. */
  readonly confidence?: number;
}

/**
 * The referral conversion rate and its parts.
 *
 * @example
 * ```ts
 * const r: ReferralConversionResult = { rate: 0.3, converted: 3, total: 10, interval: { lower: 0.1078, upper: 0.6032, confidence: 0.95 } };
 * ```
 */
export interface ReferralConversionResult {
  /** `converted / total`, or `null` without referrals. */
  readonly rate: number | null;
  /** Referrals whose status is `converted` or `rewarded`. */
  readonly converted: number;
  /** Referrals counted (every status, pending and rejected included). */
  readonly total: number;
  /** The Wilson score interval (R's `prop.test(correct = FALSE)`), or `null` without referrals. */
  readonly interval: Interval | null;
}

/**
 * Referral conversion: the share of referrals (made in the period, when one is given) whose lead became
 * a customer — status `converted` or `rewarded` — with its Wilson score interval. Pending referrals
 * count in the total (choose a period old enough for them to have had their chance). No referrals give
 * `rate: null`.
 *
 * Returns a `Result` and never throws for its input: a referral that is not one (its path under
 * `referrals`), a bad period or confidence, or an unknown option — each a `validation_failed` issue.
 *
 * @example
 * ```ts
 * const referrals = [
 *   { referrerContactId: 'c1', status: 'converted', referredAt: '2026-04-02T09:00:00Z' },
 *   { referrerContactId: 'c1', status: 'rejected', referredAt: '2026-04-12T09:00:00Z' },
 *   { referrerContactId: 'c2', status: 'rewarded', referredAt: '2026-05-02T09:00:00Z' },
 *   { referrerContactId: 'c3', status: 'pending', referredAt: '2026-06-02T09:00:00Z' },
 * ] as const;
 * const r = referralConversion(referrals);
 * unwrap(r).rate; //=> 0.5
 * ```
 */
export function referralConversion(
  referrals: readonly ReferralRecord[],
  options?: ReferralConversionOptions | null,
): Result<ReferralConversionResult> {
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['period', 'confidence'], issues);
    const p = optionalPeriod(o, issues);
    const conf = checkConfidence(o as { confidence?: number });
    if ('code' in conf) issues.push(conf);
    let total = 0;
    let converted = 0;
    readReferrals(referrals, issues, (r) => {
      if (p !== null && (r.at < p.start || r.at >= p.end)) return;
      total++;
      if (r.status === 'converted' || r.status === 'rewarded') converted++;
    });
    if (issues.count > 0 || 'code' in conf) return err(issues.error('referralConversion'));
    return ok(
      Object.freeze({
        rate: total === 0 ? null : converted / total,
        converted,
        total,
        interval: total === 0 ? null : wilson(converted, total, conf.z, conf.confidence),
      }),
    );
  } catch (e) {
    return err(unreadable('referralConversion', e));
  }
}
