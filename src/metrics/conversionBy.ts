/**
 * Conversion rate per source, campaign or any key of the lead.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { invalid, isIssue } from './_checks.js';
import { compareGroupKeys, groupKey, groupKeyIssue, groupReader } from './_groupKey.js';
import {
  conversionFromCounts,
  conversionOptions,
  leadCounts,
  type ConversionRateOptions,
  type ConversionResult,
  type ConvertibleLead,
} from './conversionRate.js';
import { guarded } from './_guard.js';

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
 * Options of {@link conversionBy}: as {@link ConversionRateOptions}.
 *
 * @example
 * ```ts
 * const o: ConversionByOptions = { asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export type ConversionByOptions = ConversionRateOptions;

/**
 * Conversion rate per source, campaign or any key of the lead (a field name or a function), each with
 * its Wilson interval; sorted by key, `null` last. The field is read as the lead's own property (a
 * name like `constructor` never reads a built-in); a group value must be a string, number, boolean
 * or bigint (else `validation_failed` at `[index, key]`). Same rules as the record form of
 * {@link conversionRate}; empty input gives an empty list. Never throws (a key function's own
 * exception propagates).
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
  key: keyof L | ((lead: L) => string | null | undefined),
  options?: ConversionByOptions | null,
): Result<readonly ConversionGroup[]> {
  return guarded('conversionBy', () => {
    const conf = conversionOptions(options, ['confidence', 'period', 'asOf']);
    if (isIssue(conf)) return invalid('conversionBy', [conf]);
    const badKey = groupKeyIssue(key);
    if (badKey !== null) return invalid('conversionBy', [badKey]);
    const read = groupReader<L>(key as PropertyKey | ((l: L) => unknown));
    const keyPath = typeof key === 'function' ? [] : [typeof key === 'number' ? key : String(key)];
    const groups = new Map<string | null, [number, number]>();
    const counts = leadCounts(leads, options, (l, converted, i) => {
      const k = groupKey(read(l as L), [i, ...keyPath]);
      if (isIssue(k)) return k;
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = [0, 0]));
      g[1]++;
      if (converted) g[0]++;
      return null;
    });
    if (isIssue(counts)) return invalid('conversionBy', [counts]);
    const keys = [...groups.keys()].sort(compareGroupKeys);
    return ok(
      Object.freeze(
        keys.map((k) =>
          Object.freeze({
            key: k,
            conversion: conversionFromCounts(groups.get(k)![0], groups.get(k)![1], conf.z, conf.confidence),
          }),
        ),
      ),
    );
  });
}
