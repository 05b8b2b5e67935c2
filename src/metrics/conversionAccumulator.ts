/**
 * The mergeable conversion accumulator: outcomes or count partials.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { issue } from './_checks.js';
import { checkConfidence } from './_confidence.js';
import { defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { conversionFromCounts, countsIssue, type ConversionResult } from './conversionRate.js';
import type { ConfidenceOptions } from './interval.js';

/**
 * JSON state of a conversion accumulator: `[converted, total]`.
 *
 * @example
 * ```ts
 * const s: ConversionAccumulatorState = createConversionAccumulator().add(true).toJSON();
 * ```
 */
export interface ConversionAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly confidence: number };
  readonly data: readonly [number, number];
}

/**
 * A mergeable conversion accumulator: items are outcomes (`true` = converted) or count partials
 * `{ converted, total }`.
 *
 * @example
 * ```ts
 * const acc: ConversionAccumulator = createConversionAccumulator();
 * ```
 */
export type ConversionAccumulator = Accumulator<
  boolean | { readonly converted: number; readonly total: number },
  ConversionResult,
  ConversionAccumulatorState
>;

/**
 * Options of {@link createConversionAccumulator}.
 *
 * @example
 * ```ts
 * const o: ConversionAccumulatorOptions = { confidence: 0.99 };
 * ```
 */
export type ConversionAccumulatorOptions = ConfidenceOptions;

const conversionKit = /* @__PURE__ */ defineAccumulator<
  ConversionAccumulatorState,
  boolean | { readonly converted: number; readonly total: number },
  ConversionResult,
  number[],
  { z: number; confidence: number }
>({
  kind: 'conversion',
  label: 'conversion accumulator',
  optionKeys: ['confidence'],
  resolve: (options) => checkConfidence(options),
  stateOptions: ({ confidence }) => ({ confidence }),
  behaviour: ({ z, confidence }) => ({
    empty: () => [0, 0],
    add(data, item) {
      if (typeof item === 'boolean') {
        data[1]!++;
        if (item) data[0]!++;
        return null;
      }
      if (typeof item !== 'object' || item === null)
        return issue([], 'expected a boolean outcome or { converted, total }', 'invalid_type');
      const i = countsIssue(item.converted, item.total);
      if (i !== null) return i;
      data[0]! += item.converted;
      data[1]! += item.total;
      return null;
    },
    mergeInto(t, s) {
      t[0]! += s[0]!;
      t[1]! += s[1]!;
    },
    result: (d) => ok(conversionFromCounts(d[0]!, d[1]!, z, confidence)),
    toJSON: (d) => d.slice(),
    fromJSON(j) {
      if (!Array.isArray(j) || j.length !== 2) return [issue([], 'expected [converted, total]', 'invalid_type')];
      const i = countsIssue(j[0], j[1]);
      return i !== null ? [i] : [j[0] as number, j[1] as number];
    },
  }),
});

/**
 * Creates a mergeable conversion accumulator (two counts). `result()` equals
 * {@link conversionRate} of the totals.
 *
 * @throws {CrmError} `validation_failed` for a bad confidence or an unknown option.
 *
 * @example
 * ```ts
 * unwrap(createConversionAccumulator().add(true).add(false).add({ converted: 1, total: 2 }).result()).rate; //=> 0.5
 * ```
 */
export function createConversionAccumulator(options?: ConversionAccumulatorOptions | null): ConversionAccumulator {
  return conversionKit.create(options, undefined);
}

/**
 * Rebuilds a conversion accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * conversionAccumulatorFromJSON(createConversionAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function conversionAccumulatorFromJSON(json: unknown): Result<ConversionAccumulator> {
  return conversionKit.fromJSON(json);
}
