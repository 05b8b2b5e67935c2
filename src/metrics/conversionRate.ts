/**
 * Conversion rate with a Wilson interval, from two counts or from lead records.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { Period } from '../time/period.js';
import { quoteValue } from '../_lib/show.js';
import { countIssue, invalid, isIssue, isValidDate, issue, optionsIssue, periodIssue } from './_checks.js';
import { checkConfidence, wilson } from './_confidence.js';
import type { ConfidenceOptions, Interval } from './interval.js';
import { guarded } from './_guard.js';

/**
 * A conversion rate with its Wilson score interval (Wilson 1927; equal to R's
 * `prop.test(x, n, correct = FALSE)$conf.int`). Empty input (`total` 0): `rate` and `interval` `null`.
 *
 * @example
 * ```ts
 * const r: ConversionResult = unwrap(conversionRate(0, 0));
 * r.rate; //=> null
 * ```
 */
export interface ConversionResult {
  readonly rate: number | null;
  readonly converted: number;
  readonly total: number;
  readonly interval: Interval | null;
}

/**
 * The fields of a lead the record-level conversion functions read. A `Lead` entity fits.
 *
 * @example
 * ```ts
 * const l: ConvertibleLead = { createdAt: new Date('2026-01-05T00:00:00Z'), convertedAt: null, source: 'webinar' };
 * ```
 */
export interface ConvertibleLead {
  readonly createdAt: Date;
  readonly convertedAt: Date | null;
  readonly source?: string | null;
}

/**
 * Options of {@link conversionRate} (and {@link conversionBy}).
 *
 * @example
 * ```ts
 * const o: ConversionRateOptions = { period: monthPeriod('2026-01-01'), asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export interface ConversionRateOptions extends ConfidenceOptions {
  /**
   * Only leads created in this half-open period form the denominator (record form). An empty period
   * holds no lead: `rate: null`, `total: 0`.
   */
  readonly period?: Period;
  /** Count a conversion only if it happened before this instant (default: any recorded conversion). */
  readonly asOf?: Date;
}

/**
 * Options of record-level conversion.
 *
 * @deprecated Use {@link ConversionRateOptions} (or `ConversionByOptions`, `LeadToCustomerTimeOptions`).
 *
 * @example
 * ```ts
 * const o: ConversionOptions = { asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export type ConversionOptions = ConversionRateOptions;

/** @internal The conversion result of counts. */
export function conversionFromCounts(
  converted: number,
  total: number,
  z: number,
  confidence: number,
): ConversionResult {
  if (total === 0) return Object.freeze({ rate: null, converted: 0, total: 0, interval: null });
  return Object.freeze({
    rate: converted / total,
    converted,
    total,
    interval: wilson(converted, total, z, confidence),
  });
}

/** @internal The issue of counts that are not 0 ≤ converted ≤ total, or null. */
export function countsIssue(converted: unknown, total: unknown): CrmIssue | null {
  const i = countIssue(converted, ['converted']) ?? countIssue(total, ['total']);
  if (i !== null) return i;
  if ((converted as number) > (total as number))
    return issue(
      ['converted'],
      `converted (${quoteValue(converted)}) cannot exceed total (${quoteValue(total)}); allowed 0..${quoteValue(total)}`,
    );
  return null;
}

/** @internal The issue of a malformed lead at index `i`, or null. */
export function leadIssue(l: ConvertibleLead | undefined, i: number): CrmIssue | null {
  if (typeof l !== 'object' || l === null)
    return issue([i], 'expected a lead { createdAt, convertedAt }', 'invalid_type');
  if (!isValidDate(l.createdAt)) return issue([i, 'createdAt'], 'must be a valid Date', 'invalid_date');
  if (l.convertedAt !== null && l.convertedAt !== undefined && !isValidDate(l.convertedAt))
    return issue([i, 'convertedAt'], 'must be a valid Date or null', 'invalid_date');
  return null;
}

/**
 * @internal Whether lead `l` at index `i` converted (before `asOf`), `null` when it was not created in
 * [from, to), or its issue. The one reading of a lead, for {@link leadCounts} and `conversionBy`.
 */
export function leadOutcome(
  l: ConvertibleLead | undefined,
  i: number,
  from: number,
  to: number,
  asOf: number,
): boolean | null | CrmIssue {
  const p = leadIssue(l, i);
  if (p !== null) return p;
  const t = l!.createdAt.getTime();
  if (t < from || t >= to) return null;
  return l!.convertedAt !== null && l!.convertedAt !== undefined && l!.convertedAt.getTime() < asOf;
}

/** @internal Counts leads (created in the period) and conversions (before asOf), visiting each counted lead. */
export function leadCounts(
  leads: readonly ConvertibleLead[],
  options: Pick<ConversionRateOptions, 'period' | 'asOf'> | null | undefined,
  visit?: (lead: ConvertibleLead, converted: boolean, index: number) => CrmIssue | null,
): { converted: number; total: number } | CrmIssue {
  const period = options?.period;
  const from = period?.start.getTime() ?? -Infinity;
  const to = period?.end.getTime() ?? Infinity;
  const asOf = options?.asOf?.getTime() ?? Infinity;
  if (!Array.isArray(leads))
    return issue([], `expected an array of leads; received ${quoteValue(leads)}`, 'invalid_type');
  let converted = 0;
  let total = 0;
  for (let i = 0; i < leads.length; i++) {
    const l = leads[i];
    const c = leadOutcome(l, i, from, to, asOf);
    if (c === null) continue;
    if (typeof c !== 'boolean') return c;
    total++;
    if (c) converted++;
    if (visit !== undefined) {
      const v = visit(l!, c, i);
      if (v !== null) return v;
    }
  }
  return { converted, total };
}

/** @internal Checks the keys, confidence, period and asOf of a record-level conversion function. */
export function conversionOptions(
  options: unknown,
  keys: readonly string[],
): CrmIssue | { z: number; confidence: number } {
  const k = optionsIssue(options, keys);
  if (k !== null) return k;
  const o = options as ConversionRateOptions | null | undefined;
  const conf = checkConfidence(o);
  if (isIssue(conf)) return conf;
  if (o?.period !== undefined) {
    const p = periodIssue(o.period);
    if (p !== null) return p;
  }
  if (o?.asOf !== undefined && !isValidDate(o.asOf))
    return issue(['options', 'asOf'], `must be a valid Date; received ${quoteValue(o.asOf)}`, 'invalid_date');
  return conf;
}

/**
 * Conversion rate = converted / total with a Wilson 95% interval, from two counts or from lead
 * records (a lead converted when `convertedAt` is set — before `asOf` if given; only leads created
 * in `period` count when given). Bad input (negative counts, converted > total, invalid dates, an
 * unknown option — the counts form takes only `confidence`): `validation_failed` naming the field or
 * index; empty input: `rate: null`, `total: 0`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(conversionRate(37, 100)).rate; //=> 0.37
 * const leads: ConvertibleLead[] = [
 *   { createdAt: new Date('2026-01-05T00:00:00Z'), convertedAt: new Date('2026-01-20T00:00:00Z') },
 *   { createdAt: new Date('2026-01-09T00:00:00Z'), convertedAt: null },
 * ];
 * unwrap(conversionRate(leads, { period: monthPeriod('2026-01-01') })).rate; //=> 0.5
 * ```
 */
export function conversionRate(
  converted: number,
  total: number,
  options?: ConfidenceOptions | null,
): Result<ConversionResult>;
export function conversionRate(
  leads: readonly ConvertibleLead[],
  options?: ConversionRateOptions | null,
): Result<ConversionResult>;
export function conversionRate(
  a: number | readonly ConvertibleLead[],
  b?: number | ConversionRateOptions | null,
  c?: ConfidenceOptions | null,
): Result<ConversionResult> {
  return guarded('conversionRate', () => {
    const records = Array.isArray(a);
    const options = records ? b : c;
    const conf = conversionOptions(options, records ? ['confidence', 'period', 'asOf'] : ['confidence']);
    if (isIssue(conf)) return invalid('conversionRate', [conf]);
    if (records) {
      const counts = leadCounts(a as readonly ConvertibleLead[], options as ConversionRateOptions | null | undefined);
      if (isIssue(counts)) return invalid('conversionRate', [counts]);
      return ok(conversionFromCounts(counts.converted, counts.total, conf.z, conf.confidence));
    }
    const i = countsIssue(a, b);
    if (i !== null) return invalid('conversionRate', [i]);
    return ok(conversionFromCounts(a as number, b as number, conf.z, conf.confidence));
  });
}
