/**
 * Customer churn rate over a period, from counts or from subscription records.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { countIssue, invalid, isIssue, issue, optionsIssue, periodIssue } from './_checks.js';
import { classifySubscriptions, type ChurnTally } from './_classifySubscriptions.js';
import type { PeriodOptions, SubscriptionSpan } from './subscriptionSpan.js';
import { guarded } from './_guard.js';

/**
 * Customer counts for churn over one period (what a SQL query returns).
 *
 * - `atStart` (S): customers active at the period's start.
 * - `lost`: of those, the ones no longer active at its end (≤ S).
 * - `acquired` (N, default 0): customers gained during the period (not active at the start).
 * - `lostAcquired` (default 0): of those, the ones already gone again at the end (≤ N).
 *
 * The end count is E = S − lost + N − lostAcquired.
 *
 * @example
 * ```ts
 * const c: ChurnCounts = { atStart: 200, lost: 10, acquired: 30, lostAcquired: 2 };
 * ```
 */
export interface ChurnCounts {
  readonly atStart: number;
  readonly lost: number;
  readonly acquired?: number;
  readonly lostAcquired?: number;
}

/**
 * Options of {@link churnRate}: which customers and which denominator the rate uses (definitions in
 * use differ; see docs/metrics.md), and — for subscription records — the `period`.
 * - `'start'` (default): lost / S — only customers present at the start (cohort churn; Fader &
 *   Hardie's retention-rate view). Always in [0, 1], and 1 − it equals {@link retentionRate}.
 * - `'average'`: (lost + lostAcquired) / ((S + E) / 2) — the average-customers denominator common
 *   in SaaS reporting (e.g. Recurly, ChartMogul). Counts customers acquired and lost in the period;
 *   can exceed 1 under heavy turnover.
 * - `'exposed'`: (lost + lostAcquired) / (S + N) — everyone exposed to churn in the period; in [0, 1].
 *
 * @example
 * ```ts
 * const o: ChurnRateOptions = { denominator: 'average' };
 * ```
 */
export interface ChurnRateOptions extends Partial<PeriodOptions> {
  readonly denominator?: 'start' | 'average' | 'exposed';
}

/**
 * The denominator option of {@link churnRate}.
 *
 * @deprecated Use {@link ChurnRateOptions}.
 *
 * @example
 * ```ts
 * const o: ChurnOptions = { denominator: 'exposed' };
 * ```
 */
export type ChurnOptions = Pick<ChurnRateOptions, 'denominator'>;

/**
 * A churn rate and the counts behind it. `total` is the denominator (a customer count; a half
 * integer for `'average'`). When the denominator is 0 the rate is `null`.
 *
 * @example
 * ```ts
 * const r: ChurnResult = unwrap(churnRate({ atStart: 200, lost: 10 }));
 * r.atEnd; //=> 190
 * ```
 */
export interface ChurnResult {
  readonly rate: number | null;
  readonly denominator: 'start' | 'average' | 'exposed';
  readonly total: number;
  readonly atStart: number;
  readonly atEnd: number;
  readonly lost: number;
  readonly acquired: number;
  readonly lostAcquired: number;
}

/** @internal Checks churn counts (`acquired` and `lostAcquired` default to 0). */
export function checkChurnCounts(c: unknown): ChurnTally | CrmIssue {
  if (typeof c !== 'object' || c === null)
    return issue(
      [],
      'expected counts { atStart, lost, acquired?, lostAcquired? } or an array of subscriptions',
      'invalid_type',
    );
  const x = c as ChurnCounts;
  const acquired = x.acquired ?? 0;
  const lostAcquired = x.lostAcquired ?? 0;
  const i =
    countIssue(x.atStart, ['atStart']) ??
    countIssue(x.lost, ['lost']) ??
    countIssue(acquired, ['acquired']) ??
    countIssue(lostAcquired, ['lostAcquired']);
  if (i !== null) return i;
  if (x.lost > x.atStart)
    return issue(['lost'], `lost (${x.lost}) cannot exceed atStart (${x.atStart}); allowed 0..${x.atStart}`);
  if (lostAcquired > acquired)
    return issue(
      ['lostAcquired'],
      `lostAcquired (${lostAcquired}) cannot exceed acquired (${acquired}); allowed 0..${acquired}`,
    );
  return { atStart: x.atStart, lost: x.lost, acquired, lostAcquired };
}

/** @internal The churn result of counts. */
export function churnFromCounts(c: ChurnTally, denominator: 'start' | 'average' | 'exposed'): ChurnResult {
  const atEnd = c.atStart - c.lost + c.acquired - c.lostAcquired;
  let total: number;
  let lost: number;
  if (denominator === 'start') {
    total = c.atStart;
    lost = c.lost;
  } else if (denominator === 'average') {
    total = (c.atStart + atEnd) / 2;
    lost = c.lost + c.lostAcquired;
  } else {
    total = c.atStart + c.acquired;
    lost = c.lost + c.lostAcquired;
  }
  return Object.freeze({
    rate: total === 0 ? null : lost / total,
    denominator,
    total,
    atStart: c.atStart,
    atEnd,
    lost: c.lost,
    acquired: c.acquired,
    lostAcquired: c.lostAcquired,
  });
}

/** @internal The denominator option (default `'start'`), or the issue. */
export function denominatorOf(
  options: Readonly<Record<string, unknown>> | null | undefined,
): 'start' | 'average' | 'exposed' | CrmIssue {
  const d = options?.['denominator'] ?? 'start';
  if (d !== 'start' && d !== 'average' && d !== 'exposed')
    return issue(['options', 'denominator'], `must be 'start', 'average' or 'exposed'; received ${quoteValue(d)}`);
  return d;
}

/** @internal The option keys of {@link churnRate}. */
export const CHURN_RATE_OPTION_KEYS = ['denominator', 'period'] as const;

/**
 * Customer churn rate over a period, from counts (`{ atStart, lost, acquired?, lostAcquired? }`) or
 * from subscription records and `{ period }`. Default: lost / customers at the start; other
 * denominators in {@link ChurnRateOptions}. Bad input (negative or fractional counts, lost > atStart,
 * a malformed subscription or period, an unknown option) gives `validation_failed` naming the field
 * or index and the allowed range; no customers gives `rate: null`, `total: 0`. An empty period
 * (`start == end`) loses and acquires no one: rate 0 (`null` without customers). Never throws.
 *
 * @example
 * ```ts
 * unwrap(churnRate({ atStart: 200, lost: 10 })).rate; //=> 0.05
 * unwrap(churnRate({ atStart: 200, lost: 10, acquired: 30, lostAcquired: 2 }, { denominator: 'average' })).rate; //=> 12 / 209
 * const subscriptions: SubscriptionSpan[] = [
 *   { accountId: 'a', startedAt: new Date('2025-06-01T00:00:00Z'), endedAt: null },
 *   { accountId: 'b', startedAt: new Date('2025-07-01T00:00:00Z'), endedAt: new Date('2026-03-15T00:00:00Z') },
 * ];
 * unwrap(churnRate(subscriptions, { period: monthPeriod('2026-03-01') })).rate; //=> 0.5
 * ```
 */
export function churnRate(input: ChurnCounts, options?: ChurnRateOptions | null): Result<ChurnResult>;
export function churnRate(
  input: readonly SubscriptionSpan[],
  options: ChurnRateOptions & PeriodOptions,
): Result<ChurnResult>;
export function churnRate(
  input: ChurnCounts | readonly SubscriptionSpan[],
  options?: ChurnRateOptions | null,
): Result<ChurnResult> {
  return guarded('churnRate', () => {
    const keys = optionsIssue(options, CHURN_RATE_OPTION_KEYS);
    if (keys !== null) return invalid('churnRate', [keys]);
    const d = denominatorOf(options as Readonly<Record<string, unknown>> | null | undefined);
    if (isIssue(d)) return invalid('churnRate', [d]);
    let counts: ChurnTally | CrmIssue;
    if (Array.isArray(input)) {
      const p = periodIssue(options?.period);
      if (p !== null) return invalid('churnRate', [p]);
      counts = classifySubscriptions(input as readonly SubscriptionSpan[], options!.period!);
    } else {
      if (options?.period !== undefined) {
        const p = periodIssue(options.period);
        if (p !== null) return invalid('churnRate', [p]);
      }
      counts = checkChurnCounts(input);
    }
    if (isIssue(counts)) return invalid('churnRate', [counts]);
    return ok(churnFromCounts(counts, d));
  });
}
