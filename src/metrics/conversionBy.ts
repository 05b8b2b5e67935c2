/**
 * Conversion rate per source, campaign or any key of the lead.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { IN_SCOPE, metricBy, OUT_OF_SCOPE, UNCHECKED, type Scope } from './_by.js';
import {
  conversionRate,
  leadIssue,
  type ConversionRateOptions,
  type ConversionResult,
  type ConvertibleLead,
} from './conversionRate.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';

/**
 * One group of {@link conversionBy}.
 *
 * @example
 * ```ts
 * const g: ConversionGroup = { key: 'webinar', conversion: unwrap(conversionRate(3, 10)) };
 * ```
 */
export interface ConversionGroup {
  readonly key: string | null;
  readonly conversion: ConversionResult;
}

/**
 * Options of {@link conversionBy}: as {@link ConversionRateOptions}, plus the `context` of segment
 * conditions.
 *
 * @example
 * ```ts
 * const o: ConversionByOptions = { asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export type ConversionByOptions = ConversionRateOptions & GroupingOptions;

/**
 * The filter of the record form of {@link conversionRate} with a `period`: a lead created outside it
 * is not counted (out of scope, unless it is malformed: then the metric reports it), one created
 * inside it counts the same without the period.
 */
function leadScope(options: unknown): Scope | undefined {
  const o = options as ConversionRateOptions | null | undefined;
  const period = o?.period;
  if (period === undefined) return undefined;
  const from = period.start.getTime();
  const to = period.end.getTime();
  const { period: _, ...inScope } = o!;
  return {
    test: (lead) => {
      if (typeof lead !== 'object' || lead === null) return UNCHECKED;
      const at = (lead as ConvertibleLead).createdAt;
      if (!(at instanceof Date)) return UNCHECKED;
      const t = at.getTime();
      if (t >= from && t < to) return IN_SCOPE;
      return leadIssue(lead as ConvertibleLead, 0) === null ? OUT_OF_SCOPE : UNCHECKED;
    },
    inScope,
  };
}

const CONVERSION_BY = {
  name: 'conversionBy',
  field: 'conversion',
  records: 'leads',
  optionKeys: ['confidence', 'period', 'asOf'],
  measure: (leads: readonly unknown[], options: unknown) =>
    conversionRate(leads as ConvertibleLead[], options as ConversionRateOptions),
  scope: leadScope,
};

/**
 * Conversion rate per source, campaign or any key of the lead — a field name, a function or a segment
 * list ({@link GroupKey}) — each with its Wilson interval; sorted by key, `null` last. Each row is
 * `{ key, conversion }` with `conversion` exactly what the record form of {@link conversionRate}
 * returns for the group's leads. The field is read as the lead's own property (a name like
 * `constructor` never reads a built-in); a group value must be a string, number, boolean or bigint,
 * or an array of them (else `validation_failed` at `[index, key]`). A lead created outside the
 * `period` forms no group. Same rules as the record form of {@link conversionRate}, the index being
 * the lead's index in `leads`; empty input gives an empty list. Never throws (a key function's own
 * exception propagates). docs/metrics.md, "Per group and per segment".
 *
 * @example
 * ```ts
 * const leads = [
 *   { createdAt: new Date('2026-01-05T00:00:00Z'), convertedAt: new Date('2026-01-20T00:00:00Z'), source: 'webinar' },
 *   { createdAt: new Date('2026-01-09T00:00:00Z'), convertedAt: null, source: 'ads' },
 * ];
 * unwrap(conversionBy(leads, 'source')).map((g) => [g.key, g.conversion.rate]); //=> [['ads', 0], ['webinar', 1]]
 * unwrap(conversionBy(leads, (l) => l.createdAt.toISOString().slice(0, 7))).length; //=> 1
 * ```
 */
export function conversionBy<L extends ConvertibleLead>(
  leads: readonly L[],
  key: GroupKey<L>,
  options?: ConversionByOptions | null,
): Result<readonly ConversionGroup[]> {
  return metricBy(CONVERSION_BY, leads, key, options) as Result<readonly ConversionGroup[]>;
}
