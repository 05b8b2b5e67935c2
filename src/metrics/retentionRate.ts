/**
 * Customer retention rate (E − N) / S over a period, from counts or from subscription records.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { countIssue, invalid, isIssue, issue, optionsIssue, periodIssue } from './_checks.js';
import { classifySubscriptions, type ChurnTally } from './_classifySubscriptions.js';
import type { PeriodOptions, SubscriptionSpan } from './subscriptionSpan.js';
import { guarded } from './_guard.js';

/**
 * Counts for the customer retention rate (E − N) / S (Kotler's CRR): customers at the start (S),
 * acquired during the period (N), at the end (E); optionally `lostAcquired`, how many of the N were
 * already gone at the end. Without it the formula silently counts a new customer who left as a lost
 * old one; with it the retained count is E − N + lostAcquired.
 *
 * @example
 * ```ts
 * const c: RetentionCounts = { atStart: 200, acquired: 30, atEnd: 218 };
 * ```
 */
export interface RetentionCounts {
  readonly atStart: number;
  readonly acquired: number;
  readonly atEnd: number;
  readonly lostAcquired?: number;
}

/**
 * A retention rate: `retained / atStart`, `null` when there were no customers at the start
 * (`total` = atStart = 0).
 *
 * @example
 * ```ts
 * const r: RetentionResult = unwrap(retentionRate({ atStart: 200, acquired: 30, atEnd: 218 }));
 * r.retained; //=> 188
 * ```
 */
export interface RetentionResult {
  readonly rate: number | null;
  readonly retained: number;
  readonly total: number;
  readonly atStart: number;
  readonly acquired: number;
  readonly atEnd: number;
  readonly lostAcquired: number;
}

/**
 * Options of {@link retentionRate}: the `period` of the record form.
 *
 * @example
 * ```ts
 * const o: RetentionRateOptions = { period: monthPeriod('2026-03-01') };
 * ```
 */
export type RetentionRateOptions = Partial<PeriodOptions>;

/** @internal Checks retention counts; returns them as churn counts. */
export function checkRetentionCounts(c: unknown): ChurnTally | CrmIssue {
  if (typeof c !== 'object' || c === null)
    return issue(
      [],
      'expected counts { atStart, acquired, atEnd, lostAcquired? } or an array of subscriptions',
      'invalid_type',
    );
  const x = c as RetentionCounts;
  const lostAcquired = x.lostAcquired ?? 0;
  const i =
    countIssue(x.atStart, ['atStart']) ??
    countIssue(x.acquired, ['acquired']) ??
    countIssue(x.atEnd, ['atEnd']) ??
    countIssue(lostAcquired, ['lostAcquired']);
  if (i !== null) return i;
  if (lostAcquired > x.acquired)
    return issue(
      ['lostAcquired'],
      `lostAcquired (${lostAcquired}) cannot exceed acquired (${x.acquired}); allowed 0..${x.acquired}`,
    );
  const retained = x.atEnd - x.acquired + lostAcquired;
  if (retained < 0 || retained > x.atStart) {
    return issue(
      ['atEnd'],
      `atEnd − acquired + lostAcquired = ${retained} must lie in 0..atStart (${x.atStart}); allowed atEnd ${x.acquired - lostAcquired}..${x.atStart + x.acquired - lostAcquired}`,
    );
  }
  return { atStart: x.atStart, lost: x.atStart - retained, acquired: x.acquired, lostAcquired };
}

/** @internal The retention result of churn counts. */
export function retentionFromCounts(c: ChurnTally): RetentionResult {
  const retained = c.atStart - c.lost;
  const atEnd = retained + c.acquired - c.lostAcquired;
  return Object.freeze({
    rate: c.atStart === 0 ? null : retained / c.atStart,
    retained,
    total: c.atStart,
    atStart: c.atStart,
    acquired: c.acquired,
    atEnd,
    lostAcquired: c.lostAcquired,
  });
}

/**
 * Customer retention rate (E − N) / S over a period (Kotler & Keller, Marketing Management), from
 * counts or from subscription records and `{ period }` (then the retained customers are counted
 * directly: active at both the start and the end). With records, or with `lostAcquired` in the
 * counts, `rate = 1 − churnRate(…, { denominator: 'start' }).rate` exactly. Bad input (including an
 * unknown option): `validation_failed` naming the field or index and the allowed range; no
 * customers at the start: `rate: null`, `total: 0`; an empty period retains everyone (rate 1).
 * Never throws.
 *
 * @example
 * ```ts
 * unwrap(retentionRate({ atStart: 200, acquired: 30, atEnd: 218 })).rate; //=> 0.94
 * ```
 */
export function retentionRate(input: RetentionCounts, options?: RetentionRateOptions | null): Result<RetentionResult>;
export function retentionRate(
  input: readonly SubscriptionSpan[],
  options: RetentionRateOptions & PeriodOptions,
): Result<RetentionResult>;
export function retentionRate(
  input: RetentionCounts | readonly SubscriptionSpan[],
  options?: RetentionRateOptions | null,
): Result<RetentionResult> {
  return guarded('retentionRate', () => {
    const keys = optionsIssue(options, ['period']);
    if (keys !== null) return invalid('retentionRate', [keys]);
    let counts: ChurnTally | CrmIssue;
    if (Array.isArray(input)) {
      const p = periodIssue(options?.period);
      if (p !== null) return invalid('retentionRate', [p]);
      counts = classifySubscriptions(input as readonly SubscriptionSpan[], options!.period!);
    } else {
      if (options?.period !== undefined) {
        const p = periodIssue(options.period);
        if (p !== null) return invalid('retentionRate', [p]);
      }
      counts = checkRetentionCounts(input);
    }
    if (isIssue(counts)) return invalid('retentionRate', [counts]);
    return ok(retentionFromCounts(counts));
  });
}
