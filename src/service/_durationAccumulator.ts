/**
 * Private: the one builder of the service duration accumulators (first response, next response,
 * resolution): options `period` and `asOf` (and the way minutes are counted), state = every measured
 * duration in minutes, ascending, so the median and the 90th percentile stay exact after any merge
 * (memory O(measured events), 8 bytes each).
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok } from '../core/result.js';
import { issue } from '../metrics/_checks.js';
import { quoteValue } from '../_lib/show.js';
import { defineAccumulator, type AccumulatorKit } from '../metrics/_defineAccumulator.js';
import type { AccumulatorStateBase } from '../metrics/accumulator.js';
import { summarizeMinutes, type DurationSummary } from './durationSummary.js';
import {
  readTimeAccumulatorOptions,
  TIME_KEYS,
  TIME_OPTIONS_FROM_STATE,
  stateOptions,
  type TimeSettings,
  type TimeState,
} from './_timeOptions.js';

/**
 * The JSON state of a service duration accumulator: `options` (`period` as `[startIso, endIso]` or
 * null, `asOf` as an ISO instant or null, `calendar` as its definition or null) and `data`, every duration in minutes, ascending.
 */
export interface DurationAccumulatorState extends AccumulatorStateBase {
  readonly options: TimeState;
  readonly data: readonly number[];
}

/** Defines one duration accumulator: `measure` adds an item's durations to `out`, or returns its issue. */
export function defineDurationAccumulator<TState extends DurationAccumulatorState, TInput>(
  kind: string,
  label: string,
  measure: (item: unknown, s: TimeSettings, out: number[]) => CrmIssue | null,
): AccumulatorKit<undefined, TInput, DurationSummary, TState> {
  return defineAccumulator<TState, TInput, DurationSummary, number[], TimeSettings>({
    kind,
    label,
    optionKeys: TIME_KEYS,
    resolve: readTimeAccumulatorOptions,
    fromState: TIME_OPTIONS_FROM_STATE,
    stateOptions: (s) => stateOptions(s),
    behaviour: (s) => ({
      empty: () => [],
      add: (data, item) => measure(item, s, data),
      mergeInto(t, src) {
        for (const d of src) t.push(d);
      },
      result: (d) => ok(summarizeMinutes(d, s.meter.unit)),
      toJSON: (d) => Array.from(Float64Array.from(d).sort()),
      fromJSON(j) {
        if (!Array.isArray(j)) return [issue([], 'expected an array of durations in minutes', 'invalid_type')];
        for (let i = 0; i < j.length; i++) {
          const v = j[i] as unknown;
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
            return [issue([i], `must be a finite number of minutes ≥ 0; received ${quoteValue(v)}`, 'invalid_number')];
        }
        return (j as number[]).slice();
      },
    }),
  });
}
