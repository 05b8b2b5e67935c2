/**
 * Lead-to-customer time: days from lead creation to conversion, summarised.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { quantileSorted } from '../math/quantile.js';
import { compensatedSum } from '../math/sum.js';
import { invalid, isIssue, issue } from './_checks.js';
import { conversionOptions, leadCounts, type ConversionRateOptions, type ConvertibleLead } from './conversionRate.js';
import { guarded } from './_guard.js';

/**
 * Time from lead creation to conversion, in days (fractional), over converted leads.
 * Empty input (no converted lead): every statistic `null`, `total` 0. Quantiles are R type 7.
 *
 * @example
 * ```ts
 * const r: LeadToCustomerTimeResult = unwrap(leadToCustomerTime([]));
 * r.medianDays; //=> null
 * ```
 */
export interface LeadToCustomerTimeResult {
  readonly total: number;
  readonly meanDays: number | null;
  readonly medianDays: number | null;
  readonly p25Days: number | null;
  readonly p75Days: number | null;
  readonly p90Days: number | null;
}

/**
 * Options of {@link leadToCustomerTime}: the `period` (leads created in it) and `asOf` (conversions
 * before it) of {@link ConversionRateOptions}.
 *
 * @example
 * ```ts
 * const o: LeadToCustomerTimeOptions = { period: monthPeriod('2026-01-01') };
 * ```
 */
export type LeadToCustomerTimeOptions = Pick<ConversionRateOptions, 'period' | 'asOf'>;

/** @internal Days from creation to conversion (negative when converted before created). */
export function daysToConvert(l: ConvertibleLead): number {
  return (l.convertedAt!.getTime() - l.createdAt.getTime()) / 86_400_000;
}

/** @internal The issue of a conversion before creation. */
export function convertedBeforeCreated(path: readonly (string | number)[]): CrmIssue {
  return issue(path, 'must not be before createdAt');
}

/**
 * @internal Mean and R type-7 quantiles of conversion times. The mean sums the sorted values
 * (compensated), so it depends only on the multiset of times — the accumulator gives the same number
 * after any merge.
 */
export function summarizeDays(days: readonly number[]): LeadToCustomerTimeResult {
  if (days.length === 0)
    return Object.freeze({ total: 0, meanDays: null, medianDays: null, p25Days: null, p75Days: null, p90Days: null });
  const sorted = Float64Array.from(days).sort();
  return Object.freeze({
    total: days.length,
    meanDays: compensatedSum(sorted) / days.length,
    medianDays: quantileSorted(sorted, 0.5),
    p25Days: quantileSorted(sorted, 0.25),
    p75Days: quantileSorted(sorted, 0.75),
    p90Days: quantileSorted(sorted, 0.9),
  });
}

/**
 * Lead-to-customer time: the days from `createdAt` to `convertedAt` of every converted lead
 * (created in `period` when given; converted before `asOf` when given), summarized by mean, median
 * and quartiles. A conversion before creation is `validation_failed` naming the index; so are
 * malformed leads and bad or unknown options. Never throws.
 *
 * @example
 * ```ts
 * const r = leadToCustomerTime([
 *   { createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-11T00:00:00Z') },
 *   { createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-21T00:00:00Z') },
 * ]);
 * unwrap(r).medianDays; //=> 15
 * ```
 */
export function leadToCustomerTime(
  leads: readonly ConvertibleLead[],
  options?: LeadToCustomerTimeOptions | null,
): Result<LeadToCustomerTimeResult> {
  return guarded('leadToCustomerTime', () => {
    const conf = conversionOptions(options, ['period', 'asOf']);
    if (isIssue(conf)) return invalid('leadToCustomerTime', [conf]);
    const days: number[] = [];
    const counts = leadCounts(leads, options, (l, converted, i) => {
      if (!converted) return null;
      const d = daysToConvert(l);
      if (d < 0) return convertedBeforeCreated([i, 'convertedAt']);
      days.push(d);
      return null;
    });
    if (isIssue(counts)) return invalid('leadToCustomerTime', [counts]);
    return ok(summarizeDays(days));
  });
}
