/**
 * Conversion rate per source, campaign or any key of the lead.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { metricBy, type Tally } from './_by.js';
import {
  conversionFromCounts,
  conversionOptions,
  conversionRate,
  leadOutcome,
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
 * The record form of {@link conversionRate} as a tally: its reading of a lead (`leadOutcome`: the
 * checks, the period filter, converted before `asOf`), counted as `leadCounts` counts, and
 * `conversionFromCounts`.
 */
function conversionTally(options: unknown): Tally<boolean, [number, number], ConversionResult> {
  const o = options as ConversionRateOptions | null | undefined;
  const conf = conversionOptions(options, CONVERSION_KEYS) as { z: number; confidence: number }; // checked already
  const from = o?.period?.start.getTime() ?? -Infinity;
  const to = o?.period?.end.getTime() ?? Infinity;
  const asOf = o?.asOf?.getTime() ?? Infinity;
  return {
    read: (lead, i) => leadOutcome(lead as ConvertibleLead, i, from, to, asOf),
    empty: () => [0, 0],
    add: (c, converted) => {
      c[1]++;
      if (converted) c[0]++;
    },
    result: (c) => conversionFromCounts(c[0], c[1], conf.z, conf.confidence),
  };
}

const CONVERSION_KEYS = ['confidence', 'period', 'asOf'];

const CONVERSION_BY = {
  name: 'conversionBy',
  field: 'conversion',
  records: 'leads',
  optionKeys: CONVERSION_KEYS,
  measure: (leads: readonly unknown[], options: unknown) =>
    conversionRate(leads as ConvertibleLead[], options as ConversionRateOptions),
  tally: conversionTally,
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
