/**
 * The mergeable retention accumulator over count partials.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { ChurnTally } from './_classifySubscriptions.js';
import { countSums } from './_countSums.js';
import { defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator } from './accumulator.js';
import type { ChurnAccumulatorState } from './churnAccumulator.js';
import {
  checkRetentionCounts,
  retentionFromCounts,
  type RetentionCounts,
  type RetentionResult,
} from './retentionRate.js';

/**
 * A mergeable retention accumulator over count partials.
 *
 * @example
 * ```ts
 * const acc: RetentionAccumulator = createRetentionAccumulator();
 * ```
 */
export type RetentionAccumulator = Accumulator<RetentionCounts, RetentionResult, ChurnAccumulatorState>;

const retentionKit = /* @__PURE__ */ defineAccumulator<
  ChurnAccumulatorState,
  RetentionCounts,
  RetentionResult,
  ChurnTally,
  null
>({
  kind: 'retention',
  label: 'retention accumulator',
  optionKeys: [],
  resolve: () => null,
  stateOptions: () => ({}),
  behaviour: () => countSums<RetentionCounts, RetentionResult>(checkRetentionCounts, retentionFromCounts),
});

/**
 * Creates a mergeable retention accumulator: `add` count partials (`{ atStart, acquired, atEnd,
 * lostAcquired? }`) of disjoint customer groups; `result()` equals {@link retentionRate} of the
 * whole. O(1) memory. It takes no options.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * unwrap(createRetentionAccumulator().add({ atStart: 10, acquired: 2, atEnd: 11 }).result()).rate; //=> 0.9
 * ```
 */
export function createRetentionAccumulator(): RetentionAccumulator {
  return retentionKit.create(undefined, undefined);
}

/**
 * Rebuilds a retention accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * retentionAccumulatorFromJSON(createRetentionAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function retentionAccumulatorFromJSON(json: unknown): Result<RetentionAccumulator> {
  return retentionKit.fromJSON(json);
}
